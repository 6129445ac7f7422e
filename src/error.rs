//! The one error type of the web layer.
//!
//! Which error type each layer uses:
//! - domain modules (`content`, later `routine`, `supports`) return their own
//!   specific errors or validation results; they know nothing of HTTP;
//! - `db` functions return `rusqlite::Result`, `db::run` lifts them into
//!   [`AppError`];
//! - handlers return `Result<HttpResponse, AppError>`.
//!
//! [`AppError`] only decides the status and the words a visitor sees. The page
//! itself is drawn by `crate::web::middleware::errors`, in the site layout, for every 4xx
//! and 5xx response (including those actix produces itself, such as a bad
//! query string). Causes of server errors are logged, never shown.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

/// What a visitor is told about a failed request. Stored in the response's
/// extensions so the error-page renderer can use it.
#[derive(Debug, Clone)]
pub struct ErrorMessage {
    pub title: String,
    pub detail: String,
}

/// A way on from an error page that belongs to this error (back to the
/// person's own plan), shown under its words. Stored in the response's
/// extensions beside the [`ErrorMessage`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorLink {
    /// A path on this site.
    pub href: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist; the text says what was looked for.
    #[error("not found: {0}")]
    NotFound(String),
    /// The request was understood but its input is wrong; the text says why.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request came from another site (a failed Origin check).
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("method not allowed")]
    MethodNotAllowed { allow: &'static str },
    /// A form's body did not arrive within `--body-timeout`.
    #[error("request body too slow")]
    SlowBody,
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("database pool error: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("template error: {0}")]
    Template(#[from] askama::Error),
    #[error("blocking task failed: {0}")]
    Blocking(#[from] actix_web::error::BlockingError),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// `--max-saves-per-day` new routines were saved today (UTC): saving
    /// waits until midnight UTC; reading and logging go on. `plan` holds
    /// the person's answers as the `/routine/plan` query string, for the
    /// way back to their plan; `retry_after` the seconds to midnight UTC.
    #[error("saving paused: today's cap on new routines is reached")]
    SavesPaused { plan: String, retry_after: u32 },
    /// Something that should not happen did: stored data that no longer
    /// reads back, the OS refusing random bytes. The text is for the log.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Whether a database error means storage cannot take writes just now (a
/// read-only or full disk, a file that cannot be opened or written, a lock
/// held too long): the visitor gets a 503 saying nothing was saved, not a 500.
pub fn is_storage_fault(err: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode;
    matches!(
        err.sqlite_error_code(),
        Some(
            ErrorCode::ReadOnly
                | ErrorCode::DiskFull
                | ErrorCode::CannotOpen
                | ErrorCode::SystemIoFailure
                | ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked
        )
    )
}

/// The disk refuses writes (read-only or full); reads still work.
fn cannot_write(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::DiskFull)
    )
}

fn database_unreachable() -> (&'static str, String) {
    (
        "The site is not ready",
        "The site cannot reach its database just now. Please try again in a minute.".to_owned(),
    )
}

/// Seconds a visitor is asked to wait after a 503.
const RETRY_AFTER_SECS: u32 = 60;

impl AppError {
    /// The visitor-facing words for this error. Server errors get a fixed,
    /// calm message: their causes stay in the log.
    pub fn message(&self) -> ErrorMessage {
        let (title, detail) = match self {
            AppError::NotFound(what) => ("Page not found", what.clone()),
            AppError::BadRequest(why) => ("Something in the request was not right", why.clone()),
            AppError::Forbidden(why) => ("That request was refused", why.clone()),
            AppError::MethodNotAllowed { allow } => (
                "That action is not available here",
                format!("This address only answers to {allow} requests."),
            ),
            AppError::SlowBody => (
                "That took too long to arrive",
                "Your form took too long to reach us, so nothing was saved. Please check your connection and send it again."
                    .to_owned(),
            ),
            AppError::Database(err) if cannot_write(err) => (
                "Nothing could be saved just now",
                "The site cannot store anything at the moment, so what you sent was not saved. \
                 Everything saved before is safe and you can still read it. \
                 Please try again in a few minutes."
                    .to_owned(),
            ),
            AppError::SavesPaused { .. } => (
                "Saving is paused until tomorrow",
                "So many routines were saved today that we have paused saving new ones \
                 until midnight UTC. Your plan is still here with all your answers: you can \
                 open it, follow it and print it now, and save it tomorrow. Routines saved \
                 before are safe, and logging sessions on them works as usual."
                    .to_owned(),
            ),
            AppError::Database(err) if is_storage_fault(err) => database_unreachable(),
            AppError::Unavailable(_) | AppError::Pool(_) => database_unreachable(),
            AppError::Database(_)
            | AppError::Template(_)
            | AppError::Blocking(_)
            | AppError::Internal(_) => (
                "Sorry, something went wrong on our side",
                "The page could not be produced. Nothing you did caused this; please try again in a moment."
                    .to_owned(),
            ),
        };
        ErrorMessage {
            title: title.to_owned(),
            detail,
        }
    }

    /// The way on this error offers, if it has one of its own.
    pub fn link(&self) -> Option<ErrorLink> {
        match self {
            AppError::SavesPaused { plan, .. } => Some(ErrorLink {
                href: format!("/routine/plan?{plan}"),
                text: "Back to your plan".to_owned(),
            }),
            _ => None,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::SlowBody => StatusCode::REQUEST_TIMEOUT,
            AppError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Unavailable(_) | AppError::Pool(_) | AppError::SavesPaused { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::Database(err) if is_storage_fault(err) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_)
            | AppError::Template(_)
            | AppError::Blocking(_)
            | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if let AppError::SavesPaused { .. } = self {
            // Working as configured; the line says why saves are refused.
            tracing::warn!(error = %self, "a save was refused (--max-saves-per-day)");
        } else if status.is_server_error() {
            // 503s are logged too: a full or read-only disk needs a person.
            tracing::error!(error = %self, "request failed");
        }
        let mut res = HttpResponse::build(status);
        if matches!(self, AppError::SlowBody) {
            // The rest of a body that slow is not worth waiting for.
            res.force_close();
        }
        if let AppError::MethodNotAllowed { allow } = self {
            res.insert_header((header::ALLOW, HeaderValue::from_static(allow)));
        }
        if let AppError::SavesPaused { retry_after, .. } = self {
            res.insert_header((header::RETRY_AFTER, HeaderValue::from(*retry_after)));
        } else if status == StatusCode::SERVICE_UNAVAILABLE {
            res.insert_header((header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS)));
        }
        let mut res = res
            .content_type("text/plain; charset=utf-8")
            .body(self.message().title);
        res.extensions_mut().insert(self.message());
        if let Some(link) = self.link() {
            res.extensions_mut().insert(link);
        }
        res
    }
}
