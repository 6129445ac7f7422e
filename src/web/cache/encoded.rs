//! One response body held in memory, with its compressed forms, answered
//! with validators in the coding the browser accepts.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::TrySendError;
use std::sync::{Arc, OnceLock};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};

use super::background;
use super::compression::{Effort, compress};
use super::conditional::{self, Modified, Tag};
use super::negotiate::Coding;

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
    etag: Tag,
}

impl Encoded {
    /// Keeps `body`; `compressible` bodies (text) get gzip and brotli forms.
    pub fn new(body: Bytes, content_type: HeaderValue, compressible: bool, effort: Effort) -> Self {
        let etag = Tag::of(&body);
        let encoded = Encoded {
            identity: body,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            effort,
            queued: AtomicBool::new(false),
            content_type,
            etag,
        };
        if !compressible {
            let _ = encoded.gzip.set(None);
            let _ = encoded.brotli.set(None);
        }
        encoded
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
    pub(super) fn compress_best(&self) {
        for (coding, cell) in [(Coding::Brotli, &self.brotli), (Coding::Gzip, &self.gzip)] {
            cell.get_or_init(|| compress(coding, &self.identity, Effort::Best).map(Bytes::from));
        }
    }

    /// Hands the page to the background compressor, once.
    fn queue(self: &Arc<Self>) {
        if self.queued.swap(true, Ordering::AcqRel) {
            return;
        }
        let sent = background::queue().map(|queue| queue.try_send(Arc::downgrade(self)));
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
    pub(super) fn weight(&self) -> usize {
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
        last_modified: Option<&Modified>,
        cache_control: &'static str,
        validators: bool,
    ) -> HttpResponse {
        let last_modified = last_modified.filter(|_| validators);
        let not_modified = validators && conditional::not_modified(req, &self.etag, last_modified);
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
            res.insert_header((header::ETAG, self.etag.header().clone()));
        }
        if let Some(modified) = last_modified {
            res.insert_header((header::LAST_MODIFIED, modified.header().clone()));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
