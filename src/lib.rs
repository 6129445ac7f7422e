//! Backcare: a server-rendered site for people who want to keep exercising
//! with lower back pain.
//!
//! Layers, each in its own module, with dependencies pointing one way
//! (domain ← `db` ← `web`; `layer_tests` checks the domain names neither):
//! - the domain, pure and free of HTTP and SQL: `content` (the content
//!   folder, loaded and checked), `routine` (screening, the planner, the
//!   exercise catalog), `supports` (the lumbar-support catalog and
//!   recommendations) and `saved` (tokens, the log, adaptation, exports);
//! - `db`: the SQLite pool, migrations and search index, and [`db::Store`],
//!   the one interface to saved routines;
//! - `web`: middleware, page handlers, the page cache, static files;
//! - start-up and running: `config` (flags), [`startup`] (joins the layers
//!   into an [`AppState`]), `server` (the HTTP server `main` runs), `reload`
//!   (`--watch`), `retention` (the daily sweep of unvisited routines,
//!   `--keep-days`) and `logging`; `error` holds the one [`AppError`], `hex`
//!   the one hex encoder.
//!
//! `server` and the tests both serve [`web::app`].

pub mod config;
pub mod content;
pub mod db;
pub mod error;
pub mod hex;
pub mod logging;
pub mod reload;
pub mod retention;
pub mod routine;
pub mod saved;
pub mod server;
pub mod supports;
pub mod web;

#[cfg(test)]
mod layer_tests;

use std::sync::Arc;

pub use config::Config;
pub use error::AppError;
pub use web::{AppState, app, configure};

/// Why the site could not start; printed by `main` as-is.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the content folder has problems:\n{0}")]
    Content(#[from] content::ContentErrors),
    #[error("{0}")]
    Database(#[from] db::OpenError),
}

/// Loads the content folder `config` names, as the site serves it: drafts as
/// the flags say, and pictures only among the static files embedded in this
/// binary. Start-up, reloads and `backcare check` all load through here.
pub fn load_content(config: &Config) -> Result<content::Content, content::ContentErrors> {
    let options = content::LoadOptions {
        drafts: config.drafts,
        picture_exists: web::assets::embedded,
    };
    content::Content::load_with(&config.content, &options)
}

/// Loads content, opens (and migrates) the database, and returns the shared
/// state every request sees.
///
/// With a SQLite `--db` its file holds both the search index and saved
/// routines. With PostgreSQL saved routines live there, and the search
/// index (derived from the content, the same on every instance) in a
/// SQLite file of this instance's own in a temporary folder, removed when
/// the state is dropped.
pub fn startup(config: Config) -> Result<AppState, StartError> {
    let content = load_content(&config)?;
    let (db, store, index_dir) = match &config.db {
        config::Database::Sqlite(path) => {
            let db = db::open(path)?;
            let store = db::Store::sqlite(db.clone(), db::open_writer(path)?);
            (db, store, None)
        }
        config::Database::Postgres(pg) => {
            let dir = tempfile::Builder::new()
                .prefix("backcare-index-")
                .tempdir()
                .map_err(|source| db::OpenError::IndexDir { source })?;
            let db = db::open(&dir.path().join("search.db"))?;
            let store = db::Store::postgres(db::postgres::open(pg, &config.db.shown())?);
            (db, store, Some(Arc::new(dir)))
        }
    };
    let mut conn = db.get().map_err(db::OpenError::pool)?;
    db::sync_content(&mut conn, &content)?;
    drop(conn);
    let content = Arc::new(content::ContentStore::new(content));
    let post_limiter = Arc::new(web::PostLimiter::new(&config.limits));
    let pages = web::cache::PageCache::new(content.clone(), store.keeps_private_pages());
    Ok(AppState {
        config: Arc::new(config),
        db,
        store,
        index_dir,
        pages: Arc::new(pages),
        content,
        assets: Arc::new(web::assets::Assets::load()),
        post_limiter,
    })
}
