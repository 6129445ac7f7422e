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
