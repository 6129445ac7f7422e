//! Saved routines: `POST /routine/save` and the private pages under
//! `/r/{token}` (the plan, the progress log and chart, exports, erase).
//!
//! The token in the link is the only key: the database holds its SHA-256,
//! the access log never sees it (see `web::middleware::access`), and every page
//! here is `no-store`, referrer `same-origin` and `noindex` (set for every address
//! that could hold a token by `web::middleware::headers::private_paths`). An unknown or malformed
//! token is a plain 404. Writes go through the single writer connection,
//! each as one committed transaction, before the 303 is sent.
//!
//! By page and job: [`save`] (`POST /routine/save`), [`load`] (a routine
//! read back and its plan adapted to the log), [`view`] (the routine page),
//! [`log`] (the log form posts), [`export`] (CSV and calendar), [`json`]
//! (`plan.json`), [`erase`] (asking, erasing, and the page after).

mod erase;
mod export;
mod json;
mod load;
mod log;
mod save;
mod view;

use actix_web::http::header;
use actix_web::{HttpResponse, guard, web};

use crate::error::AppError;
use crate::web::page;

pub(super) use load::{Saved, load};
pub(super) use view::{Choice, effort_choices, logged_text, morning_choices};

fn post_only() -> actix_web::Route {
    web::route().guard(guard::Post())
}

fn method_not_allowed(allow: &'static str) -> actix_web::Route {
    web::to(
        move || async move { Err::<HttpResponse, AppError>(AppError::MethodNotAllowed { allow }) },
    )
}

/// `POST /routine/save` (with 405 for other methods).
pub fn save_resource() -> actix_web::Resource {
    web::resource("/routine/save")
        .route(post_only().to(save::save))
        .default_service(method_not_allowed("POST"))
}

/// `GET /routine/erased`: the page after a routine is erased.
pub fn erased_resource() -> actix_web::Resource {
    page("/routine/erased", erase::erased)
}

/// Everything under `/r/`.
pub fn scope() -> impl actix_web::dev::HttpServiceFactory {
    // Sent private by `middleware::headers::private_paths`, like every
    // address that could hold a token.
    web::scope("/r")
        .service(page("/{token}", view::show))
        .service(
            web::resource("/{token}/log")
                .route(post_only().to(log::log))
                .default_service(method_not_allowed("POST")),
        )
        .service(
            web::resource("/{token}/log/remove")
                .route(post_only().to(log::remove_log))
                .default_service(method_not_allowed("POST")),
        )
        .service(page(
            "/{token}/session/{week}/{day}",
            super::session_guide::saved_session,
        ))
        .service(page("/{token}/export.csv", export::export_csv))
        .service(page("/{token}/calendar.ics", export::calendar))
        .service(page("/{token}/plan.json", json::plan_json))
        .service(
            web::resource("/{token}/delete")
                .route(
                    web::route()
                        .guard(guard::Any(guard::Get()).or(guard::Head()))
                        .to(erase::confirm_delete),
                )
                .route(post_only().to(erase::delete))
                .default_service(method_not_allowed("GET, HEAD, POST")),
        )
}

/// Where a log lands: the routine's page at the session's entry, whose
/// first line says it is saved. The flag is read by `view::just_saved`
/// (like the rest of the address, the query is never logged, and the token
/// stays where it was, in the path); the fragment is that line, which can
/// take focus, so the browser moves focus there and a screen reader says
/// it, with or without scripts.
fn after_logging(token: &str, week: u8, day: u8) -> HttpResponse {
    see_other(format!(
        "/r/{token}?saved=w{week}-d{day}#saved-w{week}-d{day}"
    ))
}

fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}
