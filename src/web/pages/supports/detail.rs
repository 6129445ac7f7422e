//! `GET /supports/{slug}`: one product, with similar ones to compare.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{COMPARE_JS, Choice, SupportsSidebar, cut, sidebar_items};
use crate::content::Content;
use crate::error::AppError;
use crate::supports::compare::compare_url;
use crate::supports::similar;
use crate::web::cache::Shelf;
use crate::web::{AppState, Layout, Nav, render};

/// A row of the product's attribute table.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub label: &'static str,
    pub value: String,
}

/// A "compare with" link on a product page.
#[derive(Debug, Clone)]
pub struct CompareLink {
    pub url: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "supports/detail.html")]
struct DetailPage {
    layout: Layout,
    slug: String,
    name: String,
    summary: String,
    price: String,
    picture_url: String,
    alt: String,
    attributes: Vec<Attribute>,
    suits: Vec<String>,
    not_for: Vec<String>,
    how_to_use: Vec<String>,
    compare_links: Vec<CompareLink>,
    others: Vec<Choice>,
    supports_sidebar: SupportsSidebar,
}

/// `GET /supports/{slug}`: one product; 404 if there is no such product.
pub async fn detail(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    // Kept once rendered: only existing products give a 200 to keep.
    let content = state.content.current();
    let key = format!("/supports/{path}");
    let page = async { detail_page(&state, &content, &path) };
    state
        .pages
        .cached(&req, &content, Shelf::Content, key, page)
        .await
}

fn detail_page(state: &AppState, content: &Content, slug: &str) -> Result<HttpResponse, AppError> {
    let catalog = &content.supports;
    let s = catalog.get(slug).ok_or_else(|| {
        AppError::NotFound(format!(
            "We have no lumbar support called \"{}\". The full list is at /supports.",
            cut(slug, 60)
        ))
    })?;
    let similar = similar(catalog, s);
    let compare_links = similar
        .iter()
        .map(|r| CompareLink {
            url: compare_url(&[&s.slug, &r.support.slug], false),
            name: r.support.name.clone(),
        })
        .collect();
    let others = catalog
        .items
        .iter()
        .filter(|o| o.slug != s.slug)
        .map(|o| Choice {
            value: o.slug.clone(),
            label: format!("{} ({})", o.name, o.price.formatted()),
            selected: false,
        })
        .collect();
    let page = DetailPage {
        layout: Layout::new(state, content, &s.name, &s.summary, &s.url(), Nav::Supports),
        slug: s.slug.clone(),
        name: s.name.clone(),
        summary: s.summary.clone(),
        price: s.price.formatted(),
        picture_url: state.assets.url(&s.picture),
        alt: s.alt.clone(),
        attributes: s
            .attributes()
            .into_iter()
            .map(|(label, value)| Attribute { label, value })
            .collect(),
        suits: s.suits.clone(),
        not_for: s.not_for.clone(),
        how_to_use: s.how_to_use.clone(),
        compare_links,
        others,
        supports_sidebar: SupportsSidebar {
            heading: "Similar supports".to_owned(),
            items: sidebar_items(state, similar),
            id_prefix: "similar",
            script_url: state.assets.url(COMPARE_JS),
        },
    };
    render(&page)
}
