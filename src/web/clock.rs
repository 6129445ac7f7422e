//! What day it is for a request.
//!
//! A saved routine's dates (which week the person is in, which sessions
//! can be logged yet, the day of a visit) come from [`Now`], read once per
//! request from the system clock, in UTC.
//!
//! Tests need to see a routine days or weeks after it was saved without
//! waiting. A server started with the hidden `--test-clock` flag (the
//! in-process tests' configuration has it on) lets a request move its own
//! clock by whole days with the [`TEST_DAYS_HEADER`] header; other requests
//! are not affected, so tests running side by side do not disturb each
//! other. Without the flag the header is ignored.

use std::convert::Infallible;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::{NaiveDate, NaiveDateTime, TimeDelta, Utc};

use super::AppState;

/// The request header that moves a request's clock by whole days (a
/// signed number) when the server runs with `--test-clock`.
pub const TEST_DAYS_HEADER: &str = "x-backcare-test-days";

/// The most days a request may move its clock, either way.
const MOST_TEST_DAYS: u64 = 1000;

/// The time a request is answered at (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now(NaiveDateTime);

impl Now {
    /// The system clock.
    pub fn system() -> Now {
        Now(Utc::now().naive_utc())
    }

    /// The time for `req`: the system clock, moved by the test header when
    /// the server allows it.
    pub fn of(req: &HttpRequest) -> Now {
        let now = Now::system();
        let allowed = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|state| state.config.test_clock);
        if !allowed {
            return now;
        }
        req.headers()
            .get(TEST_DAYS_HEADER)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| text.trim().parse::<i64>().ok())
            .and_then(|days| now.moved(days))
            .unwrap_or(now)
    }

    /// This time `days` days later (earlier when negative); `None` past
    /// [`MOST_TEST_DAYS`] or the calendar's end.
    fn moved(self, days: i64) -> Option<Now> {
        if days.unsigned_abs() > MOST_TEST_DAYS {
            return None;
        }
        self.0.checked_add_signed(TimeDelta::days(days)).map(Now)
    }

    pub fn time(self) -> NaiveDateTime {
        self.0
    }

    pub fn today(self) -> NaiveDate {
        self.0.date()
    }
}

impl FromRequest for Now {
    type Error = Infallible;
    type Future = Ready<Result<Now, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Now::of(req)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_by_whole_days_within_bounds() {
        let start = NaiveDate::from_ymd_opt(2026, 11, 29)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let now = Now(start);
        assert_eq!(now.moved(6).unwrap().today().to_string(), "2026-12-05");
        assert_eq!(now.moved(-29).unwrap().today().to_string(), "2026-10-31");
        assert_eq!(now.moved(0), Some(now));
        assert_eq!(now.moved(1000).unwrap().time().time(), start.time());
        assert_eq!(now.moved(1001), None);
        assert_eq!(now.moved(i64::MIN), None);
    }
}
