//! `POST /r/{token}/log` and `POST /r/{token}/log/remove`: one session
//! logged, corrected or removed; the log form's fields read once each.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::view::{routine_page, visitor_base};
use super::{after_logging, load, see_other};
use crate::error::AppError;
use crate::saved::logform::{LogForm, not_yet_error, parse_slot};
use crate::saved::schedule;
use crate::web::clock::Now;
use crate::web::pages::forms::{FormPost, first_repeated};
use crate::web::{AppState, render_status};

/// `POST /r/{token}/log`: records (or corrects) one session, then back to
/// the page. Wrong values re-show the page with the errors beside the
/// fields, and a session whose day has not come yet
/// ([`Saved::not_yet`](super::Saved::not_yet)) with the reason in its
/// entry; nothing is stored.
pub async fn log(
    req: HttpRequest,
    state: web::Data<AppState>,
    now: Now,
    token: web::Path<String>,
    post: FormPost,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token, now).await?;
    let form = log_form(&post.pairs()?)?;
    let keys = schedule::keys(&saved.plan);
    let checked = form.check(&keys, now.time()).and_then(|entry| {
        match saved.not_yet((entry.week, entry.day)) {
            None => Ok(entry),
            Some(date) => Err(vec![not_yet_error(date)]),
        }
    });
    match checked {
        Ok(entry) => {
            let (week, day) = (entry.week, entry.day);
            state.store.upsert_log(saved.id, entry).await?;
            state.pages.private_changed(&saved.token.hash());
            Ok(after_logging(saved.token.as_str(), week, day))
        }
        Err(errors) => {
            let content = state.content.current();
            let link_base = visitor_base(&state, &req);
            let page = routine_page(
                &state,
                &content,
                &saved,
                Some((&form, &errors)),
                None,
                &link_base,
            )?;
            render_status(StatusCode::BAD_REQUEST, &page)
        }
    }
}

/// Reads the log form's fields; each may appear once.
fn log_form(raw: &[(String, String)]) -> Result<LogForm, AppError> {
    log_form_named(raw, "")
}

/// The fields of the log form.
const LOG_FIELDS: [&str; 8] = [
    "week",
    "session",
    "done",
    "pain",
    "pain_during",
    "effort",
    "morning",
    "note",
];

/// Reads a log form whose field names start with `prefix` (the save form
/// of a session page carries one as `log_week`, `log_pain`, …, beside the
/// plan's answers, which have a `pain` of their own).
pub(super) fn log_form_named(raw: &[(String, String)], prefix: &str) -> Result<LogForm, AppError> {
    fn field_of<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
        name.strip_prefix(prefix)
            .filter(|field| LOG_FIELDS.contains(field))
    }
    if let Some(name) = first_repeated(raw, |name| field_of(name, prefix).is_some()) {
        return Err(AppError::BadRequest(format!(
            "The form sent `{name}` more than once. Please use the form on the page."
        )));
    }
    let mut form = LogForm::default();
    for (name, value) in raw {
        let Some(field) = field_of(name, prefix) else {
            continue;
        };
        let slot = match field {
            "week" => &mut form.week,
            "session" => &mut form.day,
            "done" => &mut form.done,
            "pain" => &mut form.pain,
            "pain_during" => &mut form.pain_during,
            "effort" => &mut form.effort,
            "morning" => &mut form.morning,
            "note" => &mut form.note,
            _ => continue,
        };
        value.clone_into(slot);
    }
    Ok(form)
}

/// `POST /r/{token}/log/remove`: removes one logged session.
pub async fn remove_log(
    state: web::Data<AppState>,
    now: Now,
    token: web::Path<String>,
    post: FormPost,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token, now).await?;
    let form = log_form(&post.pairs()?)?;
    let keys = schedule::keys(&saved.plan);
    let (week, day) = parse_slot(&form.week, &form.day, &keys)
        .map_err(|err| AppError::BadRequest(err.message))?;
    let id = saved.id;
    state.store.delete_log(id, week, day).await?;
    state.pages.private_changed(&saved.token.hash());
    Ok(see_other(format!(
        "/r/{}#log-w{week}-d{day}",
        saved.token.as_str()
    )))
}
