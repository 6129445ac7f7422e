//! What `/search` can find, as the domain describes it. Each part of the site
//! (guides, exercises, supports) turns its content into [`SearchDocument`]s;
//! `db::search` stores them. The type lives here, on the domain side, so the
//! database depends on the content and never the reverse.

/// One thing a visitor can find through `/search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDocument {
    /// What it is, shown beside the result: `guide`, `exercise`, `support`.
    pub kind: &'static str,
    pub slug: String,
    /// Where the result links, e.g. `/guides/core-stability-at-home`.
    pub url: String,
    pub title: String,
    /// Plain text (no markup) searched and used for snippets.
    pub body: String,
}
