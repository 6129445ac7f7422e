//! Hardening: security headers on every kind of response, size limits, the
//! post rate limit, no cookies anywhere, and storage and content faults.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use rusqlite::OpenFlags;

use crate::common::{
    ContentFixture, Page, TestSite, VALID_ANSWERS, app_over, assert_in_layout, form_post, get,
    save_routine, send, stored_rows,
};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

#[track_caller]
fn assert_security_headers(page: &Page, what: &str) {
    assert_eq!(page.header("content-security-policy"), Some(CSP), "{what}");
    assert_eq!(
        page.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        page.header("permissions-policy"),
        Some("camera=(), microphone=(), geolocation=()"),
        "{what}"
    );
    assert_eq!(
        page.header("cross-origin-opener-policy"),
        Some("same-origin"),
        "{what}"
    );
    assert!(page.header("set-cookie").is_none(), "{what} set a cookie");
}

#[actix_web::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let site = TestSite::new();
    let app = site.app().await;
    let private = save_routine(&app).await;
    let mut pages = vec![
        ("/".to_owned(), get(&app, "/").await),
        (
            "/static/app.css".to_owned(),
            get(&app, "/static/app.css").await,
        ),
        ("/feed.xml".to_owned(), get(&app, "/feed.xml").await),
        ("/healthz".to_owned(), get(&app, "/healthz").await),
        ("404".to_owned(), get(&app, "/nothing-here").await),
        ("400".to_owned(), get(&app, "/guides?page=x").await),
        (
            "405".to_owned(),
            send(&app, TestRequest::delete().uri("/").to_request()).await,
        ),
        (
            "413".to_owned(),
            send(
                &app,
                form_post("/routine/save", &format!("note={}", "a".repeat(17_000))),
            )
            .await,
        ),
        (
            "414".to_owned(),
            get(&app, &format!("/search?q={}", "a".repeat(9_000))).await,
        ),
    ];
    pages.push((private.clone(), get(&app, &private).await));
    for (what, page) in &pages {
        assert_security_headers(page, what);
        assert!(
            page.header("strict-transport-security").is_none(),
            "{what}: HSTS on a site served over http"
        );
    }
    // Public pages keep the origin in the Referer; private ones send none.
    assert_eq!(
        pages[0].1.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
    for path in [
        private.clone(),
        format!("{private}/export.csv"),
        format!("{private}/delete"),
        "/r/AAAAAAAAAAAAAAAAAAAAAA".to_owned(),
    ] {
        let page = get(&app, &path).await;
        assert_eq!(
            page.header("referrer-policy"),
            Some("same-origin"),
            "{path}"
        );
        assert_security_headers(&page, &path);
    }
}

#[actix_web::test]
async fn hsts_is_sent_only_when_the_site_is_served_over_https() {
    let site = TestSite::with_config(|c| c.base_url = "https://backcare.example".to_owned());
    let app = site.app().await;
    for uri in ["/", "/nothing-here", "/static/app.css"] {
        let page = get(&app, uri).await;
        assert_eq!(
            page.header("strict-transport-security"),
            Some("max-age=31536000"),
            "{uri}"
        );
    }
}

/// Every route the site has, reached with a GET (with real slugs from the
/// sitemap) or a POST, and the error statuses: none sets a cookie.
#[actix_web::test]
async fn no_route_sets_a_cookie() {
    let site = TestSite::new();
    let app = site.app().await;
    let private = save_routine(&app).await;
    let mut uris: Vec<String> = [
        "/",
        "/healthz",
        "/guides",
        "/guides?page=2",
        "/tags",
        "/search",
        "/search?q=walking",
        "/feed.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/exercises",
        "/exercises?category=all&equipment=any",
        "/routine",
        "/routine/erased",
        "/supports",
        "/supports/compare",
        "/static/app.css",
        "/static/favicon.svg",
        "/no-such-page",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    uris.push(format!("/routine/plan?{VALID_ANSWERS}"));
    uris.push("/routine/plan?red_flag=bladder".to_owned());
    uris.push(format!("/routine/session?{VALID_ANSWERS}&week=2&day=3"));
    for suffix in [
        "",
        "/export.csv",
        "/calendar.ics",
        "/delete",
        "/session/1/1",
        "/session/1/2",
    ] {
        uris.push(format!("{private}{suffix}"));
    }
    // Every page the sitemap lists: each guide, tag, exercise and support.
    let sitemap = get(&app, "/sitemap.xml").await;
    let mut from_sitemap = 0;
    for loc in sitemap.body.split("<loc>").skip(1) {
        let url = loc.split("</loc>").next().unwrap();
        let path = url.strip_prefix("http://localhost:8080").unwrap_or(url);
        uris.push(path.to_owned());
        from_sitemap += 1;
    }
    assert!(from_sitemap > 20, "the sitemap lists the site's pages");
    // No public page is mistaken for a private one (a token-shaped slug
    // would be sent no-store and noindex).
    for path in uris.iter().rev().take(from_sitemap) {
        let page = get(&app, path).await;
        assert_ne!(
            page.header("x-robots-tag"),
            Some("noindex, nofollow"),
            "{path}"
        );
        assert_ne!(page.header("cache-control"), Some("no-store"), "{path}");
    }
    // Two supports to compare, from the sitemap.
    let supports: Vec<&str> = uris
        .iter()
        .filter_map(|u| u.strip_prefix("/supports/"))
        .filter(|s| !s.is_empty() && *s != "compare")
        .take(2)
        .collect();
    uris.push(format!(
        "/supports/compare?item={}&item={}",
        supports[0], supports[1]
    ));

    for uri in &uris {
        let page = get(&app, uri).await;
        assert!(
            page.header("set-cookie").is_none(),
            "GET {uri} set a cookie"
        );
        assert!(page.status.as_u16() < 500, "GET {uri}: {}", page.status);
    }

    // Every form post, accepted and refused.
    let posts = [
        ("/routine/save".to_owned(), VALID_ANSWERS.to_owned()),
        ("/routine/save".to_owned(), "pain=99".to_owned()),
        (
            format!("{private}/log"),
            "week=1&session=1&done=yes&pain=3&note=ok".to_owned(),
        ),
        (format!("{private}/log"), "week=9".to_owned()),
        (
            format!("{private}/log/remove"),
            "week=1&session=1".to_owned(),
        ),
        (format!("{private}/delete"), String::new()),
        ("/".to_owned(), String::new()),
    ];
    for (uri, body) in &posts {
        let page = send(&app, form_post(uri, body)).await;
        assert!(
            page.header("set-cookie").is_none(),
            "POST {uri} set a cookie"
        );
        assert!(page.status.as_u16() < 500, "POST {uri}: {}", page.status);
    }
    println!(
        "no-cookie check: {} GET and {} POST requests",
        uris.len(),
        posts.len()
    );
}

#[actix_web::test]
async fn form_bodies_over_16_kib_get_the_413_page_and_store_nothing() {
    let site = TestSite::new();
    let app = site.app().await;
    let private = save_routine(&app).await;
    let before = stored_rows(&site);
    let note = "a".repeat(17 * 1024);
    for uri in [
        "/routine/save".to_owned(),
        format!("{private}/log"),
        format!("{private}/log/remove"),
        format!("{private}/delete"),
    ] {
        let page = send(
            &app,
            form_post(
                &uri,
                &format!("{VALID_ANSWERS}&week=1&session=1&note={note}"),
            ),
        )
        .await;
        assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE, "{uri}");
        assert_in_layout(&page);
        page.assert_contains("That was too much to send");
    }
    assert_eq!(stored_rows(&site), before);
    // Just under the limit is read (and refused for its content, not size).
    let page = send(
        &app,
        form_post(
            &format!("{private}/log"),
            &format!("week=1&session=1&done=yes&note={}", "a".repeat(15_000)),
        ),
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn addresses_over_8_kib_get_the_414_page() {
    let site = TestSite::new();
    let app = site.app().await;
    for uri in [
        format!("/search?q={}", "a".repeat(8_200)),
        format!("/guides/{}", "a".repeat(8_200)),
        format!("/{}", "%3C".repeat(3_000)),
    ] {
        let page = get(&app, &uri).await;
        assert_eq!(page.status, StatusCode::URI_TOO_LONG, "{}", &uri[..20]);
        assert_in_layout(&page);
        page.assert_contains("That address is too long");
    }
    let page = send(
        &app,
        form_post(
            &format!("/routine/save?{}", "a=b&".repeat(2_100)),
            VALID_ANSWERS,
        ),
    )
    .await;
    assert_eq!(page.status, StatusCode::URI_TOO_LONG);
    assert_eq!(stored_rows(&site), (0, 0));
    // An address of 8 KiB exactly is still read.
    let q = format!("/search?q={}", "a".repeat(8 * 1024 - "/search?q=".len()));
    assert_eq!(get(&app, &q).await.status, StatusCode::OK);
}

#[actix_web::test]
async fn headers_over_16_kib_get_the_431_page() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = send(
        &app,
        TestRequest::get()
            .uri("/")
            .insert_header(("X-Padding", "p".repeat(17 * 1024)))
            .to_request(),
    )
    .await;
    assert_eq!(page.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_in_layout(&page);
    page.assert_contains("That request was too large");
    let page = send(
        &app,
        TestRequest::get()
            .uri("/")
            .insert_header(("X-Padding", "p".repeat(8 * 1024)))
            .to_request(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
}

fn limited_site(trust_forwarded: bool) -> TestSite {
    TestSite::with_config(|c| {
        c.limits.post_rate = 60;
        c.limits.post_burst = 3;
        c.limits.trust_forwarded = trust_forwarded;
    })
}

fn post_from(peer: &str, uri: &str, body: &str, forwarded: Option<&str>) -> actix_http::Request {
    let mut req = TestRequest::post()
        .uri(uri)
        .peer_addr(peer.parse::<SocketAddr>().unwrap())
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(body.to_owned());
    if let Some(xff) = forwarded {
        req = req.insert_header(("X-Forwarded-For", xff));
    }
    req.to_request()
}

#[actix_web::test]
async fn too_many_posts_from_one_address_get_the_429_page_with_retry_after() {
    let site = limited_site(false);
    let app = site.app().await;
    let me = "203.0.113.5:40000";
    for _ in 0..3 {
        let page = send(&app, post_from(me, "/routine/save", VALID_ANSWERS, None)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
    }
    let rows = stored_rows(&site);
    assert_eq!(rows.0, 3);
    // The fourth, from another port of the same address, and one that
    // claims another address in X-Forwarded-For (not trusted by default).
    for forwarded in [None, Some("198.51.100.1")] {
        let page = send(
            &app,
            post_from(
                "203.0.113.5:40001",
                "/routine/save",
                VALID_ANSWERS,
                forwarded,
            ),
        )
        .await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
        assert_in_layout(&page);
        page.assert_contains("<h1>Please slow down</h1>");
        page.assert_contains("so this one was not saved");
        let wait: u64 = page.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=2).contains(&wait), "Retry-After {wait}");
        page.assert_contains(&format!("Please wait {wait} second"));
        assert_security_headers(&page, "429");
    }
    assert_eq!(stored_rows(&site), rows, "a refused post stored something");
    // Reads are never limited, from the same address.
    for _ in 0..100 {
        let page = send(
            &app,
            TestRequest::get()
                .uri("/search?q=walk")
                .peer_addr(me.parse().unwrap())
                .to_request(),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
    }
    // Another address has its own allowance.
    let page = send(
        &app,
        post_from("203.0.113.6:1", "/routine/save", VALID_ANSWERS, None),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_limited() {
    let site = limited_site(true);
    let app = site.app().await;
    let proxy = "127.0.0.1:5000";
    for _ in 0..3 {
        let page = send(
            &app,
            post_from(
                proxy,
                "/routine/save",
                "pain=x",
                Some("10.0.0.1, 198.51.100.7"),
            ),
        )
        .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
    }
    // The last entry (added by the proxy) is the one counted; a client
    // cannot escape by changing what it puts in front.
    let page = send(
        &app,
        post_from(
            proxy,
            "/routine/save",
            "pain=x",
            Some("10.9.9.9, 198.51.100.7"),
        ),
    )
    .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    // Other visitors behind the same proxy are not affected.
    let page = send(
        &app,
        post_from(proxy, "/routine/save", "pain=x", Some("198.51.100.8")),
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
}

/// The writer pool replaced by one whose connections cannot write, as when
/// the disk is remounted read-only.
fn read_only_writer(site: &TestSite) -> backcare::db::Pool {
    let manager = r2d2_sqlite::SqliteConnectionManager::file(site.db_path())
        .with_flags(OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI);
    r2d2::Pool::builder().max_size(1).build(manager).unwrap()
}

/// The writer pool replaced by one whose database may not grow, which gives
/// SQLite's own "database or disk is full" error, as a full disk does.
fn full_disk_writer(site: &TestSite) -> backcare::db::Pool {
    let manager = r2d2_sqlite::SqliteConnectionManager::file(site.db_path()).with_init(|conn| {
        let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        conn.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    });
    r2d2::Pool::builder().max_size(1).build(manager).unwrap()
}

#[actix_web::test]
async fn a_read_only_database_gives_writes_a_clear_503_and_reads_keep_working() {
    let site = TestSite::new();
    let app = site.app().await;
    let private = save_routine(&app).await;
    let logged = send(
        &app,
        form_post(
            &format!("{private}/log"),
            "week=1&session=1&done=yes&pain=3&note=before",
        ),
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER);

    let mut state = site.state.clone();
    state.store = backcare::db::Store::sqlite(state.db.clone(), read_only_writer(&site));
    let app = app_over(state).await;
    let before = stored_rows(&site);
    for (uri, body) in [
        ("/routine/save".to_owned(), VALID_ANSWERS),
        (
            format!("{private}/log"),
            "week=1&session=3&done=yes&pain=2&note=during",
        ),
        (format!("{private}/delete"), ""),
    ] {
        let page = send(&app, form_post(&uri, body)).await;
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert_in_layout(&page);
        page.assert_contains("<h1>Nothing could be saved just now</h1>");
        page.assert_contains("so what you sent was not saved");
        assert_eq!(page.header("retry-after"), Some("60"));
        assert!(!page.body.contains("readonly"), "internals shown");
        assert!(!page.body.contains("SQLITE"), "internals shown");
    }
    assert_eq!(stored_rows(&site), before);
    // Reading still works: the routine, its log, the export, every page.
    let page = get(&app, &private).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("before");
    assert_eq!(
        get(&app, &format!("{private}/export.csv")).await.status,
        StatusCode::OK
    );
    assert_eq!(get(&app, "/search?q=walk").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_full_disk_gives_saving_a_clear_503_and_reads_keep_working() {
    let site = TestSite::new();
    let app = site.app().await;
    let private = save_routine(&app).await;
    let mut state = site.state.clone();
    state.store = backcare::db::Store::sqlite(state.db.clone(), full_disk_writer(&site));
    let app = app_over(state).await;
    let before = stored_rows(&site);
    // A saved plan needs new pages; none can be had. Repeat to be sure
    // any free space left in the file is used up first.
    let mut refused = None;
    let mut saved = 0;
    for _ in 0..20 {
        let page = send(&app, form_post("/routine/save", VALID_ANSWERS)).await;
        assert!(
            page.status == StatusCode::SEE_OTHER || page.status == StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            page.status
        );
        if page.status == StatusCode::SERVICE_UNAVAILABLE {
            refused = Some(page);
            break;
        }
        saved += 1;
    }
    let page = refused.expect("the full disk refused a save");
    assert_in_layout(&page);
    page.assert_contains("<h1>Nothing could be saved just now</h1>");
    assert!(
        !page.body.contains("full"),
        "internals shown: {}",
        page.body
    );
    // Every acknowledged save is stored, and the refused one left nothing.
    assert_eq!(stored_rows(&site), (before.0 + saved, before.1));
    let page = get(&app, &private).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Your saved routine");
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
}

/// What `backcare::reload` logs at error level (each problem of a refused
/// reload, with its file), from every test of this binary: the one
/// subscriber of the process, installed on first use and logging nothing
/// else.
fn reload_errors() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    Arc::clone(LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&log);
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("backcare::reload=error"))
            .with_ansi(false)
            .with_writer(move || Captured(Arc::clone(&sink)))
            .init();
        log
    }))
}

/// A log line writer into memory.
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[actix_web::test]
async fn a_content_file_broken_while_watching_keeps_the_last_good_content() {
    let logged = reload_errors();
    let fx = ContentFixture::new();
    fx.guide("first", "2026-10-01", "", "Original words about otters.\n");
    let site = TestSite::with_config(|c| {
        c.content = fx.path().to_path_buf();
        c.watch = true;
    });
    let app = site.app().await;
    let _watcher = backcare::reload::watch(site.state.clone()).expect("watching starts");

    // One good new guide and one broken file in the same change: the
    // whole reload is refused, so neither the new guide nor the edit shows.
    fx.guide("added", "2026-10-05", "", "Added while watching.\n");
    fx.guide("first", "2026-10-01", "", "Changed words about badgers.\n");
    fx.write("guides/broken.md", "+++\ntitle = 3\n+++\nBroken.\n");
    // Wait for the watcher to reload and refuse it: the log names the file.
    let broken = format!("{}:", fx.path().join("guides/broken.md").display());
    let deadline = Instant::now() + Duration::from_secs(15);
    while !String::from_utf8_lossy(&logged.lock().unwrap()).contains(&broken) {
        assert!(
            Instant::now() < deadline,
            "the watcher never reloaded the broken content (no error logged for {broken})"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(site.state.content.current().guides.get("added").is_none());
    let page = get(&app, "/guides/first").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("otters");
    get(&app, "/search?q=otters")
        .await
        .assert_contains("1 result for");
    assert_eq!(
        get(&app, "/guides/added").await.status,
        StatusCode::NOT_FOUND
    );

    // Fixing the file lets the next reload through, with every change.
    fx.write(
        "guides/broken.md",
        &crate::common::guide_text("broken", "2026-10-06", "", "Fixed.\n"),
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    while site.state.content.current().guides.get("added").is_none() {
        assert!(
            Instant::now() < deadline,
            "the fixed content was never loaded"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    get(&app, "/guides/first").await.assert_contains("badgers");
    assert_eq!(get(&app, "/guides/broken").await.status, StatusCode::OK);
}

#[test]
fn help_documents_the_limit_flags_and_a_bad_value_is_one_clear_line() {
    let bin = env!("CARGO_BIN_EXE_backcare");
    let out = std::process::Command::new(bin)
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--post-rate",
        "BACKCARE_POST_RATE",
        "--post-burst",
        "BACKCARE_POST_BURST",
        "--trust-forwarded",
        "BACKCARE_TRUST_FORWARDED",
        "--max-connections",
        "BACKCARE_MAX_CONNECTIONS",
        "--client-timeout",
        "BACKCARE_CLIENT_TIMEOUT",
        "--keep-alive",
        "BACKCARE_KEEP_ALIVE",
        "--max-connections-per-ip",
        "BACKCARE_MAX_CONNECTIONS_PER_IP",
        "--body-timeout",
        "BACKCARE_BODY_TIMEOUT",
        "--min-body-rate",
        "BACKCARE_MIN_BODY_RATE",
        "--keep-days",
        "BACKCARE_KEEP_DAYS",
        "--max-saves-per-day",
        "BACKCARE_MAX_SAVES_PER_DAY",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
    let out = std::process::Command::new(bin)
        .args(["--content", env!("CARGO_MANIFEST_DIR"), "check"])
        .env("BACKCARE_POST_BURST", "0")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--post-burst 0"), "{stderr}");
}

/// A private token is never echoed, and any response whose address could
/// hold one (however written, refusals included) goes out like a private
/// page: `no-store`, `same-origin` referrer, `noindex`.
#[actix_web::test]
async fn addresses_that_could_hold_a_token_are_answered_privately_and_never_echo_it() {
    let site = TestSite::new();
    let app = site.app().await;
    let path = save_routine(&app).await;
    let token = path.strip_prefix("/r/").unwrap().to_owned();
    let private = |page: &Page, what: &str| {
        assert_eq!(page.header("cache-control"), Some("no-store"), "{what}");
        assert_eq!(
            page.header("referrer-policy"),
            Some("same-origin"),
            "{what}"
        );
        assert_eq!(
            page.header("x-robots-tag"),
            Some("noindex, nofollow"),
            "{what}"
        );
    };
    // The router reads `%72` as `r`: that is the routine itself (its own
    // page shows its link), sent privately.
    let page = get(&app, &format!("/%72/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    private(&page, "/%72/{token}");
    for uri in [
        format!("//r/{token}"),
        format!("/guides/{token}"),
        format!("/r/{token}/no-such-page"),
        format!("/x/{token}?{}", "a".repeat(8_200)),
    ] {
        let page = get(&app, &uri).await;
        assert!(page.status.is_client_error(), "{}", page.status);
        private(&page, &uri[..uri.len().min(40)]);
        assert!(
            !page.body.contains(&token),
            "{} echoes the token",
            &uri[..uri.len().min(40)]
        );
    }
    // A public page is not private.
    let guide = get(&app, "/guides").await;
    assert_eq!(
        guide.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
}
