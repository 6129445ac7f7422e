//! Where a saved plan's sessions fall: which `(week, day)` slots exist, the
//! calendar date of each, and which week a person is in today.
//!
//! Week 1 is the seven days from the day the routine was saved; each
//! planned weekday falls on its next occurrence within that week.

use chrono::{Datelike, Duration, NaiveDate};

use crate::routine::planner::{Plan, Session};

/// A planned session: its slot and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot<'a> {
    pub week: u8,
    /// Day of the week, 1 = Monday … 7 = Sunday (the plan's own order).
    pub day: u8,
    pub weekday: &'a str,
    pub session: &'a Session,
}

/// Every planned session of the plan, in order.
pub fn slots(plan: &Plan) -> Vec<Slot<'_>> {
    plan.weeks
        .iter()
        .flat_map(|week| {
            week.days.iter().enumerate().filter_map(move |(i, day)| {
                week.session_on(day).map(|session| Slot {
                    week: week.number,
                    day: u8::try_from(i + 1).unwrap_or(u8::MAX),
                    weekday: day.weekday.as_str(),
                    session,
                })
            })
        })
        .collect()
}

/// The `(week, day)` keys of [`slots`], for the log.
pub fn keys(plan: &Plan) -> Vec<(u8, u8)> {
    slots(plan).iter().map(|s| (s.week, s.day)).collect()
}

/// The date a slot falls on for a routine started on `start`.
pub fn date_of(start: NaiveDate, week: u8, day: u8) -> NaiveDate {
    let start_day = i64::from(start.weekday().num_days_from_monday());
    let wanted = i64::from(day.saturating_sub(1));
    let offset = 7 * i64::from(week.saturating_sub(1)) + (wanted - start_day).rem_euclid(7);
    start + Duration::days(offset)
}

/// The plan week `today` falls in (1-based); beyond the plan's length once
/// it has finished.
pub fn week_on(start: NaiveDate, today: NaiveDate) -> u8 {
    let days = (today - start).num_days().max(0);
    u8::try_from(days / 7 + 1).unwrap_or(u8::MAX)
}

/// Which sessions of a routine can be logged on one day (UTC).
///
/// A session can be logged once its day has come. Tomorrow counts as come,
/// because somewhere it already is and the site does not know the person's
/// time zone. The next session can also be logged early, for someone who
/// does it a day or two before its day; anything after it cannot, so a
/// mistaken tap never logs a session weeks ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loggable {
    start: NaiveDate,
    tomorrow: NaiveDate,
    /// The date of the first planned session after today.
    next: Option<NaiveDate>,
}

impl Loggable {
    /// For a routine started on `start` with the sessions `planned`, on
    /// `today`.
    pub fn on(start: NaiveDate, today: NaiveDate, planned: &[(u8, u8)]) -> Loggable {
        Loggable {
            start,
            tomorrow: today.succ_opt().unwrap_or(today),
            next: planned
                .iter()
                .map(|&(week, day)| date_of(start, week, day))
                .filter(|&d| d > today)
                .min(),
        }
    }

    /// `Some(its date)` when session `slot` cannot be logged yet.
    pub fn not_yet(&self, slot: (u8, u8)) -> Option<NaiveDate> {
        let date = date_of(self.start, slot.0, slot.1);
        (date > self.tomorrow && self.next != Some(date)).then_some(date)
    }
}

/// A date as the pages write it: `Friday 18 December`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B").to_string()
}

/// The session a routine started on `start` begins with: its earliest, in
/// date order (week 1 starts on the day of saving, so it is not always
/// Monday's).
pub fn first(start: NaiveDate, planned: &[(u8, u8)]) -> Option<(u8, u8)> {
    planned
        .iter()
        .copied()
        .min_by_key(|&(week, day)| date_of(start, week, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_yet(
        start: NaiveDate,
        today: NaiveDate,
        planned: &[(u8, u8)],
        slot: (u8, u8),
    ) -> Option<NaiveDate> {
        Loggable::on(start, today, planned).not_yet(slot)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn sessions_fall_on_their_weekday_within_each_week_from_the_start() {
        // Wednesday 25 November 2026.
        let start = date(2026, 11, 25);
        assert_eq!(date_of(start, 1, 3), start); // Wednesday: the same day
        assert_eq!(date_of(start, 1, 5), date(2026, 11, 27)); // Friday
        assert_eq!(date_of(start, 1, 1), date(2026, 11, 30)); // next Monday
        assert_eq!(date_of(start, 2, 1), date(2026, 12, 7));
        assert_eq!(date_of(start, 4, 2), date(2026, 12, 22)); // Tuesday, last day
        for week in 1..=4 {
            for day in 1..=7 {
                let d = date_of(start, week, day);
                assert_eq!(d.weekday().num_days_from_monday(), u32::from(day - 1));
                assert_eq!(week_on(start, d), week, "week {week} day {day}");
            }
        }
    }

    #[test]
    fn the_current_week_counts_from_the_start() {
        let start = date(2026, 11, 25);
        assert_eq!(week_on(start, start), 1);
        assert_eq!(week_on(start, date(2026, 12, 1)), 1);
        assert_eq!(week_on(start, date(2026, 12, 2)), 2);
        assert_eq!(week_on(start, date(2026, 12, 23)), 5);
        assert_eq!(week_on(start, date(2026, 11, 1)), 1);
    }

    /// `(week, day)` keys of a plan of `weeks` weeks with a session on
    /// each of `weekdays` (1 = Monday).
    fn keys_of(weeks: u8, weekdays: &[u8]) -> Vec<(u8, u8)> {
        (1..=weeks)
            .flat_map(|w| weekdays.iter().map(move |&d| (w, d)))
            .collect()
    }

    #[test]
    fn a_session_is_logged_from_its_day_or_early_when_it_is_the_next() {
        // Wednesday 25 November; sessions on Mondays and Thursdays.
        let start = date(2026, 11, 25);
        let keys = keys_of(4, &[1, 4]);
        let friday = date(2026, 11, 27);
        // Thursday 26 November has been: loggable.
        assert_eq!(not_yet(start, friday, &keys, (1, 4)), None);
        // Monday 30 November is the next session: loggable early.
        assert_eq!(not_yet(start, friday, &keys, (1, 1)), None);
        // The Thursday after it, and anything later, cannot be logged yet.
        assert_eq!(
            not_yet(start, friday, &keys, (2, 4)),
            Some(date(2026, 12, 3))
        );
        assert_eq!(
            not_yet(start, friday, &keys, (4, 1)),
            Some(date(2026, 12, 21))
        );
        // On Wednesday 2 December, Thursday's is tomorrow (already today
        // east of UTC) and also the next; the Monday after is not.
        let wednesday = date(2026, 12, 2);
        assert_eq!(not_yet(start, wednesday, &keys, (2, 4)), None);
        assert_eq!(
            not_yet(start, wednesday, &keys, (2, 1)),
            Some(date(2026, 12, 7))
        );
        // The day a routine is saved, it can begin with its first session.
        for weekday in 0..7 {
            let saved = start + Duration::days(weekday);
            let first = first(saved, &keys).unwrap();
            assert_eq!(not_yet(saved, saved, &keys, first), None);
        }
    }

    #[test]
    fn over_every_plan_and_day_past_sessions_log_and_at_most_one_ahead_does() {
        for weekdays in [
            vec![1, 4],
            vec![1, 3, 5],
            vec![1, 2, 4, 6],
            vec![1, 2, 3, 5, 6],
            vec![1, 2, 3, 4, 5, 6],
            vec![1, 2, 3, 4, 5, 6, 7],
        ] {
            let keys = keys_of(12, &weekdays);
            for start_offset in 0..7 {
                let start = date(2026, 11, 23) + Duration::days(start_offset);
                for days_on in 0..90 {
                    let today = start + Duration::days(days_on);
                    let tomorrow = today + Duration::days(1);
                    let mut ahead = Vec::new();
                    for &slot in &keys {
                        let on = date_of(start, slot.0, slot.1);
                        let refused = not_yet(start, today, &keys, slot);
                        if on <= tomorrow {
                            assert_eq!(refused, None, "{weekdays:?} {start} {today} {slot:?}");
                        } else if refused.is_none() {
                            ahead.push(on);
                        } else {
                            assert_eq!(refused, Some(on));
                        }
                    }
                    // Beyond tomorrow, only the next session, never a week on.
                    assert!(ahead.len() <= 1, "{weekdays:?} {start} {today}: {ahead:?}");
                    for on in ahead {
                        assert!(on < today + Duration::days(7), "{today}: {on}");
                        assert!(
                            keys.iter()
                                .map(|&(w, d)| date_of(start, w, d))
                                .all(|d| d <= today || d >= on)
                        );
                    }
                }
            }
        }
    }
}
