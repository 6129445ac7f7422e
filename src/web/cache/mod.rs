//! Pages kept in memory: rendered once, compressed once, answered in the
//! encoding the browser accepts, with `ETag`, `Last-Modified` and 304s.
//!
//! A page that depends only on the content (a guide, the guide list, a
//! product page) is a pure function of the loaded [`Content`] and its key,
//! and so is a plan, a comparison or a search (the search index is rebuilt
//! only when content is). [`PageCache::cached`] keeps such pages for as long
//! as the same `Content` is served: a reload (`--watch`) swaps in a new
//! `Content`, and the first request to see it starts an empty generation,
//! so no page of the old content is ever served again.
//!
//! Two shelves: [`Shelf::Content`] pages exist once per guide, product or
//! list page (keys come from checked slugs, never from raw input), so that
//! shelf is bounded by the content; [`Shelf::Queries`] holds pages keyed by
//! visitor input (plans, comparisons, searches) and keeps at most
//! [`QUERY_BUDGET`] bytes, dropping the oldest first. [`Shelf::Private`]
//! pages (a saved routine) share that budget; their key carries a version
//! that every write to the routine moves on ([`PageCache::private_changed`]),
//! and they are sent `no-store`, without validators. With PostgreSQL
//! (`--db postgres://…`) private pages are not kept at all: another
//! instance may write the routine, and this one would not know.
//!
//! Only `200` HTML responses whose one header is `Content-Type` are kept
//! (what [`super::render`] produces); anything else, such as a form shown
//! again with its errors or a 404, passes through untouched.
//!
//! Bodies are compressed once per encoding. Query pages are compressed
//! quickly on first use (a new plan should not wait for a slow compressor).
//! Content pages and static files are worth the smallest bodies (brotli at
//! quality 11 is about a fifth smaller than gzip, and takes tens of
//! milliseconds): the first request queues them for one background thread
//! and is answered with a quick compression meanwhile. The compression
//!
//! By job: [`negotiate`] picks the coding, [`compression`] makes it (and
//! [`background`] the best forms, off the request), [`conditional`] sends
//! validators and 304s, [`encoded`] holds one body in all its forms,
//! [`store`] the pages of one content, [`private`] the versions of private
//! pages; [`PageCache`] here joins them for the handlers.

mod background;
mod compression;
mod conditional;
mod encoded;
mod negotiate;
mod private;
mod store;

use std::future::Future;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use arc_swap::ArcSwap;

pub use compression::{Effort, compress};
pub use encoded::Encoded;
pub use negotiate::Coding;
pub use store::{QUERY_BUDGET, Shelf};

use crate::content::{Content, ContentStore};
use crate::error::AppError;
use store::Generation;

/// `Cache-Control` of cached pages: browsers may keep them but must ask
/// again each time, which costs a 304 when nothing changed.
const REVALIDATE: &str = "no-cache";
/// `Cache-Control` of private pages: never stored.
const PRIVATE: &str = "no-store";

/// Rendered pages of the content being served.
pub struct PageCache {
    store: Arc<ContentStore>,
    generation: ArcSwap<Generation>,
    private: private::Versions,
    /// Whether [`Shelf::Private`] pages are kept (see
    /// `db::Store::keeps_private_pages`): not when another instance may
    /// write the routine behind this one's back.
    keep_private: bool,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageCache")
    }
}

impl PageCache {
    /// Pages of `store`'s content; `keep_private`: whether pages of saved
    /// routines are kept too (each is still sent `no-store` either way).
    pub fn new(store: Arc<ContentStore>, keep_private: bool) -> PageCache {
        let generation = Generation::new(store.current());
        PageCache {
            store,
            generation: ArcSwap::from_pointee(generation),
            private: private::Versions::new(),
            keep_private,
        }
    }

    /// The current version of `owner`'s private pages; put it in their
    /// cache key. Read it before reading what the page shows.
    pub fn private_version(&self, owner: &[u8]) -> u64 {
        self.private.get(owner)
    }

    /// `owner`'s data has changed (call after the write has committed):
    /// pages kept under earlier versions are never served again.
    pub fn private_changed(&self, owner: &[u8]) {
        self.private.bump(owner);
    }

    /// The generation for `content`, starting a new (empty) one when the
    /// content has been replaced since. `None` for a request that still
    /// holds content older than what is now served: its page is built but
    /// not kept.
    fn generation(&self, content: &Arc<Content>) -> Option<Arc<Generation>> {
        let current = self.generation.load_full();
        if Arc::ptr_eq(&current.content, content) {
            return Some(current);
        }
        if !Arc::ptr_eq(&self.store.current(), content) {
            return None;
        }
        let fresh = Arc::new(Generation::new(content.clone()));
        let previous = self.generation.compare_and_swap(&current, fresh.clone());
        if Arc::ptr_eq(&previous, &current) {
            Some(fresh)
        } else if Arc::ptr_eq(&previous.content, content) {
            // Another request started it first.
            Some(Arc::clone(&previous))
        } else {
            None
        }
    }

    /// The page under `key` for `content`, answered for `req`; on a miss,
    /// `make` builds it and it is kept if it is a plain 200 HTML page.
    pub async fn cached<F>(
        &self,
        req: &HttpRequest,
        content: &Arc<Content>,
        shelf: Shelf,
        key: String,
        make: F,
    ) -> Result<HttpResponse, AppError>
    where
        F: Future<Output = Result<HttpResponse, AppError>>,
    {
        let Some(generation) = self.generation(content) else {
            return make.await;
        };
        let (cache_control, validators) = match shelf {
            Shelf::Private => (PRIVATE, false),
            Shelf::Content | Shelf::Queries => (REVALIDATE, true),
        };
        let keep = self.keep_private || !matches!(shelf, Shelf::Private);
        if let Some(page) = generation.get(shelf, &key).filter(|_| keep) {
            return Ok(page.respond(
                req,
                Some(&generation.last_modified),
                cache_control,
                validators,
            ));
        }
        let res = make.await?;
        let only_content_type = res.headers().len() == 1
            && res
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        if res.status() != StatusCode::OK || !only_content_type {
            return Ok(res);
        }
        let (res, body) = res.into_parts();
        let content_type = res
            .headers()
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
        let body = match body.try_into_bytes() {
            Ok(bytes) => bytes,
            // A streamed body cannot be kept; send it as it is.
            Err(body) => return Ok(res.set_body(body)),
        };
        let effort = match shelf {
            Shelf::Content => Effort::Best,
            Shelf::Queries | Shelf::Private => Effort::Quick,
        };
        let page = Arc::new(Encoded::new(body, content_type, true, effort));
        if keep {
            generation.put(shelf, key, page.clone());
        }
        Ok(page.respond(
            req,
            Some(&generation.last_modified),
            cache_control,
            validators,
        ))
    }
}
