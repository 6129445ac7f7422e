// Lighthouse 12 on home, a guide, the routine form, a plan, a saved routine
// and one of its sessions, as a phone
// (Lighthouse's default: emulated mobile, simulated slow 4G) and as a
// desktop. A manual check, not part of cargo test:
//
//   cargo build --release
//   cd tests/browser && npm ci && npm run lighthouse
//
// Starts the release binary itself unless BACKCARE_URL points at a running
// site. Uses /usr/bin/chromium (CHROME_PATH), never a downloaded browser.
// Prints a table of scores, writes HTML reports to target/lighthouse/, and
// exits 1 if accessibility or best practices is below 100.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import lighthouse, { desktopConfig } from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

import { CHROMIUM_FLAGS, chromiumPath } from "./lib/browser.mjs";
import { startServer } from "./lib/server.mjs";
import { PLAN_QUERY } from "./pages.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = resolve(process.env.CARGO_TARGET_DIR || join(repo, "target"), "lighthouse");
mkdirSync(out, { recursive: true });
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

const server = process.env.BACKCARE_URL ? { url: process.env.BACKCARE_URL, stop() {} } : await startServer(repo);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || chromiumPath(),
  chromeFlags: CHROMIUM_FLAGS.map((f) => (f === "--headless" ? "--headless=new" : f)),
});

let failed = false;
try {
  const guides = await (await fetch(`${server.url}/guides`)).text();
  const guide = /class="guide-summary">\s*<h2><a href="([^"]+)"/.exec(guides)?.[1];
  if (!guide) throw new Error("no guide found on /guides");
  const pages = [
    ["home", "/"],
    ["guide", guide],
    ["routine form", "/routine"],
    ["plan", `/routine/plan?${PLAN_QUERY}`],
  ];
  // A saved routine, saved six days ago (the server's --test-clock), and
  // one of its sessions whose day has not come.
  const saved = await fetch(`${server.url}/routine/save`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, "x-backcare-test-days": "-6" },
    body: PLAN_QUERY,
  });
  const link = saved.headers.get("location")?.split(/[?#]/)[0];
  if (saved.status !== 303 || !link) throw new Error(`saving answered ${saved.status}`);
  pages.push(["saved routine", link], ["later session", `${link}/session/4/5`]);
  const rows = [];
  for (const [name, path] of pages) {
    for (const [device, config] of [["phone", undefined], ["desktop", desktopConfig]]) {
      const result = await lighthouse(
        server.url + path,
        { port: chrome.port, output: "html", logLevel: "error", onlyCategories: CATEGORIES },
        config,
      );
      const lhr = result.lhr;
      const file = `${name.replace(/\s+/g, "-")}-${device}.html`;
      writeFileSync(join(out, file), result.report);
      const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      rows.push([name, device, ...CATEGORIES.map(score)]);
      for (const id of ["accessibility", "best-practices"]) {
        if (score(id) < 100) {
          failed = true;
          const refs = lhr.categories[id].auditRefs.filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1);
          for (const r of refs) console.log(`  ${name} (${device}) ${id}: ${lhr.audits[r.id].title}`);
        }
      }
      if (lhr.runtimeError) console.log(`  ${name} (${device}): ${lhr.runtimeError.message}`);
    }
  }
  console.log("\n| page | device | performance | accessibility | best practices | SEO |");
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log(`\nreports: ${out}`);
} finally {
  await chrome.kill();
  server.stop();
}
process.exit(failed ? 1 : 0);
