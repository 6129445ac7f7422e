//! Downloads: `GET /r/{token}/export.csv` (the log) and
//! `GET /r/{token}/calendar.ics` (the planned sessions).

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};

use super::load;
use crate::error::AppError;
use crate::saved::export::{self, CalendarSession};
use crate::saved::schedule::{self, Slot};
use crate::web::AppState;
use crate::web::clock::Now;
use crate::web::pages::session_guide::session_title;

fn attachment(content_type: &'static str, filename: &'static str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(content_type)))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body)
}

/// `GET /r/{token}/export.csv`: every log entry.
pub async fn export_csv(
    state: web::Data<AppState>,
    now: Now,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token, now).await?;
    let slots = schedule::slots(&saved.plan);
    let csv = export::log_csv(&saved.logs, |week, day| {
        slots
            .iter()
            .find(|s| s.week == week && s.day == day)
            .map(|s| format!("Week {week}, {}: {}", s.weekday, session_title(s)))
            .unwrap_or_else(|| format!("Week {week}, day {day}"))
    })
    .map_err(|err| AppError::Internal(format!("csv export: {err}")))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        "backcare-log.csv",
        csv,
    ))
}

/// `GET /r/{token}/calendar.ics`: the planned sessions as calendar events.
pub async fn calendar(
    state: web::Data<AppState>,
    now: Now,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token, now).await?;
    let sessions: Vec<CalendarSession> = schedule::slots(&saved.plan)
        .iter()
        .map(|slot| CalendarSession {
            date: schedule::date_of(saved.start, slot.week, slot.day),
            week: slot.week,
            day: slot.day,
            title: format!(
                "Back routine: {} (about {} minutes)",
                session_title(slot),
                slot.session.minutes
            ),
            description: calendar_description(slot),
        })
        .collect();
    // Event ids must stay the same for this routine but reveal neither its
    // link nor how many routines there are (a row id would): a hash of the
    // stored token hash, under its own label.
    let uid_base = {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(b"backcare calendar ids\0")
            .chain_update(saved.token.hash())
            .finalize();
        format!("routine-{}", crate::hex::encode(&digest[..12]))
    };
    let text = export::sessions_ics(&sessions, &uid_base, "Backcare routine", export::now());
    Ok(attachment(
        "text/calendar; charset=utf-8",
        "backcare-routine.ics",
        text,
    ))
}

fn calendar_description(slot: &Slot<'_>) -> String {
    let mut lines: Vec<String> = slot
        .session
        .items()
        .map(|item| format!("- {}: {}", item.name, item.dosage))
        .collect();
    lines.push(String::new());
    lines.push("Brace your abdominals before each strength exercise. Pain up to about 5 out of 10 is fine if it settles within a day; stop for sharp pain or pain spreading down a leg (or further down it than usual).".to_owned());
    lines.push("Log how it went on your saved routine page.".to_owned());
    lines.join("\n")
}
