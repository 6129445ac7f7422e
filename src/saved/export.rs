//! Exports of a saved routine: the log as CSV, the plan as iCalendar.

use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Trigger};

use super::{Effort, LogEntry, Morning};

/// Spreadsheet programs run cells starting with these as formulas; a leading
/// apostrophe keeps a note as plain text.
/// Invisible characters a spreadsheet may skip before reading a formula
/// (a byte-order mark, zero-width and other format characters, spaces).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{FEFF}' | '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}')
}

fn defuse_formula(text: &str) -> String {
    if text
        .trim_start_matches(|c: char| invisible(c) && c != '\t' && c != '\r')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
    {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The progress log as CSV, one row per entry, with a header row.
/// `session_name` names a `(week, session)` for the reader.
///
/// The three session answers come last, so the older columns keep their
/// places for anyone who reads them by position; each is empty when not
/// given, and `effort` and `morning` hold the form's values (`too_easy`,
/// `worse`, …). Every cell goes through [`defuse_formula`], not only the
/// note, so a column added later cannot bring formulas back.
pub fn log_csv(
    entries: &[LogEntry],
    session_name: impl Fn(u8, u8) -> String,
) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "week",
        "session",
        "what",
        "done",
        "pain_0_to_10",
        "note",
        "logged_at",
        "pain_during",
        "effort",
        "morning",
    ])?;
    for e in entries {
        let cells = [
            e.week.to_string(),
            e.day.to_string(),
            session_name(e.week, e.day),
            if e.done { "yes" } else { "no" }.to_owned(),
            e.pain.map(|p| p.to_string()).unwrap_or_default(),
            e.note.clone(),
            e.logged_at.format("%Y-%m-%d %H:%M").to_string(),
            e.pain_during.map(|p| p.to_string()).unwrap_or_default(),
            e.effort.map(Effort::as_str).unwrap_or_default().to_owned(),
            e.morning
                .map(Morning::as_str)
                .unwrap_or_default()
                .to_owned(),
        ];
        out.write_record(cells.iter().map(|cell| defuse_formula(cell)))?;
    }
    let bytes = out.into_inner().map_err(|err| err.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A planned session placed on a calendar day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarSession {
    pub date: NaiveDate,
    pub week: u8,
    pub day: u8,
    pub title: String,
    pub description: String,
}

/// The planned sessions as all-day events, each with a reminder at 9:00 that
/// day. `uid_base` keeps event ids stable for the same routine (and must not
/// be the secret token).
pub fn sessions_ics(
    sessions: &[CalendarSession],
    uid_base: &str,
    calendar_name: &str,
    stamp: NaiveDateTime,
) -> String {
    let mut calendar = Calendar::new();
    calendar.name(calendar_name);
    for s in sessions {
        let event = Event::new()
            .uid(&format!("{uid_base}-w{}-s{}@backcare", s.week, s.day))
            .timestamp(stamp.and_utc())
            .summary(&s.title)
            .description(&s.description)
            // All-day: DTEND is the next day (exclusive), per RFC 5545.
            .starts(s.date)
            .ends(s.date + Duration::days(1))
            .alarm(Alarm::display(
                &s.title,
                Trigger::after_start(Duration::hours(9)),
            ))
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}

/// Now, for DTSTAMP values.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(7, 30, 0))
            .unwrap()
    }

    #[test]
    fn csv_has_header_rows_and_escapes_commas_quotes_and_formulas() {
        let entries = vec![
            LogEntry {
                week: 1,
                day: 2,
                done: true,
                pain: Some(4),
                pain_during: Some(0),
                effort: Some(Effort::AboutRight),
                morning: Some(Morning::Worse),
                note: "felt \"ok\", a bit stiff".to_owned(),
                logged_at: at(),
            },
            LogEntry {
                week: 1,
                day: 3,
                done: false,
                pain: None,
                pain_during: None,
                effort: None,
                morning: None,
                note: "=HYPERLINK(\"http://evil\")".to_owned(),
                logged_at: at(),
            },
        ];
        let csv = log_csv(&entries, |w, d| format!("Week {w}, session {d}")).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][2], "Week 1, session 2");
        assert_eq!(&rows[0][3], "yes");
        assert_eq!(&rows[0][4], "4");
        assert_eq!(&rows[0][5], "felt \"ok\", a bit stiff");
        assert_eq!(&rows[1][4], "");
        assert!(rows[1][5].starts_with("'="));
        // Invisible characters before the formula do not hide it.
        for sneaky in ["\u{FEFF}=1+1", "\u{200B}=1+1", "  =1+1", "\u{00A0}@SUM(A1)"] {
            assert!(defuse_formula(sneaky).starts_with('\''), "{sneaky:?}");
        }
        assert_eq!(defuse_formula("a = b"), "a = b");
        assert_eq!(&rows[0][6], "2026-11-25 07:30");
        assert_eq!(
            (&rows[0][7], &rows[0][8], &rows[0][9]),
            ("0", "about_right", "worse")
        );
        assert_eq!((&rows[1][7], &rows[1][8], &rows[1][9]), ("", "", ""));
        assert_eq!(
            reader.headers().unwrap().iter().skip(7).collect::<Vec<_>>(),
            ["pain_during", "effort", "morning"]
        );
    }

    #[test]
    fn ics_parses_back_with_one_event_per_session() {
        let sessions: Vec<CalendarSession> = (1..=3)
            .map(|d| CalendarSession {
                date: NaiveDate::from_ymd_opt(2026, 11, 24 + u32::from(d)).unwrap(),
                week: 1,
                day: d,
                title: format!("Back routine: session {d}"),
                description: "Warm-up, core, stretches; about 20 minutes.".to_owned(),
            })
            .collect();
        let text = sessions_ics(&sessions, "abc", "My Backcare routine", at());
        assert!(text.starts_with("BEGIN:VCALENDAR"));
        let parsed: Calendar = text.parse().unwrap();
        let events: Vec<&Event> = parsed.events().collect();
        assert_eq!(events.len(), 3);
        assert_eq!(events[0].get_summary(), Some("Back routine: session 1"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261125"));
        assert!(text.contains("DTEND;VALUE=DATE:20261126"));
        assert!(text.contains("BEGIN:VALARM"));
        assert_eq!(events[2].get_uid(), Some("abc-w1-s3@backcare"));
    }
}
