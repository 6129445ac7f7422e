// Backcare in a real browser: every journey at 390×844 and 1280×900, then
// every page type checked with axe-core (WCAG 2.0/2.1/2.2 A and AA), for
// sideways scrolling, and with the Nu HTML checker on the served HTML.
//
//   BACKCARE_URL=http://127.0.0.1:8080 node run.mjs
//
// Environment: BACKCARE_URL (required: a running site), BACKCARE_SCREENSHOTS
// (folder for PNGs, default ../../target/screenshots), BACKCARE_ONLY (run
// only journeys/pages whose name contains this text), BACKCARE_JOBS (how many
// pages at once, default 2).
// A whole run (no BACKCARE_ONLY) also refreshes the README's three
// screenshots in docs/screenshots/ (rewritten only when they change).
// Exit status 0 when everything passed; every failure is printed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

import { launch, newContext, watchProblems, VIEWPORTS, PAGE_VIEWS } from "./lib/browser.mjs";
import { axeViolations, sidewaysScroll, NuChecker } from "./lib/checks.mjs";
import { PAGES, PLAN_QUERY, TYPICAL_QUERY } from "./pages.mjs";
import { crawl } from "./lib/crawl.mjs";
import guides from "./journeys/guides.mjs";
import { withScript, withoutScript } from "./journeys/supports.mjs";
import { printView, header } from "./journeys/layout.mjs";
import { keyboard, redFlag } from "./journeys/routine.mjs";
import saved from "./journeys/saved.mjs";
import { timers as sessionTimers, log as sessionLog, noScript as sessionNoScript, adapt as sessionAdapt } from "./journeys/session.mjs";
import { planOnAPhone, pictures } from "./journeys/plan.mjs";

/** Every journey; each runs once per viewport, in a fresh browser context. */
const JOURNEYS = [guides, keyboard, redFlag, saved, withScript, withoutScript, printView, header, sessionTimers, sessionLog, sessionNoScript, sessionAdapt, planOnAPhone, pictures];

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.BACKCARE_URL;
if (!base) {
  console.error("BACKCARE_URL is not set: start the site and pass its address");
  process.exit(2);
}
const shots = resolve(process.env.BACKCARE_SCREENSHOTS || join(here, "../../target/screenshots"));
const only = process.env.BACKCARE_ONLY || "";
const jobs = Math.max(1, Number(process.env.BACKCARE_JOBS) || 2);
mkdirSync(shots, { recursive: true });
// Only this run's pictures (a stale FAILED-… file would mislead).
for (const f of readdirSync(shots)) if (f.endsWith(".png")) rmSync(join(shots, f));

const results = []; // { kind, name, viewport, ok, problems, ms }
let crawled = 0; // pages the link crawler fetched
let readme = []; // the README's screenshots: [file, bytes, changed]

/**
 * The README's "What it looks like": the home page, a plan (from the week
 * at a glance into week 1) and session mode, as a 390×844 phone shows
 * them, in a browser whose pictures hold still. A file is rewritten only
 * when its picture changed, so a run leaves git clean when nothing did.
 */
const README_SHOTS = [
  { file: "home.png", path: "/" },
  { file: "plan.png", path: `/routine/plan?${TYPICAL_QUERY}`, from: ".week-glance" },
  { file: "session.png", path: `/routine/session?${TYPICAL_QUERY}&week=1&day=1` },
];

async function readmeScreenshots() {
  const dir = resolve(here, "../../docs/screenshots");
  mkdirSync(dir, { recursive: true });
  const still = await launch({ stillPictures: true });
  try {
    const context = await newContext(still, VIEWPORTS[0], { baseURL: base });
    const page = await context.newPage();
    const watch = watchProblems(page);
    const made = [];
    for (const shot of README_SHOTS) {
      await page.goto(shot.path);
      await page.waitForLoadState("load");
      if (shot.from) await page.locator(shot.from).evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8));
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      const png = await page.screenshot({ animations: "disabled", caret: "hide" });
      const file = join(dir, shot.file);
      const changed = !existsSync(file) || !readFileSync(file).equals(png);
      if (changed) writeFileSync(file, png);
      made.push([shot.file, png.length, changed]);
    }
    await context.close();
    readme = made;
    return watch.take();
  } finally {
    await still.close();
  }
}
const started = Date.now();

function report(r) {
  const label = `${r.kind} ${r.name}${r.viewport ? ` at ${r.viewport}` : ""}`;
  console.log(`${r.ok ? "ok" : "FAIL"}  ${label}  (${(r.ms / 1000).toFixed(1)} s)`);
  for (const p of r.problems) console.log(`      - ${p}`);
}

async function runOne(kind, name, viewport, fn) {
  const t0 = Date.now();
  let problems = [];
  try {
    problems = (await fn()) || [];
  } catch (err) {
    problems = [err && err.name === "Failure" ? err.message : String(err && err.stack ? err.stack : err)];
  }
  const r = { kind, name, viewport: viewport && `${viewport.width}×${viewport.height}${viewport.dark ? " dark" : ""}`, ok: problems.length === 0, problems, ms: Date.now() - t0 };
  results.push(r);
  report(r);
  return r;
}

/** Runs the tasks, `jobs` at a time (each in its own browser context). */
async function pool(tasks, jobs) {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
}

const browser = await launch();
try {
  // Journeys, each once per width in a fresh context.
  const journeyTasks = [];
  for (const journey of JOURNEYS) {
    if (only && !`journey ${journey.id}`.includes(only)) continue;
    for (const viewport of VIEWPORTS) {
      journeyTasks.push(() => runOne("journey", `${journey.id}: ${journey.title}`, viewport, async () => {
        const context = await newContext(browser, viewport, { baseURL: base, javaScript: journey.javaScript !== false });
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        const watch = watchProblems(page);
        const shot = (name) => page.screenshot({ path: join(shots, `${name}-${viewport.name}.png`), fullPage: true });
        try {
          await journey.run({ page, viewport, shot, watch });
          return watch.take();
        } catch (err) {
          await page.screenshot({ path: join(shots, `FAILED-journey-${journey.id}-${viewport.name}.png`), fullPage: true }).catch(() => {});
          throw err;
        } finally {
          await context.close();
        }
      }));
    }
  }
  await pool(journeyTasks, jobs);

  // Page types: axe-core, sideways scrolling and a screenshot in each view
  // (both widths, and the phone in dark mode); the served HTML once for
  // the Nu checker.
  const nuDir = mkdtempSync(join(tmpdir(), "backcare-nu-"));
  const nu = new NuChecker(nuDir);
  const pageTasks = [];
  for (const pt of PAGES) {
    if (only && !`page ${pt.type}`.includes(only)) continue;
    for (const viewport of PAGE_VIEWS) {
      pageTasks.push(() => runOne("page", pt.type, viewport, async () => {
        const context = await newContext(browser, viewport, { baseURL: base });
        // "Scripts off" for a page type: axe-core needs JavaScript of its
        // own, so the site's scripts are served empty instead, which draws
        // the page exactly as a visitor without JavaScript sees it.
        if (pt.javaScript === false) {
          await context.route(/\/static\/js\//, (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: "" }));
        }
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        const watch = watchProblems(page);
        const expected = pt.status ?? 200;
        if (expected !== 200) watch.allow(expected);
        try {
          const response = await pt.open(page);
          const problems = [];
          if (!response) throw new Error("the page did not load");
          if (response.status() !== expected) problems.push(`answered ${response.status()}, expected ${expected}`);
          await page.waitForLoadState("load");
          problems.push(...(await axeViolations(page)));
          const wide = await sidewaysScroll(page, viewport.width);
          if (wide) problems.push(`scrolls sideways: ${wide}`);
          await page.screenshot({ path: join(shots, `${pt.type}-${viewport.name}.png`), fullPage: true });
          if (viewport === PAGE_VIEWS[0]) nu.add(pt.type, await response.text());
          problems.push(...watch.take());
          return problems;
        } finally {
          await context.close();
        }
      }));
    }
  }
  await pool(pageTasks, jobs);

  // One run of the Nu checker over every page's served HTML.
  if (nu.files.size > 0) {
    const t0 = Date.now();
    const byPage = nu.run();
    for (const [pageType, errors] of byPage) {
      const r = { kind: "Nu", name: pageType, ok: errors.length === 0, problems: errors, ms: Date.now() - t0 };
      results.push(r);
      if (!r.ok) report(r);
    }
    console.log(`Nu HTML checker: ${byPage.size} page(s) checked in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  rmSync(nuDir, { recursive: true, force: true });

  if (!only) await runOne("screenshots", "README pictures at 390×844", null, readmeScreenshots);

  // No link the site itself makes answers 4xx or 5xx.
  if (!only || "crawl".includes(only)) {
    await runOne("crawl", "every link the site makes", null, async () => {
      const starts = [
        "/",
        `/routine/plan?${PLAN_QUERY}`,
        "/supports/compare?item=firm-lumbar-roll&item=soft-lumbar-roll",
        "/supports/compare?item=firm-lumbar-roll&item=soft-lumbar-roll&item=slim-lumbar-pad",
        "/search?q=sciatica",
      ];
      const { pages, problems } = await crawl(base, starts);
      crawled = pages;
      return problems;
    });
  }
} finally {
  await browser.close();
}

const count = (pred) => results.filter(pred).length;
const journeys = results.filter((r) => r.kind === "journey");
const pages = results.filter((r) => r.kind === "page");
const axe = pages.reduce((n, r) => n + r.problems.filter((p) => p.startsWith("axe ")).length, 0);
const sideways = pages.reduce((n, r) => n + r.problems.filter((p) => p.startsWith("scrolls sideways")).length, 0);
const nuErrors = results.filter((r) => r.kind === "Nu").reduce((n, r) => n + r.problems.length, 0);
console.log("");
console.log(`journeys: ${journeys.length} run (${JOURNEYS.length} journeys × ${VIEWPORTS.length} widths), ${count((r) => r.kind === "journey" && !r.ok)} failed`);
console.log(`page types: ${new Set(pages.map((r) => r.name)).size} checked in ${PAGE_VIEWS.length} views (390 and 1280 px, 390 px dark); axe violations: ${axe}; sideways scrolling: ${sideways}; Nu errors: ${nuErrors}`);
console.log(`links: ${crawled} pages crawled from the site's own links; answering 4xx or 5xx: ${count((r) => r.kind === "crawl" && !r.ok) ? results.find((r) => r.kind === "crawl").problems.length : 0}`);
console.log(`screenshots: ${shots}`);
if (readme.length) {
  const total = readme.reduce((n, [, bytes]) => n + bytes, 0);
  console.log(`README screenshots (docs/screenshots, 390×844): ${readme.map(([f, b, c]) => `${f} ${Math.round(b / 1024)} KB${c ? " (new)" : ""}`).join(", ")}; ${Math.round(total / 1024)} KB in all`);
}
console.log(`wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
const failed = count((r) => !r.ok);
console.log(`checks: ${results.length - failed} ok, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
