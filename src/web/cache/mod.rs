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
//! and they are sent `no-store`, without validators.
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
//! middleware ([`super::compress`]) leaves these responses alone.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock, Weak};
use std::time::SystemTime;

use actix_web::body::MessageBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue, HttpDate};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use arc_swap::ArcSwap;

use crate::content::{Content, ContentStore};
use crate::error::AppError;

/// Most bytes (all encodings together) kept for pages keyed by visitor input.
pub const QUERY_BUDGET: usize = 4 * 1024 * 1024;

/// `Cache-Control` of cached pages: browsers may keep them but must ask
/// again each time, which costs a 304 when nothing changed.
const REVALIDATE: &str = "no-cache";
/// `Cache-Control` of private pages: never stored.
const PRIVATE: &str = "no-store";

/// How hard to compress: once per page for content, quickly for pages made
/// from visitor input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    Best,
    Quick,
}

impl Effort {
    fn gzip_level(self) -> u32 {
        match self {
            Effort::Best => 9,
            Effort::Quick => 3,
        }
    }

    /// Quality 3 is for browsers that take brotli but not gzip (see
    /// [`Coding::negotiate_for`]); 11 is about a fifth smaller than gzip
    /// and a hundred times slower (made in the background).
    fn brotli_quality(self) -> u32 {
        match self {
            Effort::Best => 11,
            Effort::Quick => 3,
        }
    }
}

/// A content coding we can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// The coding to send for an `Accept-Encoding` header and a body
    /// compressed with `effort`: brotli or gzip by the browser's q-values (a
    /// tie goes to brotli, which is smaller), identity when neither is
    /// acceptable or there is no header. Compressed
    /// quickly, brotli (quality 3) is hardly smaller than gzip (level 3) on
    /// our pages and takes about twice as long, so quick bodies go as gzip
    /// whenever the browser takes gzip at all; brotli is worth it at its
    /// best settings, made once in the background.
    pub fn negotiate_for(accept: Option<&HeaderValue>, effort: Effort) -> Coding {
        let (br, gzip) = qualities(accept);
        if gzip > 0.0 && (effort == Effort::Quick || gzip > br) {
            Coding::Gzip
        } else if br > 0.0 {
            Coding::Brotli
        } else {
            Coding::Identity
        }
    }

    fn header(self) -> Option<HeaderValue> {
        match self {
            Coding::Brotli => Some(HeaderValue::from_static("br")),
            Coding::Gzip => Some(HeaderValue::from_static("gzip")),
            Coding::Identity => None,
        }
    }
}

/// The q-values of brotli and gzip in an `Accept-Encoding` header (`*`
/// stands for both when they are not named; 0 when not acceptable).
fn qualities(accept: Option<&HeaderValue>) -> (f32, f32) {
    let Some(accept) = accept.and_then(|v| v.to_str().ok()) else {
        return (0.0, 0.0);
    };
    let (mut br, mut gzip, mut star) = (None, None, None);
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .find_map(|p| {
                let (key, value) = p.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("q")
                    .then(|| value.trim().parse::<f32>().ok())?
            })
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case("br") {
            br = Some(q);
        } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            gzip = Some(q);
        } else if name == "*" {
            star = Some(q);
        }
    }
    (br.or(star).unwrap_or(0.0), gzip.or(star).unwrap_or(0.0))
}

/// One response body held in memory, with its compressed forms made on
/// first use.
#[derive(Debug)]
pub struct Encoded {
    identity: Bytes,
    /// `Some(None)`: compressing does not make it smaller.
    gzip: OnceLock<Option<Bytes>>,
    brotli: OnceLock<Option<Bytes>>,
    effort: Effort,
    /// Whether it is queued for (or has had) background compression.
    queued: AtomicBool,
    content_type: HeaderValue,
    /// Weak validator from a hash of the body: `W/"0123456789abcdef"`.
    etag: HeaderValue,
}

impl Encoded {
    /// Keeps `body`; `compressible` bodies (text) get gzip and brotli forms.
    pub fn new(body: Bytes, content_type: HeaderValue, compressible: bool, effort: Effort) -> Self {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        body.hash(&mut hasher);
        let etag = format!("W/\"{:016x}\"", hasher.finish());
        let encoded = Encoded {
            identity: body,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            effort,
            queued: AtomicBool::new(false),
            content_type,
            etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("W/\"0\"")),
        };
        if !compressible {
            let _ = encoded.gzip.set(None);
            let _ = encoded.brotli.set(None);
        }
        encoded
    }

    pub fn etag(&self) -> &HeaderValue {
        &self.etag
    }

    pub fn identity(&self) -> &Bytes {
        &self.identity
    }

    /// The body in `coding`; `None` when that coding is not worth it (not
    /// text, or no smaller). Quick effort compresses and keeps it the first
    /// time; best effort queues the page for the background compressor and
    /// compresses quickly, without keeping it, until that is done.
    pub fn body(self: &Arc<Self>, coding: Coding) -> Option<Bytes> {
        let cell = match coding {
            Coding::Identity => return Some(self.identity.clone()),
            Coding::Gzip => &self.gzip,
            Coding::Brotli => &self.brotli,
        };
        if let Some(done) = cell.get() {
            return done.clone();
        }
        match self.effort {
            Effort::Quick => cell
                .get_or_init(|| compress(coding, &self.identity, Effort::Quick).map(Bytes::from))
                .clone(),
            Effort::Best => {
                self.queue();
                compress(coding, &self.identity, Effort::Quick).map(Bytes::from)
            }
        }
    }

    /// The kept body in `coding`, if it has been made (for tests and checks).
    pub fn kept(&self, coding: Coding) -> Option<Option<&Bytes>> {
        match coding {
            Coding::Identity => Some(Some(&self.identity)),
            Coding::Gzip => self.gzip.get().map(Option::as_ref),
            Coding::Brotli => self.brotli.get().map(Option::as_ref),
        }
    }

    /// Makes the best gzip and brotli forms (on the background thread).
    fn compress_best(&self) {
        for (coding, cell) in [(Coding::Brotli, &self.brotli), (Coding::Gzip, &self.gzip)] {
            cell.get_or_init(|| compress(coding, &self.identity, Effort::Best).map(Bytes::from));
        }
    }

    /// Hands the page to the background compressor, once.
    fn queue(self: &Arc<Self>) {
        if self.queued.swap(true, Ordering::AcqRel) {
            return;
        }
        let sent = background().map(|queue| queue.try_send(Arc::downgrade(self)));
        match sent {
            Some(Ok(())) => {}
            // Busy: a later request queues it again.
            Some(Err(TrySendError::Full(_))) => self.queued.store(false, Ordering::Release),
            // No background thread: compress here, once.
            Some(Err(TrySendError::Disconnected(_))) | None => self.compress_best(),
        }
    }

    /// Bytes held, for the query shelf's budget (compressed forms are
    /// counted at a third of the body, about what text compresses to).
    fn weight(&self) -> usize {
        self.identity.len() + self.identity.len() / 3 * 2
    }

    /// The response for `req`: 304 when the browser's copy is current,
    /// otherwise the body in the best encoding it accepts. Always carries
    /// `Vary: Accept-Encoding`, the `ETag` and, when given, `Last-Modified`
    /// and `Cache-Control`.
    ///
    /// Without `validators`, there is no `ETag`, no `Last-Modified` and no 304.
    pub fn respond(
        self: &Arc<Self>,
        req: &HttpRequest,
        last_modified: Option<&HeaderValue>,
        cache_control: &'static str,
        validators: bool,
    ) -> HttpResponse {
        let last_modified = last_modified.filter(|_| validators);
        let not_modified = if !validators {
            false
        } else if let Some(tags) = req.headers().get(header::IF_NONE_MATCH) {
            etag_matches(tags, &self.etag)
        } else if let (Some(since), Some(modified)) =
            (req.headers().get(header::IF_MODIFIED_SINCE), last_modified)
        {
            not_modified_since(since, modified)
        } else {
            false
        };
        let mut res = HttpResponse::build(if not_modified {
            StatusCode::NOT_MODIFIED
        } else {
            StatusCode::OK
        });
        res.insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")))
            .insert_header((
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control),
            ));
        if validators {
            res.insert_header((header::ETAG, self.etag.clone()));
        }
        if let Some(modified) = last_modified {
            res.insert_header((header::LAST_MODIFIED, modified.clone()));
        }
        if not_modified {
            return res.finish();
        }
        res.insert_header((header::CONTENT_TYPE, self.content_type.clone()));
        let coding = Coding::negotiate_for(req.headers().get(header::ACCEPT_ENCODING), self.effort);
        match (coding.header(), self.body(coding)) {
            (Some(name), Some(body)) => res
                .insert_header((header::CONTENT_ENCODING, name))
                .body(body),
            _ => res.body(self.identity.clone()),
        }
    }
}

/// Pages waiting for their best compression; the most queued at once.
const BACKGROUND_QUEUE: usize = 1024;

/// The queue of the one background compression thread, started on first
/// use (`None` if the thread could not be started).
fn background() -> Option<&'static SyncSender<Weak<Encoded>>> {
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

/// Does `If-None-Match` name this ETag (weak comparison) or `*`?
fn etag_matches(header: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(tags) = header.to_str() else {
        return false;
    };
    let ours = etag.to_str().unwrap_or("");
    let ours = ours.strip_prefix("W/").unwrap_or(ours);
    tags.split(',').any(|tag| {
        let tag = tag.trim();
        tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == ours
    })
}

/// Is `If-Modified-Since` at or after `Last-Modified`?
fn not_modified_since(since: &HeaderValue, modified: &HeaderValue) -> bool {
    let parse = |v: &HeaderValue| v.to_str().ok()?.parse::<HttpDate>().ok();
    match (parse(since), parse(modified)) {
        (Some(since), Some(modified)) => SystemTime::from(modified) <= SystemTime::from(since),
        _ => false,
    }
}

/// `data` in `coding` at `effort`; `None` for identity, or when the result
/// would be no smaller.
pub fn compress(coding: Coding, data: &[u8], effort: Effort) -> Option<Vec<u8>> {
    let out = match coding {
        Coding::Identity => return None,
        Coding::Gzip => gzip_bytes(data, effort.gzip_level()),
        Coding::Brotli => brotli_bytes(data, effort.brotli_quality()),
    }?;
    (out.len() < data.len()).then_some(out)
}

fn gzip_bytes(data: &[u8], level: u32) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::new(level),
    );
    encoder.write_all(data).ok()?;
    encoder.finish().ok()
}

fn brotli_bytes(data: &[u8], quality: u32) -> Option<Vec<u8>> {
    // A window no larger than the body: the same output for a page, and
    // far less memory than the 4 MB default.
    // (Below 16 the encoder gets very slow at some qualities.)
    let lgwin = (usize::BITS - data.len().leading_zeros()).clamp(16, 22);
    let params = brotli::enc::BrotliEncoderParams {
        quality: i32::try_from(quality).unwrap_or(11),
        lgwin: i32::try_from(lgwin).unwrap_or(22),
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 4);
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).ok()?;
    Some(out)
}

/// Which shelf a page goes on (see the module documentation).
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
struct Generation {
    content: Arc<Content>,
    /// When this content started being served: the `Last-Modified` of its
    /// pages (nothing on them can have changed since).
    last_modified: HeaderValue,
    pages: RwLock<HashMap<String, Arc<Encoded>>>,
    queries: Mutex<Fifo>,
}

impl Generation {
    fn new(content: Arc<Content>) -> Generation {
        let now = HttpDate::from(SystemTime::now()).to_string();
        Generation {
            content,
            last_modified: HeaderValue::from_str(&now)
                .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT")),
            pages: RwLock::new(HashMap::new()),
            queries: Mutex::new(Fifo::default()),
        }
    }

    fn get(&self, shelf: Shelf, key: &str) -> Option<Arc<Encoded>> {
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

    fn put(&self, shelf: Shelf, key: String, page: Arc<Encoded>) {
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

/// How many version counters private pages share (see
/// [`PageCache::private_version`]).
const PRIVATE_STRIPES: usize = 4096;

/// Rendered pages of the content being served.
pub struct PageCache {
    store: Arc<ContentStore>,
    generation: ArcSwap<Generation>,
    /// Versions of private pages, by a hash of their owner: a fixed set of
    /// counters, so memory does not grow with the number of owners (owners
    /// sharing a counter only cost each other a re-render).
    private: Box<[AtomicU64]>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageCache")
    }
}

impl PageCache {
    pub fn new(store: Arc<ContentStore>) -> PageCache {
        let generation = Generation::new(store.current());
        PageCache {
            store,
            generation: ArcSwap::from_pointee(generation),
            private: (0..PRIVATE_STRIPES).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    fn stripe(&self, owner: &[u8]) -> &AtomicU64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        owner.hash(&mut hasher);
        let index = usize::try_from(hasher.finish() % PRIVATE_STRIPES as u64).unwrap_or(0);
        &self.private[index]
    }

    /// The current version of `owner`'s private pages; put it in their
    /// cache key. Read it before reading what the page shows.
    pub fn private_version(&self, owner: &[u8]) -> u64 {
        self.stripe(owner).load(Ordering::Acquire)
    }

    /// `owner`'s data has changed (call after the write has committed):
    /// pages kept under earlier versions are never served again.
    pub fn private_changed(&self, owner: &[u8]) {
        self.stripe(owner).fetch_add(1, Ordering::AcqRel);
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
        if let Some(page) = generation.get(shelf, &key) {
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
        generation.put(shelf, key, page.clone());
        Ok(page.respond(
            req,
            Some(&generation.last_modified),
            cache_control,
            validators,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negotiate(accept: &str) -> Coding {
        Coding::negotiate_for(Some(&HeaderValue::from_str(accept).unwrap()), Effort::Best)
    }

    #[test]
    fn encodings_follow_the_browser() {
        assert_eq!(Coding::negotiate_for(None, Effort::Best), Coding::Identity);
        assert_eq!(negotiate("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(negotiate("gzip"), Coding::Gzip);
        assert_eq!(negotiate("br;q=0.5, gzip"), Coding::Gzip);
        assert_eq!(negotiate("br;q=0, gzip;q=0"), Coding::Identity);
        assert_eq!(negotiate("deflate"), Coding::Identity);
        assert_eq!(negotiate("*"), Coding::Brotli);
        assert_eq!(negotiate("*;q=0.5, br;q=0"), Coding::Gzip);
        assert_eq!(negotiate("identity"), Coding::Identity);
        assert_eq!(negotiate("GZIP ; Q=1"), Coding::Gzip);
    }

    #[test]
    fn quick_bodies_go_as_gzip_when_the_browser_takes_it() {
        let quick = |accept: &str| {
            Coding::negotiate_for(Some(&HeaderValue::from_str(accept).unwrap()), Effort::Quick)
        };
        assert_eq!(quick("gzip, deflate, br, zstd"), Coding::Gzip);
        assert_eq!(quick("br"), Coding::Brotli);
        assert_eq!(quick("br, gzip;q=0"), Coding::Brotli);
        assert_eq!(quick("identity"), Coding::Identity);
        assert_eq!(
            Coding::negotiate_for(
                Some(&HeaderValue::from_static("gzip, deflate, br, zstd")),
                Effort::Best
            ),
            Coding::Brotli
        );
    }

    fn decode(coding: Coding, body: &[u8]) -> String {
        let mut out = String::new();
        match coding {
            Coding::Gzip => {
                std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(body), &mut out)
            }
            Coding::Brotli => std::io::Read::read_to_string(
                &mut ::brotli::Decompressor::new(body, 4096),
                &mut out,
            ),
            Coding::Identity => std::io::Read::read_to_string(&mut &body[..], &mut out),
        }
        .unwrap();
        out
    }

    fn text_page(effort: Effort) -> (String, Arc<Encoded>) {
        let text = "<p>Gentle movement helps most back pain.</p>\n".repeat(200);
        let page = Arc::new(Encoded::new(
            Bytes::from(text.clone()),
            HeaderValue::from_static("text/html; charset=utf-8"),
            true,
            effort,
        ));
        (text, page)
    }

    #[test]
    fn compressed_forms_decode_to_the_body() {
        let (text, page) = text_page(Effort::Quick);
        for coding in [Coding::Gzip, Coding::Brotli] {
            let body = page.body(coding).unwrap();
            assert_eq!(decode(coding, &body), text);
            assert!(body.len() < text.len() / 10);
            // Kept: the same bytes next time.
            assert_eq!(page.kept(coding), Some(Some(&body)));
        }
    }

    #[test]
    fn best_forms_are_made_in_the_background_and_decode_to_the_body() {
        let (text, page) = text_page(Effort::Best);
        for coding in [Coding::Brotli, Coding::Gzip] {
            // Answered at once with a quick compression...
            let quick = page.body(coding).unwrap();
            assert_eq!(decode(coding, &quick), text);
        }
        // ...while the best one is made once, off the request.
        let started = std::time::Instant::now();
        while page.kept(Coding::Gzip).is_none() || page.kept(Coding::Brotli).is_none() {
            assert!(started.elapsed().as_secs() < 20, "never compressed");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        for coding in [Coding::Brotli, Coding::Gzip] {
            let best = page.kept(coding).unwrap().unwrap().clone();
            assert_eq!(decode(coding, &best), text);
            assert_eq!(page.body(coding).unwrap(), best);
        }
    }

    #[test]
    fn incompressible_bodies_are_sent_as_they_are() {
        let page = Encoded::new(
            Bytes::from_static(b"\x89PNG"),
            HeaderValue::from_static("image/png"),
            false,
            Effort::Best,
        );
        let page = Arc::new(page);
        assert!(page.body(Coding::Brotli).is_none());
        assert_eq!(page.body(Coding::Identity).unwrap().as_ref(), b"\x89PNG");
    }

    #[test]
    fn etags_compare_weakly_and_dates_by_time() {
        let etag = HeaderValue::from_static("W/\"00ff\"");
        assert!(etag_matches(&HeaderValue::from_static("\"00ff\""), &etag));
        assert!(etag_matches(
            &HeaderValue::from_static("\"x\", W/\"00ff\""),
            &etag
        ));
        assert!(etag_matches(&HeaderValue::from_static("*"), &etag));
        assert!(!etag_matches(
            &HeaderValue::from_static("W/\"00fe\""),
            &etag
        ));
        let modified = HeaderValue::from_static("Wed, 25 Nov 2026 08:00:00 GMT");
        assert!(not_modified_since(&modified, &modified));
        assert!(not_modified_since(
            &HeaderValue::from_static("Thu, 26 Nov 2026 08:00:00 GMT"),
            &modified
        ));
        assert!(!not_modified_since(
            &HeaderValue::from_static("Tue, 24 Nov 2026 08:00:00 GMT"),
            &modified
        ));
        assert!(!not_modified_since(
            &HeaderValue::from_static("yesterday"),
            &modified
        ));
    }

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
