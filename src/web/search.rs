//! Site search over the FTS5 index.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{AppState, Chrome, Nav, render};
use crate::db;
use crate::db::search::{SearchHit, SearchResults};
use crate::error::AppError;

/// Most results shown on one page.
pub const MAX_RESULTS: usize = 30;
/// Most characters of the query used (and shown back); the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    chrome: Chrome,
    query: String,
    /// Whether any words were searched for (an empty box shows help instead).
    searched: bool,
    total: usize,
    all_words: bool,
    hits: Vec<SearchHit>,
}

impl SearchPage {
    fn kind_label(kind: &str) -> &'static str {
        match kind {
            "guide" => "Guide",
            "exercise" => "Exercise",
            "support" => "Lumbar support",
            _ => "Page",
        }
    }
}

/// `GET /search?q=`: ranked results with highlighted snippets. Any text is
/// accepted; text with no words shows the empty search page.
pub async fn search(
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let raw = query.into_inner().q.unwrap_or_default();
    let text: String = raw.trim().chars().take(MAX_QUERY_CHARS).collect();
    let searched = db::search::match_expression(&text, db::search::Match::All).is_some();
    let results = if searched {
        let text = text.clone();
        db::run(&state.db, move |conn| {
            Ok(db::search::search(conn, &text, MAX_RESULTS)?)
        })
        .await?
    } else {
        SearchResults::default()
    };

    let content = state.content.current();
    let title = if searched {
        format!("Search results for “{text}”")
    } else {
        "Search".to_owned()
    };
    let description = format!(
        "Search the guides, exercises and lumbar supports on {}.",
        content.site.name
    );
    let chrome = Chrome::new(&state, &content, &title, &description, "/search", Nav::None)
        .noindex()
        .with_query(&text);
    let page = SearchPage {
        chrome,
        query: text,
        searched,
        total: results.total,
        all_words: results.all_words,
        hits: results.hits,
    };
    render(&page)
}
