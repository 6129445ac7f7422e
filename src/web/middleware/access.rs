//! The access log: one line per request, `peer "METHOD /path" status bytes
//! time`, logged at `info` under the target `access`.
//!
//! In place of actix's `Logger`, which built a `ConnectionInfo` (parsing the
//! forwarding headers) and ran its format machinery for every request: in
//! the profile of serving the stylesheet, logging cost about one request in
//! fifteen. Here the line is written straight into the log event.
//!
//! Query strings (which can hold health answers) are never logged, and the
//! token of a private link under `/r/` is replaced by `[private]`, so the log
//! holds nothing that opens a saved routine.

use std::fmt;
use std::time::Instant;

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

/// The middleware (`middleware::from_fn(access::log)`).
pub async fn log<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    if !tracing::enabled!(target: "access", tracing::Level::INFO) {
        return next.call(req).await;
    }
    let started = Instant::now();
    let peer = req.peer_addr().map(|addr| addr.ip());
    let method = req.method().clone();
    // The path is kept (a cheap reference-counted copy) to write it after.
    let uri = req.uri().clone();
    let result = next.call(req).await;
    let (status, bytes) = match &result {
        Ok(res) => (
            res.status().as_u16(),
            match res.response().body().size() {
                BodySize::Sized(n) => n,
                BodySize::None | BodySize::Stream => 0,
            },
        ),
        Err(err) => (err.as_response_error().status_code().as_u16(), 0),
    };
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let peer = Peer(peer);
    let path = Redacted(uri.path());
    tracing::info!(target: "access", "{peer} \"{method} {path}\" {status} {bytes} {millis:.3}ms");
    result
}

/// The client's address, or `-` when unknown (as in test requests).
struct Peer(Option<std::net::IpAddr>);

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(ip) => ip.fmt(f),
            None => f.write_str("-"),
        }
    }
}

/// A path as logged, with anything that could open a saved routine
/// replaced by `[private]`: the segment after an `r` segment (read as the
/// router reads it, percent-decoded, so `/%72/{token}` and `//r/{token}`
/// count), and any segment shaped like a token (22 URL-safe characters,
/// not all lower-case letters and dashes, which a slug could be).
pub struct Redacted<'a>(pub &'a str);

/// Does `segment` (decoded) look like a private token?
fn token_shaped(segment: &str) -> bool {
    segment.len() == 22
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && segment
            .bytes()
            .any(|b| !(b.is_ascii_lowercase() || b == b'-'))
}

/// Each segment of `path`, and whether it could hold a private token: the
/// one after an `r` segment, or a token-shaped one, both read as the router
/// reads them (percent-decoded; a decoding is made only for a segment with
/// a `%` in it).
fn segments(path: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut after_r = false;
    path.split('/').enumerate().map(move |(i, segment)| {
        let decoded = if segment.contains('%') {
            percent_encoding::percent_decode_str(segment).decode_utf8_lossy()
        } else {
            std::borrow::Cow::Borrowed(segment)
        };
        let private = after_r || token_shaped(&decoded);
        after_r = i > 0 && decoded == "r";
        (segment, private)
    })
}

/// Could `path` hold a private token? Then its response is sent like a
/// private page's.
pub fn could_hold_token(path: &str) -> bool {
    segments(path).any(|(_, private)| private)
}

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (segment, private)) in segments(self.0).enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            f.write_str(if private { "[private]" } else { segment })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_tokens_never_reach_the_log() {
        let shown = |path| Redacted(path).to_string();
        assert_eq!(shown("/r/abcDEF123/log"), "/r/[private]/log");
        assert_eq!(shown("/r/abcDEF123"), "/r/[private]");
        assert_eq!(shown("/r/"), "/r/[private]");
        assert_eq!(shown("/routine/plan"), "/routine/plan");
        // As the router reads it: percent-encoded, doubled slashes.
        assert_eq!(
            shown("/%72/abcDEF123/log"),
            "/r/[private]/log".replace("/r/", "/%72/")
        );
        assert_eq!(shown("//r/abcDEF123"), "//r/[private]");
        // By shape, anywhere.
        assert_eq!(shown("/x/AbCdEfGhIjKlMnOpQrStUv"), "/x/[private]");
        assert_eq!(shown("/x/AbCdEfGhIjKlMnOpQr%53tUv"), "/x/[private]");
        // A slug of the same length is not a token.
        assert_eq!(
            shown("/guides/sleeping-with-back-p"),
            "/guides/sleeping-with-back-p"
        );
        assert_eq!(
            shown("/guides/staying-strong-older"),
            "/guides/staying-strong-older"
        );
    }
}
