//! Backcare: a server-rendered site for people who want to keep exercising
//! with lower back pain.
//!
//! Layers, each in its own module, with dependencies pointing one way
//! (domain ← `db` ← `web`; `layer_tests` checks the domain names neither):
//! - the domain, pure and free of HTTP and SQL: `content` (the content
//!   folder, loaded and checked), `routine` (screening, the planner, the
//!   exercise catalog), `supports` (the lumbar-support catalog and
//!   recommendations) and `saved` (tokens, the log, adaptation, exports);
//! - `db`: the SQLite pool, migrations and queries;
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
pub fn startup(config: Config) -> Result<AppState, StartError> {
    let content = load_content(&config)?;
    let db = db::open(&config.db)?;
    let mut conn = db.get().map_err(db::OpenError::pool)?;
    db::sync_content(&mut conn, &content)?;
    drop(conn);
    let writer = db::open_writer(&config.db)?;
    let content = Arc::new(content::ContentStore::new(content));
    let post_limiter = Arc::new(web::PostLimiter::new(&config.limits));
    Ok(AppState {
        config: Arc::new(config),
        db,
        writer,
        pages: Arc::new(web::cache::PageCache::new(content.clone())),
        content,
        assets: Arc::new(web::assets::Assets::load()),
        post_limiter,
    })
}
