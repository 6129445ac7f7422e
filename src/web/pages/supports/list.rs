//! `GET /supports`: every product, filtered and sorted.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{COMPARE_JS, Choice};
use crate::content::Content;
use crate::error::AppError;
use crate::supports::{
    Currency, Firmness, Kind, ListFilters, ListQuery, Price, Sort, Support, UseContext,
};
use crate::web::cache::Shelf;
use crate::web::{AppState, Layout, Nav, render};

fn choices<T: Copy + PartialEq>(
    all: &[T],
    current: Option<T>,
    any_label: &str,
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: String::new(),
        label: any_label.to_owned(),
        selected: current.is_none(),
    }];
    out.extend(all.iter().map(|t| Choice {
        value: value(*t).to_owned(),
        label: label(*t).to_owned(),
        selected: current == Some(*t),
    }));
    out
}

/// A product card on the list page.
#[derive(Debug, Clone)]
pub struct Card {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub picture_url: String,
    pub price: String,
    pub kind: &'static str,
    pub firmness: &'static str,
    pub contexts: String,
    pub summary: String,
}

impl Card {
    fn new(state: &AppState, s: &Support) -> Card {
        Card {
            slug: s.slug.clone(),
            name: s.name.clone(),
            url: s.url(),
            picture_url: state.assets.url(&s.picture),
            price: s.price.formatted(),
            kind: s.kind.label(),
            firmness: s.firmness.label(),
            contexts: s.contexts_label(),
            summary: s.summary.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "supports/list.html")]
struct ListPage {
    layout: Layout,
    script_url: String,
    contexts: Vec<Choice>,
    kinds: Vec<Choice>,
    firmnesses: Vec<Choice>,
    prices: Vec<Choice>,
    sorts: Vec<Choice>,
    cards: Vec<Card>,
    total: usize,
    /// "for the car, firm, up to £20.00", or empty.
    narrowed_by: String,
    narrows: bool,
}

/// Price caps offered in the filter, in pounds.
const PRICE_STEPS: [u32; 5] = [15, 20, 25, 30, 40];

fn price_choices(current: Option<u32>) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: String::new(),
        label: "Any price".to_owned(),
        selected: current.is_none(),
    }];
    for pounds in PRICE_STEPS {
        out.push(Choice {
            value: pounds.to_string(),
            label: format!("Up to £{pounds}"),
            selected: current == Some(pounds * 100),
        });
    }
    // A cap typed into the address is kept, so the form shows what is applied.
    if let Some(minor) = current
        && !PRICE_STEPS.iter().any(|p| p * 100 == minor)
    {
        out.push(Choice {
            value: format!("{}.{:02}", minor / 100, minor % 100),
            label: format!("Up to {}", pounds(minor)),
            selected: true,
        });
    }
    out
}

/// The filter's price cap is in pounds, the catalog's one currency.
fn pounds(minor: u32) -> String {
    Price {
        minor,
        currency: Currency::Gbp,
    }
    .formatted()
}

fn describe(filters: &ListFilters) -> String {
    let mut parts = Vec::new();
    if let Some(c) = filters.context {
        parts.push(format!("for {}", c.phrase()));
    }
    if let Some(k) = filters.kind {
        parts.push(k.label().to_lowercase());
    }
    if let Some(f) = filters.firmness {
        parts.push(f.label().to_lowercase());
    }
    if let Some(minor) = filters.max_price_minor {
        parts.push(format!("up to {}", pounds(minor)));
    }
    parts.join(", ")
}

/// `GET /supports`: every product, with filters (`context`, `kind`,
/// `firmness`, `max_price` in pounds) and `sort` (`relevance`,
/// `price-low-high`, `price-high-low`). A value we cannot use is a 400 page
/// that names it. Filtered and sorted in memory ([`ListFilters::apply`]).
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    // Kept per filter, for the content it was built from.
    let content = state.content.current();
    let key = format!("supports?{}", req.query_string());
    let page = list_page(&state, &content, query.into_inner());
    state
        .pages
        .cached(&req, &content, Shelf::Queries, key, page)
        .await
}

async fn list_page(
    state: &AppState,
    content: &Content,
    query: ListQuery,
) -> Result<HttpResponse, AppError> {
    let filters = query
        .check()
        .map_err(|err| AppError::BadRequest(err.to_string()))?;
    let catalog = &content.supports;
    let cards: Vec<Card> = filters
        .apply(catalog)
        .into_iter()
        .map(|s| Card::new(state, s))
        .collect();
    let page = ListPage {
        layout: Layout::new(
            state,
            content,
            "Lumbar supports",
            "Lumbar rolls and cushions for chairs, cars, sofas and beds: who each suits, how to use it, and a side-by-side comparison. Comfort aids, not treatments.",
            "/supports",
            Nav::Supports,
        ),
        script_url: state.assets.url(COMPARE_JS),
        contexts: choices(
            &UseContext::ALL,
            filters.context,
            "Anywhere",
            UseContext::slug,
            UseContext::label,
        ),
        kinds: choices(
            &catalog.kinds(),
            filters.kind,
            "Any kind",
            Kind::slug,
            Kind::label,
        ),
        firmnesses: choices(
            &Firmness::ALL,
            filters.firmness,
            "Any firmness",
            Firmness::slug,
            Firmness::label,
        ),
        prices: price_choices(filters.max_price_minor),
        sorts: Sort::ALL
            .iter()
            .map(|s| Choice {
                value: s.slug().to_owned(),
                label: s.label().to_owned(),
                selected: *s == filters.sort,
            })
            .collect(),
        total: catalog.items.len(),
        narrowed_by: describe(&filters),
        narrows: filters.narrows(),
        cards,
    };
    render(&page)
}
