//! The one background thread that gives content pages and static files
//! their best compression, off the request (see [`Encoded::body`]).

use std::sync::mpsc::SyncSender;
use std::sync::{OnceLock, Weak};

use super::encoded::Encoded;

/// Pages waiting for their best compression; the most queued at once.
const BACKGROUND_QUEUE: usize = 1024;

/// The queue of the one background compression thread, started on first
/// use (`None` if the thread could not be started).
pub fn queue() -> Option<&'static SyncSender<Weak<Encoded>>> {
    static QUEUE: OnceLock<Option<SyncSender<Weak<Encoded>>>> = OnceLock::new();
    QUEUE
        .get_or_init(|| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Weak<Encoded>>(BACKGROUND_QUEUE);
            std::thread::Builder::new()
                .name("precompress".to_owned())
                .spawn(move || {
                    while let Ok(page) = rx.recv() {
                        // Pages of replaced content are gone by now: skip them.
                        if let Some(page) = page.upgrade() {
                            page.compress_best();
                        }
                    }
                })
                .ok()
                .map(|_| tx)
        })
        .as_ref()
}
