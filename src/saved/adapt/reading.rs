//! The log read against a plan: sessions in the order of their dates, each
//! acting at once on the rest of its week, then week by week from where the
//! last one left the person.

use chrono::{Duration as Span, NaiveDate, NaiveDateTime};

use super::ladder::{Ladder, tier_change};
use super::{
    Adaptation, AdaptedWeek, BASE_WEEKS, Change, FLARE_HOURS, Flare, Light, RED_FROM,
    REPEAT_RED_DAYS, Shape, TOO_EASY_TO_STEP_AHEAD, WEEKS, light, when, why, worst_pain,
};
use crate::routine::planner::{Level, STEP_MAX, STEP_MIN, Setting, Step, Tier};
use crate::saved::{Effort, LogEntry, Morning};

/// Reads the log against a plan's own steps with sessions on any day
/// (`gentle`: the plan never gets the harder tier) and no start date:
/// sessions in the order of their week and day. See [`adapt_from`].
pub fn adapt(
    planned: &[Step; 4],
    gentle: bool,
    log: &[LogEntry],
    now: NaiveDateTime,
) -> Adaptation {
    adapt_from(&Shape::every_day(*planned, gentle), log, None, now)
}

/// What the last week's sessions add up to, for the next week's start.
#[derive(Debug, Clone, Copy, Default)]
struct WeekSummary {
    greens: usize,
    too_easy: usize,
    amber_or_red: bool,
}

/// The log read against a plan of this `shape` that started on `start`
/// (`None`: read by week and day numbers). Sessions are read in the order
/// of their real dates (week 1 starts on the day of saving, so a Sunday
/// session of week 1 comes before its Monday one), which decides the
/// latest session (the flare-up plan), worse mornings in a row, and which
/// sessions of a week come after one that hurt. `log` may be in any order.
/// Gives [`WEEKS`] weeks.
pub fn adapt_from(
    shape: &Shape,
    log: &[LogEntry],
    start: Option<NaiveDate>,
    now: NaiveDateTime,
) -> Adaptation {
    let date = |week: u8, day: u8| start.map(|s| crate::saved::schedule::date_of(s, week, day));
    let mut entries: Vec<&LogEntry> = log.iter().collect();
    entries.sort_by_key(|e| (date(e.week, e.day), e.week, e.day, e.logged_at));
    // The week's session days after `day`, in date order.
    let later_days = |week: u8, day: u8| -> Vec<u8> {
        let mut days: Vec<u8> = shape
            .days
            .iter()
            .copied()
            .filter(|d| match (date(week, *d), date(week, day)) {
                (Some(a), Some(b)) => a > b,
                _ => *d > day,
            })
            .collect();
        days.sort_by_key(|d| (date(week, *d), *d));
        days
    };

    // Never past the plan's own top amounts (a gentle plan stays gentle),
    // never below the lightest; weeks 1 to 4 keep to the base tier.
    let planned = &shape.planned;
    let top = planned
        .iter()
        .copied()
        .max()
        .unwrap_or(STEP_MAX)
        .clamp(STEP_MIN, STEP_MAX);
    let ladder = Ladder::new(top, shape.harder, shape.easier);
    let planned_index = |w: usize| ladder.clamp(1, ladder.index(Level::base(planned[w])));
    // Is week `number` over by now?
    let over =
        |number: u8| start.is_some_and(|s| s + Span::days(7 * i64::from(number)) <= now.date());

    let mut weeks: Vec<AdaptedWeek> = Vec::with_capacity(usize::from(WEEKS));
    let mut lights: Vec<(u8, u8, Light)> = Vec::new();
    // Where the person is now, and whether the hardest exercise is paused.
    let mut index = planned_index(0);
    let mut drop = false;
    // The level of the last green session, if any, and whether an amber or
    // red session holds the amounts until a green one.
    let mut last_green: Option<i16> = None;
    let mut holding = false;
    // For worse mornings in a row: the last morning answer (sessions with
    // none, or not done, do not break the run), and the last session done.
    let mut last_morning_worse = false;
    let mut previous_done: Option<&LogEntry> = None;
    // Why the next week starts where it does, when the session that
    // moved it was the last of its week.
    let mut pending: Option<(String, (u8, u8))> = None;
    let mut adjusted: Vec<(u8, u8)> = Vec::new();
    // For the flare-up plan: the sessions that were red or not done with
    // pain of [`RED_FROM`] or more (a session is often skipped because of
    // a flare-up; it moves no amounts, but the advice applies), and the
    // latest session that had a light or such pain.
    let mut flares: Vec<&LogEntry> = Vec::new();
    let mut latest: Option<(&LogEntry, bool)> = None;
    let mut summary = WeekSummary::default();
    // Weeks after the fourth are planned one level a week on from it.
    let mut chain = index;

    for number in 1..=WEEKS {
        // Where the week starts.
        let (planned_level, reason, held) = if number == 1 {
            (Level::base(planned[0]), None, false)
        } else {
            let previous_week = number - 1;
            let w = usize::from(previous_week);
            let (planned_level, increment) = if number <= BASE_WEEKS {
                let level = Level::base(planned[w]);
                (level, (planned_index(w) - planned_index(w - 1)).max(0))
            } else {
                if number == BASE_WEEKS + 1 {
                    chain = index;
                }
                chain = ladder.clamp(number, chain + 1);
                (ladder.level(chain), 1)
            };
            let previous = index;
            // Moving on never skips a tier's top: a harder (or the usual)
            // version comes only after the top amounts of the one before.
            let ahead = |to: i16| {
                let to = ladder.clamp(number, to);
                if previous < ladder.tier_top(previous) {
                    to.min(ladder.tier_top(previous))
                } else {
                    to
                }
            };
            // Following the plan from where the previous week left the
            // person: why, when that is not where the plan would be.
            let planned_now = ladder.clamp(number, ladder.index(planned_level));
            let carries_on = |next: i16| {
                (next != planned_now).then(|| {
                    let how = if next < planned_now { "lighter" } else { "harder" };
                    match tier_change(ladder.level(previous), ladder.level(next)) {
                        Some(what) => format!(
                            "Week {number} {what}, carrying on from where week {previous_week} left you, so it is {how} than first planned."
                        ),
                        None => format!(
                            "Week {number} carries on from where week {previous_week} left you, so it is {how} than first planned."
                        ),
                    }
                })
            };
            let (next, reason) = if holding {
                let reason = match pending.take() {
                    Some((reason, session)) => {
                        adjusted.push(session);
                        reason
                    }
                    None => format!(
                        "Week {number} stays as light as the end of week {previous_week} until a session feels fine again."
                    ),
                };
                (ladder.clamp(number, previous), Some(reason))
            } else if summary.greens > 0
                && summary.too_easy >= TOO_EASY_TO_STEP_AHEAD
                && !summary.amber_or_red
            {
                let next = ahead(previous + increment + 1);
                let reason = if next > ahead(previous + increment) {
                    let what = tier_change(ladder.level(previous), ladder.level(next))
                        .unwrap_or("moves one step ahead");
                    Some(format!(
                        "Week {number} {what} because {} sessions of week {previous_week} felt too easy.",
                        summary.too_easy
                    ))
                } else {
                    carries_on(next)
                };
                (next, reason)
            } else if number > BASE_WEEKS && summary.greens == 0 && over(previous_week) {
                // From week 5 the plan moves on only after a week with a
                // session that went well; a week with nothing logged
                // moves nothing.
                (
                    ladder.clamp(number, previous),
                    Some(format!(
                        "Week {number} repeats week {previous_week}'s amounts: from week 5 on, the plan moves on after a week with a session you logged as feeling fine."
                    )),
                )
            } else {
                // After a week with an amber or red session (and a green
                // one since), never into a new tier.
                let mut next = ahead(previous + increment);
                if summary.amber_or_red {
                    next = next.min(ladder.tier_top(previous));
                }
                (next, carries_on(next))
            };
            let held = next <= previous && reason.is_some();
            index = next;
            (planned_level, reason, held)
        };
        pending = None;
        if !holding {
            drop = false;
        }
        let mut week = AdaptedWeek {
            number,
            planned: planned_level,
            level: ladder.level(index),
            drop_hardest: drop,
            reason,
            held,
            changes: Vec::new(),
        };
        summary = WeekSummary::default();

        // Its sessions, in the order of their dates.
        for entry in entries.iter().copied().filter(|e| e.week == number) {
            if !entry.done && worst_pain(entry) >= RED_FROM {
                flares.push(entry);
                latest = Some((entry, true));
                continue;
            }
            let Some(mut light) = light(entry) else {
                if entry.done {
                    previous_done = Some(entry);
                }
                continue;
            };
            let worse_morning = entry.morning == Some(Morning::Worse);
            let second = worse_morning && last_morning_worse;
            if second {
                light = Light::Red;
            }
            if entry.morning.is_some() {
                last_morning_worse = worse_morning;
            }
            let because = why(entry, light, second, previous_done);
            previous_done = Some(entry);
            lights.push((entry.week, entry.day, light));
            latest = Some((entry, light == Light::Red));
            let (target, what) = match light {
                Light::Green => {
                    last_green = Some(index);
                    holding = false;
                    pending = None;
                    // The paused exercise comes back after a session that
                    // felt fine.
                    if drop {
                        drop = false;
                        let days = later_days(number, entry.day);
                        if !days.is_empty() {
                            adjusted.push((entry.week, entry.day));
                            week.changes.push(Change {
                                after: entry.day,
                                days,
                                setting: Setting::at(ladder.level(index)),
                                reason: format!(
                                    "Your paused exercise is back from the session after {}, which felt fine.",
                                    when(entry)
                                ),
                            });
                        }
                    }
                    summary.greens += 1;
                    if entry.effort == Some(Effort::TooEasy) {
                        summary.too_easy += 1;
                    }
                    continue;
                }
                Light::Amber => {
                    let target = ladder.clamp(number, last_green.map_or(index, |g| g.min(index)));
                    let what = if target < index {
                        "goes back to the last amounts that felt fine".to_owned()
                    } else {
                        format!("repeats week {number}'s amounts")
                    };
                    (target, what)
                }
                Light::Red => {
                    flares.push(entry);
                    drop = true;
                    let from = last_green.map_or(index, |g| g.min(index));
                    // In the harder tier, exercises without a harder
                    // version stay at the usual top amounts at every
                    // step, so one step down would leave most of a
                    // session as it was: a red goes below the usual
                    // exercises' top instead, so every exercise gets
                    // lighter.
                    let back = if ladder.level(index).tier == Tier::Harder {
                        from.min(ladder.index(Level::base(ladder.top - 1)))
                    } else {
                        from - 1
                    };
                    let mut target = ladder.clamp(number, back);
                    // Into the easier versions at their lightest: an easier
                    // version at the top of its tier could mean more
                    // repetitions than the move it replaces.
                    if ladder.level(target).tier < ladder.level(index).tier
                        && ladder.level(target).tier == Tier::Easier
                    {
                        target = ladder.low;
                    }
                    let what = match tier_change(ladder.level(index), ladder.level(target)) {
                        Some(what) => what,
                        None if target < index => "is lighter",
                        None => "stays at the lightest amounts",
                    };
                    (target, what.to_owned())
                }
            };
            holding = true;
            summary.amber_or_red = true;
            let moved = target != index || light == Light::Red;
            index = target;
            let days = later_days(number, entry.day);
            if moved && !days.is_empty() {
                adjusted.push((entry.week, entry.day));
                week.changes.push(Change {
                    after: entry.day,
                    days,
                    setting: Setting {
                        level: ladder.level(index),
                        drop_hardest: drop,
                    },
                    reason: format!("The rest of week {number} {what} because {because}."),
                });
                pending = None;
            } else {
                let what = if moved {
                    what
                } else {
                    format!("repeats week {number}'s amounts")
                };
                pending = Some((
                    format!("Week {} {what} because {because}.", number + 1),
                    (entry.week, entry.day),
                ));
            }
        }
        weeks.push(week);
    }

    // The flare-up plan: the latest red (or painful skipped) session,
    // unless a calmer one came after it. Its time is the session's date
    // (editing a log entry later does not move it), or the time it was
    // logged when the start is not known.
    let time = |e: &LogEntry| {
        date(e.week, e.day)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or(e.logged_at)
    };
    let flare = latest.filter(|(_, flared)| *flared).map(|(entry, _)| {
        let repeated = flares.iter().any(|other| {
            !std::ptr::eq(*other, entry)
                && (time(entry) - time(other)).abs() <= Span::days(REPEAT_RED_DAYS)
        });
        // The session's time: when it was logged, if that was on its
        // day; else the middle of its day.
        let at = match date(entry.week, entry.day) {
            Some(day) if entry.logged_at.date() == day => entry.logged_at,
            Some(day) => day.and_hms_opt(12, 0, 0).unwrap_or(entry.logged_at),
            None => entry.logged_at,
        };
        // A session dated ahead (logged on the wrong day) counts as recent:
        // the advice is what matters.
        let recent = now - at <= Span::hours(FLARE_HOURS);
        let next = later_days(entry.week, entry.day)
            .first()
            .map(|d| (entry.week, *d))
            .or_else(|| {
                let week = entry.week + 1;
                let mut days = shape.days.clone();
                days.sort_by_key(|d| (date(week, *d), *d));
                (week <= WEEKS)
                    .then_some(())
                    .and(days.first().map(|d| (week, *d)))
            });
        Flare {
            week: entry.week,
            day: entry.day,
            recent,
            repeated,
            lighter: entry.done,
            skipped: !entry.done,
            next,
        }
    });
    Adaptation {
        weeks,
        flare,
        lights,
        adjusted,
    }
}
