//! Static files (CSS, icons, illustrations), embedded in the binary so it runs
//! from any folder. URLs carry a content hash (`?v=…`): a versioned URL is
//! cached for a year, a bare one is revalidated with its ETag. Text files
//! (CSS, JavaScript, SVG) are compressed once, at the highest settings, the
//! first time a browser asks for each encoding (see [`crate::web::cache`]).

use std::collections::HashMap;

use actix_web::http::header::HeaderValue;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_embed::RustEmbed;

use crate::error::AppError;
use crate::web::AppState;
use crate::web::cache::{Effort, Encoded};

#[derive(RustEmbed)]
#[folder = "static/"]
struct Embedded;

/// Is there an embedded static file at `path` (e.g. `exercises/bridge.svg`)?
/// Content checks use this at start-up, before [`Assets`] is built.
pub fn embedded(path: &str) -> bool {
    Embedded::get(path).is_some()
}

/// One static file held in memory.
#[derive(Debug)]
pub struct Asset {
    pub content_type: String,
    /// First 16 hex digits of the SHA-256 of the bytes.
    pub version: String,
    /// The bytes, and their compressed forms once asked for.
    encoded: std::sync::Arc<Encoded>,
}

impl Asset {
    pub fn bytes(&self) -> &[u8] {
        self.encoded.identity()
    }
}

/// All static files by path (e.g. `app.css`, `exercises/bridge.svg`).
#[derive(Debug, Default)]
pub struct Assets {
    files: HashMap<String, Asset>,
}

impl Assets {
    pub fn load() -> Assets {
        let mut files = HashMap::new();
        for path in Embedded::iter() {
            let Some(file) = Embedded::get(&path) else {
                continue;
            };
            let version = crate::hex::encode(&file.metadata.sha256_hash()[..8]);
            let mime = file.metadata.mimetype();
            let text =
                mime.starts_with("text/") || mime.contains("svg") || mime.contains("javascript");
            let content_type = if text {
                format!("{mime}; charset=utf-8")
            } else {
                mime.to_owned()
            };
            let bytes = match file.data {
                std::borrow::Cow::Borrowed(data) => Bytes::from_static(data),
                std::borrow::Cow::Owned(data) => Bytes::from(data),
            };
            let header = HeaderValue::from_str(&content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            files.insert(
                path.to_string(),
                Asset {
                    encoded: std::sync::Arc::new(Encoded::new(bytes, header, text, Effort::Best)),
                    content_type,
                    version,
                },
            );
        }
        Assets { files }
    }

    pub fn get(&self, path: &str) -> Option<&Asset> {
        self.files.get(path)
    }

    /// The URL of an exercise picture's small still version (made by
    /// `scripts/figures`, `exercises/x.svg` → `exercises/thumbs/x.svg`), or
    /// of the picture itself when it has none.
    pub fn thumb_url(&self, picture: &str) -> String {
        let thumb = picture
            .strip_prefix("exercises/")
            .map(|name| format!("exercises/thumbs/{name}"))
            .filter(|thumb| self.files.contains_key(thumb));
        self.url(thumb.as_deref().unwrap_or(picture))
    }

    /// The cache-busting URL of a static file, e.g. `/static/app.css?v=1a2b…`.
    /// A missing file is a programming error caught by the tests; it still
    /// yields a working (unversioned) URL rather than a panic.
    pub fn url(&self, path: &str) -> String {
        match self.files.get(path) {
            Some(asset) => format!("/static/{path}?v={}", asset.version),
            None => {
                tracing::warn!(path, "static file missing");
                format!("/static/{path}")
            }
        }
    }
}

const YEAR: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "public, max-age=0, must-revalidate";

/// Every address under `/static/`: a scope matched by its prefix alone, and
/// first, so a stylesheet or picture costs no pattern matching against the
/// page routes (the regular expressions of `{slug}` routes showed in the
/// profile of serving the stylesheet).
pub fn scope() -> actix_web::Scope {
    web::scope("/static").default_service(web::to(serve))
}

/// `GET /favicon.ico`, which some browsers and feed readers ask for
/// whatever the page links: sent on to the SVG icon (for a day, so a new
/// icon is picked up).
pub async fn favicon(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((
            actix_web::http::header::LOCATION,
            state.assets.url("favicon.svg"),
        ))
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=86400"),
        ))
        .finish()
}

/// `GET /static/{path}`: an embedded file, or 404. Only names that exist in
/// the embedded set are served, so `..` and encoded tricks find nothing.
/// Other methods than GET and HEAD get a 405.
pub async fn serve(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    crate::web::get_or_head(&req)?;
    let path = req.match_info().unprocessed();
    let asset = path
        .strip_prefix('/')
        .and_then(|path| state.assets.get(path))
        .ok_or_else(|| AppError::NotFound("There is no such file.".to_owned()))?;
    // `?v=` must name this file's version (read without allocating: this
    // runs for every stylesheet, script and picture).
    let versioned = form_urlencoded::parse(req.query_string().as_bytes())
        .any(|(key, value)| key == "v" && value == asset.version.as_str());
    let cache = if versioned { YEAR } else { REVALIDATE };
    Ok(asset.encoded.respond(&req, None, cache, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalog_names_a_picture_for_every_exercise_in_static() {
        let text = include_str!("../../content/exercises.toml");
        let catalog = crate::routine::Catalog::parse(text, "exercises.toml", &|_| true).unwrap();
        let missing: Vec<&str> = catalog
            .exercises()
            .iter()
            .filter(|e| !embedded(&e.illustration.path))
            .map(|e| e.slug.as_str())
            .collect();
        assert!(missing.is_empty(), "pictures missing for {missing:?}");
    }

    /// A lost `}` (easy to make when merging style sections) silently puts
    /// every later rule inside a media query.
    #[test]
    fn stylesheet_braces_balance() {
        let assets = Assets::load();
        let css = String::from_utf8_lossy(assets.get("app.css").unwrap().bytes()).into_owned();
        let mut depth: i64 = 0;
        for (line_no, line) in css.lines().enumerate() {
            for c in line.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                assert!(
                    depth >= 0,
                    "unbalanced '}}' at app.css line {}",
                    line_no + 1
                );
            }
        }
        assert_eq!(depth, 0, "app.css has an unclosed block");
    }
}
