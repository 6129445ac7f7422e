//! The home page.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::content::Content;
use crate::error::AppError;
use crate::web::cache::Shelf;
use crate::web::{AppState, Layout, Nav, render};

/// How many of the newest guides the home page lists.
pub const LATEST: usize = 3;

/// A guide in a list: where it is, what it is called, what it covers.
#[derive(Debug, Clone)]
pub struct GuideCard {
    pub url: String,
    pub title: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "pages/home.html")]
struct HomePage {
    layout: Layout,
    tagline: String,
    latest: Vec<GuideCard>,
    /// The picture of what the site is for (`static/home.svg`, drawn by
    /// `scripts/figures/home.py`).
    picture: String,
}

/// `GET /`: what the site offers, the routine builder, the latest guides.
pub async fn index(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let content = state.content.current();
    let page = async { home_page(&state, &content) };
    state
        .pages
        .cached(&req, &content, Shelf::Content, "/".to_owned(), page)
        .await
}

fn home_page(state: &AppState, content: &Content) -> Result<HttpResponse, AppError> {
    let site = &content.site;
    let page = HomePage {
        layout: Layout::new(state, content, "", &site.tagline, "/", Nav::None),
        tagline: site.tagline.clone(),
        picture: state.assets.url("home.svg"),
        latest: content
            .guides
            .latest(LATEST)
            .iter()
            .map(|g| GuideCard {
                url: g.url(),
                title: g.title.clone(),
                summary: g.summary.clone(),
            })
            .collect(),
    };
    render(&page)
}
