//! A saved routine that responds to the person: the pain-monitoring rules
//! turn the progress log into each week's amounts, with a reason a person
//! can read, and say when to show the flare-up plan.
//!
//! Pure and deterministic: (the plan's own steps, the log, now) → the steps
//! as they stand, their reasons and the flare-up state. The saved plan
//! snapshot is never changed; the adapted weeks are rebuilt by the planner
//! itself ([`crate::routine::planner::plan_at_steps`]), so every safety rule
//! of the planner still holds after any adaptation.
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
//! - a red session: one step back from that week, and the flare-up plan;
//! - else an amber one: back to the last amounts that were green (or stay
//!   where that week was), until a green week;
//! - else two sessions "too easy" and no amber: one step ahead of the plan;
//! - else: the plan's own progression from where the person is.
//!
//! Steps never go beyond the plan's own top amounts (the catalog's week 4
//! for most; week 1 for a gentle plan) or below the lightest.

use chrono::{Duration as Span, NaiveDateTime};
use serde::Serialize;

use super::{Effort, LogEntry, Morning};
use crate::routine::planner::{STEP_MAX, STEP_MIN, Step, WEEKDAYS};

/// Pain (0–10) up to this is fine during and after a session.
pub const GREEN_MAX: u8 = 5;
/// Pain (0–10) from this is a flare-up.
pub const RED_FROM: u8 = 8;
/// Sessions felt too easy in one week (with nothing amber or red) that move
/// the next week one step ahead.
pub const TOO_EASY_TO_STEP_AHEAD: usize = 2;
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
    /// 1 to 4.
    pub number: u8,
    /// The planner's step for this week.
    pub planned: Step,
    /// The step it has now.
    pub step: Step,
    /// One sentence, when the week differs from the plan or holds it back.
    pub reason: Option<String>,
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
    /// The steps of the four weeks, for the planner.
    pub fn steps(&self) -> [Step; 4] {
        let mut steps = [0; 4];
        for (i, week) in self.weeks.iter().take(4).enumerate() {
            steps[i] = week.step;
        }
        steps
    }

    /// Has any week moved from the plan?
    pub fn changed(&self) -> bool {
        self.weeks.iter().any(|w| w.step != w.planned)
    }
}

fn weekday(day: u8) -> &'static str {
    WEEKDAYS
        .get(usize::from(day.saturating_sub(1)))
        .copied()
        .unwrap_or("a")
}

/// Reads the log against the plan's own steps. `log` may be in any order.
pub fn adapt(planned: &[Step; 4], log: &[LogEntry], now: NaiveDateTime) -> Adaptation {
    let mut entries: Vec<&LogEntry> = log.iter().collect();
    entries.sort_by_key(|e| (e.week, e.day));

    // Each session's light, with a second worse morning in a row counted as
    // red (sessions that were not done or have no answers are skipped and
    // do not break the run).
    let mut lights: Vec<(&LogEntry, Light, String)> = Vec::new();
    let mut last_morning_worse = false;
    for entry in entries {
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
        lights.push((entry, light, reason));
    }

    // Never past the plan's own top amounts (a gentle plan stays gentle),
    // never below the lightest.
    let top = planned
        .iter()
        .copied()
        .max()
        .unwrap_or(STEP_MAX)
        .min(STEP_MAX);
    let clamp = |s: Step| s.clamp(STEP_MIN, top);
    let mut weeks = Vec::with_capacity(4);
    let mut step = clamp(planned[0]);
    weeks.push(AdaptedWeek {
        number: 1,
        planned: planned[0],
        step,
        reason: None,
    });
    // The amounts of the last week with a green session, if any, and
    // whether an amber session is holding the amounts until a green one.
    let mut last_green: Option<Step> = None;
    let mut holding = false;
    for w in 1..4usize {
        let previous_week = u8::try_from(w).unwrap_or(4);
        let number = previous_week + 1;
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
        let increment = (planned[w] - planned[w - 1]).max(0);
        let previous = step;
        if greens > 0 {
            last_green = Some(previous);
        }
        let (next, reason) = if let Some((entry, _, because)) = red {
            holding = true;
            let next = clamp(previous - 1);
            let what = if next < previous {
                "steps back to lighter amounts"
            } else {
                "stays at the lightest amounts"
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
            let next = last_green.map_or(previous, |g| g.min(previous));
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
                previous,
                Some(format!(
                    "Week {number} stays at week {previous_week}'s amounts until a session feels fine again."
                )),
            )
        } else if greens > 0 && too_easy >= TOO_EASY_TO_STEP_AHEAD {
            let next = clamp(previous + increment + 1);
            let reason = (next > previous + increment).then(|| {
                format!(
                    "Week {number} moves one step ahead because {too_easy} sessions of week {previous_week} felt too easy."
                )
            });
            (next, reason)
        } else {
            let next = clamp(previous + increment);
            let reason = (next != clamp(planned[w])).then(|| {
                format!(
                    "Week {number} carries on from where week {previous_week} left you, so it is {} than first planned.",
                    if next < planned[w] { "lighter" } else { "harder" }
                )
            });
            (next, reason)
        };
        if red.is_none() && amber.is_none() && greens > 0 {
            holding = false;
        }
        step = next;
        weeks.push(AdaptedWeek {
            number,
            planned: planned[w],
            step,
            reason,
        });
    }

    // The flare-up plan: the latest red session, unless a calmer one came
    // after it.
    let flare = lights
        .last()
        .filter(|(_, light, _)| *light == Light::Red)
        .map(|(entry, ..)| {
            let repeated = lights.iter().any(|(other, light, _)| {
                *light == Light::Red
                    && !std::ptr::eq(*other, *entry)
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
    fn no_log_follows_the_plan_exactly() {
        let a = adapt(&NORMAL, &[], at(1, 9));
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
        let a = adapt(&NORMAL, &log, at(10, 9));
        assert_eq!(a.steps(), [0, 2, 3, 3]);
        let reason = a.weeks[1].reason.as_deref().unwrap();
        assert!(reason.contains("Week 2 moves one step ahead"), "{reason}");
        // One too easy is not enough.
        let a = adapt(&NORMAL, &log[..1], at(10, 9));
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
        let a = adapt(&NORMAL, &amber, at(20, 9));
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
        assert_eq!(adapt(&NORMAL, &released, at(27, 9)).steps(), [0, 1, 1, 2]);
        // Amber in week 2 with nothing green in it: back to week 1's amounts.
        let back = vec![
            with(entry(1, 1), Some(3), Some(3)),
            with(entry(2, 3), Some(7), None),
        ];
        let a = adapt(&NORMAL, &back, at(20, 9));
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
        let a = adapt(&NORMAL, &red, now);
        // It stays there until a session feels fine again.
        assert_eq!(a.steps(), [0, -1, -1, -1]);
        assert!(a.weeks[1].reason.as_deref().unwrap().contains("steps back"));
        let flare = a.flare.unwrap();
        assert!(flare.recent && !flare.repeated);
        // A calm session afterwards ends the flare-up plan.
        let mut calm = red.clone();
        calm.push(with(entry(1, 3), Some(2), Some(2)));
        assert_eq!(adapt(&NORMAL, &calm, now).flare, None);
    }

    #[test]
    fn a_worse_morning_twice_in_a_row_is_red_and_two_reds_in_a_week_ask_for_an_appointment() {
        let mut first = with(entry(1, 1), Some(3), Some(3));
        first.morning = Some(Morning::Worse);
        let mut second = with(entry(1, 3), Some(3), Some(3));
        second.morning = Some(Morning::Worse);
        let a = adapt(&NORMAL, &[first.clone(), second.clone()], at(12, 9));
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
        let a = adapt(&NORMAL, &[first, skipped, second], at(12, 9));
        assert_eq!(a.lights.len(), 2);
        assert_eq!(a.lights[1].2, Light::Red);

        let reds = vec![
            with(entry(1, 1), Some(9), None),
            with(entry(1, 4), Some(8), None),
        ];
        let flare = adapt(&NORMAL, &reds, at(12, 9)).flare.unwrap();
        assert!(flare.repeated);
        assert_eq!((flare.week, flare.day), (1, 4));
    }

    #[test]
    fn steps_stay_within_the_catalogs_amounts() {
        let mut reds = Vec::new();
        for week in 1..=3 {
            reds.push(with(entry(week, 1), Some(10), Some(10)));
        }
        let a = adapt(&[-1, -1, 0, 0], &reds, at(28, 9));
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

    mod properties {
        use proptest::prelude::*;

        use super::super::*;
        use super::{NORMAL, at};

        fn an_entry() -> impl Strategy<Value = LogEntry> {
            (
                1u8..=4,
                1u8..=7,
                proptest::bool::weighted(0.9),
                proptest::option::of(0u8..=10),
                proptest::option::of(0u8..=10),
                proptest::option::of(proptest::sample::select(Effort::ALL.to_vec())),
                proptest::option::of(proptest::sample::select(Morning::ALL.to_vec())),
                0u32..600,
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
            proptest::collection::vec(an_entry(), 0..24).prop_map(|mut log| {
                log.sort_by_key(|e| (e.week, e.day));
                log.dedup_by_key(|e| (e.week, e.day));
                log
            })
        }

        fn planned() -> impl Strategy<Value = [Step; 4]> {
            proptest::sample::select(vec![NORMAL, [-1, 0, 1, 2], [-1, -1, 0, 0]])
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn steps_stay_within_caps_and_never_rise_after_a_red_week(
                planned in planned(),
                log in a_log(),
            ) {
                let a = adapt(&planned, &log, at(30, 9));
                let top = *planned.iter().max().unwrap();
                for (w, week) in a.weeks.iter().enumerate() {
                    prop_assert!((STEP_MIN..=top).contains(&week.step));
                    if w == 0 {
                        prop_assert_eq!(week.step, planned[0]);
                        continue;
                    }
                    let previous = a.weeks[w - 1].step;
                    let previous_week = u8::try_from(w).unwrap();
                    let red = a
                        .lights
                        .iter()
                        .any(|(wk, _, l)| *wk == previous_week && *l == Light::Red);
                    let amber = a
                        .lights
                        .iter()
                        .any(|(wk, _, l)| *wk == previous_week && *l == Light::Amber);
                    if red {
                        prop_assert!(week.step <= previous, "rose after a red week: {:?}", a.weeks);
                        prop_assert!(week.step < previous || previous == STEP_MIN);
                    }
                    if amber {
                        prop_assert!(week.step <= previous, "rose after an amber week: {:?}", a.weeks);
                    }
                    // At most one step beyond the plan's own increment.
                    let increment = (planned[w] - planned[w - 1]).max(0);
                    prop_assert!(week.step <= previous + increment + 1);
                    // A changed week always says why.
                    if week.step != week.planned {
                        prop_assert!(week.reason.is_some(), "{:?}", a.weeks);
                    }
                }
            }

            #[test]
            fn the_same_log_in_any_order_gives_the_same_adaptation(
                planned in planned(),
                log in a_log(),
            ) {
                let a = adapt(&planned, &log, at(30, 9));
                let mut reversed = log.clone();
                reversed.reverse();
                prop_assert_eq!(&a, &adapt(&planned, &reversed, at(30, 9)));
                prop_assert_eq!(&a, &adapt(&planned, &log, at(30, 9)));
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
                let a = adapt(&planned, &silent, at(30, 9));
                prop_assert_eq!(a.steps(), planned);
                prop_assert!(a.lights.is_empty());
                prop_assert_eq!(a.flare, None);
            }
        }

        #[test]
        fn all_green_and_too_easy_reaches_the_top_no_sooner_than_the_rules_allow() {
            let mut log = Vec::new();
            for week in 1..=4u8 {
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
            // From a slower start: -1, then +1 plan and +1 ahead each week.
            let a = adapt(&[-1, 0, 1, 2], &log, at(30, 9));
            assert_eq!(a.steps(), [-1, 1, 2, 2]);
            let a = adapt(&NORMAL, &log, at(30, 9));
            assert_eq!(a.steps(), [0, 2, 3, 3]);
        }
    }
}
