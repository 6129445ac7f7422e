//! `POST /routine/save`: a plan saved, with the first session's log when
//! it comes from the end of a session.

use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::log::log_form_named;
use super::{after_logging, see_other};
use crate::db::NewRoutine;
use crate::error::AppError;
use crate::saved::schedule;
use crate::saved::{LogEntry, Token};
use crate::web::AppState;
use crate::web::clock::Now;
use crate::web::pages::forms::{FormPost, once};
use crate::web::pages::routine::{Decided, decide};

/// `POST /routine/save`: validates the answers exactly like the plan page
/// (same errors, same red-flag page), stores them with a snapshot of the
/// plan, and sends the person to their private link.
///
/// From the end of a session of an unsaved plan the form also carries that
/// session's log (`log=yes`, `log_week`, `log_session`, `log_pain`,
/// `log_pain_during`, `log_effort`, `log_morning`, `log_note`): it is
/// stored with the routine in one transaction, and a mistake in it shows
/// the session page again with the message beside the field and nothing
/// stored. `log=no` (or no `log`) saves the routine alone.
///
/// Once `--max-saves-per-day` routines were saved today (UTC), nothing is
/// stored: a 503 page says saving is paused until midnight UTC, with a link
/// back to the same plan and `Retry-After` set to the seconds until then.
pub async fn save(
    state: web::Data<AppState>,
    now: Now,
    form: FormPost,
) -> Result<HttpResponse, AppError> {
    let raw = form.pairs()?;
    let content = state.content.current();
    let (answers, plan) = match decide(&state, &content, &raw)? {
        Decided::Plan(answers, plan) => (answers, plan),
        Decided::Page(page) => return Ok(page),
    };
    let now = now.time();
    let first_log = match save_with_log(&raw)? {
        false => None,
        true => {
            let mut form = log_form_named(&raw, "log_")?;
            "yes".clone_into(&mut form.done);
            let keys = schedule::keys(&plan);
            match form.check(&keys, now) {
                Ok(entry) => Some(as_first(entry, now.date(), &keys)),
                Err(errors) => {
                    if let Some(unknown) = errors.iter().find(|e| e.field == "session") {
                        return Err(AppError::BadRequest(unknown.message.clone()));
                    }
                    return crate::web::pages::session_guide::plan_session_again(
                        &state, &content, &answers, &plan, &form, &errors,
                    );
                }
            }
        }
    };
    let token =
        Token::generate().map_err(|err| AppError::Internal(format!("no random bytes: {err}")))?;
    let plan_json = serde_json::to_string(&plan)
        .map_err(|err| AppError::Internal(format!("plan snapshot: {err}")))?;
    let hash = token.hash();
    let query = answers.to_query();
    let logged = first_log.as_ref().map(|entry| (entry.week, entry.day));
    let cap = state.config.storage.max_saves_per_day;
    let plan_query = query.clone();
    let new = NewRoutine {
        token_hash: hash.to_vec(),
        answers: query,
        plan_json,
        start_date: now.date(),
        created_at: now,
        first_log,
    };
    let stored = state.store.insert_capped(new, cap).await?;
    if stored.is_none() {
        return Err(AppError::SavesPaused {
            plan: plan_query,
            retry_after: seconds_to_midnight(now),
        });
    }
    Ok(match logged {
        Some((week, day)) => after_logging(token.as_str(), week, day),
        None => see_other(format!("/r/{}", token.as_str())),
    })
}

/// The log of a session done before saving, as the routine's first
/// session: the routine starts today, with today's session or the next,
/// and the plan page names its sessions by weekday and week, not date, so
/// the session done (Monday's of week 1, say) may be days away or in
/// another week. The person has just done one, so it counts as the first.
fn as_first(mut entry: LogEntry, today: NaiveDate, planned: &[(u8, u8)]) -> LogEntry {
    if let Some((week, day)) = schedule::first(today, planned) {
        entry.week = week;
        entry.day = day;
    }
    entry
}

/// Whole seconds from `now` to the next midnight UTC (at least 1), when the
/// daily save cap starts again.
fn seconds_to_midnight(now: NaiveDateTime) -> u32 {
    let Some(tomorrow) = now.date().succ_opt() else {
        return 1;
    };
    let left = tomorrow.and_time(NaiveTime::MIN) - now;
    // Round a part second up, so a retry never comes before midnight.
    let secs = left.num_seconds() + i64::from(left.subsec_nanos() > 0);
    u32::try_from(secs.clamp(1, 24 * 60 * 60)).unwrap_or(1)
}

/// Whether a save form asks to log a session too (`log`: `yes` or `no`,
/// at most once; absent on the plan page's form).
fn save_with_log(raw: &[(String, String)]) -> Result<bool, AppError> {
    let value = once(raw, "log").map_err(|name| {
        AppError::BadRequest(format!(
            "The form sent `{name}` more than once. Please use the buttons on the page."
        ))
    })?;
    match value {
        None | Some("no") => Ok(false),
        Some("yes") => Ok(true),
        Some(_) => Err(AppError::BadRequest(
            "The form's `log` must be yes or no. Please use the buttons on the page.".to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::seconds_to_midnight;
    use chrono::NaiveDate;

    #[test]
    fn retry_after_counts_the_seconds_to_the_next_utc_midnight() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        for ((h, m, s, milli), secs) in [
            ((0, 0, 0, 0), 86_400),
            ((12, 0, 0, 0), 43_200),
            ((23, 59, 59, 0), 1),
            ((23, 59, 59, 500), 1),
            ((23, 59, 58, 1), 2),
        ] {
            let now = day.and_hms_milli_opt(h, m, s, milli).unwrap();
            assert_eq!(seconds_to_midnight(now), secs, "{now}");
        }
    }
}
