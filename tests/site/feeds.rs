//! `/feed.xml`, `/sitemap.xml`, `/robots.txt`.

use std::str::FromStr;

use actix_web::http::StatusCode;

use crate::common::{ContentFixture, TestSite, get};

fn fixture() -> ContentFixture {
    let fx = ContentFixture::new();
    fx.guide(
        "older",
        "2026-10-01",
        "tags = [\"core\"]\n",
        "Older & wiser <i>text</i>.\n",
    );
    fx.guide(
        "newer",
        "2026-10-08",
        "updated = 2026-10-09\ntags = [\"core\", \"cardio\"]\n",
        "Newer text.\n",
    );
    fx.guide("hidden", "2026-10-09", "draft = true\n", "Draft text.\n");
    fx
}

#[actix_web::test]
async fn feed_is_valid_atom_with_one_entry_per_published_guide() {
    let fx = fixture();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    let page = get(&app, "/feed.xml").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    let feed = atom_syndication::Feed::from_str(&page.body).expect("valid Atom");
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            "http://localhost:8080/guides/newer",
            "http://localhost:8080/guides/older"
        ]
    );
    assert_eq!(feed.id(), "http://localhost:8080/");
    assert_eq!(feed.base(), Some("http://localhost:8080/"));
    assert_eq!(feed.updated().to_rfc3339(), "2026-10-09T00:00:00+00:00");
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href() == "http://localhost:8080/feed.xml")
    );
    let older = &feed.entries()[1];
    assert_eq!(older.title().as_str(), "Guide older");
    assert_eq!(
        older.summary().map(|s| s.as_str()),
        Some("Summary of older.")
    );
    assert_eq!(
        older.links()[0].href(),
        "http://localhost:8080/guides/older"
    );
    let html = older.content().and_then(|c| c.value()).unwrap();
    assert!(
        html.contains("Older &amp; wiser &lt;i&gt;text&lt;/i&gt;."),
        "{html}"
    );
}

#[actix_web::test]
async fn sitemap_lists_public_pages_and_robots_names_it() {
    let fx = fixture();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    let page = get(&app, "/sitemap.xml").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    assert!(
        page.body
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
    );
    // Parse it back: well-formed XML, and collect every <loc>.
    let mut reader = quick_xml::Reader::from_str(&page.body);
    let mut locs = Vec::new();
    let mut in_loc = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => in_loc = e.name().as_ref() == b"loc",
            quick_xml::events::Event::Text(t) if in_loc => {
                locs.push(t.decode().unwrap().into_owned());
            }
            quick_xml::events::Event::End(_) => in_loc = false,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    for path in [
        "/",
        "/guides",
        "/guides/newer",
        "/guides/older",
        "/tags",
        "/tags/core",
        "/tags/cardio",
    ] {
        assert!(
            locs.contains(&format!("http://localhost:8080{path}")),
            "{path} missing: {locs:?}"
        );
    }
    assert!(!page.body.contains("hidden"), "draft in the sitemap");
    page.assert_contains(
        "<loc>http://localhost:8080/guides/newer</loc>\n    <lastmod>2026-10-09</lastmod>",
    );

    let robots = get(&app, "/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert_eq!(
        robots.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    robots.assert_contains("User-agent: *");
    robots.assert_contains("Sitemap: http://localhost:8080/sitemap.xml");
}
