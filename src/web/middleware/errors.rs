//! Error pages in the site layout, for every 4xx/5xx response.
//!
//! Handlers return [`AppError`], and actix itself answers some requests with
//! errors (bad query strings, oversized bodies). Both arrive here as plain-text
//! responses; this middleware replaces their body with the styled page.
//! Responses that are already HTML (a form re-shown with its errors) pass
//! through untouched.

use actix_web::dev::ServiceResponse;
use actix_web::error::{QueryPayloadError, UrlencodedError};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::error::{AppError, ErrorLink, ErrorMessage};
use crate::web::{AppState, Layout, Nav};

#[derive(Template)]
#[template(path = "pages/error.html")]
struct ErrorPage {
    layout: Layout,
    status: u16,
    title: String,
    detail: String,
    /// The error's own way on (back to the person's plan), if any.
    link: Option<ErrorLink>,
}

pub fn error_pages<B: 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(render_error_page)
}

/// Words for errors that did not come from an [`AppError`].
fn default_message(status: StatusCode) -> ErrorMessage {
    let (title, detail) = match status.as_u16() {
        400 => (
            "Something in the request was not right",
            "The address or form could not be understood. Please go back and try again.",
        ),
        404 => (
            "Page not found",
            "There is no page at this address. It may have moved, or the address may have a typo.",
        ),
        405 => (
            "That action is not available here",
            "This address does not accept that kind of request.",
        ),
        413 => (
            "That was too much to send",
            "The form you sent was larger than we accept. Please shorten what you typed and try again.",
        ),
        414 => (
            "That address is too long",
            "The web address was longer than we accept. Please go back and try a shorter one.",
        ),
        431 => (
            "That request was too large",
            "Your browser sent more information with this request than we accept. Please try again.",
        ),
        429 => (
            "Please slow down",
            "We received many requests from you in a short time. Please wait a moment and try again.",
        ),
        503 => (
            "The site is not ready",
            "The site cannot answer just now. Please try again in a minute.",
        ),
        s if s >= 500 => (
            "Sorry, something went wrong on our side",
            "The page could not be produced. Nothing you did caused this; please try again in a moment.",
        ),
        _ => (
            "This request could not be completed",
            "Please go back and try again.",
        ),
    };
    ErrorMessage {
        title: title.to_owned(),
        detail: detail.to_owned(),
    }
}

/// A response that is already a page, or a JSON answer for a program
/// (`/routine/plan.json` sends its field errors as JSON): kept as it is.
fn is_drawn<B>(res: &HttpResponse<B>) -> bool {
    res.headers().get(header::CONTENT_TYPE).is_some_and(|v| {
        v.as_bytes().starts_with(b"text/html") || v.as_bytes().starts_with(b"application/json")
    })
}

fn render_error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    if is_drawn(res.response()) {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let message = res
        .response()
        .extensions()
        .get::<ErrorMessage>()
        .cloned()
        .unwrap_or_else(|| default_message(status));
    let link = res.response().extensions().get::<ErrorLink>().cloned();
    let (req, old) = res.into_parts();

    let body = page_html(&req, status, &message, link);
    let mut new = HttpResponse::build(status);
    // Keep meaningful headers (Allow, Retry-After, ...) but not the old body's.
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new.append_header((name.clone(), value.clone()));
        }
    }
    let new = match body {
        Some(html) => new
            .insert_header((
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ))
            .body(html),
        None => new
            .insert_header((
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ))
            .body(format!("{}\n\n{}\n", message.title, message.detail)),
    };
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, new).map_into_right_body(),
    ))
}

/// Renders the error page, or `None` if even that fails (then plain text is
/// sent, and the failure logged).
fn page_html(
    req: &HttpRequest,
    status: StatusCode,
    message: &ErrorMessage,
    link: Option<ErrorLink>,
) -> Option<String> {
    let state = req.app_data::<web::Data<AppState>>()?;
    let content = state.content.current();
    let page = ErrorPage {
        layout: Layout::new(
            state,
            &content,
            &message.title,
            &message.detail,
            "",
            Nav::None,
        )
        .noindex(),
        status: status.as_u16(),
        title: message.title.clone(),
        detail: message.detail.clone(),
        link,
    };
    match page.render() {
        Ok(html) => Some(html),
        Err(err) => {
            tracing::error!(error = %err, "error page failed to render");
            None
        }
    }
}

/// Form bodies that cannot be read: too large → 413, otherwise 400.
pub fn form_error(err: UrlencodedError, _req: &HttpRequest) -> actix_web::Error {
    let app_err = match err {
        UrlencodedError::Overflow { .. } => {
            return actix_web::error::InternalError::from_response(
                err,
                HttpResponse::PayloadTooLarge()
                    .content_type("text/plain; charset=utf-8")
                    .finish(),
            )
            .into();
        }
        UrlencodedError::ContentType => AppError::BadRequest(
            "This form must be sent as a normal web form (application/x-www-form-urlencoded)."
                .to_owned(),
        ),
        other => AppError::BadRequest(format!("The form could not be read: {}", short(&other))),
    };
    app_err.into()
}

/// Query strings that do not fit what a page expects → 400.
pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    AppError::BadRequest(format!(
        "The address has a value we could not read: {}",
        short(&err)
    ))
    .into()
}

/// Error text from a parser, limited in length: it may quote the input.
fn short(err: &dyn std::fmt::Display) -> String {
    let text = err.to_string();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
