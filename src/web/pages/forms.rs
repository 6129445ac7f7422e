//! What visitors send: form posts (the [`FormPost`] extractor, or
//! [`SameOrigin`] for a post whose body is not read) and fields that may be
//! given only once ([`once`], [`first_repeated`]).
//!
//! A post is checked in the order it always has been: the body is read
//! (within `web::FORM_LIMIT`, else 413), then its origin (403), and only
//! when the handler reads the fields, its content type (400), so a post to
//! an unknown private link is still a 404 whatever it carries.

use std::future::Future;
use std::pin::Pin;

use std::time::{Duration, Instant};

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::web::{self, BytesMut};
use actix_web::{FromRequest, HttpRequest};
use futures_util::StreamExt;

use crate::config::Limits;
use crate::error::AppError;
use crate::web::AppState;

/// A post from one of our own pages; the fields through [`FormPost::pairs`].
pub struct FormPost {
    body: actix_web::web::Bytes,
    is_form: bool,
}

impl FormPost {
    /// The fields in the order sent (repeated names kept), or a 400 when the
    /// body is not an ordinary web form.
    pub fn pairs(&self) -> Result<Vec<(String, String)>, AppError> {
        if !self.is_form {
            return Err(AppError::BadRequest(
                "This form must be sent as a normal web form. Please use the button on the page."
                    .to_owned(),
            ));
        }
        Ok(form_urlencoded::parse(&self.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect())
    }
}

impl FromRequest for FormPost {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        let pace = req
            .app_data::<web::Data<AppState>>()
            .map_or(Pace::from(&Limits::DEFAULT), |state| {
                Pace::from(&state.config.limits)
            });
        Box::pin(async move {
            let start = Instant::now();
            let mut body = BytesMut::new();
            loop {
                // A body sent a byte at a time, or never, is cut off.
                let left = pace.allowed(body.len()).saturating_sub(start.elapsed());
                let chunk = actix_web::rt::time::timeout(left, payload.next())
                    .await
                    .map_err(|_elapsed| AppError::SlowBody)?;
                let Some(chunk) = chunk else { break };
                let chunk = chunk?;
                if body.len() + chunk.len() > crate::web::FORM_LIMIT {
                    return Err(PayloadError::Overflow.into());
                }
                body.extend_from_slice(&chunk);
            }
            check_origin(&req)?;
            Ok(FormPost {
                body: body.freeze(),
                is_form: is_form(&req),
            })
        })
    }
}

/// How long a form's body may take: all of it within `--body-timeout`, and,
/// after a first [`Pace::GRACE`], at least `--min-body-rate` bytes a second
/// on average, so a sender that trickles is cut off well before the
/// timeout. A real form (under 2 KB) arrives with its head or just after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pace {
    timeout: Duration,
    min_rate: u32,
}

impl Pace {
    /// Time any body has before the rate counts.
    const GRACE: Duration = Duration::from_secs(2);

    /// Time since the head by which more than `received` bytes must have
    /// arrived.
    fn allowed(self, received: usize) -> Duration {
        if self.min_rate == 0 {
            return self.timeout;
        }
        let earned = Duration::from_secs_f64(received as f64 / f64::from(self.min_rate));
        (Pace::GRACE + earned).min(self.timeout)
    }
}

impl From<&Limits> for Pace {
    fn from(limits: &Limits) -> Pace {
        Pace {
            timeout: limits.body_timeout,
            min_rate: limits.min_body_rate,
        }
    }
}

/// A post from one of our own pages whose body is not read (erasing a
/// routine asks nothing).
pub struct SameOrigin;

impl FromRequest for SameOrigin {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(check_origin(req).map(|()| SameOrigin).map_err(Into::into))
    }
}

/// POSTs must come from our own pages. Browsers say where a request comes
/// from in `Sec-Fetch-Site` (fetch metadata); without it (older browsers,
/// and any browser on a plain-HTTP address that is not localhost) the
/// `Origin` must be this site.
fn check_origin(req: &HttpRequest) -> Result<(), AppError> {
    let refused = || {
        AppError::Forbidden(
            "This form can only be sent from Backcare's own pages. Please go back to the page and try again."
                .to_owned(),
        )
    };
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.to_str().unwrap_or("") {
            "same-origin" | "none" => Ok(()),
            _ => Err(refused()),
        };
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().unwrap_or("");
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Err(refused());
    };
    // Without --base-url, the address the visitor used is this site too
    // (a home network's `http://192.168.1.20:8080`): a form on another
    // site carries that site's origin, whatever Host it reaches us with.
    let visited = (!state.config.base_url_given)
        .then(|| {
            let host = req.headers().get(header::HOST)?.to_str().ok()?;
            Some(state.config.visitor_base(Some(host)))
        })
        .flatten();
    if own_origin(origin, &state.config.base_url, state.config.bind)
        || visited.is_some_and(|base| origin == base)
    {
        Ok(())
    } else {
        Err(refused())
    }
}

/// Is `origin` this site? The site's own address comes from the settings
/// (`--base-url`, and the address it listens on, with `localhost` for a
/// loopback one), never from the request's `Host` or `X-Forwarded-Host`,
/// which the sender chooses.
fn own_origin(origin: &str, base_url: &str, bind: std::net::SocketAddr) -> bool {
    if origin == base_url.trim_end_matches('/') {
        return true;
    }
    let port = bind.port();
    origin == format!("http://{bind}")
        || (bind.ip().is_loopback() && origin == format!("http://localhost:{port}"))
}

/// Form bodies must be ordinary web forms.
fn is_form(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';').next().is_some_and(|t| {
                t.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        })
}

/// The value of `name`, which may be given at most once: `Err(name)` when
/// it is given twice (the caller says so in its own words).
pub fn once<'a, 'n>(
    pairs: &'a [(String, String)],
    name: &'n str,
) -> Result<Option<&'a str>, &'n str> {
    let mut values = pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str());
    let first = values.next();
    if values.next().is_some() {
        return Err(name);
    }
    Ok(first)
}

/// The first of the names `wanted` picks to be given a second time, in the
/// order sent.
pub fn first_repeated(pairs: &[(String, String)], wanted: impl Fn(&str) -> bool) -> Option<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for (name, _) in pairs {
        if !wanted(name) {
            continue;
        }
        if seen.contains(&name.as_str()) {
            return Some(name);
        }
        seen.push(name);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_earns_time_by_arriving_and_never_past_the_timeout() {
        let pace = Pace {
            timeout: Duration::from_secs(10),
            min_rate: 128,
        };
        assert_eq!(pace.allowed(0), Duration::from_secs(2));
        assert_eq!(pace.allowed(256), Duration::from_secs(4));
        assert_eq!(pace.allowed(16 * 1024), Duration::from_secs(10));
        let no_rate = Pace {
            min_rate: 0,
            ..pace
        };
        assert_eq!(no_rate.allowed(0), Duration::from_secs(10));
    }

    fn pairs(query: &str) -> Vec<(String, String)> {
        crate::routine::answers::pairs(query)
    }

    #[test]
    fn a_field_given_twice_is_named() {
        assert_eq!(once(&pairs("a=1&b=2"), "a"), Ok(Some("1")));
        assert_eq!(once(&pairs("b=2"), "a"), Ok(None));
        assert_eq!(once(&pairs("a=1&b=2&a=1"), "a"), Err("a"));
        let wanted = |name: &str| name != "x";
        assert_eq!(first_repeated(&pairs("a=1&x=1&x=2&b=1"), wanted), None);
        assert_eq!(
            first_repeated(&pairs("b=1&a=1&a=2&b=2"), wanted),
            Some("a"),
            "the first repeat in the order sent"
        );
    }
}

#[cfg(test)]
mod origin_tests {
    use super::own_origin;

    #[test]
    fn the_sites_own_origin_comes_from_its_settings_not_the_request() {
        let bind = "127.0.0.1:8080".parse().unwrap();
        assert!(own_origin(
            "https://backcare.example",
            "https://backcare.example/",
            bind
        ));
        assert!(own_origin(
            "http://127.0.0.1:8080",
            "https://backcare.example",
            bind
        ));
        assert!(own_origin(
            "http://localhost:8080",
            "https://backcare.example",
            bind
        ));
        // Whatever Host or X-Forwarded-Host the sender puts in.
        assert!(!own_origin(
            "https://evil.example",
            "https://backcare.example",
            bind
        ));
        assert!(!own_origin(
            "http://localhost:9999",
            "https://backcare.example",
            bind
        ));
        let public = "0.0.0.0:8080".parse().unwrap();
        assert!(!own_origin(
            "http://localhost:8080",
            "https://backcare.example",
            public
        ));
    }
}
