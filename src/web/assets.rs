//! Static files (CSS, icons, illustrations), embedded in the binary so it runs
//! from any folder. URLs carry a content hash (`?v=…`): a versioned URL is
//! cached for a year, a bare one is revalidated with its ETag.

use std::borrow::Cow;
use std::collections::HashMap;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use rust_embed::RustEmbed;

use super::AppState;
use crate::error::AppError;

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
    pub bytes: Cow<'static, [u8]>,
    pub content_type: String,
    /// First 16 hex digits of the SHA-256 of the bytes.
    pub version: String,
    etag: String,
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
            let version: String = file.metadata.sha256_hash()[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let mime = file.metadata.mimetype();
            let content_type =
                if mime.starts_with("text/") || mime.contains("svg") || mime.contains("javascript")
                {
                    format!("{mime}; charset=utf-8")
                } else {
                    mime.to_owned()
                };
            files.insert(
                path.to_string(),
                Asset {
                    etag: format!("\"{version}\""),
                    bytes: file.data,
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

#[derive(serde::Deserialize)]
pub struct VersionQuery {
    v: Option<String>,
}

/// `GET /static/{path}`: an embedded file, or 404. Only names that exist in
/// the embedded set are served, so `..` and encoded tricks find nothing.
pub async fn serve(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let asset = state
        .assets
        .get(&path)
        .ok_or_else(|| AppError::NotFound("There is no such file.".to_owned()))?;
    let versioned = web::Query::<VersionQuery>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.into_inner().v)
        .is_some_and(|v| v == asset.version);
    let cache = if versioned { YEAR } else { REVALIDATE };

    let not_modified = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|t| t.trim() == asset.etag || t.trim() == "*")
        });
    let mut res = if not_modified {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::CACHE_CONTROL, HeaderValue::from_static(cache)))
        .insert_header((header::ETAG, asset.etag.clone()));
    if not_modified {
        return Ok(res.finish());
    }
    Ok(res
        .insert_header((header::CONTENT_TYPE, asset.content_type.clone()))
        .body(asset.bytes.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lost `}` (easy to make when merging style sections) silently puts
    /// every later rule inside a media query.
    #[test]
    fn stylesheet_braces_balance() {
        let assets = Assets::load();
        let css = String::from_utf8_lossy(&assets.get("app.css").unwrap().bytes).into_owned();
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
