// Journey 1: home → search "bridge" → open a guide → use the table of
// contents → follow the next-guide link.
import { check, seeText, seeUrl, seeVisible, seeInViewport } from "../lib/expect.mjs";
import { press } from "../lib/act.mjs";

export default {
  id: "1",
  title: "home → search “bridge” → guide → table of contents → next guide",
  async run({ page, viewport }) {
    await page.goto("/");
    await seeText(page.locator("h1"), "Keep moving with lower back pain", "home page heading");

    // Search from the header, as typed: the box, the word, Enter.
    const box = page.getByRole("searchbox", { name: "Search the site" });
    await seeVisible(box, "header search box");
    await box.fill("bridge");
    await box.press("Enter");
    await seeUrl(page, "/search?q=bridge", "search address");
    await seeText(page.locator("h1"), "Search", "search page heading");
    await seeText(page.locator(".search-count"), /^\d+ results? for “bridge”/, "result count");
    await seeVisible(page.locator(".search-results mark"), "the matched word, highlighted");

    // Open a guide among the results (the first labelled "Guide" whose page
    // has a newer guide to go on to: the newest guide has none).
    const guides = page.locator(".search-results li").filter({ has: page.locator(".search-kind", { hasText: /^Guide$/ }) });
    const count = await guides.count();
    check(count >= 1, `search for “bridge” listed no guide`);
    let opened = false;
    for (let i = 0; i < count && !opened; i++) {
      if (i > 0) await page.goBack();
      const link = guides.nth(i).locator("h2 a");
      const title = (await link.innerText()).trim();
      await press(link, viewport);
      await seeText(page.locator("h1"), title, "guide heading after opening a result");
      opened = (await page.locator(".prev-next a[rel=next]").count()) > 0;
    }
    check(opened, "no guide found by “bridge” has a next-guide link");

    // The table of contents, used with the keyboard: focus an entry, Enter.
    const toc = page.getByRole("navigation", { name: "On this page" });
    await seeVisible(toc, "table of contents");
    const entries = toc.getByRole("link");
    check((await entries.count()) >= 3, "table of contents has fewer than 3 entries");
    const entry = entries.nth(2);
    const entryText = (await entry.innerText()).trim();
    const target = (await entry.getAttribute("href")).split("#")[1];
    await entry.focus();
    await page.keyboard.press("Enter");
    await seeUrl(page, new RegExp(`#${target}$`), "address after choosing a contents entry");
    const heading = page.locator(`[id="${target}"]`);
    await seeText(heading, entryText, "section heading reached from the contents");
    await seeInViewport(page, heading, "section heading reached from the contents");

    // Next guide.
    const next = page.locator(".prev-next a[rel=next]");
    await seeText(page.locator(".prev-next .next"), "Next guide", "next-guide label");
    const nextTitle = (await next.innerText()).trim();
    const nextHref = await next.getAttribute("href");
    await press(next, viewport);
    await seeUrl(page, nextHref, "address of the next guide");
    await seeText(page.locator("h1"), nextTitle, "next guide heading");
  },
};
