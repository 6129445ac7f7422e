//! `GET /supports/compare?item=…`: 2 or 3 products side by side, or a
//! list to choose from.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{COMPARE_JS, cut};
use crate::content::Content;
use crate::error::AppError;
use crate::supports::compare::compare_url;
use crate::supports::{CompareError, CompareSelection, MAX_PICKS};
use crate::web::cache::Shelf;
use crate::web::{AppState, Layout, Nav, render, render_status};

/// A column of the comparison table.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub url: String,
    pub picture_url: String,
    pub alt: String,
    /// The same comparison without this product.
    pub remove_url: String,
}

#[derive(Template)]
#[template(path = "supports/compare.html")]
struct ComparePage {
    layout: Layout,
    script_url: String,
    columns: Vec<Column>,
    rows: Vec<crate::supports::CompareRow>,
    diff_only: bool,
    /// The other view: only differences, or every row.
    toggle_url: String,
    differing: usize,
    items: String,
}

/// A product in the "choose 2 or 3" list.
#[derive(Debug, Clone)]
pub struct Pick {
    pub slug: String,
    pub name: String,
    pub price: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "supports/choose.html")]
struct ChoosePage {
    layout: Layout,
    script_url: String,
    heading: String,
    message: String,
    picks: Vec<Pick>,
}

/// Most distinct `item` values read from one address: enough to know there
/// are too many, without work growing with a hostile URL.
const MAX_ITEMS_READ: usize = 32;

/// `GET /supports/compare?item=a&item=b[&item=c][&diff=1]`: a side-by-side
/// table. Fewer than 2 or more than 3 distinct items → 400 with a list to
/// choose from; an unknown item → 404 naming it.
pub async fn compare(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let content = state.content.current();
    let key = format!("compare?{}", req.query_string());
    let page = async { compare_page(&state, &content, &req) };
    state
        .pages
        .cached(&req, &content, Shelf::Queries, key, page)
        .await
}

fn compare_page(
    state: &AppState,
    content: &Content,
    req: &HttpRequest,
) -> Result<HttpResponse, AppError> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map_err(|err| AppError::BadRequest(format!("The address could not be read: {err}")))?
        .into_inner();
    let mut given: Vec<String> = Vec::new();
    let mut diff_only = false;
    for (key, value) in pairs {
        match key.as_str() {
            "item" if given.len() < MAX_ITEMS_READ && !given.contains(&value) => {
                given.push(value);
            }
            "diff" => {
                diff_only = match value.as_str() {
                    "1" => true,
                    "" | "0" => false,
                    other => {
                        return Err(AppError::BadRequest(format!(
                            "\"{}\" is not a choice for diff: use diff=1 to show only the rows that differ.",
                            cut(other, 40)
                        )));
                    }
                }
            }
            _ => {}
        }
    }

    let catalog = &content.supports;
    let selection = match CompareSelection::choose(catalog, &given) {
        Ok(selection) => selection,
        Err(CompareError::Unknown(slug)) => {
            return Err(AppError::NotFound(format!(
                "We have no lumbar support called \"{slug}\", so it cannot be compared. Please choose from the full list at /supports."
            )));
        }
        Err(CompareError::TooFew(chosen)) => {
            let message = match chosen.len() {
                0 => "You have not chosen any supports yet. Tick 2 or 3 below, then press Compare."
                    .to_owned(),
                _ => "You chose only one support. Tick one or two more below, then press Compare."
                    .to_owned(),
            };
            return choose(
                state,
                content,
                "Choose 2 or 3 supports to compare",
                message,
                &chosen,
            );
        }
        Err(CompareError::TooMany(chosen)) => {
            let message = format!(
                "You chose {}. A table of more than 3 is hard to read on a small screen, so untick some below and press Compare again.",
                chosen.len()
            );
            return choose(
                state,
                content,
                &format!("You can compare at most {MAX_PICKS} supports"),
                message,
                &chosen,
            );
        }
    };

    let slugs = selection.slugs();
    let columns = selection
        .items
        .iter()
        .map(|s| {
            let rest: Vec<&str> = slugs.iter().copied().filter(|o| *o != s.slug).collect();
            Column {
                name: s.name.clone(),
                url: s.url(),
                picture_url: state.assets.url(&s.picture),
                alt: s.alt.clone(),
                remove_url: compare_url(&rest, diff_only),
            }
        })
        .collect();
    let differing = selection.rows(true).len();
    let names: Vec<&str> = selection.items.iter().map(|s| s.name.as_str()).collect();
    let title = format!("Compare {}", join_and(&names));
    let page = ComparePage {
        layout: Layout::new(
            state,
            content,
            &title,
            "Lumbar supports side by side: price, kind, firmness, size, weight, cover, adjustability and where each is used.",
            &compare_url(&slugs, false),
            Nav::Supports,
        )
        .noindex(),
        script_url: state.assets.url(COMPARE_JS),
        columns,
        rows: selection.rows(diff_only),
        diff_only,
        toggle_url: compare_url(&slugs, !diff_only),
        differing,
        items: slugs.join(" "),
    };
    render(&page)
}

/// "A, B and C".
fn join_and(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn choose(
    state: &AppState,
    content: &Content,
    heading: &str,
    message: String,
    chosen: &[String],
) -> Result<HttpResponse, AppError> {
    let page = ChoosePage {
        layout: Layout::new(
            state,
            content,
            heading,
            &message,
            "/supports/compare",
            Nav::Supports,
        )
        .noindex(),
        script_url: state.assets.url(COMPARE_JS),
        heading: heading.to_owned(),
        message,
        picks: content
            .supports
            .items
            .iter()
            .map(|s| Pick {
                slug: s.slug.clone(),
                name: s.name.clone(),
                price: s.price.formatted(),
                checked: chosen.contains(&s.slug),
            })
            .collect(),
    };
    render_status(StatusCode::BAD_REQUEST, &page)
}
