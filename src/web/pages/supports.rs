//! Lumbar-support pages: the filtered list, a product page, the comparison
//! of 2 or 3 products, and the recommendation sidebar other pages include.
//!
//! To show the sidebar on a page: give the page's template struct a field
//! `supports_sidebar: SupportsSidebar` built with [`sidebar`], and put
//! `{% include "partials/supports_sidebar.html" %}` where it belongs. The
//! partial loads `static/js/compare.js` itself.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::content::Content;
use crate::db;
use crate::error::AppError;
use crate::supports::compare::compare_url;
use crate::supports::{
    CompareError, CompareSelection, Currency, Firmness, Kind, ListFilters, ListQuery, MAX_PICKS,
    Price, RecommendContext, Recommendation, Sort, Support, UseContext, recommend, similar,
};
use crate::web::cache::Shelf;
use crate::web::{AppState, Chrome, Nav, render, render_status};

/// Where the compare script lives under `static/`.
const COMPARE_JS: &str = "js/compare.js";

/// One recommended product, ready for the sidebar partial.
#[derive(Debug, Clone)]
pub struct SidebarItem {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub picture_url: String,
    pub price: String,
    pub kind: &'static str,
    /// Why it is shown, in one line.
    pub reason: String,
}

/// Everything `partials/supports_sidebar.html` needs.
#[derive(Debug, Clone)]
pub struct SupportsSidebar {
    pub heading: String,
    /// At most 3, best first.
    pub items: Vec<SidebarItem>,
    /// Prefix for element ids, so the partial can sit beside other
    /// compare checkboxes on one page.
    pub id_prefix: &'static str,
    pub script_url: String,
}

fn sidebar_items(state: &AppState, picks: Vec<Recommendation<'_>>) -> Vec<SidebarItem> {
    picks
        .into_iter()
        .map(|r| SidebarItem {
            slug: r.support.slug.clone(),
            name: r.support.name.clone(),
            url: r.support.url(),
            picture_url: state.assets.url(&r.support.picture),
            price: r.support.price.formatted(),
            kind: r.support.kind.label(),
            reason: r.reason,
        })
        .collect()
}

/// The recommendation sidebar for a page whose situation is `ctx`: at most
/// 3 supports, each with its reason. Build `ctx` with
/// [`RecommendContext::for_guide`], [`RecommendContext::for_routine`] or
/// [`RecommendContext::for_exercise`].
pub fn sidebar(state: &AppState, content: &Content, ctx: &RecommendContext) -> SupportsSidebar {
    SupportsSidebar {
        heading: "Supports that may make this more comfortable".to_owned(),
        items: sidebar_items(state, recommend(&content.supports, ctx)),
        id_prefix: "sidebar",
        script_url: state.assets.url(COMPARE_JS),
    }
}

/// A choice in a `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

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
    chrome: Chrome,
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
/// that names it.
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    // Kept per filter: the supports table mirrors the content.
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
    let slugs = db::run(&state.db, move |conn| {
        Ok(db::supports::list(conn, &filters)?)
    })
    .await?;
    let catalog = &content.supports;
    let cards: Vec<Card> = slugs
        .iter()
        .filter_map(|slug| catalog.get(slug))
        .map(|s| Card::new(state, s))
        .collect();
    let page = ListPage {
        chrome: Chrome::new(
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
    chrome: Chrome,
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
        chrome: Chrome::new(state, content, &s.name, &s.summary, &s.url(), Nav::Supports),
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

fn cut(value: &str, max: usize) -> String {
    match value.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_owned(),
    }
}

/// A column of the comparison table.
#[derive(Debug, Clone)]
pub struct Column {
    pub slug: String,
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
    chrome: Chrome,
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
    chrome: Chrome,
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
                slug: s.slug.clone(),
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
        chrome: Chrome::new(
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
        chrome: Chrome::new(
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
