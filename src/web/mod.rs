//! HTTP layer: the app factory, routing, shared page furniture and helpers.
//!
//! The folders follow a request: [`middleware`] wraps every request (access
//! log, compression, security headers, error pages, limits, in the order
//! [`app`] applies them); [`pages`] holds the handlers, one module per page
//! or group of pages; [`cache`] keeps rendered pages in memory and answers
//! them with validators and compression; [`assets`] serves the embedded
//! static files.
//!
//! Handlers are thin: extract input, call the domain or `db`, render a
//! template. Every HTML page embeds a [`Layout`]: what `templates/_layout.html` needs.

pub mod assets;
pub mod cache;
pub mod clock;
pub(crate) mod middleware;
mod pages;

pub use middleware::limits::PostLimiter;
pub use pages::supports;

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::{App, Handler, HttpResponse, Resource, Responder, guard, web};
use askama::Template;

use crate::config::Config;
use crate::content::{Banner, Content, ContentStore};
use crate::db::{Pool, Store};
use crate::error::AppError;

/// Largest form body accepted (bytes); larger ones get the 413 page.
pub const FORM_LIMIT: usize = 16 * 1024;

/// Everything a request handler may need. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    /// Read (and start-up) connections of the embedded SQLite database,
    /// which holds the search index.
    pub db: Pool,
    /// Saved routines and their logs.
    pub store: Store,
    /// With PostgreSQL: the temporary folder holding `db` (the search
    /// index), removed when the last clone of the state goes.
    pub index_dir: Option<Arc<tempfile::TempDir>>,
    pub content: Arc<ContentStore>,
    /// Rendered pages of the current content (see [`cache`]).
    pub pages: Arc<cache::PageCache>,
    pub assets: Arc<assets::Assets>,
    /// The form-post rate limit, one for all workers.
    pub post_limiter: Arc<PostLimiter>,
}

/// The top-level navigation section a page belongs to (for `aria-current`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    None,
    Guides,
    Routine,
    Supports,
}

impl Nav {
    fn as_str(self) -> &'static str {
        match self {
            Nav::None => "",
            Nav::Guides => "guides",
            Nav::Routine => "routine",
            Nav::Supports => "supports",
        }
    }
}

/// What the site layout (`templates/_layout.html`) needs on every page; each
/// page struct carries it as `layout`.
#[derive(Debug, Clone)]
pub struct Layout {
    pub site_name: String,
    /// Full `<title>` text.
    pub title: String,
    /// The page's own title, without the site name (for `og:title`; the
    /// site name has `og:site_name`).
    pub share_title: String,
    pub description: String,
    pub canonical: String,
    pub banner: Option<Banner>,
    pub css_url: String,
    pub favicon_url: String,
    /// Text already in the header search box (the current query on `/search`).
    pub query: String,
    pub nav: &'static str,
    /// Error and private pages ask search engines not to index them, and
    /// carry no canonical link.
    pub noindex: bool,
    /// The footer's emergency signs, from the one warning-signs table;
    /// `None` on a page that lists them itself under "When to stop" (a
    /// plan, a saved routine), whose footer points there instead.
    pub footer_signs: Option<crate::content::SignList>,
}

impl Layout {
    /// Page furniture for a page at `path` (used for the canonical URL).
    /// `title` is the page's own title; the site name is appended.
    pub fn new(
        state: &AppState,
        content: &Content,
        title: &str,
        description: &str,
        path: &str,
        nav: Nav,
    ) -> Layout {
        let site = &content.site;
        let share_title = if title.is_empty() {
            site.name.clone()
        } else {
            title.to_owned()
        };
        let title = if title.is_empty() {
            site.name.clone()
        } else {
            format!("{title} · {}", site.name)
        };
        Layout {
            site_name: site.name.clone(),
            title,
            share_title,
            description: description.to_owned(),
            canonical: format!("{}{}", state.config.base_url, path),
            banner: site.banner.clone(),
            css_url: state.assets.url("app.css"),
            favicon_url: state.assets.url("favicon.svg"),
            query: String::new(),
            nav: nav.as_str(),
            noindex: false,
            footer_signs: Some(crate::content::SignList::new(
                &content.signs,
                &site.services,
                crate::routine::Level::Emergency,
                None,
                false,
            )),
        }
    }

    /// Marks a page that should not be indexed (errors, private links).
    pub fn noindex(mut self) -> Layout {
        self.noindex = true;
        self.canonical.clear();
        self
    }

    /// For a page whose "When to stop" (id `stop-title`) lists the
    /// emergency signs: the footer points there rather than list them a
    /// second time a screen further down.
    pub fn signs_on_page(mut self) -> Layout {
        self.footer_signs = None;
        self
    }

    /// Puts the visitor's search text back in the header search box.
    pub fn with_query(mut self, query: &str) -> Layout {
        query.clone_into(&mut self.query);
        self
    }
}

/// Renders a template as a 200 HTML page.
pub fn render<T: Template>(template: &T) -> Result<HttpResponse, AppError> {
    render_status(StatusCode::OK, template)
}

/// Renders a template as an HTML page with the given status (e.g. a form
/// re-shown with errors as 400).
pub fn render_status<T: Template>(
    status: StatusCode,
    template: &T,
) -> Result<HttpResponse, AppError> {
    let body = template.render()?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// A resource answering GET and HEAD with `handler`, and 405 (with `Allow`)
/// to every other method.
pub fn page<F, Args>(path: &str, handler: F) -> Resource
where
    F: Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: Responder + 'static,
{
    web::resource(path)
        .route(
            web::route()
                .guard(guard::Any(guard::Get()).or(guard::Head()))
                .to(handler),
        )
        .default_service(web::to(|| async {
            Err::<HttpResponse, AppError>(AppError::MethodNotAllowed { allow: "GET, HEAD" })
        }))
}

/// For the default service of a prefix scope, which (unlike a [`page`])
/// sees every method: GET and HEAD pass, anything else is the 405 page.
pub fn get_or_head(req: &actix_web::HttpRequest) -> Result<(), AppError> {
    use actix_web::http::Method;
    if req.method() == Method::GET || req.method() == Method::HEAD {
        Ok(())
    } else {
        Err(AppError::MethodNotAllowed { allow: "GET, HEAD" })
    }
}

/// Every route of the site. Used by [`app`] (and so by [`crate::server`] and
/// the tests).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::FormConfig::default()
            .limit(FORM_LIMIT)
            .error_handler(middleware::errors::form_error),
    )
    // Raw form bodies (read as bytes so repeated fields keep their order).
    .app_data(web::PayloadConfig::new(FORM_LIMIT))
    .app_data(web::QueryConfig::default().error_handler(middleware::errors::query_error))
    .service(assets::scope())
    .service(page("/", pages::home::index))
    .service(page("/healthz", pages::health::healthz))
    .service(page("/supports", pages::supports::list))
    // Before `/supports/{slug}`, which would otherwise take "compare".
    .service(page("/supports/compare", pages::supports::compare))
    .service(page("/supports/{slug}", pages::supports::detail))
    .service(pages::guides::scope())
    .service(page("/tags", pages::guides::tags))
    .service(page("/tags/{tag}", pages::guides::tag))
    .service(page("/search", pages::search::search))
    .service(page("/feed.xml", pages::feeds::feed))
    .service(page("/sitemap.xml", pages::feeds::sitemap))
    .service(page("/robots.txt", pages::feeds::robots))
    .service(page("/favicon.ico", assets::favicon))
    .service(page("/exercises", pages::exercises::list))
    .service(page("/exercises/{slug}", pages::exercises::show))
    .service(page("/routine", pages::routine::form))
    .service(page("/routine/plan", pages::routine::plan_page))
    .service(page("/routine/plan.json", pages::routine::plan_json))
    .service(page("/routine/session", pages::session_guide::plan_session))
    .service(pages::saved::save_resource())
    .service(pages::saved::erased_resource())
    .service(pages::saved::scope());
}

/// The application: state, routes, error pages and middleware.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let https = state.config.is_https();
    App::new()
        .app_data(web::Data::new(state))
        .configure(configure)
        .default_service(web::to(not_found))
        // Inside the error pages, so its refusals are drawn in the layout.
        .wrap(from_fn(middleware::limits::guard))
        .wrap(middleware::errors::error_pages())
        // Outside the error pages, so refusals and not-found pages at an
        // address that could hold a token are sent private too.
        .wrap(from_fn(middleware::headers::private_paths))
        .wrap(middleware::headers::security(https))
        .wrap(from_fn(middleware::compress::middleware))
        .wrap(from_fn(middleware::access::log))
}

async fn not_found(req: actix_web::HttpRequest) -> Result<HttpResponse, AppError> {
    // Never echo a private token, however the address was written.
    let redacted = middleware::access::Redacted(req.path()).to_string();
    let path = redacted.as_str();
    let shown = match path.char_indices().nth(100) {
        Some((cut, _)) => format!("{}…", &path[..cut]),
        None => path.to_owned(),
    };
    Err(AppError::NotFound(format!(
        "There is no page at {shown}. It may have moved, or the address may have a typo."
    )))
}
