// Launching the machine's Chromium (never a downloaded one) and opening
// pages at the two widths every journey runs at.
import { chromium } from "playwright-core";
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";

/** The flags known to work headless on these machines (see README). */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A phone and a laptop, as named in issue 7. */
export const VIEWPORTS = [
  { name: "390", width: 390, height: 844, mobile: true },
  { name: "1280", width: 1280, height: 900, mobile: false },
];

/**
 * The views every page type is checked in: the two widths, and the phone
 * in dark mode (the site switches colours with prefers-color-scheme, so
 * contrast is checked in both themes).
 */
export const PAGE_VIEWS = [...VIEWPORTS, { name: "390-dark", width: 390, height: 844, mobile: true, dark: true }];

/** Path of the system Chromium: $CHROMIUM, /usr/bin/chromium, or `chromium` on PATH. */
export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Chromium not found: install it (apt-get install -y chromium) or set CHROMIUM");
  }
}

/**
 * The machine's Chromium. `stillPictures`: with reduced motion forced for
 * the whole browser, so the animated SVG pictures hold still even inside
 * <img> (the context's `reducedMotion` does not reach them): the README's
 * screenshots come out the same from run to run.
 */
export async function launch({ stillPictures = false } = {}) {
  // playwright-core gives every browser a fresh temporary profile
  // (--user-data-dir), so runs never share state.
  return chromium.launch({
    executablePath: chromiumPath(),
    args: stillPictures ? [...CHROMIUM_FLAGS, "--force-prefers-reduced-motion"] : CHROMIUM_FLAGS,
    headless: true,
  });
}

/**
 * A fresh context (no storage shared with other journeys) at `viewport`.
 * Relative addresses are resolved against `baseURL` (the running site).
 * `javaScript: false` opens the site as a visitor with scripts turned off.
 */
export async function newContext(browser, viewport, { baseURL, javaScript = true } = {}) {
  return browser.newContext({
    baseURL,
    viewport: { width: viewport.width, height: viewport.height },
    isMobile: viewport.mobile,
    hasTouch: viewport.mobile,
    deviceScaleFactor: 1,
    javaScriptEnabled: javaScript,
    reducedMotion: "reduce",
    colorScheme: viewport.dark ? "dark" : "light",
    locale: "en-GB",
  });
}

/**
 * Records what should never happen on a page: uncaught script errors,
 * console errors (CSP refusals show up here), and failed sub-resources.
 * Call `allow(status)` when the document itself answers with an error
 * status on purpose (the 404 page), so its console line is expected.
 */
export function watchProblems(page) {
  const problems = [];
  const state = { allowStatus: new Set() };
  page.on("pageerror", (err) => problems.push(`script error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    const status = /status of (\d{3})/.exec(text);
    if (status && state.allowStatus.has(Number(status[1]))) return;
    problems.push(`console error: ${text}`);
  });
  page.on("requestfailed", (req) => {
    // Aborted loads are the browser's doing (a navigation or a closing
    // page cancels what is still in flight), not the site's.
    if (req.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? "unknown"})`);
  });
  page.on("response", (res) => {
    const req = res.request();
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) return;
    if (res.status() >= 400) problems.push(`sub-resource ${res.url()} answered ${res.status()}`);
  });
  return {
    /** Statuses whose "Failed to load resource" console line is expected. */
    allow(status) {
      state.allowStatus.add(status);
    },
    take() {
      return problems.splice(0, problems.length);
    },
  };
}
