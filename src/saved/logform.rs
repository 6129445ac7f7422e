//! The "log this session" form: raw fields in, a checked entry or per-field
//! errors out.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use super::{Effort, LogEntry, Morning, NOTE_MAX_CHARS};

/// The form as posted. Every field is text so that nothing a browser (or a
/// stranger) sends can fail extraction: checking happens in [`LogForm::check`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LogForm {
    #[serde(default)]
    pub week: String,
    /// The session's weekday, 1 = Monday … 7 = Sunday ([`LogEntry::day`]),
    /// posted as `session`: that field name is public and stays.
    #[serde(default, rename = "session")]
    pub day: String,
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub pain: String,
    #[serde(default)]
    pub note: String,
    /// Pain during the session: empty, or a whole number 0–10.
    #[serde(default)]
    pub pain_during: String,
    /// Empty, or one of [`Effort`]'s values.
    #[serde(default)]
    pub effort: String,
    /// Empty, or one of [`Morning`]'s values.
    #[serde(default)]
    pub morning: String,
}

/// A problem with one field, shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// A 0–10 score: `Some(None)` when empty, `None` (with an error for
/// `field`) when it is not a whole number in range.
fn score(
    text: &str,
    field: &'static str,
    message: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Option<u8>> {
    match text.trim() {
        "" => Some(None),
        text => match text.parse::<u8>() {
            Ok(p) if p <= 10 => Some(Some(p)),
            _ => {
                errors.push(FieldError {
                    field,
                    message: message.to_owned(),
                });
                None
            }
        },
    }
}

/// One of a fixed set of answers: `Some(None)` when empty, `None` (with an
/// error for `field`) when it is not one `parse` knows.
fn choice<T>(
    text: &str,
    parse: fn(&str) -> Option<T>,
    field: &'static str,
    message: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Option<T>> {
    match text.trim() {
        "" => Some(None),
        text => match parse(text) {
            Some(value) => Some(Some(value)),
            None => {
                errors.push(FieldError {
                    field,
                    message: message.to_owned(),
                });
                None
            }
        },
    }
}

/// Which session a form is about, as `(week, day)` with `day` the weekday
/// posted as `session`; `planned` says whether it exists. An error is
/// reported against the form field `session`.
pub fn parse_slot(week: &str, day: &str, planned: &[(u8, u8)]) -> Result<(u8, u8), FieldError> {
    let unknown = || {
        FieldError {
        field: "session",
        message: "That session is not part of this routine. Please use the form beside the session you did.".to_owned(),
    }
    };
    let week: u8 = week.trim().parse().map_err(|_parse| unknown())?;
    let day: u8 = day.trim().parse().map_err(|_parse| unknown())?;
    if planned.contains(&(week, day)) {
        Ok((week, day))
    } else {
        Err(unknown())
    }
}

/// The error for a session whose day has not come yet
/// ([`super::schedule::Loggable`]), reported against `date` (the session's
/// entry on the saved page).
pub fn not_yet_error(date: NaiveDate) -> FieldError {
    FieldError {
        field: "date",
        message: format!(
            "This session is planned for {}, so it cannot be logged yet. You can log it from the day before; your next session can be logged early.",
            super::schedule::long_date(date)
        ),
    }
}

impl LogForm {
    /// The form filled in with what is stored for a session, to correct it.
    pub fn from_entry(entry: &LogEntry) -> LogForm {
        LogForm {
            week: entry.week.to_string(),
            day: entry.day.to_string(),
            done: if entry.done { "yes" } else { "no" }.to_owned(),
            pain: entry.pain.map(|p| p.to_string()).unwrap_or_default(),
            note: entry.note.clone(),
            pain_during: entry.pain_during.map(|p| p.to_string()).unwrap_or_default(),
            effort: entry
                .effort
                .map(Effort::as_str)
                .unwrap_or_default()
                .to_owned(),
            morning: entry
                .morning
                .map(Morning::as_str)
                .unwrap_or_default()
                .to_owned(),
        }
    }

    /// Checks every field; on success the entry to store, stamped `now`.
    pub fn check(
        &self,
        planned: &[(u8, u8)],
        now: NaiveDateTime,
    ) -> Result<LogEntry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let slot = parse_slot(&self.week, &self.day, planned)
            .map_err(|e| errors.push(e))
            .ok();
        let done = match self.done.trim() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                errors.push(FieldError {
                    field: "done",
                    message: "Choose whether you did this session: yes or no.".to_owned(),
                });
                None
            }
        };
        // In the order the forms ask them, so the error summary follows the page.
        let pain_during = score(
            &self.pain_during,
            "pain_during",
            "Pain during the session must be a whole number from 0 (no pain) to 10 (the worst pain you can imagine), or left empty.",
            &mut errors,
        );
        let pain = score(
            &self.pain,
            "pain",
            "Pain must be a whole number from 0 (no pain) to 10 (the worst pain you can imagine), or left empty.",
            &mut errors,
        );
        let effort = choice(
            &self.effort,
            Effort::parse,
            "effort",
            "Choose how hard the session felt: too easy, about right or too hard. You can also leave this question out.",
            &mut errors,
        );
        let morning = choice(
            &self.morning,
            Morning::parse,
            "morning",
            "Choose how your back felt this morning: better, the same or worse. You can also leave this question out.",
            &mut errors,
        );
        // NUL characters are dropped: they mean nothing in a note, and
        // PostgreSQL's text cannot hold them, so both stores keep the same.
        let without_nul: String = self.note.chars().filter(|c| *c != '\0').collect();
        let note = without_nul.trim();
        let chars = note.chars().count();
        if chars > NOTE_MAX_CHARS {
            errors.push(FieldError {
                field: "note",
                message: format!(
                    "Your note is {chars} characters long; please keep it to {NOTE_MAX_CHARS}."
                ),
            });
        }
        match (slot, done, pain, pain_during, effort, morning) {
            (
                Some((week, day)),
                Some(done),
                Some(pain),
                Some(pain_during),
                Some(effort),
                Some(morning),
            ) if errors.is_empty() => Ok(LogEntry {
                week,
                day,
                done,
                pain,
                pain_during,
                effort,
                morning,
                note: note.to_owned(),
                logged_at: now,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap()
    }

    fn form(week: &str, day: &str, done: &str, pain: &str, note: &str) -> LogForm {
        LogForm {
            week: week.into(),
            day: day.into(),
            done: done.into(),
            pain: pain.into(),
            note: note.into(),
            ..LogForm::default()
        }
    }

    /// A good form with the three answers set.
    fn answered(pain_during: &str, effort: &str, morning: &str) -> LogForm {
        LogForm {
            pain_during: pain_during.into(),
            effort: effort.into(),
            morning: morning.into(),
            ..form("1", "1", "yes", "3", "")
        }
    }

    const PLAN: &[(u8, u8)] = &[(1, 1), (1, 2), (2, 1)];

    #[test]
    fn a_good_form_becomes_an_entry() {
        let entry = form("1", "2", "yes", "4", "  felt fine ")
            .check(PLAN, now())
            .unwrap();
        assert_eq!((entry.week, entry.day, entry.done), (1, 2, true));
        assert_eq!(entry.pain, Some(4));
        assert_eq!(entry.note, "felt fine");
        let skipped = form("2", "1", "no", "", "").check(PLAN, now()).unwrap();
        assert_eq!(skipped.pain, None);
        assert!(!skipped.done);
        let nul = form("1", "2", "yes", "4", "\0felt\0 fine\0")
            .check(PLAN, now())
            .unwrap();
        assert_eq!(nul.note, "felt fine", "NUL characters are dropped");
    }

    #[test]
    fn each_bad_field_is_named() {
        let fields = |f: LogForm| -> Vec<&'static str> {
            f.check(PLAN, now())
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(form("1", "3", "yes", "2", "")), ["session"]);
        assert_eq!(fields(form("x", "1", "yes", "2", "")), ["session"]);
        assert_eq!(fields(form("1", "1", "maybe", "2", "")), ["done"]);
        for pain in ["11", "-1", "NaN", "4.5", "1e3", "99999999999"] {
            assert_eq!(fields(form("1", "1", "yes", pain, "")), ["pain"], "{pain}");
        }
        let long = "é".repeat(NOTE_MAX_CHARS + 1);
        assert_eq!(fields(form("1", "1", "yes", "2", &long)), ["note"]);
        assert!(
            form("1", "1", "yes", "2", &"é".repeat(NOTE_MAX_CHARS))
                .check(PLAN, now())
                .is_ok()
        );
        assert_eq!(
            fields(form("", "", "", "x", &long)),
            ["session", "done", "pain", "note"]
        );
    }

    #[test]
    fn the_three_answers_are_read_and_empty_means_not_given() {
        let entry = answered("0", "too_easy", "better")
            .check(PLAN, now())
            .unwrap();
        assert_eq!(entry.pain_during, Some(0));
        assert_eq!(entry.effort, Some(Effort::TooEasy));
        assert_eq!(entry.morning, Some(Morning::Better));
        let entry = answered(" 10 ", " too_hard", "worse ")
            .check(PLAN, now())
            .unwrap();
        assert_eq!(
            (entry.pain_during, entry.effort, entry.morning),
            (Some(10), Some(Effort::TooHard), Some(Morning::Worse))
        );
        for (during, effort, morning) in [("", "", ""), ("  ", " ", "\t")] {
            let entry = answered(during, effort, morning)
                .check(PLAN, now())
                .unwrap();
            assert_eq!(
                (entry.pain_during, entry.effort, entry.morning),
                (None, None, None)
            );
            assert_eq!(entry.pain, Some(3), "the other fields still count");
        }
    }

    #[test]
    fn each_bad_answer_is_named_with_its_own_message() {
        let refused = |f: LogForm| -> Vec<FieldError> { f.check(PLAN, now()).unwrap_err() };
        for during in [
            "11",
            "-1",
            "NaN",
            "4.5",
            "1e3",
            "99999999999",
            "five",
            "3 4",
        ] {
            let errors = refused(answered(during, "", ""));
            assert_eq!(errors.len(), 1, "{during}");
            assert_eq!(errors[0].field, "pain_during");
            assert!(
                errors[0]
                    .message
                    .starts_with("Pain during the session must be"),
                "{during}"
            );
        }
        for effort in [
            "TOO_EASY",
            "easy",
            "too easy",
            "Too easy",
            "0",
            "too_easy,too_hard",
        ] {
            let errors = refused(answered("", effort, ""));
            assert_eq!(errors.len(), 1, "{effort}");
            assert_eq!(errors[0].field, "effort");
            assert!(
                errors[0]
                    .message
                    .contains("too easy, about right or too hard")
            );
        }
        for morning in ["Better", "The same", "worse!", "1", "better\u{0}"] {
            let errors = refused(answered("", "", morning));
            assert_eq!(errors.len(), 1, "{morning:?}");
            assert_eq!(errors[0].field, "morning");
            assert!(errors[0].message.contains("better, the same or worse"));
        }
        // Every mistake at once, in the order the forms ask.
        let mut all = answered("12", "hard", "bad");
        all.pain = "x".into();
        all.note = "n".repeat(NOTE_MAX_CHARS + 1);
        let fields: Vec<&str> = refused(all).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["pain_during", "pain", "effort", "morning", "note"]);
    }

    #[test]
    fn a_stored_entry_fills_the_form_that_would_store_it_again() {
        let mut stored = answered("5", "about_right", "same")
            .check(PLAN, now())
            .unwrap();
        assert_eq!(
            LogForm::from_entry(&stored).check(PLAN, now()),
            Ok(stored.clone())
        );
        stored.pain_during = None;
        stored.effort = None;
        stored.morning = None;
        stored.done = false;
        let form = LogForm::from_entry(&stored);
        assert_eq!(
            (
                form.pain_during.as_str(),
                form.effort.as_str(),
                form.morning.as_str()
            ),
            ("", "", "")
        );
        assert_eq!(form.check(PLAN, now()), Ok(stored));
    }
}
