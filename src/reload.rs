//! Reloading content without a restart, for authors (`--watch`).
//!
//! A reload loads and checks the whole content folder again. Only if every
//! check passes does it rebuild the search index and swap the new content in;
//! otherwise it logs every problem and the site keeps serving the last good
//! content.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{AccessKind, EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::content::ContentErrors;
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
    let content = crate::load_content(&state.config)?;
    let mut conn = state
        .db
        .get()
        .map_err(|err| ReloadError::Index(err.to_string()))?;
    crate::db::sync_content(&mut conn, &content)
        .map_err(|err| ReloadError::Index(err.to_string()))?;
    state.content.replace(content);
    Ok(())
}

/// A running watch on the content folder; dropping it stops watching (and
/// ends the reload thread).
pub struct ContentWatcher {
    _watcher: RecommendedWatcher,
    pub folder: PathBuf,
}

/// Whether a file-system event can change content. Reading files (which a
/// reload itself does) must not count, or reloads would trigger each other.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(notify::event::AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Other => false,
    }
}

/// Watches the content folder (recursively) and reloads once changes have
/// settled for a moment.
pub fn watch(state: AppState) -> Result<ContentWatcher, notify::Error> {
    let folder = state.config.content.clone();
    let (tx, rx) = mpsc::channel::<()>();
    let mut watcher =
        notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
            Ok(event) if changes_content(&event.kind) => {
                let _ = tx.send(());
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "watching the content folder failed"),
        })?;
    watcher.watch(&folder, RecursiveMode::Recursive)?;
    std::thread::Builder::new()
        .name("content-watch".to_owned())
        .spawn(move || {
            // Ends when the watcher (and so the sender) is dropped.
            while rx.recv().is_ok() {
                while rx.recv_timeout(SETTLE).is_ok() {}
                let _ = reload(&state);
            }
        })
        .map_err(notify::Error::io)?;
    tracing::info!(folder = %folder.display(), "watching content for changes");
    Ok(ContentWatcher {
        _watcher: watcher,
        folder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessMode, CreateKind, DataChange, RemoveKind};

    #[test]
    fn reading_files_is_not_a_change_but_writing_is() {
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!changes_content(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
        assert!(changes_content(&EventKind::Remove(RemoveKind::File)));
    }
}
