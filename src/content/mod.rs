//! Site content loaded from the content folder at start-up.
//!
//! Everything here is plain data checked when it is loaded; handlers read the
//! current [`Content`] through [`ContentStore`], which can be swapped whole
//! when files change, so a request never sees half-loaded content.

mod site;

use std::path::Path;
use std::sync::Arc;

use arc_swap::ArcSwap;

pub use site::{Banner, SiteMeta};

use crate::db::search::SearchDocument;

/// A problem found in a content file, with the file and (when known) line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentProblem {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ContentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found while loading; loading reports all of them at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentProblem>);

impl std::fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}

/// All content the site serves, loaded and checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub site: SiteMeta,
    /// The exercise library (`exercises.toml`).
    pub exercises: crate::routine::Catalog,
}

impl Content {
    /// Everything in this content that `/search` should find. Each part of
    /// the site adds its own documents here.
    pub fn search_documents(&self) -> Vec<SearchDocument> {
        let mut docs = Vec::new();
        docs.extend(crate::routine::catalog::search_documents(&self.exercises));
        docs
    }

    /// Loads and checks everything under `dir`, reporting every problem found.
    pub fn load(dir: &Path) -> Result<Content, ContentErrors> {
        let mut problems = Vec::new();
        let site = site::load(dir, &mut problems);
        let exercises =
            crate::routine::catalog::load(dir, &mut problems, &crate::web::assets::embedded);
        match (site, exercises) {
            (Some(site), Some(exercises)) if problems.is_empty() => Ok(Content { site, exercises }),
            _ => Err(ContentErrors(problems)),
        }
    }
}

/// The content currently being served; replaced atomically on reload.
#[derive(Debug)]
pub struct ContentStore(ArcSwap<Content>);

impl ContentStore {
    pub fn new(content: Content) -> Self {
        ContentStore(ArcSwap::from_pointee(content))
    }

    /// The content as of now; hold the `Arc` for the whole request.
    pub fn current(&self) -> Arc<Content> {
        self.0.load_full()
    }

    pub fn replace(&self, content: Content) {
        self.0.store(Arc::new(content));
    }
}
