//! The rules, session by session and week by week.

use chrono::{Duration as Span, NaiveDateTime};

use super::*;
use crate::routine::planner::{STEP_MIN, Tier};
use crate::saved::Effort;

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

fn easier(step: Step) -> Level {
    Level {
        tier: Tier::Easier,
        step,
    }
}

/// The only change of week `number` (1-based), with its reason.
fn change(a: &Adaptation, number: usize) -> &Change {
    let changes = &a.weeks[number - 1].changes;
    assert_eq!(changes.len(), 1, "{changes:?}");
    &changes[0]
}

fn reason(a: &Adaptation, number: usize) -> &str {
    a.weeks[number - 1].reason.as_deref().unwrap_or("")
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
    let shape = Shape::every_day(NORMAL, false);
    let a = adapt_from(&shape, &[green.clone(), red.clone()], Some(sunday), now);
    assert!(a.flare.is_some(), "the red session is the latest one");
    // The days after Monday in that week are Tuesday to Saturday.
    assert_eq!(change(&a, 1).days, [2, 3, 4, 5, 6]);
    // Read by week and day number alone, the green would look later.
    assert!(adapt(&NORMAL, false, &[green, red], now).flare.is_none());
}

#[test]
fn a_red_session_makes_the_rest_of_its_week_lighter_without_the_hardest_exercise() {
    let shape = Shape {
        days: vec![1, 3, 5],
        ..Shape::every_day(NORMAL, false)
    };
    let red = with(entry(2, 1), Some(9), None);
    let a = adapt_from(&shape, std::slice::from_ref(&red), None, red.logged_at);
    let c = change(&a, 2);
    assert_eq!(c.after, 1);
    assert_eq!(c.days, [3, 5], "only the week's later session days");
    assert_eq!(
        c.setting,
        Setting {
            level: Level::base(0),
            drop_hardest: true
        }
    );
    assert_eq!(
        c.reason,
        "The rest of week 2 is lighter because your pain was 9 out of 10 during the session on Monday of week 2."
    );
    let days = a.weeks[1].settings();
    assert_eq!(days[0], Setting::at(Level::base(1)), "Monday as planned");
    assert_eq!(days[2], c.setting);
    // It holds, hardest exercise paused, until a session feels fine.
    assert_eq!(a.weeks[2].setting(), c.setting);
    assert_eq!(
        reason(&a, 3),
        "Week 3 stays as light as the end of week 2 until a session feels fine again."
    );
    let flare = a.flare.clone().unwrap();
    assert!(flare.lighter && flare.recent);
    assert_eq!(flare.next, Some((2, 3)));

    // A red on the week's last session day moves the next week, and
    // says so there.
    let last = with(entry(2, 5), Some(8), None);
    let a = adapt_from(&shape, &[last], None, at(30, 9));
    assert!(a.weeks[1].changes.is_empty());
    assert_eq!(a.weeks[2].level, Level::base(0));
    assert!(a.weeks[2].drop_hardest);
    assert!(
        reason(&a, 3).starts_with("Week 3 is lighter because"),
        "{}",
        reason(&a, 3)
    );
    assert_eq!(a.flare.unwrap().next, Some((3, 1)));

    // On the last session of week 12 there is no next session.
    let end = with(entry(12, 5), Some(8), None);
    let a = adapt_from(&shape, &[end], None, at(30, 9));
    assert_eq!(a.flare.unwrap().next, None);
    assert!(a.weeks.iter().all(|w| w.reasons().is_none()));
}

#[test]
fn a_red_session_steps_back_from_the_last_amounts_that_felt_fine() {
    // Green at week 2's amounts, then week 3 amber (held at week 2's
    // amounts) and red: one step below week 2's.
    let log = vec![
        with(entry(2, 1), Some(2), Some(2)),
        with(entry(3, 1), Some(6), None),
        with(entry(3, 3), Some(8), None),
    ];
    let a = adapt(&NORMAL, false, &log, at(30, 9));
    let changes = &a.weeks[2].changes;
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].setting.level, Level::base(1));
    assert!(changes[0].reason.contains("last amounts that felt fine"));
    assert_eq!(changes[1].setting.level, Level::base(0));
    assert_eq!(a.weeks[3].level, Level::base(0));
}

#[test]
fn a_worse_morning_is_told_with_the_session_before_it() {
    let mut log = vec![with(entry(2, 1), Some(2), Some(2))];
    let mut worse = with(entry(2, 3), Some(2), Some(2));
    worse.morning = Some(Morning::Worse);
    log.push(worse);
    let a = adapt(&NORMAL, false, &log, at(30, 9));
    // Amber, at the last amounts that felt fine: week 3 repeats week 2.
    assert_eq!(
        reason(&a, 3),
        "Week 3 repeats week 2's amounts because your back felt worse the morning after the session on Monday of week 2."
    );
    assert_eq!(a.weeks[2].level, Level::base(1));
}

#[test]
fn weeks_after_the_fourth_move_on_only_after_a_week_that_went_well() {
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let now = (monday + Span::days(7 * 7 + 2))
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let shape = Shape::every_day(NORMAL, false);
    // Nothing logged and week 8 under way: weeks 5 to 8 repeat week 4.
    let a = adapt_from(&shape, &[], Some(monday), now);
    for w in 5..=8 {
        assert_eq!(a.weeks[w - 1].level, Level::base(3), "week {w}");
    }
    assert_eq!(
        reason(&a, 5),
        "Week 5 repeats week 4's amounts: from week 5 on, the plan moves on after a week with a session you logged as feeling fine."
    );
    // Week 8 is still ahead: from it the plan shows the way on.
    assert_eq!(a.weeks[8].level, harder(-1));
    // A green session in week 4 and week 5: weeks 5 and 6 move on.
    let log = vec![
        with(entry(4, 1), Some(2), Some(2)),
        with(entry(5, 1), Some(2), Some(2)),
    ];
    let a = adapt_from(&shape, &log, Some(monday), now);
    assert_eq!(a.weeks[4].level, harder(-1));
    assert_eq!(a.weeks[5].level, harder(0));
    assert_eq!(a.weeks[6].level, harder(0), "week 6 had nothing logged");
    // Without a start date nothing is known to be over: the plan as made.
    assert!(!adapt(&NORMAL, false, &[], now).changed());
}

#[test]
fn a_tier_that_changes_no_exercise_is_never_used() {
    let shape = Shape {
        harder: false,
        easier: false,
        ..Shape::every_day(NORMAL, false)
    };
    let easy: Vec<LogEntry> = (1..=WEEKS)
        .flat_map(|w| [too_easy(w, 1), too_easy(w, 3)])
        .collect();
    let a = adapt_from(&shape, &easy, None, at(30, 9));
    assert!(a.levels().iter().all(|l| l.tier == Tier::Base));
    assert!(
        a.weeks
            .iter()
            .filter_map(AdaptedWeek::reasons)
            .all(|r| !r.contains("versions")),
        "{:?}",
        a.weeks
    );
    let reds: Vec<LogEntry> = (1..=WEEKS)
        .map(|w| with(entry(w, 1), Some(9), None))
        .collect();
    let a = adapt_from(&shape, &reds, None, at(30, 9));
    assert!(
        a.settings()
            .iter()
            .flatten()
            .all(|s| s.level.tier == Tier::Base)
    );
}

#[test]
fn a_session_skipped_with_severe_pain_shows_the_flare_up_advice_but_moves_nothing() {
    let mut skipped = with(entry(1, 1), None, Some(9));
    skipped.done = false;
    let a = adapt(&NORMAL, false, &[skipped.clone()], skipped.logged_at);
    let flare = a.flare.clone().unwrap();
    assert!(!flare.lighter);
    assert_eq!(a.steps(), NORMAL, "a skipped session moves no amounts");
    assert!(!a.changed());
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
fn the_flare_up_times_are_the_sessions_dates_not_when_they_were_logged() {
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let shape = Shape::every_day(NORMAL, false);
    // Logged (or edited) weeks apart, but on Monday and Thursday of
    // week 1: two reds within 7 days.
    let mut first = with(entry(1, 1), Some(9), None);
    first.logged_at = at(20, 9);
    let mut second = with(entry(1, 4), Some(8), None);
    second.logged_at = at(1, 9);
    let thursday = (monday + Span::days(3)).and_hms_opt(20, 0, 0).unwrap();
    let flare = adapt_from(
        &shape,
        &[first.clone(), second.clone()],
        Some(monday),
        thursday,
    )
    .flare
    .unwrap();
    assert!(flare.repeated && flare.recent);
    // Three days after Thursday the 48 hours are over.
    let later = thursday + Span::days(3);
    let flare = adapt_from(&shape, &[first, second], Some(monday), later)
        .flare
        .unwrap();
    assert!(!flare.recent);
}

#[test]
fn no_log_follows_the_plan_exactly() {
    let a = adapt(&NORMAL, false, &[], at(1, 9));
    assert_eq!(a.steps(), NORMAL);
    assert!(!a.changed());
    assert!(a.weeks.iter().all(|w| w.reasons().is_none()));
    assert_eq!(a.flare, None);
}

#[test]
fn two_too_easy_green_sessions_move_the_next_week_one_step_ahead() {
    let log = vec![too_easy(1, 1), too_easy(1, 3)];
    let a = adapt(&NORMAL, false, &log, at(10, 9));
    assert_eq!(a.steps(), [0, 2, 3, 3]);
    assert!(reason(&a, 2).contains("Week 2 moves one step ahead"));
    // One too easy is not enough.
    let a = adapt(&NORMAL, false, &log[..1], at(10, 9));
    assert_eq!(a.steps(), NORMAL);
    // Nor two with an amber session in the week.
    let mut mixed = log.clone();
    mixed.push(with(entry(1, 5), Some(6), None));
    let a = adapt(&NORMAL, false, &mixed, at(10, 9));
    assert!(a.weeks[1].level.index(3) <= Level::base(1).index(3));
}

#[test]
fn an_amber_session_holds_and_a_red_one_steps_back_with_the_flare_plan() {
    // Week 2: fine on Monday, amber on Wednesday at the same amounts.
    // Week 3 repeats week 2, and week 4 stays there while nothing green
    // is logged.
    let amber = vec![
        with(entry(1, 1), Some(3), Some(3)),
        with(entry(2, 1), Some(3), Some(3)),
        with(entry(2, 3), Some(6), Some(4)),
    ];
    let a = adapt(&NORMAL, false, &amber, at(20, 9));
    assert_eq!(a.steps(), [0, 1, 1, 1]);
    assert_eq!(
        reason(&a, 3),
        "Week 3 repeats week 2's amounts because your pain was 6 out of 10 during the session on Wednesday of week 2."
    );
    assert!(reason(&a, 4).contains("until a session feels fine"));
    assert_eq!(a.flare, None);
    // A green week 3 releases the hold: week 4 follows the plan again.
    let mut released = amber.clone();
    released.push(with(entry(3, 1), Some(2), Some(2)));
    assert_eq!(
        adapt(&NORMAL, false, &released, at(27, 9)).steps(),
        [0, 1, 1, 2]
    );
    // Amber in week 2 with nothing green in it: back to week 1's
    // amounts for the rest of week 2, and week 3.
    let back = vec![
        with(entry(1, 1), Some(3), Some(3)),
        with(entry(2, 3), Some(7), None),
    ];
    let a = adapt(&NORMAL, false, &back, at(20, 9));
    assert_eq!(a.steps(), [0, 1, 0, 0]);
    let c = change(&a, 2);
    assert_eq!(c.setting, Setting::at(Level::base(0)));
    assert!(c.reason.contains("last amounts that felt fine"));

    // Red on Monday of week 1: the rest of week 1 steps back, and the
    // flare plan.
    let red = vec![with(entry(1, 1), Some(8), Some(6))];
    let now = red[0].logged_at + Span::hours(3);
    let a = adapt(&NORMAL, false, &red, now);
    // It stays there until a session feels fine again.
    assert_eq!(a.steps(), [0, -1, -1, -1]);
    assert!(
        change(&a, 1)
            .reason
            .starts_with("The rest of week 1 is lighter")
    );
    let flare = a.flare.unwrap();
    assert!(flare.recent && !flare.repeated);
    // A calm session afterwards ends the flare-up plan and the pause.
    let mut calm = red.clone();
    calm.push(with(entry(1, 3), Some(2), Some(2)));
    let a = adapt(&NORMAL, false, &calm, now);
    assert_eq!(a.flare, None);
    assert!(!a.weeks[1].drop_hardest);
    assert_eq!(a.weeks[1].level, Level::base(0), "on from where it was");
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
        change(&a, 1).reason.contains(
            "worse the morning after two sessions in a row, the last on Monday of week 1"
        ),
        "{}",
        change(&a, 1).reason
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
fn levels_stay_within_the_ladder() {
    let reds: Vec<LogEntry> = (1..=3)
        .map(|week| with(entry(week, 1), Some(10), Some(10)))
        .collect();
    let a = adapt(&GENTLE, true, &reds, at(28, 9));
    let settings = a.settings();
    assert!(
        settings
            .iter()
            .flatten()
            .all(|s| (STEP_MIN..=0).contains(&s.level.step) && s.level.tier != Tier::Harder)
    );
    // Weeks 1 to 4 keep to the base tier: the lightest amounts.
    assert_eq!(change(&a, 3).setting.level, Level::base(-1));
    assert!(change(&a, 3).reason.contains("stays at the lightest"));
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
    // After a slower start the top is the catalog's week 3.
    let a = adapt(&[-1, 0, 1, 2], false, &[], at(1, 9));
    assert_eq!(a.weeks[4].level, harder(-1));
    assert_eq!(a.weeks[11].level, harder(2));
}

#[test]
fn the_harder_versions_come_only_after_the_base_top_with_nothing_amber_or_red() {
    // Week 3 fine, week 4 amber: the rest of week 4 and week 5 go back
    // to week 3's amounts, in the base tier, until a green session.
    let log = vec![
        with(entry(3, 1), Some(2), Some(2)),
        with(entry(4, 1), Some(6), Some(3)),
    ];
    let a = adapt(&NORMAL, false, &log, at(30, 9));
    assert!(
        change(&a, 4)
            .reason
            .starts_with("The rest of week 4 goes back to the last amounts that felt fine")
    );
    assert_eq!(a.weeks[4].level, Level::base(2));
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
        reason(&a, 5),
        "Week 5 moves on to harder versions of some of your exercises because 2 sessions of week 4 felt too easy."
    );
    // An amber at the base top, then a green: the plan goes on, but
    // not into a new tier that week.
    let mixed = vec![
        with(entry(4, 1), Some(2), None),
        with(entry(4, 3), Some(6), None),
        with(entry(4, 5), Some(2), None),
    ];
    let a = adapt(&NORMAL, false, &mixed, at(30, 9));
    assert_eq!(a.weeks[4].level, Level::base(3));
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
        change(&a, 5).reason.starts_with(
            "The rest of week 5 goes back from the harder versions to your usual exercises"
        ),
        "{}",
        change(&a, 5).reason
    );
}

#[test]
fn a_red_session_at_the_lightest_amounts_goes_to_the_easier_versions_at_their_lightest() {
    // Weeks 1 to 4 stay in the base tier: a second red there stays at
    // the lightest amounts.
    let mut log = vec![
        with(entry(1, 1), Some(8), None),
        with(entry(2, 1), Some(9), None),
    ];
    let a = adapt(&NORMAL, false, &log, at(30, 9));
    assert_eq!(change(&a, 1).setting.level, Level::base(-1));
    assert_eq!(change(&a, 2).setting.level, Level::base(-1));
    assert!(change(&a, 2).reason.contains("stays at the lightest"));
    // From week 5, the easier versions, at their lightest amounts (not
    // the top of their tier, which could mean more repetitions).
    log.push(with(entry(5, 1), Some(9), None));
    let a = adapt(&NORMAL, false, &log, at(30, 9));
    assert_eq!(change(&a, 5).setting.level, easier(-1));
    assert!(
        change(&a, 5).reason.starts_with(
            "The rest of week 5 goes back to easier versions of some of your exercises"
        ),
        "{}",
        change(&a, 5).reason
    );
    // It holds there until a green session, then climbs.
    assert_eq!(a.weeks[5].level, easier(-1));
    log.push(with(entry(6, 1), Some(2), Some(2)));
    let a = adapt(&NORMAL, false, &log, at(30, 9));
    assert_eq!(a.weeks[6].level, easier(0));
}

#[test]
fn a_green_session_brings_the_paused_exercise_back() {
    let log = vec![
        with(entry(2, 1), Some(9), None),
        with(entry(2, 3), Some(2), Some(2)),
        with(entry(2, 5), Some(6), None),
    ];
    let shape = Shape {
        days: vec![1, 3, 5],
        ..Shape::every_day(NORMAL, false)
    };
    let a = adapt_from(&shape, &log, None, at(30, 9));
    let days = a.weeks[1].settings();
    assert!(days[2].drop_hardest, "Wednesday still paused");
    assert!(!days[4].drop_hardest, "back after Wednesday felt fine");
    assert!(!a.weeks[2].drop_hardest, "and in week 3 after the amber");
    assert!(
        a.weeks[1]
            .reasons()
            .unwrap()
            .contains("Your paused exercise is back from the session after Wednesday of week 2")
    );
    assert_eq!(a.flare, None);
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

#[test]
fn unmoved_keeps_the_flare_up_advice_but_no_changes() {
    let red = vec![with(entry(1, 1), Some(9), None)];
    let a = adapt(&NORMAL, false, &red, at(30, 9)).unmoved();
    assert!(!a.changed());
    assert!(a.weeks.iter().all(|w| w.reasons().is_none()));
    let flare = a.flare.unwrap();
    assert!(!flare.lighter);
}

mod properties {
    use proptest::prelude::*;

    use super::super::*;
    use super::{GENTLE, NORMAL, at};
    use crate::routine::planner::{STEP_MIN, Tier};
    use crate::saved::Effort;
    use chrono::{Duration as Span, NaiveDate};

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

    fn a_shape() -> impl Strategy<Value = Shape> {
        (
            proptest::sample::select(vec![NORMAL, [-1, 0, 1, 2], GENTLE]),
            any::<bool>(),
            any::<bool>(),
            proptest::sample::select(vec![
                vec![1, 4],
                vec![1, 3, 5],
                vec![1, 2, 4, 6],
                (1..=7).collect(),
            ]),
        )
            .prop_map(|(planned, harder, easier, days)| Shape {
                planned,
                harder: harder && planned != GENTLE,
                easier,
                days,
            })
    }

    /// Starts on any weekday in November 2026, or unknown.
    fn a_start() -> impl Strategy<Value = Option<NaiveDate>> {
        proptest::option::of(
            (1u32..=30).prop_map(|d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap()),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Caps: never past the plan's top, never below the lightest,
        /// the harder tier only after week 4 and only where it changes
        /// something, the easier tier only where it does.
        #[test]
        fn every_session_stays_within_the_caps(
            shape in a_shape(),
            log in a_log(),
            start in a_start(),
            days_on in 0i64..120,
        ) {
            let now = at(1, 9) + Span::days(days_on);
            let a = adapt_from(&shape, &log, start, now);
            let top = *shape.planned.iter().max().unwrap();
            prop_assert_eq!(a.weeks.len(), usize::from(WEEKS));
            for (w, week) in a.weeks.iter().enumerate() {
                prop_assert_eq!(usize::from(week.number), w + 1);
                for s in week.settings() {
                    let l = s.level;
                    prop_assert!((STEP_MIN..=top).contains(&l.step), "{:?}", a.weeks);
                    if week.number <= BASE_WEEKS {
                        prop_assert_eq!(l.tier, Tier::Base, "{:?}", a.weeks);
                    }
                    if !shape.harder {
                        prop_assert!(l.tier != Tier::Harder, "{:?}", a.weeks);
                    }
                    if !shape.easier {
                        prop_assert!(l.tier != Tier::Easier, "{:?}", a.weeks);
                    }
                }
                if w == 0 {
                    prop_assert_eq!(week.level, Level::base(shape.planned[0]));
                }
                // A changed week always says why.
                if !week.as_planned() {
                    prop_assert!(week.reasons().is_some(), "{:?}", a.weeks);
                }
            }
        }

        /// Never progresses after a red (or amber) session until a green
        /// one: every session after it is at most as hard, and after a
        /// red strictly lighter (or at the floor) with the hardest
        /// exercise paused.
        #[test]
        fn never_harder_after_a_red_or_amber_session_until_a_green_one(
            shape in a_shape(),
            log in a_log(),
            start in a_start(),
        ) {
            let a = adapt_from(&shape, &log, start, at(30, 9));
            let top = *shape.planned.iter().max().unwrap();
            let index = |l: Level| l.index(top);
            let date = |week: u8, day: u8| start.map(|s| crate::saved::schedule::date_of(s, week, day));
            // Every planned session, in date order, with its setting.
            let mut sessions: Vec<(u8, u8)> = (1..=WEEKS)
                .flat_map(|w| shape.days.iter().map(move |d| (w, *d)))
                .collect();
            sessions.sort_by_key(|(w, d)| (date(*w, *d), *w, *d));
            let setting = |w: u8, d: u8| a.weeks[usize::from(w - 1)].settings()[usize::from(d - 1)];
            // The lowest setting a week can take.
            let floor = |week: u8| if shape.easier && week > BASE_WEEKS {
                Level { tier: Tier::Easier, step: STEP_MIN }
            } else {
                Level::base(STEP_MIN)
            };
            for (w, d, light) in &a.lights {
                if *light == Light::Green || !shape.days.contains(d) {
                    continue;
                }
                let at_it = setting(*w, *d);
                let position = sessions.iter().position(|s| *s == (*w, *d)).unwrap();
                for (lw, ld) in &sessions[position + 1..] {
                    let green_before = a.lights.iter().any(|(gw, gd, gl)| {
                        *gl == Light::Green
                            && (date(*gw, *gd), *gw, *gd) > (date(*w, *d), *w, *d)
                            && (date(*gw, *gd), *gw, *gd) < (date(*lw, *ld), *lw, *ld)
                    });
                    if green_before {
                        break;
                    }
                    let later = setting(*lw, *ld);
                    prop_assert!(index(later.level) <= index(at_it.level),
                        "week {} day {} after {:?} on week {w} day {d}: {:?}", lw, ld, light, a.weeks);
                    if *light == Light::Red {
                        prop_assert!(later.drop_hardest);
                        prop_assert!(index(later.level) < index(at_it.level) || index(at_it.level) <= index(floor(*w)),
                            "{:?}", a.weeks);
                    }
                }
            }
            // A new tier at a week's start only from the top of the one
            // before, after a week with nothing amber or red; and at most
            // one level beyond the plan's own increment.
            for w in 1..a.weeks.len() {
                let week = &a.weeks[w];
                let end = a.weeks[w - 1].settings();
                let last = shape
                    .days
                    .iter()
                    .max_by_key(|d| (date(week.number - 1, **d), **d))
                    .map_or(a.weeks[w - 1].level, |d| end[usize::from(d - 1)].level);
                let previous_week = week.number - 1;
                let troubled = a.lights.iter().any(|(lw, _, l)| *lw == previous_week && *l != Light::Green);
                if week.level.tier > last.tier {
                    prop_assert_eq!(last.step, top, "{:?}", a.weeks);
                    prop_assert!(!troubled, "{:?}", a.weeks);
                }
                let increment = if week.number <= BASE_WEEKS {
                    (shape.planned[w] - shape.planned[w - 1]).max(0)
                } else {
                    1
                };
                prop_assert!(index(week.level) <= index(last) + i16::from(increment) + 1);
            }
        }

        #[test]
        fn the_same_log_in_any_order_gives_the_same_adaptation(
            shape in a_shape(),
            log in a_log(),
            start in a_start(),
        ) {
            let a = adapt_from(&shape, &log, start, at(30, 9));
            let mut reversed = log.clone();
            reversed.reverse();
            prop_assert_eq!(&a, &adapt_from(&shape, &reversed, start, at(30, 9)));
            prop_assert_eq!(&a, &adapt_from(&shape, &log, start, at(30, 9)));
        }

        #[test]
        fn sessions_with_no_answers_move_nothing(
            shape in a_shape(),
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
            let a = adapt_from(&shape, &silent, None, at(30, 9));
            prop_assert_eq!(a.steps(), shape.planned);
            prop_assert!(!a.changed());
            prop_assert_eq!(a, adapt_from(&shape, &[], None, at(30, 9)));
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
