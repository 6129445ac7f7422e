// The checks run on every page type: axe-core (WCAG A/AA), no sideways
// scrolling on a phone, and the Nu HTML checker on the served HTML.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { join, basename } from "node:path";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VNU_JAR = require.resolve("vnu-jar/build/dist/vnu.jar");

/** axe-core tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no 2.2 A-only rules). */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Runs axe-core in the page. It is evaluated through the DevTools protocol,
 * so the site's strict CSP stays on (no inline script is added to the page).
 * Returns the violations, each as one readable line per node.
 */
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
  const lines = [];
  for (const v of violations) {
    for (const n of v.nodes) {
      lines.push(`axe ${v.id} (${v.impact}): ${v.help} at ${n.target}: ${(n.summary || "").replace(/\s+/g, " ")}`);
    }
  }
  return lines;
}

/** Whether the page is wider than the window (it would scroll sideways). */
export async function sidewaysScroll(page, width) {
  const m = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  if (m.scroll > m.inner || m.scroll > width) {
    // Name the elements that stick out, to say where to look. Content
    // inside a scrolling or clipping box does not count, unless it is
    // positioned out of that box.
    const culprits = await page.evaluate((limit) => {
      const clipped = (el) => {
        if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          if (getComputedStyle(a).overflowX !== "visible") return true;
        }
        return false;
      };
      const out = [];
      for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.right > limit + 1 && !clipped(el)) {
          const cls = typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
          out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${cls} (right edge ${Math.round(r.right)})`);
        }
        if (out.length >= 5) break;
      }
      return out;
    }, width);
    return `page is ${m.scroll} px wide in a ${m.inner} px window (${width} px viewport): ${culprits.join(", ")}`;
  }
  return null;
}

/**
 * Collects served HTML documents and checks them all with one run of the
 * Nu HTML checker (one JVM start for every page).
 */
export class NuChecker {
  constructor(dir) {
    this.dir = dir;
    this.files = new Map(); // file -> page type
    mkdirSync(dir, { recursive: true });
  }

  add(pageType, html) {
    const file = join(this.dir, `${pageType}.html`);
    writeFileSync(file, html);
    this.files.set(file, pageType);
  }

  /** Returns Map(page type -> [error lines]) for every page added. */
  run() {
    const byPage = new Map([...this.files.values()].map((p) => [p, []]));
    if (this.files.size === 0) return byPage;
    const run = spawnSync(
      "java",
      ["-jar", VNU_JAR, "--errors-only", "--format", "json", "--exit-zero-always", "--stdout", ...this.files.keys()],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.error || run.status !== 0) {
      throw new Error(`the Nu checker did not run: ${run.error?.message ?? run.stderr}`);
    }
    const report = JSON.parse(run.stdout);
    for (const m of report.messages) {
      if (m.type !== "error" && m.subType !== "fatal") continue;
      const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : "";
      const pageType = this.files.get(file) ?? basename(file);
      const where = m.lastLine ? ` (line ${m.lastLine})` : "";
      const extract = m.extract ? `: ${m.extract.replace(/\s+/g, " ").trim().slice(0, 120)}` : "";
      if (!byPage.has(pageType)) byPage.set(pageType, []);
      byPage.get(pageType).push(`Nu: ${m.message}${where}${extract}`);
    }
    return byPage;
  }
}
