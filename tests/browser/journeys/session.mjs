// Journeys 8: "do today's session" (issue 10). The page's clock is
// Playwright's fake clock (installed before the page loads, then paused),
// so every timer runs by `runFor`: no real waiting.
//
// - 8-timers: a strength session of week 3 on a saved routine: the player
//   replaces the checklist; get ready, a hold of N seconds advancing after N
//   seconds, the let-go rest, a rest between sets, pause and resume, Next
//   and Previous by button and by keyboard (Space, arrows), the live
//   region's words, tones (and the toggle that turns them off), no
//   animation with reduced motion, axe-core while running.
// - 8-log: a whole session of this week, started once and never touched
//   until the end; "How is your back now?" takes focus; the pain score is
//   logged and the saved page shows it.
// - 8-nojs: without JavaScript, the plan's "Start session A" link gives the
//   numbered checklist and the offer to save; a saved session's end form
//   logs it.
import { check, seeText, seeVisible, seeHidden, seeUrl } from "../lib/expect.mjs";
import { axeViolations } from "../lib/checks.mjs";
import { press } from "../lib/act.mjs";
import { saveRoutine, PLAN_QUERY } from "../pages.mjs";

const START = new Date("2026-11-25T08:00:00Z");

/** Installs the fake clock, paused, before the page is loaded. */
async function fakeClock(page) {
  await page.clock.install({ time: START });
  await page.clock.pauseAt(new Date(START.getTime() + 1000));
}

/** The steps the server sent to the script. */
async function stepsOf(page) {
  return page.evaluate(() => JSON.parse(document.getElementById("session-steps").textContent));
}

/** The live region says `expected` (polite, visually hidden). */
async function hear(page, expected, what) {
  let said = "";
  for (let i = 0; i < 30; i++) {
    said = (await page.locator("#player-status").textContent()).replace(/\u00a0/g, "").trim();
    if (expected instanceof RegExp ? expected.test(said) : said === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  check(false, `${what}: the live region should say ${JSON.stringify(String(expected))} but says ${JSON.stringify(said)}`);
}

async function seeStep(page, step, what) {
  await seeText(page.locator("#phase-label"), step.label, `${what}: step label`);
  await hear(page, step.say, what);
}

/** Seconds from the start of step `from` to the start of step `to`. */
function secondsBetween(steps, from, to) {
  let s = 0;
  for (let i = from; i < to; i++) s += steps[i].seconds;
  return s;
}

/**
 * axe-core on the page as it is. axe waits on timers of its own, so the
 * clock runs for it, then stops again (pause the player first to keep it
 * where it is).
 */
async function axeNow(page) {
  await page.clock.resume();
  const lines = await axeViolations(page);
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(new Date(now + 1000));
  return lines;
}

async function blur(page) {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
}

export const timers = {
  id: "8-timers",
  title: "session guide: hold, rest between sets, pause/resume, next/back, keys, live region, tones",
  async run({ page, viewport, shot }) {
    const tap = (l) => press(l, viewport);
    const link = await saveRoutine(page, tap);
    await fakeClock(page);
    await page.goto(`${link}/session/3/1`);

    // The player replaces the checklist; on a phone its Start button shows
    // without scrolling.
    await seeVisible(page.locator("#player"), "the player");
    if (viewport.width <= 400) {
      const bottom = await page.locator("#player-toggle").evaluate((b) => b.getBoundingClientRect().bottom);
      check(bottom <= viewport.height, `the Start button ends at ${Math.round(bottom)} px, below the ${viewport.height} px screen`);
    }
    await seeHidden(page.locator("#checklist"), "the checklist, with the player on");
    const { exercises, steps } = await stepsOf(page);
    await seeText(page.locator("#player-count"), `Exercise 1 of ${exercises.length}`, "progress");
    await seeText(page.locator("#player-name"), exercises[0].name, "first exercise");
    await seeText(page.locator("#player-dosage"), exercises[0].dosage, "first dosage");
    await seeText(page.locator("#player-cue"), exercises[0].cue, "first cue");
    check((await page.locator("#player-picture").getAttribute("alt")) === exercises[0].alt, "the picture's alt text is not the exercise's");
    await seeText(page.locator("#player-toggle"), "Start", "the start button");
    const animation = await page.locator("#player-name").evaluate((el) => getComputedStyle(el).animationName);
    check(animation === "none", `with reduced motion the name still animates (${animation})`);

    // Start: get ready counts down.
    await tap(page.locator("#player-toggle"));
    await seeText(page.locator("#player-toggle"), "Pause", "the button while running");
    await hear(page, steps[0].say, "on start");
    await page.clock.runFor(5000);
    await seeText(page.locator("#phase-clock"), String(steps[0].seconds - 5), "get-ready clock after 5 s");

    // Pause: time stands still; resume carries on.
    await tap(page.locator("#player-toggle"));
    await hear(page, "Paused.", "on pause");
    await seeText(page.locator("#player-toggle"), "Resume", "the button while paused");
    await page.clock.runFor(20000);
    await seeText(page.locator("#phase-clock"), String(steps[0].seconds - 5), "clock while paused");
    await tap(page.locator("#player-toggle"));
    await hear(page, `Going again. ${steps[0].label}.`, "on resume");
    await page.clock.runFor((steps[0].seconds - 5) * 1000);
    await seeStep(page, steps[1], "after get ready");
    check(Number(await page.locator("#player").getAttribute("data-tones")) >= 1, "no tone was played at the change of step");

    // Next and Previous, by button.
    await tap(page.locator("#player-next"));
    await seeText(page.locator("#player-count"), `Exercise 2 of ${exercises.length}`, "after Next");
    await seeText(page.locator("#player-name"), exercises[1].name, "after Next");
    await hear(page, steps.find((s) => s.exercise === 1).say, "after Next");
    await tap(page.locator("#player-back"));
    await seeText(page.locator("#player-name"), exercises[0].name, "after Previous");
    await seeText(page.locator("#player-toggle"), "Pause", "Next and Previous keep the timer running");

    // A hold of N seconds: counts down, then lets go, then the next hold.
    const hold = steps.findIndex((s) => s.kind === "hold");
    check(hold > 0, "this session has no hold to test");
    const holdExercise = steps[hold].exercise;
    await blur(page);
    for (let i = 0; i < holdExercise; i++) await page.keyboard.press("ArrowRight");
    await seeText(page.locator("#player-name"), exercises[holdExercise].name, "after the right arrow");
    const ready = steps.findIndex((s) => s.exercise === holdExercise);
    await page.clock.runFor(secondsBetween(steps, ready, hold) * 1000);
    await seeStep(page, steps[hold], "the hold");
    await seeText(page.locator("#phase-clock"), String(steps[hold].seconds), "hold clock at its start");
    await seeText(page.locator("#phase-detail"), steps[hold].detail, "which hold");
    await page.clock.runFor((steps[hold].seconds - 1) * 1000);
    await seeText(page.locator("#phase-label"), "Hold", "one second before the hold ends");
    await seeText(page.locator("#phase-clock"), "1", "one second before the hold ends");
    await page.clock.runFor(1000);
    await seeStep(page, steps[hold + 1], "after the hold");
    check(steps[hold + 1].kind === "rest", "a hold is not followed by a rest");
    await page.clock.runFor(steps[hold + 1].seconds * 1000);
    await seeStep(page, steps[hold + 2], "after the let-go rest");
    if (steps[hold + 2].kind === "hold") await seeText(page.locator("#phase-detail"), steps[hold + 2].detail, "the next hold");
    await tap(page.locator("#player-toggle"));
    await hear(page, "Paused.", "paused for axe-core");
    const axe = await axeNow(page);
    check(axe.length === 0, `axe-core, player paused mid-session:\n${axe.join("\n")}`);
    await shot("session-player");
    await tap(page.locator("#player-toggle"));
    await seeText(page.locator("#phase-label"), steps[hold + 2].label, "still at the same step after axe-core");

    // A rest between sets, counted in repetitions before it.
    const rest = steps.findIndex((s) => s.kind === "rest" && s.between === "sets");
    check(rest > 0, "this session has no rest between sets to test");
    const setExercise = steps[rest].exercise;
    await blur(page);
    const here = Number(/Exercise (\d+)/.exec(await page.locator("#player-count").innerText())[1]) - 1;
    const moves = setExercise - here;
    for (let i = 0; i < Math.abs(moves); i++) await page.keyboard.press(moves > 0 ? "ArrowRight" : "ArrowLeft");
    await seeText(page.locator("#player-name"), exercises[setExercise].name, "at the exercise with sets");
    const setReady = steps.findIndex((s) => s.exercise === setExercise);
    await page.clock.runFor(secondsBetween(steps, setReady, setReady + 1) * 1000);
    const set = steps[setReady + 1];
    await seeStep(page, set, "the first set");
    await seeText(page.locator("#phase-clock"), `1 of ${set.reps}`, "repetition counter at the start");
    await page.clock.runFor(set.seconds_per_rep * 1000 * 2);
    await seeText(page.locator("#phase-clock"), `3 of ${set.reps}`, "repetition counter after two repetitions");
    check((await page.locator("#player").getAttribute("data-last-tone")) === "rep", "no tone for the next repetition");
    await page.clock.runFor(secondsBetween(steps, setReady + 1, rest) * 1000 - set.seconds_per_rep * 1000 * 2);
    await seeStep(page, steps[rest], "the rest between sets");
    await seeText(page.locator("#phase-clock"), String(steps[rest].seconds), "rest clock");
    await page.clock.runFor(steps[rest].seconds * 1000);
    await seeStep(page, steps[rest + 1], "after the rest");

    // Space pauses (focus on the page, not a button), then starts again.
    await page.clock.runFor(1000);
    await blur(page);
    await page.keyboard.press("Space");
    await hear(page, "Paused.", "Space pauses");
    await page.keyboard.press("Space");
    await hear(page, `Going again. ${steps[rest + 1].label}.`, "Space starts again");
    await page.keyboard.press("ArrowLeft");
    await seeText(page.locator("#player-name"), exercises[Math.max(0, setExercise - 1)].name, "the left arrow");

    // Tones can be turned off.
    await tap(page.getByLabel("Play a short tone at each change"));
    await hear(page, "Tones off.", "turning tones off");
    const before = await page.locator("#player").getAttribute("data-tones");
    await page.clock.runFor(60_000);
    check((await page.locator("#player").getAttribute("data-tones")) === before, "tones still play after turning them off");

    // Skipping every exercise ends the session without "Well done".
    await page.goto(`${link}/session/3/1`);
    for (let i = 0; i < exercises.length; i++) await tap(page.locator("#player-next"));
    await seeText(page.locator("#phase-label"), "Session ended", "after skipping every exercise");
    await seeText(page.locator("#phase-detail"), "You skipped every exercise this time", "what was done, said plainly");
    // Week 3's day has not come (the routine was saved six days ago), so
    // the end asks nothing: it says when the session can be logged.
    await hear(page, `Session ended. You did 0 of ${exercises.length} exercises with the timer.`, "after skipping every exercise");
    await seeText(page.locator("#end-title"), "Logging this session", "the end of a session whose day has not come");
  },
};

export const log = {
  id: "8-log",
  title: "session guide: a whole session hands-free → “How is your back now?” → logged on the saved page",
  async run({ page, viewport, shot }) {
    const tap = (l) => press(l, viewport);
    const link = await saveRoutine(page, tap);
    // This week's first session, from the saved page's own link.
    const start = page.locator("details[open] .log-session a[href*='/session/']").first();
    const href = await start.getAttribute("href");
    const [, week, day] = /\/session\/(\d)\/(\d)$/.exec(href);
    await fakeClock(page);
    await page.goto(href);
    const { exercises, steps } = await stepsOf(page);
    const total = steps.reduce((s, step) => s + step.seconds, 0);

    await tap(page.locator("#player-toggle"));
    await page.clock.runFor((total - 1) * 1000);
    await seeText(page.locator("#player-count"), `Exercise ${exercises.length} of ${exercises.length}`, "near the end");
    await page.clock.runFor(2000);
    await seeText(page.locator("#phase-label"), "Well done", "at the end");
    await hear(page, "Session finished. Well done. How is your back now?", "at the end");
    await seeText(page.locator("#player-toggle"), "Start again", "the button at the end");
    const focusedId = await page.evaluate(() => document.activeElement && document.activeElement.id);
    check(focusedId === "end-title", `at the end the focus is on #${focusedId}, not “How is your back now?”`);
    const axe = await axeNow(page);
    check(axe.length === 0, `axe-core, session finished:\n${axe.join("\n")}`);

    await tap(page.locator("label[for='end-pain-3']"));
    await page.getByLabel(/^A note for yourself/).fill("Easier than I feared");
    await shot("session-end");
    await Promise.all([page.waitForURL(new RegExp(`\\?saved=w${week}-d${day}#saved-w${week}-d${day}$`)), tap(page.getByRole("button", { name: "Log this session" }))]);
    await seeUrl(page, link, "back on the saved routine");
    const entry = page.locator(`#log-w${week}-d${day}`);
    await seeText(entry.locator(".logged"), "Logged: Done, pain 3 out of 10", "the logged session");
    await seeText(entry.locator(".logged"), "Easier than I feared", "the note");
    await seeText(page.locator(".progress-summary"), /1 of \d+ planned sessions done/, "progress summary");
    check((await page.locator(".chart-dot").count()) === 1, "the pain chart does not show the logged score");
  },
};

export const noScript = {
  id: "8-nojs",
  title: "session guide without JavaScript: numbered checklist, save offer, end form logs the session",
  javaScript: false,
  async run({ page, viewport, shot }) {
    const tap = (l) => press(l, viewport);
    await page.goto(`/routine/plan?${PLAN_QUERY}`);
    await Promise.all([page.waitForURL(/\/routine\/session\?/), tap(page.getByRole("link", { name: "Start session A of week 1" }))]);
    await seeText(page.locator("h1"), "Session A", "session heading");
    await seeHidden(page.locator("#player"), "the player, without JavaScript");
    await seeVisible(page.locator("#checklist"), "the checklist");
    const items = page.locator(".checklist-item");
    const n = await items.count();
    check(n >= 3, `the checklist has ${n} exercises`);
    for (let i = 0; i < n; i++) {
      await seeText(items.nth(i).locator("h3"), `${i + 1}.`, `number of exercise ${i + 1}`);
      await seeVisible(items.nth(i).locator(".checklist-dosage"), `dosage of exercise ${i + 1}`);
      await seeVisible(items.nth(i).locator("img"), `picture of exercise ${i + 1}`);
    }
    await tap(items.first().getByLabel(/^Done/));
    check(await items.first().locator("input[type=checkbox]").isChecked(), "the first exercise cannot be ticked");
    await seeText(page.locator("#end-title"), "How is your back now?", "end of the session");
    await shot("session-nojs");
    // Saving from the end of the session logs it with the routine.
    await tap(page.locator("label[for='end-pain-2']"));
    await page.getByLabel(/^A note for yourself/).fill("First one done");
    await Promise.all([
      page.waitForURL(/\/r\/[A-Za-z0-9_-]+\?saved=w1-d\d#saved-w1-d\d$/),
      tap(page.getByRole("button", { name: "Save this routine and log this session" })),
    ]);
    const link = new URL(page.url()).pathname;
    // Logged on the session the routine begins with (today's, or the next
    // when today has none), saying so like any log.
    const key = new URL(page.url()).hash.replace(/^#saved-/, "");
    await seeText(page.locator(`#saved-${key}`), /^Saved: \w+day, week 1 — Done, pain 2 out of 10\./, "the message after saving and logging");
    await seeText(page.locator(`#log-${key} .logged`), "Logged: Done, pain 2 out of 10. Note: “First one done”", "the session logged on saving");

    // A saved session: the end form logs it.
    const href = await page.locator("details[open] .log-session a[href*='/session/']").first().getAttribute("href");
    const [, week, day] = /\/session\/(\d)\/(\d)$/.exec(href);
    await page.goto(href);
    await seeVisible(page.locator(".checklist-items"), "the saved session's checklist");
    await tap(page.locator("label[for='end-pain-5']"));
    await Promise.all([page.waitForURL(new RegExp(`\\?saved=w${week}-d${day}#saved-w${week}-d${day}$`)), tap(page.getByRole("button", { name: "Log this session" }))]);
    await seeUrl(page, link, "back on the saved routine");
    await seeText(page.locator(`#log-w${week}-d${day} .logged`), "Logged: Done, pain 5 out of 10", "the logged session");
  },
};

// Journey 9 (issue 15): a session in session mode, the three answers at its
// end, and the saved page explaining what changed: pain of 8 during the
// session is a flare-up, so the next sessions step back and the flare-up
// plan is shown. Runs with JavaScript (the end questions are on the same screen as
// the player).
export const adapt = {
  id: "9-adapt",
  title: "session mode → pain during, effort, morning at the end → the saved page explains the change",
  async run({ page, viewport, shot }) {
    const tap = (l) => press(l, viewport);
    // Saved today: its first session is today's or the next, either of
    // which can be logged, and pain during it makes a recent flare-up.
    const link = await saveRoutine(page, tap, { daysAgo: 0 });
    const href = await page.locator("details[open] .log-session a[href*='/session/']").first().getAttribute("href");
    const [, week, day] = /\/session\/(\d)\/(\d)$/.exec(href);
    await page.goto(href);
    await seeText(page.locator("#end-title"), "How is your back now?", "the end of the session");
    await tap(page.locator("label[for='end-pain_during-8']"));
    await tap(page.locator("label[for='end-pain-6']"));
    await tap(page.locator("label[for='end-effort-too_hard']"));
    check(await page.locator("#end-pain_during-8").isChecked(), "pain during 8 is not ticked after pressing its label");
    check(await page.locator("#end-effort-too_hard").isChecked(), "“Too hard” is not ticked after pressing its label");
    await shot("session-end-questions");
    await Promise.all([page.waitForURL(new RegExp(`\\?saved=w${week}-d${day}#saved-w${week}-d${day}$`)), tap(page.getByRole("button", { name: "Log this session" }))]);
    await seeUrl(page, link, "back on the saved routine");
    const entry = page.locator(`#log-w${week}-d${day} .logged`);
    await seeText(entry, "Pain during the session: 8 out of 10", "the answers, shown back");
    await seeText(entry, "too hard", "the effort, shown back");
    // The flare-up plan and the week that changed, each saying why.
    await seeVisible(page.locator("#flare-up"), "the flare-up plan");
    await seeText(page.locator("#flare-title"), "the next 48 hours", "the flare-up plan's heading");
    await seeText(page.locator("#flare-up"), "Keep doing, gently", "what to keep doing");
    // The rest of the week steps back at once; when that was the week's
    // last session, the next week does.
    const next = Number(week) + 1;
    const reasons = (await page.locator(".week-reason").allTextContents()).join("\n");
    const because = "is lighter because your pain was 8 out of 10 during the session";
    check(
      reasons.includes(`The rest of week ${week} ${because}`) || reasons.includes(`Week ${next} ${because}`),
      `the page does not say why the next sessions changed: ${reasons}`,
    );
    await seeText(page.locator("#flare-up"), "carry on with your next session", "where to restart");
    check((await page.locator(".chart-adjusted").count()) === 1, "the chart does not mark the adjusted session");
    await shot("saved-after-flare-up");
  },
};
