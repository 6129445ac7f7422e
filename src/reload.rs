//! Reloading content without a restart, for authors (`--watch`).
//!
//! A reload loads and checks the whole content folder again. Only if every
//! check passes does it rebuild the search index and swap the new content in;
//! otherwise it logs every problem and the site keeps serving the last good
//! content.

use std::path::PathBuf;
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::content::{Content, ContentErrors};
use crate::web::AppState;

/// How long file changes must settle before a reload (editors write in bursts).
const SETTLE: Duration = Duration::from_millis(300);

/// Why a reload did not take effect; the old content is still served.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error("the content folder has problems, so the last good content is still served:\n{0}")]
    Content(#[from] ContentErrors),
    #[error("the search index could not be rebuilt, so the last good content is still served: {0}")]
    Index(String),
}

/// Loads the content folder again; on success rebuilds the search index and
/// serves the new content. Every problem is logged.
pub fn reload(state: &AppState) -> Result<(), ReloadError> {
    let result = load_and_index(state);
    match &result {
        Ok(()) => tracing::info!(folder = %state.config.content.display(), "content reloaded"),
        Err(ReloadError::Content(errors)) => {
            for problem in &errors.0 {
                tracing::error!("{problem}");
            }
            tracing::error!(
                count = errors.0.len(),
                "content reload refused; still serving the last good content"
            );
        }
        Err(err) => tracing::error!(error = %err, "content reload failed"),
    }
    result
}

fn load_and_index(state: &AppState) -> Result<(), ReloadError> {
    let content = Content::load_with(&state.config.content, &state.config.load_options())?;
    let mut conn = state
        .db
        .get()
        .map_err(|err| ReloadError::Index(err.to_string()))?;
    crate::db::search::rebuild(&mut conn, &content.search_documents())
        .map_err(|err| ReloadError::Index(err.to_string()))?;
    state.content.replace(content);
    Ok(())
}

/// A running watch on the content folder; dropping it stops watching.
pub struct ContentWatcher {
    _debouncer: Debouncer<RecommendedWatcher>,
    pub folder: PathBuf,
}

/// Watches the content folder (recursively) and reloads on every change.
pub fn watch(state: AppState) -> Result<ContentWatcher, notify_debouncer_mini::notify::Error> {
    let folder = state.config.content.clone();
    let mut debouncer = new_debouncer(SETTLE, move |events: DebounceEventResult| match events {
        Ok(events) if !events.is_empty() => {
            let _ = reload(&state);
        }
        Ok(_) => {}
        Err(err) => tracing::warn!(error = %err, "watching the content folder failed"),
    })?;
    debouncer
        .watcher()
        .watch(&folder, RecursiveMode::Recursive)?;
    tracing::info!(folder = %folder.display(), "watching content for changes");
    Ok(ContentWatcher {
        _debouncer: debouncer,
        folder,
    })
}
