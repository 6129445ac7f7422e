// Moving through a page with the keyboard only: Tab to reach a control,
// arrow keys inside a radio group, Space to tick, Enter to follow or submit.

const MAX_TABS = 300;

async function active(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    return { tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name"), type: el.getAttribute("type"), value: el.value, checked: !!el.checked, text: (el.innerText || "").trim().slice(0, 80), cls: el.className };
  });
}

/** What has the keyboard focus now (null for the page itself). */
export const focused = active;

/**
 * What has the focus once `wanted(focus)` holds, or after `timeout` ms
 * whatever has it then. For `autofocus`, which the browser applies at its
 * next rendering opportunity after the page loads, not at once.
 */
export async function focusedWhen(page, wanted, timeout = 3000) {
  const end = Date.now() + timeout;
  for (;;) {
    const now = await active(page);
    if (wanted(now) || Date.now() > end) return now;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Presses Tab until the focused element matches `selector` (or, for a
 * radio, any radio of the same group: Tab stops once per group).
 */
export async function tabTo(page, selector, what = selector) {
  const group = await page.locator(selector).first().evaluate((el) => (el.type === "radio" ? el.name : null));
  for (let i = 0; i < MAX_TABS; i++) {
    const here = await page.evaluate(
      ([sel, grp]) => {
        const el = document.activeElement;
        if (!el || el === document.body) return false;
        return el.matches(sel) || (grp !== null && el.type === "radio" && el.name === grp);
      },
      [selector, group],
    );
    if (here) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${what}: could not reach it with Tab`);
}

/** Chooses the radio or checkbox `name`=`value` with the keyboard. */
export async function choose(page, name, value) {
  const selector = `input[name="${name}"][value="${value}"]`;
  await tabTo(page, selector, `answer ${name}=${value}`);
  const type = await page.locator(selector).getAttribute("type");
  if (type === "radio") {
    // Arrow keys move through the group and select as they go.
    for (let i = 0; i < 20; i++) {
      const here = await active(page);
      if (here.value === value) break;
      await page.keyboard.press("ArrowDown");
    }
  }
  const here = await active(page);
  if (here.value !== value) throw new Error(`answer ${name}=${value}: the arrow keys did not reach it`);
  if (!here.checked) await page.keyboard.press("Space");
  if (!(await page.locator(selector).isChecked())) throw new Error(`answer ${name}=${value}: not ticked after Space`);
}

/** Tabs to the text box `selector`, clears it and types `text`. */
export async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

/** Presses Enter on what has focus and returns the navigation's response. */
export async function enterAndWait(page) {
  const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  return response;
}
