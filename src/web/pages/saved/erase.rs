//! Erasing: `GET /r/{token}/delete` asks, `POST /r/{token}/delete` erases,
//! `GET /routine/erased` confirms.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::{load, see_other};
use crate::error::AppError;
use crate::web::clock::Now;
use crate::web::pages::forms::SameOrigin;
use crate::web::{AppState, Layout, Nav, render};

#[derive(Template)]
#[template(path = "saved/delete.html")]
struct DeletePage {
    layout: Layout,
    base: String,
    logged: usize,
}

/// `GET /r/{token}/delete`: asks before erasing.
pub async fn confirm_delete(
    state: web::Data<AppState>,
    now: Now,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token, now).await?;
    let content = state.content.current();
    render(&DeletePage {
        layout: Layout::new(
            &state,
            &content,
            "Erase your saved routine?",
            "Erase a saved Backcare routine and its log.",
            "",
            Nav::Routine,
        )
        .noindex(),
        base: format!("/r/{}", saved.token.as_str()),
        logged: saved.logs.len(),
    })
}

/// `POST /r/{token}/delete`: erases the routine and every log entry.
pub async fn delete(
    _: SameOrigin,
    state: web::Data<AppState>,
    now: Now,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token, now).await?;
    let id = saved.id;
    state.store.delete(id).await?;
    state.pages.private_changed(&saved.token.hash());
    Ok(see_other("/routine/erased".to_owned()))
}

#[derive(Template)]
#[template(path = "saved/erased.html")]
struct ErasedPage {
    layout: Layout,
}

/// `GET /routine/erased`: confirms the erase.
pub async fn erased(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let content = state.content.current();
    render(&ErasedPage {
        layout: Layout::new(
            &state,
            &content,
            "Your routine has been erased",
            "Your saved routine has been erased.",
            "",
            Nav::Routine,
        )
        .noindex(),
    })
}
