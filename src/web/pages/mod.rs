//! The handlers, one module per page or group of pages. Each module's
//! documentation names its routes; [`crate::web::configure`] wires them.

pub mod exercises;
pub mod feeds;
mod forms;
pub mod guides;
pub mod health;
pub mod home;
pub mod routine;
pub mod saved;
pub mod search;
pub mod session_guide;
pub mod supports;

use actix_web::{HttpRequest, HttpResponse};

use crate::content::Content;
use crate::error::AppError;
use crate::web::AppState;
use crate::web::cache::Shelf;

/// Longest query string accepted (bytes) on pages built from a form's
/// answers. The full routine form with every box ticked is about 600;
/// anything much longer is not from a form.
pub const QUERY_LIMIT: usize = 2048;

/// A 414 response; the error middleware draws it as the "address too long"
/// page in the site layout.
pub fn uri_too_long() -> HttpResponse {
    HttpResponse::UriTooLong()
        .content_type("text/plain; charset=utf-8")
        .finish()
}

/// The request's query string, or `None` when it is longer than
/// [`QUERY_LIMIT`] (answer [`uri_too_long`]).
pub fn short_query(req: &HttpRequest) -> Option<&str> {
    Some(req.query_string()).filter(|query| query.len() <= QUERY_LIMIT)
}

/// A page that is a pure function of the content and its query string (the
/// routine form filled in, a plan, a filtered list): the 414 page for a
/// query longer than [`QUERY_LIMIT`]; otherwise the page kept on the query
/// shelf under `name?query`, or `build` makes it and it is kept (when it is
/// a plain 200 page).
pub async fn query_page<F>(
    req: &HttpRequest,
    state: &AppState,
    name: &str,
    build: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&AppState, &Content, &str) -> Result<HttpResponse, AppError>,
{
    let Some(query) = short_query(req) else {
        return Ok(uri_too_long());
    };
    let content = state.content.current();
    let page = async { build(state, &content, query) };
    state
        .pages
        .cached(
            req,
            &content,
            Shelf::Queries,
            format!("{name}?{query}"),
            page,
        )
        .await
}
