//! Conditional GET: the validators a kept page is sent with (`ETag`,
//! `Last-Modified`) and whether a request's copy is still current (304).
//!
//! Dates go through actix's [`HttpDate`] and [`IfModifiedSince`]; tags are
//! actix's [`EntityTag`], compared weakly. `If-None-Match` is split here
//! rather than read with actix's `IfNoneMatch`, which would take `*` only
//! as the whole header and read every `If-None-Match` line: this reads the
//! first line, as it always has, and a `*` anywhere in it.

use std::hash::{Hash, Hasher};
use std::time::SystemTime;

use actix_web::HttpRequest;
use actix_web::http::header::{
    self, ETag, EntityTag, Header, HeaderValue, HttpDate, IfModifiedSince, LastModified,
    TryIntoHeaderValue,
};

/// A weak validator from a hash of the body (`W/"0123456789abcdef"`), kept
/// both as a tag to compare and as the header value to send.
#[derive(Debug)]
pub struct Tag {
    tag: EntityTag,
    header: HeaderValue,
}

impl Tag {
    /// The validator of `body`.
    pub fn of(body: &[u8]) -> Tag {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        body.hash(&mut hasher);
        let tag = EntityTag::new_weak(format!("{:016x}", hasher.finish()));
        let header = ETag(tag.clone())
            .try_into_value()
            .unwrap_or(HeaderValue::from_static("W/\"0\""));
        Tag { tag, header }
    }

    pub fn header(&self) -> &HeaderValue {
        &self.header
    }
}

/// A `Last-Modified` date, kept both as a date to compare and as the header
/// value to send.
#[derive(Debug)]
pub struct Modified {
    date: HttpDate,
    header: HeaderValue,
}

impl Modified {
    /// Now, to the second: the date is read back from the header, as a
    /// browser will send it (an [`HttpDate`] made from the clock keeps its
    /// fractions of a second, and would be later than the date sent back).
    pub fn now() -> Modified {
        let header = LastModified(HttpDate::from(SystemTime::now()))
            .try_into_value()
            .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"));
        let date = header
            .to_str()
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or(HttpDate::from(SystemTime::UNIX_EPOCH));
        Modified { date, header }
    }

    pub fn header(&self) -> &HeaderValue {
        &self.header
    }
}

/// Is the browser's copy current? `If-None-Match` decides when sent (so a
/// changed page is never hidden behind an old date); otherwise
/// `If-Modified-Since`, when the page has a `Last-Modified`.
pub fn not_modified(req: &HttpRequest, tag: &Tag, modified: Option<&Modified>) -> bool {
    if let Some(tags) = req.headers().get(header::IF_NONE_MATCH) {
        return tag_matches(tags, &tag.tag);
    }
    match (modified, IfModifiedSince::parse(req)) {
        (Some(modified), Ok(IfModifiedSince(since))) => {
            SystemTime::from(modified.date) <= SystemTime::from(since)
        }
        _ => false,
    }
}

/// Does `If-None-Match` name this tag (weak comparison) or `*`?
fn tag_matches(header: &HeaderValue, ours: &EntityTag) -> bool {
    let Ok(tags) = header.to_str() else {
        return false;
    };
    tags.split(',').any(|tag| {
        let tag = tag.trim();
        tag == "*" || tag.parse::<EntityTag>().is_ok_and(|tag| tag.weak_eq(ours))
    })
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn tags_compare_weakly() {
        let ours = EntityTag::new_weak("00ff".to_owned());
        let matches = |header: &'static str| tag_matches(&HeaderValue::from_static(header), &ours);
        assert!(matches("\"00ff\""));
        assert!(matches("\"x\", W/\"00ff\""));
        assert!(matches("*"));
        assert!(matches("\"x\", *"));
        assert!(!matches("W/\"00fe\""));
        assert!(!matches("00ff"));
        assert!(!matches("w/\"00ff\""));
        assert_eq!(
            Tag::of(b"a").header().to_str().unwrap().len(),
            "W/\"0123456789abcdef\"".len()
        );
    }

    #[test]
    fn dates_compare_by_time_and_tags_come_first() {
        let modified = Modified {
            date: "Wed, 25 Nov 2026 08:00:00 GMT".parse().unwrap(),
            header: HeaderValue::from_static("Wed, 25 Nov 2026 08:00:00 GMT"),
        };
        let tag = Tag::of(b"page");
        let asks = |headers: &[(header::HeaderName, &'static str)]| {
            let mut req = TestRequest::default();
            for (name, value) in headers {
                req = req.insert_header((name.clone(), *value));
            }
            not_modified(&req.to_http_request(), &tag, Some(&modified))
        };
        let since = header::IF_MODIFIED_SINCE;
        assert!(asks(&[(since.clone(), "Wed, 25 Nov 2026 08:00:00 GMT")]));
        assert!(asks(&[(since.clone(), "Thu, 26 Nov 2026 08:00:00 GMT")]));
        assert!(!asks(&[(since.clone(), "Tue, 24 Nov 2026 08:00:00 GMT")]));
        assert!(!asks(&[(since.clone(), "yesterday")]));
        // A tag that does not match wins over a date that would.
        assert!(!asks(&[
            (header::IF_NONE_MATCH, "W/\"other\""),
            (since, "Thu, 26 Nov 2026 08:00:00 GMT"),
        ]));
        assert!(!asks(&[]));
        // The date a browser sends back is the one it was sent.
        let now = Modified::now();
        let same = TestRequest::default()
            .insert_header((header::IF_MODIFIED_SINCE, now.header().clone()))
            .to_http_request();
        assert!(not_modified(&same, &tag, Some(&now)));
    }
}
