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

#[cfg(test)]
mod tests {
    use super::*;

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
}
