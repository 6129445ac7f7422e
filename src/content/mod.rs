//! Site content loaded from the content folder at start-up.
//!
//! Everything here is plain data checked when it is loaded; handlers read the
//! current [`Content`] through [`ContentStore`], which can be swapped whole
//! when files change, so a request never sees half-loaded content.

pub mod frontmatter;
mod guides;
mod links;
pub mod lookup;
pub mod markdown;
pub mod readability;
mod search_document;
pub mod shortcodes;
mod site;
mod source;

use std::path::Path;
use std::sync::Arc;

use arc_swap::ArcSwap;

pub use frontmatter::{SUMMARY_MAX, Source};
pub use guides::{Guide, GuideReport, Guides, ListPage, TagCount, WARNING_SIGNS_GUIDE};
pub use links::KnownPages;
pub use search_document::SearchDocument;
pub use shortcodes::{SignItem, SignList};
pub use site::{Banner, Service, Services, SiteMeta};
pub use source::{from_toml, is_slug, line_of, load_file};

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

/// How content is loaded: from the command line, and what start-up knows
/// about the files the site serves.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Serve guides marked `draft = true` (labelled as drafts).
    pub drafts: bool,
    /// Whether a path under `static/` (e.g. `exercises/bridge.svg`) is a file
    /// the site serves: the pictures catalogs name must be. Start-up passes
    /// the web layer's embedded files, so content never asks the web layer.
    pub picture_exists: fn(&str) -> bool,
}

/// All content the site serves, loaded and checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub site: SiteMeta,
    /// Guides being served, newest first (drafts only with `--drafts`).
    pub guides: Guides,
    /// The lumbar-support catalog (`supports.toml`).
    pub supports: crate::supports::Catalog,
    /// The exercise library (`exercises.toml`).
    pub exercises: crate::routine::Catalog,
    /// The warning signs (`warning-signs.toml`): the one table every page
    /// that names a warning sign reads.
    pub signs: crate::routine::WarningSigns,
    /// Search synonyms and the guides offered when nothing is found.
    pub search: lookup::SearchSettings,
    /// Every word of the searchable text, for "did you mean".
    pub vocabulary: lookup::Vocabulary,
    /// Which variant tiers change a plan, remembered per answers.
    pub tiers: crate::routine::planner::TierMemo,
}

impl Content {
    /// Everything in this content that `/search` should find. Each part of
    /// the site adds its own documents here.
    pub fn search_documents(&self) -> Vec<SearchDocument> {
        let mut docs = Vec::new();
        docs.extend(self.guides.search_documents());
        docs.extend(crate::routine::catalog::search_documents(&self.exercises));
        docs.extend(crate::supports::catalog::search_documents(&self.supports));
        docs
    }

    /// Loads and checks everything under `dir` with drafts hidden, reporting
    /// every problem found. `picture_exists`: see [`LoadOptions`].
    pub fn load(dir: &Path, picture_exists: fn(&str) -> bool) -> Result<Content, ContentErrors> {
        Content::load_with(
            dir,
            &LoadOptions {
                drafts: false,
                picture_exists,
            },
        )
    }

    /// Loads and checks everything under `dir`, reporting every problem found.
    pub fn load_with(dir: &Path, options: &LoadOptions) -> Result<Content, ContentErrors> {
        let mut problems = Vec::new();
        let site = site::load(dir, &mut problems);
        let signs = crate::routine::signs::load(dir, &mut problems);
        let search = lookup::load(dir, &mut problems);
        let guides = guides::load(dir, options, signs.as_ref(), site.as_ref(), &mut problems);
        // Pictures must be among the static files the site serves.
        let supports = crate::supports::catalog::load(dir, &options.picture_exists, &mut problems);
        let exercises = crate::routine::catalog::load(dir, &options.picture_exists, &mut problems);
        // Links from guides to exercise and support pages are checked
        // against the catalogs that loaded.
        let known = KnownPages {
            exercises: exercises.as_ref().map(|catalog| {
                catalog
                    .exercises()
                    .iter()
                    .map(|e| e.slug.clone())
                    .chain(catalog.avoided().iter().map(|a| a.slug.clone()))
                    .collect()
            }),
            // `/supports/compare` is a page too (its query is not checked).
            supports: supports.as_ref().map(|catalog| {
                catalog
                    .items
                    .iter()
                    .map(|s| s.slug.clone())
                    .chain(["compare".to_owned()])
                    .collect()
            }),
        };
        problems.extend(guides.check_links(&known));
        if let Some(catalog) = &exercises {
            problems.extend(related_guide_problems(dir, catalog, &guides));
        }
        if let Some(search) = &search {
            let file = dir.join(lookup::FILE).display().to_string();
            problems.extend(search.unknown_guides(&file, |slug| guides.get(slug).is_some()));
        }
        match (site, supports, exercises, signs, search) {
            (Some(site), Some(supports), Some(exercises), Some(signs), Some(search))
                if problems.is_empty() =>
            {
                let mut content = Content {
                    site,
                    guides,
                    supports,
                    exercises,
                    signs,
                    search,
                    vocabulary: lookup::Vocabulary::default(),
                    tiers: crate::routine::planner::TierMemo::default(),
                };
                let docs = content.search_documents();
                content.vocabulary = lookup::Vocabulary::from_texts(
                    docs.iter()
                        .flat_map(|d| [d.title.as_str(), d.body.as_str()]),
                );
                Ok(content)
            }
            _ => Err(ContentErrors(problems)),
        }
    }
}

/// Every exercise's related guides (`guides = [...]` in `exercises.toml`)
/// must be guides that are served.
fn related_guide_problems(
    dir: &Path,
    catalog: &crate::routine::Catalog,
    guides: &Guides,
) -> Vec<ContentProblem> {
    let file = dir.join("exercises.toml").display().to_string();
    catalog
        .exercises()
        .iter()
        .flat_map(|exercise| {
            exercise
                .guides
                .iter()
                .filter(|slug| guides.get(slug).is_none())
                .map(|slug| ContentProblem {
                    file: file.clone(),
                    line: None,
                    message: format!(
                        "exercise `{}`: field `guides`: there is no guide `{slug}`",
                        exercise.slug
                    ),
                })
                .collect::<Vec<_>>()
        })
        .collect()
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
