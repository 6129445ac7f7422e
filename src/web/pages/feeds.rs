//! Machine-read files: the Atom feed, the sitemap and robots.txt.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use atom_syndication::{Content as AtomContent, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{NaiveDate, TimeZone, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::content::{Content, Guide};
use crate::error::AppError;
use crate::web::AppState;

/// How long shared caches may keep these files (they change only with content).
const CACHE: &str = "public, max-age=600";

fn midnight_utc(date: NaiveDate) -> FixedDateTime {
    Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN))
        .fixed_offset()
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(mime.map(str::to_owned));
    link
}

fn entry(guide: &Guide, base: &str, author: &Person) -> Entry {
    let url = format!("{base}{}", guide.url());
    let mut entry = Entry::default();
    entry.set_id(url.clone());
    entry.set_title(Text::plain(guide.title.clone()));
    entry.set_updated(midnight_utc(guide.last_changed()));
    entry.set_published(Some(midnight_utc(guide.date)));
    entry.set_links(vec![link(url, "alternate", Some("text/html"))]);
    entry.set_summary(Some(Text::plain(guide.summary.clone())));
    let mut content = AtomContent::default();
    content.set_content_type(Some("html".to_owned()));
    content.set_value(Some(guide.feed_html.clone()));
    entry.set_content(Some(content));
    entry.set_authors(vec![author.clone()]);
    entry
}

/// The Atom feed of every published guide, newest first.
pub fn atom_feed(content: &Content, base: &str) -> Feed {
    let mut author = Person::default();
    author.set_name(content.site.name.clone());
    let guides = content.guides.all();
    let updated = guides
        .iter()
        .map(Guide::last_changed)
        .max()
        .map_or_else(|| midnight_utc(NaiveDate::MIN), midnight_utc);
    let mut feed = Feed::default();
    feed.set_title(Text::plain(format!("{}: guides", content.site.name)));
    feed.set_subtitle(Some(Text::plain(content.site.tagline.clone())));
    feed.set_id(format!("{base}/"));
    feed.set_updated(updated);
    feed.set_lang(Some("en".to_owned()));
    // Links inside guides are paths on this site; readers resolve them here.
    feed.set_base(Some(format!("{base}/")));
    feed.set_authors(vec![author.clone()]);
    feed.set_links(vec![
        link(
            format!("{base}/feed.xml"),
            "self",
            Some("application/atom+xml"),
        ),
        link(format!("{base}/guides"), "alternate", Some("text/html")),
    ]);
    feed.set_entries(
        guides
            .iter()
            .map(|g| entry(g, base, &author))
            .collect::<Vec<_>>(),
    );
    feed
}

/// `GET /feed.xml`: Atom feed of the guides.
pub async fn feed(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let content = state.content.current();
    let xml = atom_feed(&content, &state.config.base_url).to_string();
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, CACHE))
        .body(xml))
}

/// Every public page worth indexing, with its last change when known.
pub fn sitemap_urls(content: &Content) -> Vec<(String, Option<NaiveDate>)> {
    let guides = content.guides.all();
    let newest = guides.iter().map(Guide::last_changed).max();
    let mut urls = vec![("/".to_owned(), newest), ("/guides".to_owned(), newest)];
    let pages = guides.len().div_ceil(super::guides::PER_PAGE);
    urls.extend((2..=pages).map(|n| (format!("/guides?page={n}"), newest)));
    urls.extend(guides.iter().map(|g| (g.url(), Some(g.last_changed()))));
    if !guides.is_empty() {
        urls.push(("/tags".to_owned(), newest));
    }
    for tag in content.guides.tags() {
        let changed = content
            .guides
            .tagged(&tag.name)
            .iter()
            .map(|g| g.last_changed())
            .max();
        urls.push((format!("/tags/{}", tag.name), changed));
    }
    urls.push(("/routine".to_owned(), None));
    urls.push(("/exercises".to_owned(), None));
    urls.extend(
        content
            .exercises
            .exercises()
            .iter()
            .map(|e| (format!("/exercises/{}", e.slug), None)),
    );
    urls.extend(
        content
            .exercises
            .avoided()
            .iter()
            .map(|a| (format!("/exercises/{}", a.slug), None)),
    );
    urls.push(("/supports".to_owned(), None));
    urls.extend(
        content
            .supports
            .items
            .iter()
            .map(|s| (format!("/supports/{}", s.slug), None)),
    );
    urls
}

fn sitemap_xml(urls: &[(String, Option<NaiveDate>)], base: &str) -> std::io::Result<Vec<u8>> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for (path, changed) in urls {
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&format!("{base}{path}")))?;
                    if let Some(changed) = changed {
                        w.create_element("lastmod")
                            .write_text_content(BytesText::new(
                                &changed.format("%Y-%m-%d").to_string(),
                            ))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(writer.into_inner())
}

/// `GET /sitemap.xml`: every public page, for search engines.
pub async fn sitemap(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let content = state.content.current();
    let xml = sitemap_xml(&sitemap_urls(&content), &state.config.base_url).map_err(|err| {
        tracing::error!(error = %err, "sitemap could not be written");
        AppError::Unavailable("sitemap".to_owned())
    })?;
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, CACHE))
        .body(xml))
}

/// `GET /robots.txt`: everything public may be crawled; private routine
/// links and search results may not. Names the sitemap.
pub async fn robots(state: web::Data<AppState>) -> HttpResponse {
    let body = format!(
        "User-agent: *\nDisallow: /r/\nDisallow: /search\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        state.config.base_url
    );
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, CACHE))
        .body(body)
}
