// Journey 5: tick three supports, see "3 of 3 selected" and the 4th box
// disabled, compare them with the differences marked; then the same without
// JavaScript, through the plain form.
import { check, seeText, seeUrl, seeVisible, seeHidden } from "../lib/expect.mjs";
import { press } from "../lib/act.mjs";

async function tickThree(page, viewport) {
  const cards = page.locator(".support-card");
  check((await cards.count()) >= 4, "the supports list shows fewer than 4 supports");
  const names = [];
  for (let i = 0; i < 3; i++) {
    names.push((await cards.nth(i).locator("h3").innerText()).trim());
    // The label is the target a person presses.
    await press(cards.nth(i).locator(".compare-check label"), viewport);
    check(await cards.nth(i).locator("input[data-compare]").isChecked(), `the box of “${names[i]}” is not ticked after pressing its label`);
  }
  return names;
}

async function seeComparison(page, names) {
  await seeText(page.locator("h1"), "Compare 3 supports", "comparison heading");
  const headers = page.locator(".compare-table thead th");
  check((await headers.count()) === 3, `the comparison has ${await headers.count()} columns, not 3`);
  for (let i = 0; i < 3; i++) await seeText(headers.nth(i), names[i], `column ${i + 1} of the comparison`);

  // Differences: a visible "Differs" mark and a shaded row, so not colour alone.
  const differing = page.locator(".compare-table tbody tr.differs");
  const n = await differing.count();
  check(n >= 1, "no row of the comparison is marked as differing");
  await seeText(page.locator("main > p").first(), new RegExp(`${n} rows? differs?`), "summary of differences");
  // (The mark is styled in capitals; its text is "Differs".)
  await seeText(differing.first().locator("th .diff-mark"), /^differs$/i, "mark on a differing row");
  const [shade, plain] = await page.evaluate(() => [
    getComputedStyle(document.querySelector(".compare-table tr.differs td")).backgroundColor,
    getComputedStyle(document.querySelector(".compare-scroll")).backgroundColor,
  ]);
  check(shade !== plain, `differing rows are not shaded (${shade} on ${plain})`);
}

async function onlyDifferences(page, viewport) {
  const toggle = page.getByRole("link", { name: "Show only the differences" });
  await press(toggle, viewport);
  await seeUrl(page, /diff/, "address of the differences-only view");
  // The address changes when the new page starts loading: wait for its
  // table before counting rows (counting earlier found none on a busy machine).
  const rows = page.locator(".compare-table tbody tr");
  await page.waitForLoadState("load");
  await rows.first().waitFor({ state: "attached", timeout: 10000 }).catch(() => {});
  const count = await rows.count();
  check(count >= 1, "differences-only view has no rows");
  check(count === (await page.locator(".compare-table tbody tr.differs").count()), "differences-only view shows rows that do not differ");
  await seeVisible(page.getByRole("link", { name: "Show every row" }), "link back to every row");
}

export const withScript = {
  id: "5",
  title: "tick 3 supports → “3 of 3 selected”, 4th box disabled → compare with differences marked",
  async run({ page, viewport, shot }) {
    await page.goto("/supports");
    await seeText(page.locator("h1"), "Lumbar supports", "supports heading");
    const names = await tickThree(page, viewport);

    const status = page.locator(".compare-bar-status");
    await seeText(status, "3 of 3 selected", "compare bar");
    const fourth = page.locator(".support-card").nth(3);
    check(await fourth.locator("input[data-compare]").isDisabled(), "the 4th compare box is not disabled with 3 ticked");
    check(await fourth.locator(".compare-check label").evaluate((l) => l.classList.contains("is-disabled")), "the 4th box's label does not look disabled");

    // Unticking one frees the others again; ticking it back fills the bar.
    await press(page.locator(".support-card").nth(2).locator(".compare-check label"), viewport);
    await seeText(status, "2 of 3 selected", "compare bar after unticking one");
    check(await fourth.locator("input[data-compare]").isEnabled(), "the 4th box stays disabled with 2 ticked");
    await press(page.locator(".support-card").nth(2).locator(".compare-check label"), viewport);
    await seeText(status, "3 of 3 selected", "compare bar after ticking it again");
    await shot("supports-list-3-ticked");

    const link = page.getByRole("link", { name: "Compare the 3 selected supports" });
    await seeVisible(link, "Compare button in the bar");
    await press(link, viewport);
    await seeUrl(page, /^\/supports\/compare\?item=[a-z0-9-]+&item=[a-z0-9-]+&item=[a-z0-9-]+$/, "comparison address");
    await seeComparison(page, names);
    await onlyDifferences(page, viewport);
  },
};

export const withoutScript = {
  id: "5-nojs",
  title: "the same with JavaScript off: plain form → compare",
  javaScript: false,
  async run({ page, viewport }) {
    await page.goto("/supports");
    await seeText(page.locator("h1"), "Lumbar supports", "supports heading");
    const names = await tickThree(page, viewport);
    await seeHidden(page.locator(".compare-bar"), "compare bar (needs JavaScript)");
    await press(page.getByRole("button", { name: "Compare ticked supports" }), viewport);
    await seeUrl(page, /^\/supports\/compare\?item=[a-z0-9-]+&item=[a-z0-9-]+&item=[a-z0-9-]+$/, "comparison address");
    await seeComparison(page, names);
    await onlyDifferences(page, viewport);
  },
};
