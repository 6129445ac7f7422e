//! Site search over the FTS5 index.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::content::{Content, WARNING_SIGNS_GUIDE};
use crate::db;
use crate::db::search::{SearchHit, SearchResults};
use crate::error::AppError;
use crate::web::cache::Shelf;
use crate::web::{AppState, Layout, Nav, render};

/// Results on one page; further pages are linked below them.
pub const PER_PAGE: usize = 10;
/// Most characters of the query used (and shown back); the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    /// Page of results, from 1 (not a number: the 400 page of bad queries).
    page: Option<usize>,
}

#[derive(Template)]
#[template(path = "pages/search.html")]
struct SearchPage {
    layout: Layout,
    query: String,
    /// Whether any words were searched for (an empty box shows help instead).
    searched: bool,
    total: usize,
    all_words: bool,
    hits: Vec<SearchHit>,
    /// Position of the first hit on this page (1 on the first page).
    first: usize,
    page: usize,
    total_pages: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    /// Synonyms searched for as well ("Also searched for: …").
    also: Vec<String>,
    /// "Did you mean": the query with misspelt words corrected, and its
    /// link, when nothing or only some words matched.
    suggestion: Option<(String, String)>,
    /// Offered when nothing matched: (title, link).
    offers: Vec<(String, String)>,
}

/// `/search?q=…&page=N` (no `page` for the first).
fn page_url(text: &str, page: usize) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("q", text);
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    format!("/search?{}", query.finish())
}

impl SearchPage {
    fn kind_label(kind: &str) -> &'static str {
        match kind {
            "guide" => "Guide",
            "exercise" => "Exercise",
            "avoided" => "Move to avoid",
            "support" => "Lumbar support",
            _ => "Page",
        }
    }
}

/// `GET /search?q=`: ranked results with highlighted snippets. Any text is
/// accepted; text with no words shows the empty search page.
///
/// The index changes only with the content, so a page is kept for the
/// words searched until the content is reloaded.
pub async fn search(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let raw = query.q.unwrap_or_default();
    let number = query.page.unwrap_or(1);
    let text: String = raw.trim().chars().take(MAX_QUERY_CHARS).collect();
    let content = state.content.current();
    let key = format!("search?{number}&{text}");
    let page = results_page(&state, &content, text, number);
    state
        .pages
        .cached(&req, &content, Shelf::Queries, key, page)
        .await
}

async fn results_page(
    state: &AppState,
    content: &Content,
    text: String,
    number: usize,
) -> Result<HttpResponse, AppError> {
    let searched = db::search::match_expression(&text, db::search::Match::All).is_some();
    let no_such_page = || {
        AppError::NotFound(format!(
            "There is no page {number} of results for that search. The first page has the best matches."
        ))
    };
    let offset = number
        .checked_sub(1)
        .and_then(|n| n.checked_mul(PER_PAGE))
        .ok_or_else(no_such_page)?;
    let results = if searched {
        let text = text.clone();
        let synonyms = content.search.synonyms.clone();
        db::run(&state.db, move |conn| {
            Ok(db::search::search(
                conn, &text, &synonyms, PER_PAGE, offset,
            )?)
        })
        .await?
    } else {
        SearchResults::default()
    };
    // "Did you mean": only when the words did not all match, from the
    // site's own vocabulary.
    let suggestion = (searched && (results.total == 0 || !results.all_words))
        .then(|| suggest(&content.vocabulary, &text))
        .flatten()
        .map(|better| {
            let url = page_url(&better, 1);
            (better, url)
        });
    let offers = if searched && results.total == 0 {
        offers(content)
    } else {
        Vec::new()
    };
    let total_pages = results.total.div_ceil(PER_PAGE).max(1);
    if number > total_pages {
        return Err(no_such_page());
    }

    let title = if searched {
        format!("Search results for “{text}”")
    } else {
        "Search".to_owned()
    };
    let description = format!(
        "Search the guides, exercises and lumbar supports on {}.",
        content.site.name
    );
    let layout = Layout::new(state, content, &title, &description, "/search", Nav::None)
        .noindex()
        .with_query(&text);
    let page_text = text.clone();
    let page = SearchPage {
        layout,
        query: text,
        searched,
        total: results.total,
        all_words: results.all_words,
        hits: results.hits,
        first: offset + 1,
        page: number,
        total_pages,
        prev_url: (number > 1).then(|| page_url(&page_text, number - 1)),
        next_url: (number < total_pages).then(|| page_url(&page_text, number + 1)),
        also: results.also,
        suggestion,
        offers,
    };
    render(&page)
}

/// The query with each unknown word replaced by the closest known one;
/// `None` when nothing changes.
fn suggest(vocabulary: &crate::content::lookup::Vocabulary, text: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<String> = crate::content::lookup::words(text)
        .map(|word| match vocabulary.closest(&word) {
            Some(better) => {
                changed = true;
                better
            }
            None => word,
        })
        .collect();
    changed.then(|| words.join(" "))
}

/// What an empty results page offers: the warning-signs guide, the
/// routine builder, then the guides `search.toml` lists as most useful.
fn offers(content: &Content) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(guide) = content.guides.get(WARNING_SIGNS_GUIDE) {
        out.push((guide.title.clone(), guide.url()));
    }
    out.push(("Build your routine".to_owned(), "/routine".to_owned()));
    for slug in &content.search.useful {
        if let Some(guide) = content.guides.get(slug) {
            out.push((guide.title.clone(), format!("/guides/{slug}")));
        }
    }
    out
}
