//! Compression of dynamic responses (the pages not kept by [`crate::web::cache`],
//! error pages, exports), in place of actix's `Compress`.
//!
//! actix's middleware compresses bodies over 1 KB on the blocking thread
//! pool with a streaming encoder: a thread hop and, for brotli, megabytes
//! of encoder state per response (which is what made a saved-routine page
//! cost milliseconds and the process hundreds of MB under load). Here a
//! whole body is compressed in one call on the worker, with a window sized
//! to the body, and keeps its `Content-Length`.
//!
//! Compressed: text, SVG, JavaScript, JSON, XML and CSV bodies of at least
//! [`MIN_SIZE`] bytes that are not already encoded. Every such response
//! gets `Vary: Accept-Encoding`, whichever encoding it is sent in.

use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Bytes;

use crate::web::cache::{Coding, Effort, compress};

/// Smaller bodies fit in a packet or two anyway.
pub const MIN_SIZE: u64 = 1024;

fn compressible_type(value: Option<&HeaderValue>) -> bool {
    let Some(value) = value.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = value.split(';').next().unwrap_or("").trim();
    mime.starts_with("text/")
        || ["svg", "javascript", "json", "xml"]
            .iter()
            .any(|kind| mime.contains(kind))
}

fn varies_by_encoding(headers: &header::HeaderMap) -> bool {
    headers.get_all(header::VARY).any(|v| {
        v.to_str()
            .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    })
}

/// The middleware (`middleware::from_fn(compress::middleware)`).
pub async fn middleware<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, Bytes>>, actix_web::Error> {
    let res = next.call(req).await?;
    let status = res.status();
    let headers = res.headers();
    let worth_it = !status.is_informational()
        && status != StatusCode::NO_CONTENT
        && status != StatusCode::PARTIAL_CONTENT
        && status != StatusCode::NOT_MODIFIED
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !varies_by_encoding(headers)
        && compressible_type(headers.get(header::CONTENT_TYPE))
        && matches!(res.response().body().size(), BodySize::Sized(n) if n >= MIN_SIZE);
    if !worth_it {
        return Ok(res.map_into_left_body());
    }
    // Read only now: kept pages (most responses) never need it here.
    let coding = Coding::negotiate_for(
        res.request().headers().get(header::ACCEPT_ENCODING),
        Effort::Quick,
    );
    let (req, res) = res.into_parts();
    let (mut res, body) = res.into_parts();
    let body = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        Err(body) => {
            return Ok(ServiceResponse::new(req, res.set_body(body)).map_into_left_body());
        }
    };
    res.headers_mut()
        .append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    let body = match (coding, compress(coding, &body, Effort::Quick)) {
        (Coding::Brotli, Some(smaller)) => {
            res.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            Bytes::from(smaller)
        }
        (Coding::Gzip, Some(smaller)) => {
            res.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            Bytes::from(smaller)
        }
        _ => body,
    };
    Ok(ServiceResponse::new(req, res.set_body(body)).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_compressed_and_pictures_are_not() {
        let value = |v: &'static str| Some(HeaderValue::from_static(v));
        assert!(compressible_type(
            value("text/html; charset=utf-8").as_ref()
        ));
        assert!(compressible_type(value("text/csv; charset=utf-8").as_ref()));
        assert!(compressible_type(value("image/svg+xml").as_ref()));
        assert!(compressible_type(value("application/atom+xml").as_ref()));
        assert!(compressible_type(
            value("text/javascript; charset=utf-8").as_ref()
        ));
        assert!(!compressible_type(value("image/png").as_ref()));
        assert!(!compressible_type(None));
    }
}
