// Journey 6 (print half): the print view of a page hides the site's
// navigation and keeps the content. The no-sideways-scrolling half runs on
// every page type in run.mjs.
import { check, seeText, seeHidden } from "../lib/expect.mjs";
import { firstHref } from "../pages.mjs";

export const printView = {
  id: "6-print",
  title: "print view of a guide hides navigation, keeps the text",
  async run({ page, shot }) {
    await page.goto(await firstHref(page, "/guides", ".guide-summaries h2 a"));
    const title = (await page.locator("h1").innerText()).trim();
    await page.emulateMedia({ media: "print" });
    await seeHidden(page.getByRole("navigation", { name: "Main" }), "main navigation when printed");
    await seeHidden(page.getByRole("navigation", { name: "Footer" }), "footer navigation when printed");
    await seeHidden(page.getByRole("search"), "search box when printed");
    await seeHidden(page.locator(".skip-link"), "skip link when printed");
    await seeHidden(page.getByRole("navigation", { name: "On this page" }), "table of contents when printed");
    await seeText(page.locator("h1"), title, "guide heading when printed");
    check(await page.locator(".guide-body").isVisible(), "guide text is hidden when printed");
    await shot("print-guide");
  },
};
