// Journey 6 (print half): the print view of a plan (and of a guide) hides
// the site's navigation and keeps the content. The no-sideways-scrolling
// half runs on every page type in run.mjs.
import { check, seeText, seeHidden, seeVisible } from "../lib/expect.mjs";
import { firstHref, PLAN_QUERY } from "../pages.mjs";

async function navigationHidden(page, what) {
  await seeHidden(page.getByRole("navigation", { name: "Main" }), `main navigation when ${what} is printed`);
  await seeHidden(page.getByRole("navigation", { name: "Footer" }), `footer navigation when ${what} is printed`);
  await seeHidden(page.getByRole("search"), `search box when ${what} is printed`);
  await seeHidden(page.locator(".skip-link"), `skip link when ${what} is printed`);
  await seeHidden(page.locator(".banner"), `announcement banner when ${what} is printed`);
}

export const printView = {
  id: "6-print",
  title: "print view of a plan and of a guide hides navigation, keeps the content",
  async run({ page, shot }) {
    await page.goto(`/routine/plan?${PLAN_QUERY}`);
    await page.emulateMedia({ media: "print" });
    await navigationHidden(page, "a plan");
    await seeHidden(page.getByRole("link", { name: "Change my answers" }), "Change my answers when a plan is printed");
    await seeText(page.locator("h1"), "Your four-week plan", "plan heading when printed");
    for (let week = 1; week <= 4; week++) await seeVisible(page.locator(`#week-${week}`), `week ${week} when printed`);
    await shot("print-plan");

    await page.emulateMedia({ media: "screen" });
    await page.goto(await firstHref(page, "/guides", ".guide-summaries h2 a"));
    const title = (await page.locator("h1").innerText()).trim();
    await page.emulateMedia({ media: "print" });
    await navigationHidden(page, "a guide");
    await seeHidden(page.getByRole("navigation", { name: "On this page" }), "table of contents when a guide is printed");
    await seeText(page.locator("h1"), title, "guide heading when printed");
    check(await page.locator(".guide-body").isVisible(), "guide text is hidden when printed");
    await shot("print-guide");
  },
};

// Journey 12 (issue 17): the header on a phone. Banner, logo, navigation
// and search take at most 200 px at 390 px wide; the navigation fits one
// line and has the exercise library; the banner does not advertise the
// routine builder on the routine builder.
export const header = {
  id: "12-header",
  title: "a compact header: at most 200 px on a phone, the exercise library in the navigation",
  async run({ page, viewport }) {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Guides", "Routine builder", "Exercises", "Lumbar supports"]) {
      await seeVisible(nav.getByRole("link", { name, exact: true }), `the “${name}” link`);
    }
    await seeVisible(page.locator(".banner"), "the announcement on the home page");
    const bottom = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().bottom);
    if (viewport.width <= 400) {
      check(bottom <= 200, `the banner and header take ${Math.round(bottom)} px at ${viewport.width} px wide (at most 200)`);
      const rows = await nav.locator("li").evaluateAll((items) => new Set(items.map((li) => Math.round(li.getBoundingClientRect().top))).size);
      check(rows === 1, `the navigation takes ${rows} lines`);
    }
    await page.goto("/search?q=sciatica");
    check((await page.getByRole("search").count()) === 1, "the search page has more than one search box");
    await page.goto("/routine");
    check((await page.locator(".banner").count()) === 0, "the routine builder advertises the routine builder");
    await nav.getByRole("link", { name: "Exercises", exact: true }).click();
    await seeText(page.locator("h1"), "Exercise library", "the exercise library from the navigation");
  },
};
