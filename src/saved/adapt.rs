//! A saved routine that responds to the person: the pain-monitoring rules
//! turn the progress log into each week's amounts, with a reason a person
//! can read, and say when to show the flare-up plan.
//!
//! Pure and deterministic: (the plan's own steps, the log, now) → each of
//! the [`WEEKS`] weeks' levels as they stand, their reasons and the
//! flare-up state. The saved plan snapshot is never changed; the adapted
//! weeks are rebuilt by the planner itself
//! ([`crate::routine::planner::plan_at_levels`]), so every safety rule of
//! the planner still holds after any adaptation.
//!
//! A week's [`Level`] is a tier (the easier variants, the exercises
//! themselves, the harder variants) and a step of amounts within it, from
//! lighter than the catalog's week 1 up to the plan's own top step (week 4
//! for most, week 3 after a slower start, week 1 for a gentle plan).
//! Levels run easier (lightest to top) < base < harder. Weeks 1 to
//! [`BASE_WEEKS`] keep to the base tier, as the planner made them; from
//! week 5 the plan goes on one level a week from where week 4 stands, up to
//! the harder tier's top (the base tier's top for a gentle plan), and the
//! same rules move it, down to the easier tier's lightest. Moving on never
//! skips a tier's top: the harder versions come only after the top amounts
//! of the usual ones.
//!
//! The rules, per logged session (physiotherapy's pain-monitoring model,
//! Silbernagel et al. 2007; Smith et al. 2017: exercise into some pain is
//! not worse than pain-free exercise for chronic musculoskeletal pain):
//! - **green**: pain during and after at most [`GREEN_MAX`] and the back not
//!   worse the next morning;
//! - **amber**: pain during or after above [`GREEN_MAX`] but below
//!   [`RED_FROM`], or the back worse the next morning (once);
//! - **red**: pain during or after [`RED_FROM`] or more, or the back worse
//!   the next morning twice in a row.
//!
//! A session with none of the three answers (or not done) is neither: it
//! moves nothing. Week by week, from the week before it:
//! - a red session: one level back from that week, and the flare-up plan;
//! - else an amber one: back to the last amounts that were green (or stay
//!   where that week was), until a green week;
//! - else two sessions "too easy" and no amber: one level ahead of the plan;
//! - else: the plan's own progression from where the person is.

use chrono::{Duration as Span, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{Effort, LogEntry, Morning};
use crate::routine::planner::{Level, STEP_MAX, STEP_MIN, Step, Tier, WEEKDAYS};

/// Pain (0–10) up to this is fine during and after a session.
pub const GREEN_MAX: u8 = 5;
/// Pain (0–10) from this is a flare-up.
pub const RED_FROM: u8 = 8;
/// Sessions felt too easy in one week (with nothing amber or red) that move
/// the next week one step ahead.
pub const TOO_EASY_TO_STEP_AHEAD: usize = 2;
/// How many weeks a saved routine runs (the length of the group exercise
/// programmes NICE NG59 refers to).
pub const WEEKS: u8 = 12;
/// Weeks 1 to this keep to the base tier: the plan as it was made, moved
/// only between the catalog's amounts. Variants come in after it.
pub const BASE_WEEKS: u8 = 4;
/// The flare-up plan covers this long after a red session.
pub const FLARE_HOURS: i64 = 48;
/// Two red sessions this close together add "book an appointment".
pub const REPEAT_RED_DAYS: i64 = 7;

/// How one logged session went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Green,
    Amber,
    Red,
}

/// Why a session was amber or red, in words that finish a sentence
/// ("because …").
fn why(entry: &LogEntry, light: Light, second_worse_morning: bool) -> String {
    let during = entry.pain_during.unwrap_or(0);
    let after = entry.pain.unwrap_or(0);
    let worst = during.max(after);
    let when = if during >= after { "during" } else { "after" };
    match light {
        Light::Red if second_worse_morning && worst < RED_FROM => {
            "your back felt worse the morning after two sessions in a row".to_owned()
        }
        Light::Red | Light::Amber if worst > GREEN_MAX => {
            format!("your pain was {worst} out of 10 {when} the session")
        }
        _ => "your back felt worse the next morning".to_owned(),
    }
}

/// The light of one session on its own (a second worse morning in a row is
/// found by [`adapt`]). `None`: not done, or none of the answers given.
pub fn light(entry: &LogEntry) -> Option<Light> {
    if !entry.done {
        return None;
    }
    if entry.pain_during.is_none() && entry.pain.is_none() && entry.morning.is_none() {
        return None;
    }
    let worst = entry.pain_during.unwrap_or(0).max(entry.pain.unwrap_or(0));
    Some(if worst >= RED_FROM {
        Light::Red
    } else if worst > GREEN_MAX || entry.morning == Some(Morning::Worse) {
        Light::Amber
    } else {
        Light::Green
    })
}

/// One week as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdaptedWeek {
    /// 1 to [`WEEKS`].
    pub number: u8,
    /// The level the plan gives this week: the planner's steps in weeks 1
    /// to 4, then one level a week on from where week 4 stands.
    pub planned: Level,
    /// The level it has now.
    pub level: Level,
    /// One sentence, when the week differs from the plan or holds it back.
    pub reason: Option<String>,
}

impl AdaptedWeek {
    /// The step of this week's amounts within its tier.
    pub fn step(&self) -> Step {
        self.level.step
    }
}

/// The flare-up plan, shown after a red session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flare {
    /// The red session: week and day (1 = Monday).
    pub week: u8,
    pub day: u8,
    /// Within the first 48 hours after it.
    pub recent: bool,
    /// A second red session within 7 days: book an appointment.
    pub repeated: bool,
}

/// The log read against the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adaptation {
    pub weeks: Vec<AdaptedWeek>,
    /// The latest red session, if no green or amber one came after it.
    pub flare: Option<Flare>,
    /// Each classified session: (week, day, light).
    pub lights: Vec<(u8, u8, Light)>,
}

impl Adaptation {
    /// The steps of weeks 1 to 4 (always in the base tier).
    pub fn steps(&self) -> [Step; 4] {
        let mut steps = [0; 4];
        for (i, week) in self.weeks.iter().take(4).enumerate() {
            steps[i] = week.level.step;
        }
        steps
    }

    /// Each week's level, for the planner.
    pub fn levels(&self) -> Vec<Level> {
        self.weeks.iter().map(|w| w.level).collect()
    }

    /// Has any week moved from the plan?
    pub fn changed(&self) -> bool {
        self.weeks.iter().any(|w| w.level != w.planned)
    }
}

fn weekday(day: u8) -> &'static str {
    WEEKDAYS
        .get(usize::from(day.saturating_sub(1)))
        .copied()
        .unwrap_or("a")
}

/// The bounds of the levels a plan's weeks may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ladder {
    /// The plan's own highest step.
    top: Step,
    /// Ladder indexes (see [`Level::index`]) of the base tier's lightest
    /// and top steps: the bounds of weeks 1 to [`BASE_WEEKS`].
    base_low: i16,
    base_high: i16,
    /// The highest index of the later weeks: the harder tier's top, or
    /// the base tier's for a gentle plan.
    high: i16,
}

impl Ladder {
    fn new(top: Step, gentle: bool) -> Ladder {
        let base_high = Level::base(top).index(top);
        Ladder {
            top,
            base_low: Level::base(STEP_MIN).index(top),
            base_high,
            high: if gentle {
                base_high
            } else {
                Level {
                    tier: Tier::Harder,
                    step: top,
                }
                .index(top)
            },
        }
    }

    /// The bounds of week `number`.
    fn bounds(&self, number: u8) -> (i16, i16) {
        if number <= BASE_WEEKS {
            (self.base_low, self.base_high)
        } else {
            (0, self.high)
        }
    }

    fn clamp(&self, number: u8, index: i16) -> i16 {
        let (low, high) = self.bounds(number);
        index.clamp(low, high)
    }

    fn level(&self, index: i16) -> Level {
        Level::at(index, self.top)
    }

    fn index(&self, level: Level) -> i16 {
        level.index(self.top)
    }

    /// The top index of the tier `index` is in.
    fn tier_top(&self, index: i16) -> i16 {
        self.index(Level {
            tier: self.level(index).tier,
            step: self.top,
        })
    }
}

/// The words for a change of tier from `from` to `to`, if it is one.
fn tier_change(from: Level, to: Level) -> Option<&'static str> {
    match (from.tier, to.tier) {
        (a, b) if a == b => None,
        (_, Tier::Harder) => Some("moves on to harder versions of your exercises"),
        (_, Tier::Easier) => Some("goes back to easier versions of your exercises"),
        (Tier::Harder, Tier::Base) => {
            Some("goes back from the harder versions to your usual exercises")
        }
        _ => Some("moves back up to your usual versions of the exercises"),
    }
}

/// Reads the log against the plan's own steps (`gentle`: the plan never
/// gets the harder tier). `log` may be in any order. Gives [`WEEKS`]
/// weeks: 1 to 4 in the base tier, as the planner made them unless the
/// log moves them; from week 5, one level a week on from where week 4
/// stands, up to the plan's top level, moved by the same rules.
pub fn adapt(
    planned: &[Step; 4],
    gentle: bool,
    log: &[LogEntry],
    now: NaiveDateTime,
) -> Adaptation {
    adapt_from(planned, gentle, log, None, now)
}

/// [`adapt`] for a routine that started on `start`: sessions are read in
/// the order of their real dates (week 1 starts on the day of saving, so a
/// Sunday session of week 1 comes before its Monday one), which decides the
/// latest session (the flare-up plan) and worse mornings in a row.
pub fn adapt_from(
    planned: &[Step; 4],
    gentle: bool,
    log: &[LogEntry],
    start: Option<NaiveDate>,
    now: NaiveDateTime,
) -> Adaptation {
    let mut entries: Vec<&LogEntry> = log.iter().collect();
    entries.sort_by_key(|e| {
        (
            start.map(|s| super::schedule::date_of(s, e.week, e.day)),
            e.week,
            e.day,
            e.logged_at,
        )
    });

    // Each session's light, with a second worse morning in a row counted as
    // red (sessions that were not done or have no answers are skipped and
    // do not break the run).
    let mut lights: Vec<(&LogEntry, Light, String)> = Vec::new();
    let mut last_morning_worse = false;
    // For the flare-up plan: the sessions, in order, that were red or not
    // done with pain of [`RED_FROM`] or more (a session is often skipped
    // because of a flare-up; it moves no amounts, but the advice applies),
    // and the latest session that had a light or such pain.
    let mut flares: Vec<&LogEntry> = Vec::new();
    let mut latest: Option<(&LogEntry, bool)> = None;
    for entry in entries {
        let worst = entry.pain_during.unwrap_or(0).max(entry.pain.unwrap_or(0));
        if !entry.done && worst >= RED_FROM {
            flares.push(entry);
            latest = Some((entry, true));
            continue;
        }
        let Some(mut light) = light(entry) else {
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
        let reason = why(entry, light, second);
        if light == Light::Red {
            flares.push(entry);
        }
        latest = Some((entry, light == Light::Red));
        lights.push((entry, light, reason));
    }

    // Never past the plan's own top amounts (a gentle plan stays gentle),
    // never below the lightest; weeks 1 to 4 keep to the base tier.
    let top = planned
        .iter()
        .copied()
        .max()
        .unwrap_or(STEP_MAX)
        .clamp(STEP_MIN, STEP_MAX);
    let ladder = Ladder::new(top, gentle);
    let planned_index = |w: usize| ladder.clamp(1, ladder.index(Level::base(planned[w])));
    let mut weeks = Vec::with_capacity(usize::from(WEEKS));
    let mut index = planned_index(0);
    weeks.push(AdaptedWeek {
        number: 1,
        planned: Level::base(planned[0]),
        level: ladder.level(index),
        reason: None,
    });
    // The level of the last week with a green session, if any, and
    // whether an amber session is holding the amounts until a green one.
    let mut last_green: Option<i16> = None;
    let mut holding = false;
    // Weeks after the fourth are planned one level a week on from it.
    let mut chain = index;
    for number in 2..=WEEKS {
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
        let of_week: Vec<&(&LogEntry, Light, String)> = lights
            .iter()
            .filter(|(e, ..)| e.week == previous_week)
            .collect();
        let red = of_week.iter().find(|(_, l, _)| *l == Light::Red);
        let amber = of_week.iter().find(|(_, l, _)| *l == Light::Amber);
        let greens = of_week
            .iter()
            .filter(|(_, l, _)| *l == Light::Green)
            .count();
        let too_easy = of_week
            .iter()
            .filter(|(e, l, _)| *l == Light::Green && e.effort == Some(Effort::TooEasy))
            .count();
        let previous = index;
        if greens > 0 {
            last_green = Some(previous);
        }
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
        // Following the plan from where the previous week left the person:
        // why, when that is not where the plan would be.
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
        let (next, reason) = if let Some((entry, _, because)) = red {
            holding = true;
            // In the harder tier, exercises without a harder version stay
            // at the usual top amounts at every step, so one step down
            // would leave most of the week as it was: a red goes below the
            // usual exercises' top instead, so every exercise gets lighter.
            let back = if ladder.level(previous).tier == Tier::Harder {
                ladder.index(Level::base(ladder.top - 1))
            } else {
                previous - 1
            };
            let next = ladder.clamp(number, back);
            let what = match tier_change(ladder.level(previous), ladder.level(next)) {
                Some(what) => what,
                None if next < previous => "steps back to lighter amounts",
                None => "stays at the lightest amounts",
            };
            (
                next,
                Some(format!(
                    "Week {number} {what} because {because} on {} of week {previous_week}.",
                    weekday(entry.day)
                )),
            )
        } else if let Some((entry, _, because)) = amber {
            holding = true;
            let next = ladder.clamp(number, last_green.map_or(previous, |g| g.min(previous)));
            let what = if next < previous {
                "goes back to the last amounts that felt fine".to_owned()
            } else {
                format!("repeats week {previous_week}'s amounts")
            };
            (
                next,
                Some(format!(
                    "Week {number} {what} because {because} on {} of week {previous_week}.",
                    weekday(entry.day)
                )),
            )
        } else if holding && greens == 0 {
            // Held after an amber session, and no green one since: a week
            // with nothing logged moves nothing.
            (
                ladder.clamp(number, previous),
                Some(format!(
                    "Week {number} stays at week {previous_week}'s amounts until a session feels fine again."
                )),
            )
        } else if greens > 0 && too_easy >= TOO_EASY_TO_STEP_AHEAD {
            let next = ahead(previous + increment + 1);
            let reason = if next > ahead(previous + increment) {
                let what = tier_change(ladder.level(previous), ladder.level(next))
                    .unwrap_or("moves one step ahead");
                Some(format!(
                    "Week {number} {what} because {too_easy} sessions of week {previous_week} felt too easy."
                ))
            } else {
                carries_on(next)
            };
            (next, reason)
        } else {
            let next = ahead(previous + increment);
            (next, carries_on(next))
        };
        if red.is_none() && amber.is_none() && greens > 0 {
            holding = false;
        }
        index = next;
        weeks.push(AdaptedWeek {
            number,
            planned: planned_level,
            level: ladder.level(index),
            reason,
        });
    }

    // The flare-up plan: the latest red (or painful skipped) session,
    // unless a calmer one came after it.
    let flare = latest.filter(|(_, flared)| *flared).map(|(entry, _)| {
        let repeated = flares.iter().any(|other| {
            !std::ptr::eq(*other, entry)
                && (entry.logged_at - other.logged_at).abs() <= Span::days(REPEAT_RED_DAYS)
        });
        Flare {
            week: entry.week,
            day: entry.day,
            recent: now - entry.logged_at <= Span::hours(FLARE_HOURS),
            repeated,
        }
    });
    Adaptation {
        weeks,
        flare,
        lights: lights
            .iter()
            .map(|(e, light, _)| (e.week, e.day, *light))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .unwrap()
    }

    fn entry(week: u8, day: u8) -> LogEntry {
        LogEntry {
            week,
            day,
            done: true,
            pain: None,
            pain_during: None,
            effort: None,
            morning: None,
            note: String::new(),
            logged_at: at(1, 18) + Span::days(i64::from(week) * 7 + i64::from(day)),
        }
    }

    fn with(mut e: LogEntry, during: Option<u8>, after: Option<u8>) -> LogEntry {
        e.pain_during = during;
        e.pain = after;
        e
    }

    const NORMAL: [Step; 4] = [0, 1, 2, 3];
    const GENTLE: [Step; 4] = [-1, -1, 0, 0];

    #[test]
    fn lights_follow_the_pain_monitoring_thresholds() {
        assert_eq!(light(&entry(1, 1)), None, "no answers: no light");
        let mut not_done = with(entry(1, 1), Some(9), Some(9));
        not_done.done = false;
        assert_eq!(light(&not_done), None);
        for pain in 0..=10u8 {
            let expected = match pain {
                0..=5 => Light::Green,
                6 | 7 => Light::Amber,
                _ => Light::Red,
            };
            assert_eq!(light(&with(entry(1, 1), Some(pain), None)), Some(expected));
            assert_eq!(light(&with(entry(1, 1), None, Some(pain))), Some(expected));
        }
        let mut worse = with(entry(1, 1), Some(2), Some(2));
        worse.morning = Some(Morning::Worse);
        assert_eq!(light(&worse), Some(Light::Amber));
    }

    #[test]
    fn sessions_are_read_in_the_order_of_their_real_dates() {
        // Saved on a Sunday: week 1's Sunday session comes first, its
        // Monday session the next day. A red Monday after a green Sunday is
        // the latest session: the flare-up plan shows.
        let sunday = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let green = with(entry(1, 7), Some(2), Some(2));
        let red = with(entry(1, 1), Some(9), None);
        let now = at(30, 20);
        let a = adapt_from(
            &NORMAL,
            false,
            &[green.clone(), red.clone()],
            Some(sunday),
            now,
        );
        assert!(a.flare.is_some(), "the red session is the latest one");
        // Read by week and day number alone, the green would look later.
        assert!(adapt(&NORMAL, false, &[green, red], now).flare.is_none());
    }

    #[test]
    fn a_red_week_in_the_harder_versions_goes_below_the_usual_top() {
        let mut log = Vec::new();
        for week in 1..=8u8 {
            for day in [1, 3, 5] {
                let mut e = with(entry(week, day), Some(1), Some(1));
                e.effort = Some(Effort::TooEasy);
                log.push(e);
            }
        }
        let a = adapt(&NORMAL, false, &log, at(28, 9));
        let harder = a.weeks.iter().position(|w| w.level.tier == Tier::Harder);
        let Some(first_harder) = harder else {
            panic!("never reached the harder versions: {:?}", a.levels());
        };
        // A red session in the first harder week.
        let week = a.weeks[first_harder].number;
        let mut with_red: Vec<LogEntry> = log.into_iter().filter(|e| e.week < week).collect();
        with_red.push(with(entry(week, 1), Some(9), None));
        let b = adapt(&NORMAL, false, &with_red, at(28, 9));
        let after = b.weeks[first_harder + 1].level;
        assert_eq!(after, Level::base(2), "{:?}", b.levels());
    }

    #[test]
    fn a_session_skipped_with_severe_pain_shows_the_flare_up_advice_but_moves_nothing() {
        let mut skipped = with(entry(1, 1), None, Some(9));
        skipped.done = false;
        let a = adapt(&NORMAL, false, &[skipped.clone()], skipped.logged_at);
        assert!(a.flare.is_some());
        assert_eq!(a.steps(), NORMAL, "a skipped session moves no amounts");
        assert!(a.lights.is_empty());
        // A calm session afterwards ends it.
        let calm = with(entry(1, 3), Some(2), Some(2));
        assert!(
            adapt(&NORMAL, false, &[skipped, calm], at(30, 9))
                .flare
                .is_none()
        );
    }

    #[test]
    fn no_log_follows_the_plan_exactly() {
        let a = adapt(&NORMAL, false, &[], at(1, 9));
        assert_eq!(a.steps(), NORMAL);
        assert!(!a.changed());
        assert!(a.weeks.iter().all(|w| w.reason.is_none()));
        assert_eq!(a.flare, None);
    }

    #[test]
    fn two_too_easy_green_sessions_move_the_next_week_one_step_ahead() {
        let mut log = Vec::new();
        for day in [1, 3] {
            let mut e = with(entry(1, day), Some(2), Some(1));
            e.effort = Some(Effort::TooEasy);
            log.push(e);
        }
        let a = adapt(&NORMAL, false, &log, at(10, 9));
        assert_eq!(a.steps(), [0, 2, 3, 3]);
        let reason = a.weeks[1].reason.as_deref().unwrap();
        assert!(reason.contains("Week 2 moves one step ahead"), "{reason}");
        // One too easy is not enough.
        let a = adapt(&NORMAL, false, &log[..1], at(10, 9));
        assert_eq!(a.steps(), NORMAL);
    }

    #[test]
    fn an_amber_session_holds_and_a_red_one_steps_back_with_the_flare_plan() {
        // Week 2: fine on Monday, amber on Wednesday. Week 3 repeats week
        // 2, and week 4 stays there while nothing green is logged.
        let amber = vec![
            with(entry(1, 1), Some(3), Some(3)),
            with(entry(2, 1), Some(3), Some(3)),
            with(entry(2, 3), Some(6), Some(4)),
        ];
        let a = adapt(&NORMAL, false, &amber, at(20, 9));
        assert_eq!(a.steps(), [0, 1, 1, 1]);
        assert_eq!(
            a.weeks[2].reason.as_deref(),
            Some(
                "Week 3 repeats week 2's amounts because your pain was 6 out of 10 during the session on Wednesday of week 2."
            )
        );
        assert!(
            a.weeks[3]
                .reason
                .as_deref()
                .unwrap()
                .contains("until a session feels fine")
        );
        assert_eq!(a.flare, None);
        // A green week 3 releases the hold: week 4 follows the plan again.
        let mut released = amber.clone();
        released.push(with(entry(3, 1), Some(2), Some(2)));
        assert_eq!(
            adapt(&NORMAL, false, &released, at(27, 9)).steps(),
            [0, 1, 1, 2]
        );
        // Amber in week 2 with nothing green in it: back to week 1's amounts.
        let back = vec![
            with(entry(1, 1), Some(3), Some(3)),
            with(entry(2, 3), Some(7), None),
        ];
        let a = adapt(&NORMAL, false, &back, at(20, 9));
        assert_eq!(a.steps(), [0, 1, 0, 0]);
        assert!(
            a.weeks[2]
                .reason
                .as_deref()
                .unwrap()
                .contains("last amounts that felt fine")
        );

        // Red on Monday of week 1: week 2 steps back, and the flare plan.
        let red = vec![with(entry(1, 1), Some(8), Some(6))];
        let now = red[0].logged_at + Span::hours(3);
        let a = adapt(&NORMAL, false, &red, now);
        // It stays there until a session feels fine again.
        assert_eq!(a.steps(), [0, -1, -1, -1]);
        assert!(a.weeks[1].reason.as_deref().unwrap().contains("steps back"));
        let flare = a.flare.unwrap();
        assert!(flare.recent && !flare.repeated);
        // A calm session afterwards ends the flare-up plan.
        let mut calm = red.clone();
        calm.push(with(entry(1, 3), Some(2), Some(2)));
        assert_eq!(adapt(&NORMAL, false, &calm, now).flare, None);
    }

    #[test]
    fn a_worse_morning_twice_in_a_row_is_red_and_two_reds_in_a_week_ask_for_an_appointment() {
        let mut first = with(entry(1, 1), Some(3), Some(3));
        first.morning = Some(Morning::Worse);
        let mut second = with(entry(1, 3), Some(3), Some(3));
        second.morning = Some(Morning::Worse);
        let a = adapt(&NORMAL, false, &[first.clone(), second.clone()], at(12, 9));
        assert_eq!(a.lights[1].2, Light::Red);
        assert!(
            a.weeks[1]
                .reason
                .as_deref()
                .unwrap()
                .contains("two sessions in a row")
        );
        // A skipped session in between does not break the run.
        let mut skipped = entry(1, 2);
        skipped.done = false;
        let a = adapt(&NORMAL, false, &[first, skipped, second], at(12, 9));
        assert_eq!(a.lights.len(), 2);
        assert_eq!(a.lights[1].2, Light::Red);

        let reds = vec![
            with(entry(1, 1), Some(9), None),
            with(entry(1, 4), Some(8), None),
        ];
        let flare = adapt(&NORMAL, false, &reds, at(12, 9)).flare.unwrap();
        assert!(flare.repeated);
        assert_eq!((flare.week, flare.day), (1, 4));
    }

    #[test]
    fn steps_stay_within_the_catalogs_amounts() {
        let mut reds = Vec::new();
        for week in 1..=3 {
            reds.push(with(entry(week, 1), Some(10), Some(10)));
        }
        let a = adapt(&[-1, -1, 0, 0], true, &reds, at(28, 9));
        assert!(a.steps().iter().all(|s| (STEP_MIN..=STEP_MAX).contains(s)));
        assert_eq!(a.steps(), [-1, -1, -1, -1]);
        assert!(
            a.weeks[1]
                .reason
                .as_deref()
                .unwrap()
                .contains("stays at the lightest")
        );
    }

    fn too_easy(week: u8, day: u8) -> LogEntry {
        let mut e = with(entry(week, day), Some(2), Some(1));
        e.effort = Some(Effort::TooEasy);
        e
    }

    fn harder(step: Step) -> Level {
        Level {
            tier: Tier::Harder,
            step,
        }
    }

    #[test]
    fn after_week_4_the_plan_goes_on_one_level_a_week_into_the_harder_versions() {
        let a = adapt(&NORMAL, false, &[], at(1, 9));
        assert_eq!(a.weeks.len(), 12);
        let later: Vec<Level> = a.levels().into_iter().skip(4).collect();
        assert_eq!(
            later,
            [
                harder(-1),
                harder(0),
                harder(1),
                harder(2),
                harder(3),
                harder(3),
                harder(3),
                harder(3)
            ]
        );
        assert!(!a.changed());
        assert!(a.weeks.iter().all(|w| w.reason.is_none()));
        // After a slower start the top is the catalog's week 3.
        let a = adapt(&[-1, 0, 1, 2], false, &[], at(1, 9));
        assert_eq!(a.weeks[4].level, harder(-1));
        assert_eq!(a.weeks[11].level, harder(2));
    }

    #[test]
    fn the_harder_versions_come_only_after_the_base_top_with_nothing_amber_or_red() {
        // Week 3 fine, week 4 amber: week 5 repeats week 4's amounts, in
        // the base tier, and waits for a green session.
        let log = vec![
            with(entry(3, 1), Some(2), Some(2)),
            with(entry(4, 1), Some(6), Some(3)),
        ];
        let a = adapt(&NORMAL, false, &log, at(30, 9));
        assert_eq!(a.weeks[4].level, Level::base(2));
        assert!(
            a.weeks[4]
                .reason
                .as_deref()
                .unwrap()
                .starts_with("Week 5 goes back to the last amounts that felt fine")
        );
        assert_eq!(a.weeks[5].level, Level::base(2));
        // A red in week 4 steps back within the base tier.
        let red = vec![with(entry(4, 2), Some(8), Some(3))];
        let a = adapt(&NORMAL, false, &red, at(30, 9));
        assert_eq!(a.weeks[4].level, Level::base(2));
        // Two too easy sessions at the base top: the harder versions at
        // their week-1 amounts, and the page says so.
        let easy = vec![too_easy(4, 1), too_easy(4, 3)];
        let a = adapt(&NORMAL, false, &easy, at(30, 9));
        assert_eq!(a.weeks[4].level, harder(0));
        assert_eq!(
            a.weeks[4].reason.as_deref(),
            Some(
                "Week 5 moves on to harder versions of your exercises because 2 sessions of week 4 felt too easy."
            )
        );
        // Below the base top, too easy moves ahead but stops at the top.
        let held = vec![
            with(entry(2, 1), Some(8), None),
            too_easy(4, 1),
            too_easy(4, 3),
        ];
        let a = adapt(&NORMAL, false, &held, at(30, 9));
        assert_eq!(a.weeks[3].level, Level::base(0));
        assert_eq!(a.weeks[4].level, Level::base(2));
        // A red in the harder tier goes back to the usual exercises, below
        // their top, so every exercise gets lighter.
        let back = vec![with(entry(5, 1), Some(9), None)];
        let a = adapt(&NORMAL, false, &back, at(30, 9));
        assert_eq!(a.weeks[5].level, Level::base(2));
        assert!(
            a.weeks[5]
                .reason
                .as_deref()
                .unwrap()
                .starts_with("Week 6 goes back from the harder versions to your usual exercises because your pain was 9 out of 10")
        );
    }

    #[test]
    fn a_red_session_at_the_lightest_amounts_goes_back_to_easier_versions_after_week_4() {
        // Red in week 1: weeks 2 to 4 at the lightest amounts (the base
        // tier's floor in the first four weeks)...
        let mut log = vec![with(entry(1, 1), Some(8), None)];
        log.push(with(entry(3, 1), Some(9), None));
        let a = adapt(&NORMAL, false, &log, at(30, 9));
        assert_eq!(a.steps(), [0, -1, -1, -1]);
        assert!(
            a.weeks[3]
                .reason
                .as_deref()
                .unwrap()
                .contains("stays at the lightest")
        );
        // ...and a red in week 4 there takes week 5 to the easier versions.
        log.push(with(entry(4, 1), Some(8), None));
        let a = adapt(&NORMAL, false, &log, at(30, 9));
        assert_eq!(
            a.weeks[4].level,
            Level {
                tier: Tier::Easier,
                step: 3
            }
        );
        assert_eq!(
            a.weeks[4].reason.as_deref(),
            Some(
                "Week 5 goes back to easier versions of your exercises because your pain was 8 out of 10 during the session on Monday of week 4."
            )
        );
        // It holds there until a green session, then climbs back.
        assert_eq!(a.weeks[5].level, a.weeks[4].level);
        log.push(with(entry(6, 1), Some(2), Some(2)));
        let a = adapt(&NORMAL, false, &log, at(30, 9));
        assert_eq!(a.weeks[6].level, Level::base(-1));
        assert!(
            a.weeks[6]
                .reason
                .as_deref()
                .unwrap()
                .starts_with("Week 7 moves back up to your usual versions of the exercises")
        );
    }

    #[test]
    fn a_gentle_plan_never_gets_the_harder_versions() {
        let a = adapt(&GENTLE, true, &[], at(1, 9));
        assert!(a.levels().iter().all(|l| l.tier == Tier::Base));
        assert_eq!(a.weeks[11].level, Level::base(0));
        let easy: Vec<LogEntry> = (1..=WEEKS)
            .flat_map(|w| [too_easy(w, 1), too_easy(w, 3)])
            .collect();
        let a = adapt(&GENTLE, true, &easy, at(30, 9));
        assert!(a.levels().iter().all(|l| l.tier == Tier::Base));
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;
        use super::{GENTLE, NORMAL, at};

        fn an_entry() -> impl Strategy<Value = LogEntry> {
            (
                1u8..=WEEKS,
                1u8..=7,
                proptest::bool::weighted(0.9),
                proptest::option::of(0u8..=10),
                proptest::option::of(0u8..=10),
                proptest::option::of(proptest::sample::select(Effort::ALL.to_vec())),
                proptest::option::of(proptest::sample::select(Morning::ALL.to_vec())),
                0u32..2000,
            )
                .prop_map(
                    |(week, day, done, pain_during, pain, effort, morning, hours)| LogEntry {
                        week,
                        day,
                        done,
                        pain,
                        pain_during,
                        effort,
                        morning,
                        note: String::new(),
                        logged_at: at(1, 0) + Span::hours(i64::from(hours)),
                    },
                )
        }

        /// One entry per session, as the database keeps them.
        fn a_log() -> impl Strategy<Value = Vec<LogEntry>> {
            proptest::collection::vec(an_entry(), 0..60).prop_map(|mut log| {
                log.sort_by_key(|e| (e.week, e.day));
                log.dedup_by_key(|e| (e.week, e.day));
                log
            })
        }

        fn planned() -> impl Strategy<Value = [Step; 4]> {
            proptest::sample::select(vec![NORMAL, [-1, 0, 1, 2], GENTLE])
        }

        fn is_gentle(planned: &[Step; 4]) -> bool {
            *planned == GENTLE
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn levels_stay_within_caps_and_never_rise_after_a_red_week(
                planned in planned(),
                log in a_log(),
            ) {
                let gentle = is_gentle(&planned);
                let a = adapt(&planned, gentle, &log, at(30, 9));
                let top = *planned.iter().max().unwrap();
                let index = |l: Level| l.index(top);
                let lowest = Level { tier: Tier::Easier, step: STEP_MIN };
                let highest = if gentle {
                    Level::base(top)
                } else {
                    Level { tier: Tier::Harder, step: top }
                };
                prop_assert_eq!(a.weeks.len(), usize::from(WEEKS));
                for (w, week) in a.weeks.iter().enumerate() {
                    prop_assert_eq!(usize::from(week.number), w + 1);
                    let l = week.level;
                    prop_assert!((STEP_MIN..=top).contains(&l.step), "{:?}", a.weeks);
                    if week.number <= BASE_WEEKS {
                        prop_assert_eq!(l.tier, Tier::Base);
                    } else {
                        prop_assert!(index(lowest) <= index(l) && index(l) <= index(highest));
                    }
                    if gentle {
                        prop_assert!(l.tier != Tier::Harder);
                    }
                    if w == 0 {
                        prop_assert_eq!(l, Level::base(planned[0]));
                        continue;
                    }
                    let previous = a.weeks[w - 1].level;
                    let previous_week = u8::try_from(w).unwrap();
                    let red = a
                        .lights
                        .iter()
                        .any(|(wk, _, l)| *wk == previous_week && *l == Light::Red);
                    let amber = a
                        .lights
                        .iter()
                        .any(|(wk, _, l)| *wk == previous_week && *l == Light::Amber);
                    let floor = if week.number <= BASE_WEEKS {
                        Level::base(STEP_MIN)
                    } else {
                        lowest
                    };
                    if red {
                        prop_assert!(index(l) <= index(previous), "rose after a red week: {:?}", a.weeks);
                        prop_assert!(index(l) < index(previous) || index(previous) <= index(floor));
                    }
                    if amber {
                        prop_assert!(index(l) <= index(previous), "rose after an amber week: {:?}", a.weeks);
                    }
                    // A new tier only from the top of the one before, after
                    // a week with nothing amber or red.
                    if l.tier > previous.tier {
                        prop_assert_eq!(previous.step, top, "{:?}", a.weeks);
                        prop_assert!(!red && !amber);
                    }
                    // At most one level beyond the plan's own increment.
                    let increment = if week.number <= BASE_WEEKS {
                        (planned[w] - planned[w - 1]).max(0)
                    } else {
                        1
                    };
                    prop_assert!(index(l) <= index(previous) + i16::from(increment) + 1);
                    // A changed week always says why.
                    if l != week.planned {
                        prop_assert!(week.reason.is_some(), "{:?}", a.weeks);
                    }
                }
            }

            #[test]
            fn the_same_log_in_any_order_gives_the_same_adaptation(
                planned in planned(),
                log in a_log(),
            ) {
                let gentle = is_gentle(&planned);
                let a = adapt(&planned, gentle, &log, at(30, 9));
                let mut reversed = log.clone();
                reversed.reverse();
                prop_assert_eq!(&a, &adapt(&planned, gentle, &reversed, at(30, 9)));
                prop_assert_eq!(&a, &adapt(&planned, gentle, &log, at(30, 9)));
            }

            #[test]
            fn sessions_with_no_answers_move_nothing(
                planned in planned(),
                log in a_log(),
            ) {
                let silent: Vec<LogEntry> = log
                    .iter()
                    .map(|e| LogEntry {
                        pain: None,
                        pain_during: None,
                        morning: None,
                        ..e.clone()
                    })
                    .collect();
                let gentle = is_gentle(&planned);
                let a = adapt(&planned, gentle, &silent, at(30, 9));
                prop_assert_eq!(a.steps(), planned);
                prop_assert!(!a.changed());
                prop_assert_eq!(a, adapt(&planned, gentle, &[], at(30, 9)));
            }
        }

        fn all_green_and_too_easy() -> Vec<LogEntry> {
            let mut log = Vec::new();
            for week in 1..=WEEKS {
                for day in [1, 3, 5] {
                    log.push(LogEntry {
                        week,
                        day,
                        done: true,
                        pain: Some(1),
                        pain_during: Some(2),
                        effort: Some(Effort::TooEasy),
                        morning: Some(Morning::Same),
                        note: String::new(),
                        logged_at: at(1, 18) + Span::days(i64::from(week) * 7 + i64::from(day)),
                    });
                }
            }
            log
        }

        #[test]
        fn all_green_and_too_easy_reaches_the_top_no_sooner_than_the_rules_allow() {
            let log = all_green_and_too_easy();
            // From a slower start: -1, then +1 plan and +1 ahead each week.
            let a = adapt(&[-1, 0, 1, 2], false, &log, at(30, 9));
            assert_eq!(a.steps(), [-1, 1, 2, 2]);
            let a = adapt(&NORMAL, false, &log, at(30, 9));
            assert_eq!(a.steps(), [0, 2, 3, 3]);
            // Then two levels a week, never skipping a tier's top: the
            // harder tier's step 0 (from the base top), 2, then its top.
            let harder = |step| Level {
                tier: Tier::Harder,
                step,
            };
            let later: Vec<Level> = a.levels().into_iter().skip(4).collect();
            assert_eq!(
                later,
                [
                    harder(0),
                    harder(2),
                    harder(3),
                    harder(3),
                    harder(3),
                    harder(3),
                    harder(3),
                    harder(3)
                ]
            );
            // A gentle plan stays in the base tier, at its top.
            let a = adapt(&GENTLE, true, &log, at(30, 9));
            assert!(
                a.levels().iter().skip(3).all(|l| *l == Level::base(0)),
                "{:?}",
                a.levels()
            );
        }
    }
}
