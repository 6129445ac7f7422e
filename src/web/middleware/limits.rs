//! Request limits applied before routing: address and header sizes, and the
//! rate limit on form posts per client address.
//!
//! Each refusal is a plain response with its status (414, 431, 429); the error
//! middleware, which wraps this one, draws it as a page in the site layout and
//! keeps its headers (`Retry-After`). Bodies declared larger than
//! `web::FORM_LIMIT` are refused here (413); the extractors apply the same
//! limit to bodies sent without a length. Transport limits that act before
//! any of this (request head over 128 KiB or more than 96 headers → 431 from
//! actix; timeouts; the connection cap) are set in [`crate::server`] from
//! [`crate::config::Limits`].

use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Limits;
use crate::error::ErrorMessage;
use crate::web::AppState;

/// Longest request target (path and query) accepted; longer ones get the
/// 414 page. Real links on the site stay far below it.
pub const URI_LIMIT: usize = 8 * 1024;

/// Largest total size of the request headers (names and values) accepted;
/// more gets the 431 page. Browsers send 1–2 KiB to a site without cookies.
pub const HEADER_LIMIT: usize = 16 * 1024;

/// How many posts between sweeps of addresses whose limit has fully reset.
const SWEEP_EVERY: u64 = 4096;

/// The form-post rate limit, shared by every worker thread. Keyed on the
/// client address (IPv6 by its /64, which one household or phone holds).
pub struct PostLimiter {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
    trust_forwarded: bool,
    checks: AtomicU64,
}

impl std::fmt::Debug for PostLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostLimiter")
            .field("on", &self.limiter.is_some())
            .field("trust_forwarded", &self.trust_forwarded)
            .finish_non_exhaustive()
    }
}

impl PostLimiter {
    /// A limiter for `limits.post_rate` posts a minute with bursts of
    /// `limits.post_burst`; no limiter at all when the rate is 0.
    pub fn new(limits: &Limits) -> PostLimiter {
        let limiter = NonZeroU32::new(limits.post_rate).map(|rate| {
            let burst = NonZeroU32::new(limits.post_burst).unwrap_or(NonZeroU32::MIN);
            RateLimiter::dashmap(Quota::per_minute(rate).allow_burst(burst))
        });
        PostLimiter {
            limiter,
            clock: DefaultClock::default(),
            trust_forwarded: limits.trust_forwarded,
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one post from `client`: `Err(wait)` when it is over the limit,
    /// with how long until the next one would be accepted.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            // Forget addresses that are back to a full allowance, so the
            // table does not grow with every address ever seen.
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        limiter
            .check_key(&client_key(client))
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    /// The address a request is counted against, if known.
    fn client(&self, req: &ServiceRequest) -> Option<IpAddr> {
        if self.trust_forwarded {
            let lines = |name: &str| -> Vec<&str> {
                req.headers()
                    .get_all(name)
                    .filter_map(|v| v.to_str().ok())
                    .collect()
            };
            if let Some(ip) = forwarded_client(&lines("x-forwarded-for"), &lines("forwarded")) {
                return Some(ip);
            }
        }
        req.peer_addr().map(|addr| addr.ip())
    }
}

/// The client's address as the trusted proxy gives it: the last entry of
/// `X-Forwarded-For` (all its lines read as one list), or, without that
/// header, the `for=` of the last element of `Forwarded` (RFC 7239). Only
/// the last entry counts, since only the proxy's own entry can be trusted
/// (the client may send entries of its own before it); an entry that is
/// not an address (`unknown`, an obfuscated name) gives `None`, and the
/// connection's address is used instead.
fn forwarded_client(x_forwarded_for: &[&str], forwarded: &[&str]) -> Option<IpAddr> {
    if !x_forwarded_for.is_empty() {
        let last = x_forwarded_for.iter().flat_map(|v| v.split(',')).last()?;
        return parse_node(last);
    }
    let last = forwarded.iter().flat_map(|v| v.split(',')).last()?;
    let value = last.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim().eq_ignore_ascii_case("for").then_some(value)
    })?;
    parse_node(value)
}

/// One address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`,
/// `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:4711`, maybe in quotes.
fn parse_node(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Some(rest) = text.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port_ok = after.is_empty()
            || after
                .strip_prefix(':')
                .is_some_and(|port| port.parse::<u16>().is_ok());
        return if port_ok { inside.parse().ok() } else { None };
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    // `ip:port` (IPv4 only: an IPv6 address with a port is in brackets).
    let (host, port) = text.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// IPv4 addresses as they are (also when written as IPv6, `::ffff:a.b.c.d`);
/// IPv6 addresses by their /64 network, which one household or phone holds.
/// The post limit and the connection cap per address both count by it.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Reads are never limited; everything else (form posts, and methods no
/// route accepts) counts against the post limit.
fn is_write(method: &Method) -> bool {
    method != Method::GET && method != Method::HEAD
}

fn headers_size(req: &ServiceRequest) -> usize {
    req.headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum()
}

/// A refusal for the error middleware to draw; `message` replaces the
/// standard words for the status when given.
fn refuse(status: StatusCode, message: Option<ErrorMessage>) -> HttpResponse {
    let mut res = HttpResponse::build(status)
        .content_type("text/plain; charset=utf-8")
        .finish();
    if let Some(message) = message {
        res.extensions_mut().insert(message);
    }
    res
}

/// Words for the 429 page, with the wait rounded up to whole seconds.
fn slow_down(wait_secs: u64) -> ErrorMessage {
    let wait = if wait_secs == 1 {
        "1 second".to_owned()
    } else {
        format!("{wait_secs} seconds")
    };
    ErrorMessage {
        title: "Please slow down".to_owned(),
        detail: format!(
            "We received many forms from you in a short time, so this one was not saved. \
             Please wait {wait}, then go back and send it again."
        ),
    }
}

/// The middleware: size checks on every request, the rate limit on writes.
pub async fn guard<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<impl MessageBody + use<B>>, actix_web::Error> {
    // A connection over the per-address cap was already told so, and its
    // sending side is closed: nothing it asks for is run.
    if req
        .conn_data::<crate::server::Seat>()
        .is_some_and(crate::server::Seat::refused)
    {
        let mut res = refuse(StatusCode::SERVICE_UNAVAILABLE, None);
        res.head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
        return Ok(req.into_response(res).map_into_right_body());
    }
    let target_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target_len > URI_LIMIT {
        return Ok(req
            .into_response(refuse(StatusCode::URI_TOO_LONG, None))
            .map_into_right_body());
    }
    // A declared body over the form limit is refused before any handler
    // runs, also where the handler would not read it (erasing a routine).
    // Bodies sent without a length are limited as they are read.
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > crate::web::FORM_LIMIT as u64) {
        return Ok(req
            .into_response(refuse(StatusCode::PAYLOAD_TOO_LARGE, None))
            .map_into_right_body());
    }
    if headers_size(&req) > HEADER_LIMIT {
        let message = ErrorMessage {
            title: "That request was too large".to_owned(),
            detail: "Your browser sent more information with this page request than we accept. \
                     Please try again; if it keeps happening, try another browser."
                .to_owned(),
        };
        return Ok(req
            .into_response(refuse(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                Some(message),
            ))
            .map_into_right_body());
    }
    if is_write(req.method())
        && let Some(state) = req.app_data::<web::Data<AppState>>()
        && let Some(client) = state.post_limiter.client(&req)
        && let Err(wait) = state.post_limiter.check(client)
    {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let secs = secs.max(1);
        let mut res = refuse(StatusCode::TOO_MANY_REQUESTS, Some(slow_down(secs)));
        res.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
        return Ok(req.into_response(res).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(rate: u32, burst: u32) -> Limits {
        Limits {
            post_rate: rate,
            post_burst: burst,
            ..Limits::DEFAULT
        }
    }

    #[test]
    fn a_burst_passes_then_the_next_post_waits_about_a_second() {
        let limiter = PostLimiter::new(&limits(60, 3));
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(limiter.check(ip), Ok(()));
        }
        let wait = limiter.check(ip).unwrap_err();
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        // Another address has its own allowance.
        assert_eq!(limiter.check("192.0.2.8".parse().unwrap()), Ok(()));
    }

    #[test]
    fn only_the_proxys_own_forwarded_entry_counts_in_every_form() {
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        let xff = |lines: &[&str]| forwarded_client(lines, &[]);
        // The last entry, in each form a proxy writes.
        assert_eq!(xff(&["198.51.100.9, 203.0.113.5"]), ip("203.0.113.5"));
        assert_eq!(xff(&["198.51.100.9, 203.0.113.5:4711"]), ip("203.0.113.5"));
        assert_eq!(xff(&["198.51.100.9, 2001:db8::7"]), ip("2001:db8::7"));
        assert_eq!(xff(&["198.51.100.9, [2001:db8::7]"]), ip("2001:db8::7"));
        assert_eq!(
            xff(&["198.51.100.9, [2001:db8::7]:4711"]),
            ip("2001:db8::7")
        );
        // Over several header lines, the last line's last entry.
        assert_eq!(xff(&["198.51.100.9", "203.0.113.5"]), ip("203.0.113.5"));
        // A last entry that is not an address never lets an earlier one
        // (the client's own) through: the connection's address is used.
        assert_eq!(xff(&["198.51.100.9, unknown"]), None);
        assert_eq!(xff(&["198.51.100.9, [2001:db8::7"]), None);
        assert_eq!(xff(&["198.51.100.9, 203.0.113.5:port"]), None);
        assert_eq!(xff(&["198.51.100.9, "]), None);
        // Forwarded (RFC 7239), when there is no X-Forwarded-For.
        let fwd = |lines: &[&str]| forwarded_client(&[], lines);
        assert_eq!(
            fwd(&["for=198.51.100.9, for=203.0.113.5;proto=https"]),
            ip("203.0.113.5")
        );
        assert_eq!(
            fwd(&["for=198.51.100.9", "For=\"[2001:db8::7]:4711\""]),
            ip("2001:db8::7")
        );
        assert_eq!(fwd(&["proto=https;for=203.0.113.5:80"]), ip("203.0.113.5"));
        assert_eq!(fwd(&["for=198.51.100.9, for=unknown"]), None);
        assert_eq!(fwd(&["for=198.51.100.9, for=_hidden"]), None);
        assert_eq!(fwd(&["for=198.51.100.9, proto=https"]), None);
        assert_eq!(forwarded_client(&[], &[]), None);
    }

    #[test]
    fn rate_zero_never_limits() {
        let limiter = PostLimiter::new(&limits(0, 0));
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        for _ in 0..10_000 {
            assert_eq!(limiter.check(ip), Ok(()));
        }
    }

    #[test]
    fn ipv6_addresses_share_their_64_and_mapped_ipv4_is_ipv4() {
        let limiter = PostLimiter::new(&limits(60, 1));
        assert_eq!(limiter.check("2001:db8:1:2::1".parse().unwrap()), Ok(()));
        assert!(
            limiter
                .check("2001:db8:1:2::ffff".parse().unwrap())
                .is_err()
        );
        assert_eq!(limiter.check("2001:db8:1:3::1".parse().unwrap()), Ok(()));
        assert_eq!(limiter.check("192.0.2.9".parse().unwrap()), Ok(()));
        assert!(limiter.check("::ffff:192.0.2.9".parse().unwrap()).is_err());
    }

    #[test]
    fn only_reads_are_free() {
        assert!(!is_write(&Method::GET));
        assert!(!is_write(&Method::HEAD));
        assert!(is_write(&Method::POST));
        assert!(is_write(&Method::DELETE));
    }

    #[test]
    fn the_wait_is_named_in_words() {
        assert!(slow_down(1).detail.contains("wait 1 second,"));
        assert!(slow_down(4).detail.contains("wait 4 seconds,"));
    }
}
