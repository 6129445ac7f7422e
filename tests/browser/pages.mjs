// Every page type of the site, and how a visitor reaches one. Each `open`
// returns the navigation response (its body is the served HTML, which the
// Nu checker reads). `status` is the expected HTTP status (default 200);
// `javaScript: false` checks the page as a visitor with scripts off sees it
// (the site's own scripts are served empty; see run.mjs).
//
// To add a page type: one entry here. Pages behind a form submit it the way
// a person would and return the response of that navigation.

/** Navigates to `path` and returns the first link matching `selector` there. */
export async function firstHref(page, path, selector) {
  await page.goto(path);
  const href = await page.locator(selector).first().getAttribute("href");
  if (!href) throw new Error(`no link matching ${selector} on ${path}`);
  return href;
}

/** Clicks `locator` and returns the response of the navigation it starts. */
export async function submitBy(page, locator) {
  const [response] = await Promise.all([page.waitForNavigation(), locator.click()]);
  return response;
}

/** Slugs of the first `n` supports on the list, in list order. */
export async function supportSlugs(page, n) {
  await page.goto("/supports");
  const values = await page.locator("input[data-compare]").evaluateAll((boxes) => boxes.map((b) => b.value));
  return values.slice(0, n);
}

/** A complete, valid set of answers to the routine form (no warning sign). */
export const PLAN_QUERY =
  "red_flag=none&age=20-49&pain=4&duration=subacute&worse=sitting&cause=posture&activity=light&days=3&minutes=20&equipment=mat&cleared=no";

/**
 * Issue 17's typical answers: pain 4, four days a week, 30 minutes (the
 * site tests' `TYPICAL_ANSWERS`). The plan journey measures this plan.
 */
export const TYPICAL_QUERY =
  "red_flag=none&age=20-49&pain=4&duration=acute&worse=sitting&cause=strain&activity=light&days=4&minutes=30&equipment=wall&cleared=no";

/**
 * Saves a routine from its plan the way a person does (the "Save this
 * routine" button) and returns the private link's path.
 */
/**
 * Saves the typical plan; returns its private path. By default it is saved
 * six days ago, through the server's test clock (`--test-clock` and the
 * x-backcare-test-days header), so today is the last day of week 1 and
 * every week-1 session can be logged, whatever the weekday of the run.
 */
export async function saveRoutine(page, press = (l) => l.click(), { daysAgo = 6 } = {}) {
  if (daysAgo) await page.setExtraHTTPHeaders({ "x-backcare-test-days": String(-daysAgo) });
  await page.goto(`/routine/plan?${PLAN_QUERY}`);
  await Promise.all([page.waitForURL(/\/r\/[A-Za-z0-9_-]+$/), press(page.getByRole("button", { name: "Save this routine" }).first())]);
  if (daysAgo) {
    await page.setExtraHTTPHeaders({});
    await page.reload();
  }
  return new URL(page.url()).pathname;
}

/**
 * Logs session number `n` (0-based, in page order) of the current week on a
 * saved routine: done yes/no, a pain score, a note. Returns the session's
 * box (its `.log-session` element).
 */
export async function logSession(page, n, { done = "Yes", pain, note = "" }, press = (l) => l.click()) {
  const session = page.locator("details[open] .log-session").nth(n);
  const id = await session.getAttribute("id");
  await press(session.getByLabel(done, { exact: true }));
  if (pain !== undefined) await session.getByLabel(/^Pain after it/).selectOption(String(pain));
  if (note) await session.getByLabel(/^Note/).fill(note);
  // Back on the page at the entry's "Saved: …" line (issue 17).
  const saved = id.replace(/^log-/, "saved-");
  await Promise.all([page.waitForURL(new RegExp(`\\?saved=${id.replace(/^log-/, "")}#${saved}$`)), press(session.getByRole("button", { name: /^Save this entry/ }))]);
  return page.locator(`[id="${id}"]`);
}

export const PAGES = [
  { type: "home", open: (page) => page.goto("/") },
  { type: "guide-list", open: (page) => page.goto("/guides") },
  { type: "guide", open: async (page) => page.goto(await firstHref(page, "/guides", ".guide-summaries h2 a")) },
  { type: "topics", open: (page) => page.goto("/tags") },
  { type: "tag", open: async (page) => page.goto(await firstHref(page, "/tags", "main .topic-list a")) },
  { type: "search-results", open: (page) => page.goto("/search?q=bridge") },
  { type: "search-no-results", open: (page) => page.goto("/search?q=xylophone") },
  { type: "search-page-2", open: (page) => page.goto("/search?q=back&page=2") },
  { type: "supports-list", open: (page) => page.goto("/supports") },
  { type: "support", open: async (page) => page.goto(await firstHref(page, "/supports", ".support-card h3 a")) },
  {
    type: "compare",
    open: async (page) => {
      const slugs = await supportSlugs(page, 3);
      return page.goto(`/supports/compare?${slugs.map((s) => `item=${s}`).join("&")}`);
    },
  },
  {
    type: "compare-choose",
    status: 400,
    open: async (page) => page.goto(`/supports/compare?item=${(await supportSlugs(page, 1))[0]}`),
  },
  { type: "exercise-list", open: (page) => page.goto("/exercises") },
  { type: "exercise", open: async (page) => page.goto(await firstHref(page, "/exercises", ".exercise-card h3 a")) },
  { type: "exercise-avoided", open: async (page) => page.goto(await firstHref(page, "/exercises", ".avoid-list a")) },
  { type: "routine-form", open: (page) => page.goto("/routine") },
  {
    type: "routine-form-errors",
    status: 400,
    open: async (page) => {
      await page.goto("/routine");
      return submitBy(page, page.getByRole("button", { name: "Show my plan" }));
    },
  },
  { type: "plan", open: (page) => page.goto(`/routine/plan?${PLAN_QUERY}`) },
  { type: "red-flag", open: (page) => page.goto("/routine/plan?red_flag=saddle_numbness") },
  { type: "red-flag-urgent", open: (page) => page.goto("/routine/plan?red_flag=fever&red_flag=night_pain") },
  {
    type: "plan-checked-pregnant-sciatica",
    open: (page) =>
      page.goto(
        `/routine/plan?${PLAN_QUERY.replace("red_flag=none", "red_flag=cancer_history&assessed=yes").replace("age=20-49", "age=50-64")}&pregnancy=pregnant&leg=below_knee`,
      ),
  },
  { type: "ease-first", open: (page) => page.goto(`/routine/plan?${PLAN_QUERY.replace("pain=4", "pain=9")}`) },
  { type: "not-for-children", open: (page) => page.goto(`/routine/plan?${PLAN_QUERY.replace("age=20-49", "age=under-16")}`) },
  {
    type: "saved-routine",
    open: async (page) => {
      const link = await saveRoutine(page);
      await logSession(page, 0, { pain: 6, note: "Stiff at first" });
      await logSession(page, 1, { pain: 4 });
      return page.goto(link);
    },
  },
  {
    type: "saved-log-errors",
    status: 400,
    open: async (page) => {
      await saveRoutine(page);
      const session = page.locator("details[open] .log-session").first();
      return submitBy(page, session.getByRole("button", { name: /^Save this entry/ }));
    },
  },
  { type: "erase-confirm", open: async (page) => page.goto(`${await saveRoutine(page)}/delete`) },
  {
    type: "erased",
    open: async (page) => {
      await page.goto(`${await saveRoutine(page)}/delete`);
      return submitBy(page, page.getByRole("button", { name: "Yes, erase it" }));
    },
  },
  { type: "session-plan", open: (page) => page.goto(`/routine/session?${PLAN_QUERY}&week=1&day=1`) },
  { type: "session-plan-nojs", javaScript: false, open: (page) => page.goto(`/routine/session?${PLAN_QUERY}&week=3&day=1`) },
  { type: "session-saved", open: async (page) => page.goto(`${await saveRoutine(page)}/session/1/3`) },
  { type: "session-saved-nojs", javaScript: false, open: async (page) => page.goto(`${await saveRoutine(page)}/session/1/5`) },
  // A session whose day has not come: no log form, a line on when it can be logged.
  { type: "session-later", open: async (page) => page.goto(`${await saveRoutine(page)}/session/4/5`) },
  {
    type: "session-save-errors",
    status: 400,
    javaScript: false,
    open: async (page) => {
      await page.goto(`/routine/session?${PLAN_QUERY}&week=1&day=1`);
      // A browser keeps notes within the limit; a pasted or scripted one may not be.
      await page.locator("#end-note").evaluate((el) => {
        el.removeAttribute("maxlength");
        el.value = "x".repeat(501);
      });
      return submitBy(page, page.getByRole("button", { name: "Save this routine and log this session" }));
    },
  },
  { type: "session-rest-day", status: 404, open: (page) => page.goto(`/routine/session?${PLAN_QUERY}&week=1&day=2`) },
  { type: "not-found", status: 404, open: (page) => page.goto("/no-such-page") },
];
