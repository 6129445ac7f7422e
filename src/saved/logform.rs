//! The "log this session" form: raw fields in, a checked entry or per-field
//! errors out.

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::{LogEntry, NOTE_MAX_CHARS};

/// The form as posted. Every field is text so that nothing a browser (or a
/// stranger) sends can fail extraction: checking happens in [`LogForm::check`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LogForm {
    #[serde(default)]
    pub week: String,
    #[serde(default)]
    pub session: String,
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub pain: String,
    #[serde(default)]
    pub note: String,
}

/// A problem with one field, shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Which session a form is about; `planned` says whether it exists.
pub fn parse_session(
    week: &str,
    session: &str,
    planned: &[(u8, u8)],
) -> Result<(u8, u8), FieldError> {
    let unknown = || {
        FieldError {
        field: "session",
        message: "That session is not part of this routine. Please use the form beside the session you did.".to_owned(),
    }
    };
    let week: u8 = week.trim().parse().map_err(|_parse| unknown())?;
    let session: u8 = session.trim().parse().map_err(|_parse| unknown())?;
    if planned.contains(&(week, session)) {
        Ok((week, session))
    } else {
        Err(unknown())
    }
}

impl LogForm {
    /// Checks every field; on success the entry to store, stamped `now`.
    pub fn check(
        &self,
        planned: &[(u8, u8)],
        now: NaiveDateTime,
    ) -> Result<LogEntry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let slot = parse_session(&self.week, &self.session, planned)
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
        let pain = match self.pain.trim() {
            "" => Some(None),
            text => match text.parse::<u8>() {
                Ok(p) if p <= 10 => Some(Some(p)),
                _ => {
                    errors.push(FieldError {
                        field: "pain",
                        message: "Pain must be a whole number from 0 (no pain) to 10 (the worst pain you can imagine), or left empty.".to_owned(),
                    });
                    None
                }
            },
        };
        let note = self.note.trim();
        let chars = note.chars().count();
        if chars > NOTE_MAX_CHARS {
            errors.push(FieldError {
                field: "note",
                message: format!(
                    "Your note is {chars} characters long; please keep it to {NOTE_MAX_CHARS}."
                ),
            });
        }
        match (slot, done, pain) {
            (Some((week, day)), Some(done), Some(pain)) if errors.is_empty() => Ok(LogEntry {
                week,
                day,
                done,
                pain,
                pain_during: None,
                effort: None,
                morning: None,
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

    fn form(week: &str, session: &str, done: &str, pain: &str, note: &str) -> LogForm {
        LogForm {
            week: week.into(),
            session: session.into(),
            done: done.into(),
            pain: pain.into(),
            note: note.into(),
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
}
