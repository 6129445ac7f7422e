//! Content negotiation: which coding to send for an `Accept-Encoding`.
//!
//! The header is read here rather than through actix's `AcceptEncoding`,
//! which is stricter than browsers and proxies need: it drops an item whose
//! q-value has spaces, more than three decimals or is above 1 (read here
//! as written), does not know `x-gzip`, and reads every `Accept-Encoding`
//! line where this has always read the first. Names are matched by actix's
//! [`ContentEncoding`].

use actix_web::http::header::{ContentEncoding, HeaderValue};

use super::compression::Effort;

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

    /// The `Content-Encoding` to send, none for identity.
    pub(super) fn header(self) -> Option<HeaderValue> {
        match self {
            Coding::Brotli => Some(ContentEncoding::Brotli.to_header_value()),
            Coding::Gzip => Some(ContentEncoding::Gzip.to_header_value()),
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
        match name.parse::<ContentEncoding>() {
            Ok(ContentEncoding::Brotli) => br = Some(q),
            Ok(ContentEncoding::Gzip) => gzip = Some(q),
            _ if name.eq_ignore_ascii_case("x-gzip") => gzip = Some(q),
            _ if name == "*" => star = Some(q),
            _ => {}
        }
    }
    (br.or(star).unwrap_or(0.0), gzip.or(star).unwrap_or(0.0))
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
}
