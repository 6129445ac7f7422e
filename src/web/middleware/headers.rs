//! Security headers sent with every response, and the private ones for any
//! response whose address could hold a private token.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{DefaultHeaders, Next};

/// Headers sent with every response. The CSP allows nothing inline and
/// nothing from other hosts, which keeps the site free of third parties.
/// A site served over HTTPS also tells browsers to keep using HTTPS.
pub fn security(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ))
        .add(("Cross-Origin-Opener-Policy", "same-origin"));
    if https {
        headers.add(("Strict-Transport-Security", "max-age=31536000"))
    } else {
        headers
    }
}

/// Any response whose address could hold a private token (`/r/…` however
/// written, or a token-shaped segment anywhere), refusals from the limits
/// and not-found pages included, goes out like a private page: never
/// stored, never named in a Referer to another site, never indexed. The private pages
/// under `/r/` get these headers from here too.
pub async fn private_paths<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let private = super::access::could_hold_token(req.path());
    let mut res = next.call(req).await?;
    if private {
        let headers = res.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::REFERRER_POLICY,
            // Never named to another site; to this one (whose log
            // redacts tokens) it is sent, so a form posted from the page
            // carries its real `Origin` (with `no-referrer` browsers send
            // `Origin: null`, refused where there is no fetch metadata,
            // as over plain HTTP on a home network).
            HeaderValue::from_static("same-origin"),
        );
        headers.insert(
            header::HeaderName::from_static("x-robots-tag"),
            HeaderValue::from_static("noindex, nofollow"),
        );
    }
    Ok(res)
}
