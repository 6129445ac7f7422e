// Small assertions about what a person sees, with messages that say what
// was expected and what was on screen. They poll briefly, since scripts and
// navigations settle asynchronously.

const TIMEOUT = 5000;

export class Failure extends Error {
  name = "Failure";
}

export function check(condition, message) {
  if (!condition) throw new Failure(message);
}

async function poll(probe, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe();
    if (last.ok || Date.now() > end) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function matches(text, expected) {
  return expected instanceof RegExp ? expected.test(text) : text.includes(expected);
}

/** `locator` is visible and its visible text contains (or matches) `expected`. */
export async function seeText(locator, expected, what) {
  const result = await poll(async () => {
    const count = await locator.count();
    if (count === 0) return { ok: false, seen: "(nothing on the page)" };
    const first = locator.first();
    if (!(await first.isVisible())) return { ok: false, seen: "(present but not visible)" };
    const text = (await first.innerText()).replace(/\s+/g, " ").trim();
    return { ok: matches(text, expected), seen: text };
  });
  check(result.ok, `${what}: expected to see ${expected} but saw ${JSON.stringify(result.seen).slice(0, 300)}`);
}

/** `locator` is visible. */
export async function seeVisible(locator, what) {
  const result = await poll(async () => ({ ok: (await locator.count()) > 0 && (await locator.first().isVisible()) }));
  check(result.ok, `${what}: expected it to be visible`);
}

/** `locator` is absent or not visible. */
export async function seeHidden(locator, what) {
  const result = await poll(async () => {
    const all = await locator.all();
    for (const one of all) if (await one.isVisible()) return { ok: false };
    return { ok: true };
  });
  check(result.ok, `${what}: expected it not to be visible`);
}

/** The page's path (and query) becomes `expected` (string prefix or RegExp). */
export async function seeUrl(page, expected, what) {
  const result = await poll(async () => {
    const url = new URL(page.url());
    const here = url.pathname + url.search + url.hash;
    return { ok: expected instanceof RegExp ? expected.test(here) : here.startsWith(expected), seen: here };
  });
  check(result.ok, `${what}: expected the address ${expected} but was ${result.seen}`);
}

/** The element's box is (at least partly) inside the visible window. */
export async function seeInViewport(page, locator, what) {
  const result = await poll(async () => {
    const box = await locator.boundingBox();
    const size = page.viewportSize();
    if (!box || !size) return { ok: false, seen: "no box" };
    const ok = box.y >= -1 && box.y < size.height && box.height > 0;
    return { ok, seen: `top at ${Math.round(box.y)} px of ${size.height}` };
  });
  check(result.ok, `${what}: expected it scrolled into view, ${result.seen}`);
}
