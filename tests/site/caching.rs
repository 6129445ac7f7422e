//! Pages kept in memory: validators and 304s, pre-compressed bodies that
//! decode to the same page, `Vary`, reload invalidation, and private pages
//! that follow every write.

use std::io::Read;

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};

use crate::common::{
    ContentFixture, SUBACUTE_MAT_ANSWERS, TestSite, form_post, get, save_answers, send,
};

const GUIDE: &str = "/guides/exercising-with-lower-back-pain";

/// A response with its raw (possibly compressed) body.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body decoded according to its `Content-Encoding`.
    fn decoded(&self) -> String {
        let mut out = String::new();
        match self.header("content-encoding") {
            Some("br") => brotli::Decompressor::new(&self.body[..], 4096)
                .read_to_string(&mut out)
                .unwrap(),
            Some("gzip") => flate2::read::GzDecoder::new(&self.body[..])
                .read_to_string(&mut out)
                .unwrap(),
            None => (&self.body[..]).read_to_string(&mut out).unwrap(),
            Some(other) => panic!("unexpected encoding {other}"),
        };
        out
    }
}

async fn fetch<S, B>(app: &S, uri: &str, headers: &[(&str, &str)]) -> Raw
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let mut req = TestRequest::get().uri(uri);
    for (name, value) in headers {
        req = req.insert_header((*name, *value));
    }
    let res = test::call_service(app, req.to_request()).await;
    let status = res.status();
    let headers = res.headers().clone();
    let body = test::read_body(res).await.to_vec();
    Raw {
        status,
        headers,
        body,
    }
}

fn vary_on_encoding(raw: &Raw) -> bool {
    raw.headers
        .get_all("vary")
        .any(|v| v.to_str().unwrap().eq_ignore_ascii_case("accept-encoding"))
}

#[actix_web::test]
async fn guide_pages_carry_validators_and_answer_304_when_unchanged() {
    let site = TestSite::new();
    let app = site.app().await;
    let first = fetch(&app, GUIDE, &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("cache-control"), Some("no-cache"));
    assert!(vary_on_encoding(&first));
    let etag = first.header("etag").expect("an ETag").to_owned();
    let modified = first
        .header("last-modified")
        .expect("Last-Modified")
        .to_owned();

    // The same ETag back: 304, no body, validators repeated.
    let again = fetch(&app, GUIDE, &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert!(vary_on_encoding(&again));
    // Security headers are still sent on a 304.
    assert!(again.header("content-security-policy").is_some());

    // The date back, with no ETag: 304 as well.
    let by_date = fetch(&app, GUIDE, &[("If-Modified-Since", &modified)]).await;
    assert_eq!(by_date.status, StatusCode::NOT_MODIFIED);

    // Another page's ETag, or an older date: the full page.
    let other = fetch(&app, "/guides", &[]).await;
    let stale = fetch(
        &app,
        GUIDE,
        &[("If-None-Match", other.header("etag").unwrap())],
    )
    .await;
    assert_eq!(stale.status, StatusCode::OK);
    assert_eq!(stale.body, first.body);
    let older = fetch(
        &app,
        GUIDE,
        &[("If-Modified-Since", "Mon, 01 Jan 2024 00:00:00 GMT")],
    )
    .await;
    assert_eq!(older.status, StatusCode::OK);

    // A guide that does not exist is still a 404 page, never cached.
    let missing = get(&app, "/guides/no-such-guide").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.header("etag").is_none());
}

#[actix_web::test]
async fn compressed_pages_decode_to_the_same_page() {
    let site = TestSite::new();
    let app = site.app().await;
    let css = get(&app, "/").await.body;
    let css_url = css
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    // Pages kept per content are sent as brotli (made at its best once);
    // pages built from visitor input, and bodies compressed on the way out,
    // as gzip whenever the browser takes it (quick brotli is hardly smaller).
    let plan = format!("/routine/plan?{SUBACUTE_MAT_ANSWERS}");
    for (uri, content_page) in [
        (GUIDE, true),
        ("/guides", true),
        ("/", true),
        (css_url.as_str(), true),
        ("/supports/firm-lumbar-roll", true),
        (plan.as_str(), false),
        ("/search?q=stretch", false),
        (
            "/supports/compare?item=firm-lumbar-roll&item=contoured-back-cushion&item=mesh-chair-back-support",
            false,
        ),
        ("/exercises", false),
        // Not kept: compressed by the middleware on each response.
        ("/feed.xml", false),
        ("/no-such-page", false),
    ] {
        let browser = if content_page { "br" } else { "gzip" };
        let plain = fetch(&app, uri, &[]).await;
        assert!(plain.header("content-encoding").is_none(), "{uri}");
        assert!(vary_on_encoding(&plain), "{uri}: identity needs Vary too");
        let plain = plain.decoded();
        assert!(plain.len() > 1000, "{uri}");
        // Twice each: the first answer and the kept one must agree.
        for (accept, coding) in [
            ("gzip", "gzip"),
            ("gzip, deflate, br, zstd", browser),
            ("br;q=0.5, gzip", "gzip"),
            ("br", "br"),
        ] {
            for _ in 0..2 {
                let packed = fetch(&app, uri, &[("Accept-Encoding", accept)]).await;
                assert_eq!(
                    packed.header("content-encoding"),
                    Some(coding),
                    "{uri} {accept}"
                );
                assert!(vary_on_encoding(&packed), "{uri}");
                assert!(packed.body.len() < plain.len() / 2, "{uri} {accept}");
                assert_eq!(packed.decoded(), plain, "{uri} {accept}");
            }
        }
    }
}

#[actix_web::test]
async fn a_content_reload_replaces_kept_pages() {
    let fx = ContentFixture::new();
    fx.guide("walking", "2026-10-01", "", "Walking is gentle.\n");
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;

    let before = fetch(&app, "/guides/walking", &[("Accept-Encoding", "br")]).await;
    assert!(before.decoded().contains("Walking is gentle."));
    let etag = before.header("etag").unwrap().to_owned();
    let list = get(&app, "/guides").await;
    list.assert_contains("Guide walking");

    fx.guide(
        "walking",
        "2026-10-01",
        "",
        "Walking on grass is gentler.\n",
    );
    fx.guide(
        "swimming",
        "2026-10-02",
        "",
        "Swimming takes the load off.\n",
    );
    backcare::reload::reload(&site.state).expect("reloads");

    for accept in ["br", "gzip", "identity"] {
        let after = fetch(&app, "/guides/walking", &[("Accept-Encoding", accept)]).await;
        let text = after.decoded();
        assert!(text.contains("Walking on grass is gentler."), "{accept}");
        assert!(!text.contains("Walking is gentle."), "{accept}");
    }
    // The browser's old copy is no longer current.
    let revalidated = fetch(&app, "/guides/walking", &[("If-None-Match", &etag)]).await;
    assert_eq!(revalidated.status, StatusCode::OK);
    // Lists, the home page and search see the new guide too.
    get(&app, "/guides").await.assert_contains("Guide swimming");
    get(&app, "/").await.assert_contains("Guide swimming");
    get(&app, "/search?q=swimming")
        .await
        .assert_contains("/guides/swimming");
}

#[actix_web::test]
async fn kept_pages_keep_what_makes_them_differ() {
    let site = TestSite::new();
    let app = site.app().await;
    // The header search box holds each search's own words.
    let stretch = get(&app, "/search?q=stretch").await;
    let walk = get(&app, "/search?q=walking").await;
    assert!(stretch.body.contains("value=\"stretch\""));
    assert!(walk.body.contains("value=\"walking\""));
    assert!(!walk.body.contains("value=\"stretch\""));
    assert_eq!(get(&app, "/search?q=stretch").await.body, stretch.body);
    // Guide pages have an empty box.
    assert!(
        get(&app, GUIDE)
            .await
            .body
            .contains("name=\"q\" value=\"\"")
    );

    // Different answers, different plans; wrong answers are not kept.
    let gentle = get(&app, &format!("/routine/plan?{SUBACUTE_MAT_ANSWERS}")).await;
    let busier = get(
        &app,
        &format!(
            "/routine/plan?{}",
            SUBACUTE_MAT_ANSWERS.replace("days=3", "days=5")
        ),
    )
    .await;
    assert_eq!(gentle.status, StatusCode::OK);
    assert_ne!(gentle.body, busier.body);
    for _ in 0..2 {
        let wrong = get(&app, "/routine/plan?red_flag=none&age=20-49&pain=99").await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
        assert!(wrong.header("etag").is_none());
    }
    // A warning sign always gets the red-flag page.
    for _ in 0..2 {
        get(
            &app,
            &format!(
                "/routine/plan?{}",
                SUBACUTE_MAT_ANSWERS.replace("red_flag=none", "red_flag=bladder_bowel")
            ),
        )
        .await
        .assert_contains("Get medical help now");
    }
}

#[actix_web::test]
async fn private_pages_are_never_stored_and_follow_every_write() {
    let site = TestSite::new();
    let app = site.app().await;
    let path = save_answers(&app, SUBACUTE_MAT_ANSWERS).await;

    let first = fetch(&app, &path, &[("Accept-Encoding", "br")]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("cache-control"), Some("no-store"));
    assert_eq!(first.header("referrer-policy"), Some("same-origin"));
    assert!(first.header("etag").is_none());
    assert!(first.header("last-modified").is_none());
    assert!(!first.decoded().contains("Felt loose afterwards"));

    // Each write shows at once, compressed or not.
    let logged = send(
        &app,
        form_post(
            &format!("{path}/log"),
            "week=1&session=1&done=yes&pain=3&note=Felt+loose+afterwards",
        ),
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER);
    for accept in ["br", "gzip", "identity"] {
        let page = fetch(&app, &path, &[("Accept-Encoding", accept)]).await;
        assert!(page.decoded().contains("Felt loose afterwards"), "{accept}");
    }
    let removed = send(
        &app,
        form_post(&format!("{path}/log/remove"), "week=1&session=1"),
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let page = fetch(&app, &path, &[]).await;
    assert!(!page.decoded().contains("Felt loose afterwards"));

    // Erased: the link is gone at once.
    let erased = send(&app, form_post(&format!("{path}/delete"), "")).await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER);
    assert_eq!(fetch(&app, &path, &[]).await.status, StatusCode::NOT_FOUND);
}
