// Journey 13 (issue 17): the plan on a phone, and the small pictures.
// - 13-plan: with the typical answers (pain 4, four days a week, 30
//   minutes) the plan is at most 9,000 px tall at 390 px wide; Save and
//   Print are on the first screen; the jump links reach each week; week 1
//   lists every exercise with its picture; a later week shows what changes
//   and opens in full; nothing scrolls sideways, folded or open.
// - 13-pictures: a small picture beside each exercise's name in the plan,
//   the session checklist and the exercise library, loaded, sized before
//   it loads, and drawn with the dark colours too.
import { check, seeText, seeVisible, seeHidden } from "../lib/expect.mjs";
import { press } from "../lib/act.mjs";
import { sidewaysScroll } from "../lib/checks.mjs";
import { TYPICAL_QUERY } from "../pages.mjs";

/** Issue 17's ceiling for the plan's height on a 390 px phone. */
export const PLAN_MOST_PX = 9000;

/** Pictures matching `selector` that have loaded (scrolled to, since they load lazily). */
async function loadedPictures(page, selector) {
  const pictures = page.locator(selector);
  const n = await pictures.count();
  let loaded = 0;
  for (let i = 0; i < n; i++) {
    const picture = pictures.nth(i);
    await picture.scrollIntoViewIfNeeded();
    await page.waitForFunction((img) => img.complete, await picture.elementHandle());
    if (await picture.evaluate((img) => img.naturalWidth > 0)) loaded++;
  }
  return { n, loaded };
}

export const planOnAPhone = {
  id: "13-plan",
  title: "the plan fits a phone: at most 9,000 px, Save and Print on the first screen, week 1 in full, later weeks as changes",
  async run({ page, viewport, shot }) {
    const tap = (l) => press(l, viewport);
    await page.goto(`/routine/plan?${TYPICAL_QUERY}`);

    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (viewport.width <= 400) {
      console.log(`      the typical plan is ${height} px tall at ${viewport.width} px (at most ${PLAN_MOST_PX})`);
      check(height <= PLAN_MOST_PX, `the typical plan is ${height} px tall at ${viewport.width} px, more than ${PLAN_MOST_PX}`);
    }

    // Save and Print on the first screen; Print is a real button.
    const save = page.getByRole("button", { name: "Save this routine" }).first();
    const print = page.getByRole("button", { name: "Print", exact: true });
    for (const [what, button] of [["Save this routine", save], ["Print", print]]) {
      await seeVisible(button, `the ${what} button`);
      const bottom = await button.evaluate((b) => b.getBoundingClientRect().bottom);
      check(bottom <= viewport.height, `the ${what} button ends at ${Math.round(bottom)} px, below the ${viewport.height} px screen`);
    }
    check((await print.evaluate((b) => b.tagName)) === "BUTTON", "Print is not a button");
    check((await page.locator("[data-print-how]").count()) === 1, "no words for browsers without scripts");
    await seeHidden(page.locator("[data-print-how]"), "the words for browsers without scripts, with scripts on");
    await shot("plan-top");

    // The days of the week once; week 1 in full, every exercise with its picture.
    check((await page.locator(".glance-days").count()) === 1, "the days of the week are not shown once");
    await seeHidden(page.locator(".week-days"), "a seven-day list per week, on screen");
    const items = page.locator("#week-1 ~ .session .session-items li");
    const pictures = page.locator("#week-1 ~ .session .session-items li img[alt='']");
    check((await items.count()) >= 20, `week 1 lists ${await items.count()} exercises`);
    check((await pictures.count()) === (await items.count()), `week 1 has ${await pictures.count()} pictures for ${await items.count()} exercises`);

    // A jump link to week 3: what changes, and the whole week a tap away.
    await tap(page.getByRole("navigation", { name: "Weeks of your plan" }).getByRole("link", { name: "Week 3" }));
    await page.waitForFunction(() => location.hash === "#week-3");
    const top = await page.locator("#week-3").evaluate((h) => h.getBoundingClientRect().top);
    check(top >= 4 && top < viewport.height / 2, `after the Week 3 link its heading is at ${Math.round(top)} px`);
    const week3 = page.locator("section.plan-week", { has: page.locator("#week-3") });
    await seeText(week3.locator(".week-changes"), "What changes from week 2:", "week 3's changes");
    await seeHidden(week3.locator(".session-items"), "week 3's whole list, before it is opened");
    await tap(week3.getByText("All of week 3, day by day"));
    await seeVisible(week3.locator(".session-items li").first(), "week 3's exercises, opened");
    check((await week3.locator(".session-items li img[alt='']").count()) === (await week3.locator(".session-items li").count()), "week 3's exercises lack pictures");
    const wide = await sidewaysScroll(page, viewport.width);
    check(!wide, `with week 3 open the plan scrolls sideways: ${wide}`);

    // Printing still gives every week in full.
    await page.emulateMedia({ media: "print" });
    for (const week of [2, 4]) {
      const section = page.locator("section.plan-week", { has: page.locator(`#week-${week}`) });
      await seeVisible(section.locator(".session-items li").first(), `week ${week}'s exercises when printed`);
      await seeHidden(section.locator(".week-changes"), `week ${week}'s list of changes when printed`);
    }
    const folded = await page.locator(".avoid-items details").evaluateAll((all) =>
      all.filter((d) => d.getBoundingClientRect().height < d.querySelector("summary").getBoundingClientRect().height + 20).length,
    );
    check(folded === 0, `${folded} of the moves to avoid print without their reasons`);
    await page.emulateMedia({ media: "screen" });
  },
};

export const pictures = {
  id: "13-pictures",
  title: "a small picture beside each exercise in the plan, the session checklist and the library, in both colour schemes",
  async run({ page, viewport }) {
    const tap = (l) => press(l, viewport);
    const beside = async (row, picture, name, where) => {
      const p = await row.locator(picture).first().boundingBox();
      const t = await row.locator(name).first().boundingBox();
      check(p && t && p.x + p.width <= t.x + 1 && p.y < t.y + t.height && t.y < p.y + p.height, `${where}: the picture is not beside the name`);
      check(p.width >= 48 && p.width <= 64 && p.height >= 36 && p.height <= 64, `${where}: the picture is ${p.width}×${p.height} px`);
    };

    // The plan: every picture of week 1 loads, beside its name.
    await page.goto(`/routine/plan?${TYPICAL_QUERY}`);
    const plan = await loadedPictures(page, "#week-1 ~ .session .session-items img");
    check(plan.loaded === plan.n && plan.n > 0, `plan: ${plan.loaded} of ${plan.n} pictures loaded`);
    await beside(page.locator("#week-1 ~ .session .session-items li").first(), "img", "a", "plan");
    for (const img of await page.locator("#week-1 ~ .session .session-items img").all()) {
      check((await img.getAttribute("width")) && (await img.getAttribute("height")), "a plan picture has no width and height");
    }

    // The session checklist (session mode's "Show the whole list").
    await page.goto(`/routine/session?${TYPICAL_QUERY}&week=1&day=1`);
    await tap(page.getByRole("button", { name: "Show the whole list" }));
    await seeVisible(page.locator("#checklist"), "the checklist");
    const list = await loadedPictures(page, ".checklist-item img");
    check(list.loaded === list.n && list.n === (await page.locator(".checklist-item").count()), `checklist: ${list.loaded} of ${list.n} pictures loaded`);
    if (viewport.width <= 400) await beside(page.locator(".checklist-item").first(), "img", "h3", "checklist");

    // The exercise library.
    await page.goto("/exercises");
    const library = await loadedPictures(page, ".exercise-card img[alt='']");
    check(library.loaded === library.n && library.n === (await page.locator(".exercise-card").count()), `library: ${library.loaded} of ${library.n} pictures loaded`);
    await beside(page.locator(".exercise-card").first(), "img", "h3", "library");

    // They follow the dark colours: each small picture carries them.
    const src = await page.locator(".exercise-card img").first().getAttribute("src");
    const svg = await (await page.request.get(src)).text();
    check(/@media \(prefers-color-scheme:dark\)\{\.b\{fill:#1d2624\}/.test(svg), `${src} has no dark colours`);
  },
};
