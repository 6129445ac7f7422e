//! Guide pages: the list, one guide, tags.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use super::supports::{self, SupportsSidebar};
use crate::content::{Content, Guide};
use crate::error::AppError;
use crate::supports::RecommendContext;
use crate::web::cache::Shelf;
use crate::web::{AppState, Layout, Nav, render};

/// Guides on one page of `/guides`.
pub const PER_PAGE: usize = 10;

/// A date as the templates show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateView {
    /// `2026-10-28`, for `<time datetime>`.
    pub iso: String,
    /// `28 October 2026`.
    pub human: String,
}

impl From<NaiveDate> for DateView {
    fn from(date: NaiveDate) -> Self {
        DateView {
            iso: date.format("%Y-%m-%d").to_string(),
            human: date.format("%-d %B %Y").to_string(),
        }
    }
}

/// A tag as a link.
#[derive(Debug, Clone)]
pub struct TagView {
    pub url: String,
    /// Hyphens as spaces: `daily life`.
    pub label: String,
}

impl TagView {
    fn new(name: &str) -> TagView {
        TagView {
            url: format!("/tags/{name}"),
            label: name.replace('-', " "),
        }
    }
}

/// A guide in a list (`/guides`, `/tags/x`).
#[derive(Debug, Clone)]
pub struct GuideSummary {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub date: DateView,
    pub tags: Vec<TagView>,
    pub reading_minutes: usize,
    pub draft: bool,
}

impl From<&Guide> for GuideSummary {
    fn from(guide: &Guide) -> Self {
        GuideSummary {
            url: guide.url(),
            title: guide.title.clone(),
            summary: guide.summary.clone(),
            date: guide.date.into(),
            tags: guide.tags.iter().map(|t| TagView::new(t)).collect(),
            reading_minutes: guide.reading_minutes,
            draft: guide.draft,
        }
    }
}

/// A link to a neighbouring guide.
#[derive(Debug, Clone)]
pub struct GuideLink {
    pub url: String,
    pub title: String,
}

impl From<&Guide> for GuideLink {
    fn from(guide: &Guide) -> Self {
        GuideLink {
            url: guide.url(),
            title: guide.title.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "guides/index.html")]
struct IndexPage {
    layout: Layout,
    guides: Vec<GuideSummary>,
    page: usize,
    total_pages: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
}

#[derive(Template)]
#[template(path = "guides/guide.html")]
struct GuidePage {
    layout: Layout,
    title: String,
    summary: String,
    date: DateView,
    updated: Option<DateView>,
    reviewed: Option<DateView>,
    next_review: Option<DateView>,
    reading_minutes: usize,
    draft: bool,
    toc: Vec<GuideLink>,
    /// Rendered by our Markdown module: the only HTML marked `|safe`.
    html: String,
    tags: Vec<TagView>,
    sources: Vec<GuideLink>,
    older: Option<GuideLink>,
    newer: Option<GuideLink>,
    json_ld: serde_json::Value,
    /// Lumbar supports for the guide's tags and `support_contexts`.
    supports_sidebar: SupportsSidebar,
}

#[derive(Template)]
#[template(path = "guides/tags.html")]
struct TagsPage {
    layout: Layout,
    tags: Vec<(TagView, usize)>,
}

#[derive(Template)]
#[template(path = "guides/tag.html")]
struct TagPage {
    layout: Layout,
    tag: TagView,
    guides: Vec<GuideSummary>,
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<usize>,
}

fn list_url(page: usize) -> String {
    if page <= 1 {
        "/guides".to_owned()
    } else {
        format!("/guides?page={page}")
    }
}

/// `GET /guides?page=N`: guides newest first, [`PER_PAGE`] a page.
pub async fn index(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let content = state.content.current();
    let number = query.page.unwrap_or(1);
    if content.guides.page(number, PER_PAGE).is_none() {
        return Err(not_found_page());
    }
    let key = list_url(number);
    let page = async { index_page(&state, &content, number) };
    state
        .pages
        .cached(&req, &content, Shelf::Content, key, page)
        .await
}

fn not_found_page() -> AppError {
    AppError::NotFound(
        "That page of the guide list does not exist. The first page has the newest guides."
            .to_owned(),
    )
}

fn index_page(
    state: &AppState,
    content: &Content,
    number: usize,
) -> Result<HttpResponse, AppError> {
    let page = content
        .guides
        .page(number, PER_PAGE)
        .ok_or_else(not_found_page)?;
    let title = if page.total_pages > 1 {
        format!("Guides, page {} of {}", page.number, page.total_pages)
    } else {
        "Guides".to_owned()
    };
    let tmpl = IndexPage {
        layout: Layout::new(
            state,
            content,
            &title,
            "Plain-language guides to exercising, stretching, sitting and resting well with lower back pain.",
            &list_url(page.number),
            Nav::Guides,
        ),
        guides: page.guides.iter().map(GuideSummary::from).collect(),
        page: page.number,
        total_pages: page.total_pages,
        prev_url: (page.number > 1).then(|| list_url(page.number - 1)),
        next_url: (page.number < page.total_pages).then(|| list_url(page.number + 1)),
    };
    render(&tmpl)
}

fn not_found_guide() -> AppError {
    AppError::NotFound(
        "We could not find that guide. It may have moved or been renamed; every guide is listed on the guides page."
            .to_owned(),
    )
}

/// Structured data for search engines: a schema.org `Article`.
fn json_ld(guide: &Guide, content: &Content, canonical: &str) -> serde_json::Value {
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": guide.title,
        "description": guide.summary,
        "datePublished": guide.date.format("%Y-%m-%d").to_string(),
        "dateModified": guide.last_changed().format("%Y-%m-%d").to_string(),
        "url": canonical,
        "mainEntityOfPage": canonical,
        "inLanguage": "en",
        "keywords": guide.tags.join(", "),
        "author": { "@type": "Organization", "name": content.site.name },
        "publisher": { "@type": "Organization", "name": content.site.name },
    })
}

/// `/guides` and every address under it: a scope matched by its prefix,
/// the guide's slug read from the rest of the path. (A `{slug}` route is a
/// regular expression run for every request; the guide page is the most
/// read page of the site.)
pub fn scope() -> actix_web::Scope {
    web::scope("/guides")
        .service(crate::web::page("", index))
        .default_service(web::to(guide))
}

/// `GET /guides/{slug}`: one guide (rendered once per content version).
/// Other methods than GET and HEAD get a 405.
pub async fn guide(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    crate::web::get_or_head(&req)?;
    let slug = req
        .match_info()
        .unprocessed()
        .strip_prefix('/')
        .unwrap_or_default();
    let content = state.content.current();
    let guide = content.guides.get(slug).ok_or_else(not_found_guide)?;
    let page = async { guide_page(&state, &content, guide) };
    state
        .pages
        .cached(&req, &content, Shelf::Content, guide.url(), page)
        .await
}

fn guide_page(
    state: &AppState,
    content: &Content,
    guide: &Guide,
) -> Result<HttpResponse, AppError> {
    let layout = Layout::new(
        state,
        content,
        &guide.title,
        &guide.summary,
        &guide.url(),
        Nav::Guides,
    );
    let tmpl = GuidePage {
        json_ld: json_ld(guide, content, &layout.canonical),
        layout,
        title: guide.title.clone(),
        summary: guide.summary.clone(),
        date: guide.date.into(),
        updated: guide.updated.map(DateView::from),
        reviewed: guide.reviewed.map(DateView::from),
        next_review: guide.next_review.map(DateView::from),
        reading_minutes: guide.reading_minutes,
        draft: guide.draft,
        toc: guide
            .toc()
            .into_iter()
            .map(|h| GuideLink {
                url: format!("#{}", h.id),
                title: h.text.clone(),
            })
            .collect(),
        html: guide.html.clone(),
        tags: guide.tags.iter().map(|t| TagView::new(t)).collect(),
        sources: guide
            .sources
            .iter()
            .map(|s| GuideLink {
                url: s.url.clone(),
                title: s.title.clone(),
            })
            .collect(),
        older: content.guides.older(&guide.slug).map(GuideLink::from),
        newer: content.guides.newer(&guide.slug).map(GuideLink::from),
        supports_sidebar: supports::sidebar(
            state,
            content,
            &RecommendContext::for_guide(&guide.tags, &guide.support_contexts),
        ),
    };
    render(&tmpl)
}

/// `GET /tags`: every tag with how many guides carry it.
pub async fn tags(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let content = state.content.current();
    let page = async { tags_page(&state, &content) };
    state
        .pages
        .cached(&req, &content, Shelf::Content, "/tags".to_owned(), page)
        .await
}

fn tags_page(state: &AppState, content: &Content) -> Result<HttpResponse, AppError> {
    let tmpl = TagsPage {
        layout: Layout::new(
            state,
            content,
            "Guide topics",
            "Every topic our guides cover, from core exercises to sitting well.",
            "/tags",
            Nav::Guides,
        ),
        tags: content
            .guides
            .tags()
            .into_iter()
            .map(|t| (TagView::new(&t.name), t.count))
            .collect(),
    };
    render(&tmpl)
}

/// `GET /tags/{tag}`: the guides with one tag, newest first.
pub async fn tag(
    req: HttpRequest,
    state: web::Data<AppState>,
    tag: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let content = state.content.current();
    let guides = content.guides.tagged(&tag);
    if guides.is_empty() {
        return Err(AppError::NotFound(
            "No guide has that topic. The list of topics shows every one we cover.".to_owned(),
        ));
    }
    let key = format!("/tags/{tag}");
    let page = async { tag_page(&state, &content, &tag, guides) };
    state
        .pages
        .cached(&req, &content, Shelf::Content, key, page)
        .await
}

fn tag_page(
    state: &AppState,
    content: &Content,
    tag: &str,
    guides: Vec<&Guide>,
) -> Result<HttpResponse, AppError> {
    let view = TagView::new(tag);
    let title = format!("Guides about {}", view.label);
    let description = format!(
        "Plain-language guides about {} for people with lower back pain.",
        view.label
    );
    let tmpl = TagPage {
        layout: Layout::new(state, content, &title, &description, &view.url, Nav::Guides),
        guides: guides.into_iter().map(GuideSummary::from).collect(),
        tag: view,
    };
    render(&tmpl)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout {
            site_name: "Backcare".into(),
            title: "T".into(),
            share_title: "T".into(),
            description: "D".into(),
            canonical: "http://x/guides/a".into(),
            banner: None,
            css_url: "/static/app.css".into(),
            favicon_url: "/static/favicon.svg".into(),
            query: String::new(),
            nav: "guides",
            noindex: false,
            footer_signs: Default::default(),
        }
    }

    fn page() -> GuidePage {
        let date = NaiveDate::from_ymd_opt(2026, 10, 28).unwrap_or_default();
        GuidePage {
            layout: layout(),
            title: "A guide".into(),
            summary: "About </script><script>alert(1)</script>".into(),
            date: date.into(),
            updated: None,
            reviewed: None,
            next_review: None,
            reading_minutes: 3,
            draft: false,
            toc: Vec::new(),
            html: "<p>Body</p>".into(),
            tags: Vec::new(),
            sources: Vec::new(),
            older: None,
            newer: None,
            json_ld: serde_json::json!({ "description": "About </script><script>alert(1)</script> & 'x'" }),
            supports_sidebar: SupportsSidebar {
                heading: "Supports".into(),
                items: Vec::new(),
                id_prefix: "sidebar",
                script_url: "/static/js/compare.js".into(),
            },
        }
    }

    #[test]
    fn dates_read_naturally() {
        let view = DateView::from(NaiveDate::from_ymd_opt(2026, 11, 4).unwrap());
        assert_eq!(view.iso, "2026-11-04");
        assert_eq!(view.human, "4 November 2026");
    }

    #[test]
    fn json_ld_cannot_close_its_script_block() {
        let html = page().render().unwrap();
        let start = html.find("<script type=\"application/ld+json\">").unwrap();
        let block = &html[start..];
        let end = block.find("</script>").unwrap();
        let json = &block["<script type=\"application/ld+json\">".len()..end];
        assert!(!json.contains('<') && !json.contains('&'), "{json}");
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            value["description"],
            "About </script><script>alert(1)</script> & 'x'"
        );
    }
}
