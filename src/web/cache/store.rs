//! The page store: one generation of pages per loaded `Content`, in two
//! shelves (see [`Shelf`]).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use crate::content::Content;

use super::conditional::Modified;
use super::encoded::Encoded;

/// Most bytes (all encodings together) kept for pages keyed by visitor input.
pub const QUERY_BUDGET: usize = 4 * 1024 * 1024;

/// Which shelf a page goes on (see the [`cache`](super) documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shelf {
    /// One page per piece of content; key from checked slugs or numbers.
    Content,
    /// Pages keyed by visitor input; bounded by [`QUERY_BUDGET`].
    Queries,
    /// Private pages: like `Queries`, but never stored by browsers.
    Private,
}

/// Pages for one loaded `Content`.
pub struct Generation {
    pub content: Arc<Content>,
    /// When this content started being served: the `Last-Modified` of its
    /// pages (nothing on them can have changed since).
    pub last_modified: Modified,
    pages: RwLock<HashMap<String, Arc<Encoded>>>,
    queries: Mutex<Fifo>,
}

impl Generation {
    pub fn new(content: Arc<Content>) -> Generation {
        Generation {
            content,
            last_modified: Modified::now(),
            pages: RwLock::new(HashMap::new()),
            queries: Mutex::new(Fifo::default()),
        }
    }

    pub fn get(&self, shelf: Shelf, key: &str) -> Option<Arc<Encoded>> {
        match shelf {
            Shelf::Content => self
                .pages
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .get(key)
                .cloned(),
            Shelf::Queries | Shelf::Private => self
                .queries
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .map
                .get(key)
                .cloned(),
        }
    }

    pub fn put(&self, shelf: Shelf, key: String, page: Arc<Encoded>) {
        match shelf {
            Shelf::Content => {
                self.pages
                    .write()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(key, page);
            }
            Shelf::Queries | Shelf::Private => self
                .queries
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key, page, QUERY_BUDGET),
        }
    }
}

/// A map that forgets its oldest entries beyond a byte budget.
#[derive(Default)]
struct Fifo {
    map: HashMap<String, Arc<Encoded>>,
    order: VecDeque<String>,
    bytes: usize,
}

impl Fifo {
    fn insert(&mut self, key: String, page: Arc<Encoded>, budget: usize) {
        let weight = page.weight() + key.len();
        if weight > budget {
            return;
        }
        if let Some(old) = self.map.insert(key.clone(), page) {
            // Same key rendered twice at once: the entry is already counted.
            self.bytes -= old.weight() + key.len();
        } else {
            self.order.push_back(key);
        }
        self.bytes += weight;
        while self.bytes > budget {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(gone) = self.map.remove(&oldest) {
                self.bytes -= gone.weight() + oldest.len();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::HeaderValue;
    use actix_web::web::Bytes;

    use super::*;
    use crate::web::cache::Effort;

    #[test]
    fn the_query_shelf_forgets_the_oldest_beyond_its_budget() {
        let page = |n: usize| {
            Arc::new(Encoded::new(
                Bytes::from(vec![b'a'; n]),
                HeaderValue::from_static("text/html"),
                true,
                Effort::Quick,
            ))
        };
        // Each weighs 200 + 132 (compressed forms) + 1 (key) = 333.
        let mut fifo = Fifo::default();
        for key in ["a", "b", "c"] {
            fifo.insert(key.into(), page(200), 1000);
        }
        assert_eq!(fifo.map.len(), 3);
        assert_eq!(fifo.bytes, 999);
        fifo.insert("d".into(), page(200), 1000);
        assert!(!fifo.map.contains_key("a"), "the oldest goes first");
        assert!(["b", "c", "d"].iter().all(|k| fifo.map.contains_key(*k)));
        assert_eq!(fifo.bytes, 999);
        // The same key again replaces, and is counted once.
        fifo.insert("d".into(), page(200), 1000);
        assert_eq!((fifo.order.len(), fifo.bytes), (3, 999));
        fifo.insert("huge".into(), page(5000), 1000);
        assert!(!fifo.map.contains_key("huge"));
    }
}
