//! The site shell: layout, home page, errors, health, static files, start-up.

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use std::process::Command;

use crate::common::{TestSite, app_over, assert_in_layout, get, send};

#[actix_web::test]
async fn home_page_has_skip_link_banner_nav_search_and_disclaimer() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);

    // The skip link is the first focusable element on the page.
    let body = &page.body;
    let first_focusable = ["<a ", "<input", "<button", "<select", "<textarea"]
        .iter()
        .filter_map(|tag| body.find(tag))
        .min()
        .expect("focusable elements");
    assert!(
        body[first_focusable..]
            .starts_with("<a class=\"skip-link\" href=\"#main\">Skip to content</a>"),
        "first focusable element is not the skip link: {}",
        &body[first_focusable..first_focusable + 80]
    );

    // Banner text comes from content/site.toml.
    let site_toml = std::fs::read_to_string(site.state.config.content.join("site.toml")).unwrap();
    let banner_line = site_toml
        .lines()
        .find(|l| l.starts_with("text = "))
        .unwrap();
    let banner_text = banner_line.trim_start_matches("text = ").trim_matches('"');
    page.assert_contains(banner_text);
    page.assert_contains("role=\"region\" aria-label=\"Announcement\"");

    for link in [
        "href=\"/guides\"",
        "href=\"/routine\"",
        "href=\"/supports\"",
    ] {
        page.assert_contains(link);
    }
    page.assert_contains("<form class=\"site-search\" action=\"/search\" method=\"get\"");
    page.assert_contains("name=\"q\"");
    page.assert_contains("A GP or physiotherapist can.");
    // The footer's emergency signs come from the one table, with 999.
    page.assert_contains("<div class=\"sign-list sign-list-emergency\"");
    page.assert_contains("Call 999 or go to A&#38;E if you have back pain with any of these:");
    page.assert_contains("Build my routine");
    assert!(page.header("set-cookie").is_none());
}

#[actix_web::test]
async fn pages_link_a_versioned_stylesheet_and_favicon_that_are_served() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/").await;
    let css_url = page
        .body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("stylesheet link")
        .to_owned();
    assert!(css_url.starts_with("/static/app.css?v="), "{css_url}");
    page.assert_contains("rel=\"icon\" href=\"/static/favicon.svg?v=");

    let css = get(&app, &css_url).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(
        css.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(css.body.contains("prefers-color-scheme: dark"));
    assert!(css.body.contains("@media print"));
    assert!(css.body.contains("prefers-reduced-motion"));

    // Without the version the file must be revalidated, and its ETag works.
    let bare = get(&app, "/static/app.css").await;
    assert_eq!(
        bare.header("cache-control"),
        Some("public, max-age=0, must-revalidate")
    );
    let etag = bare.header("etag").unwrap().to_owned();
    let again = send(
        &app,
        TestRequest::get()
            .uri("/static/app.css")
            .insert_header(("If-None-Match", etag))
            .to_request(),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());

    // Browsers that ask for /favicon.ico are sent to the linked icon.
    let icon_url = page
        .body
        .split("rel=\"icon\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("icon link")
        .to_owned();
    let ico = get(&app, "/favicon.ico").await;
    assert_eq!(ico.status, StatusCode::FOUND);
    assert_eq!(ico.header("location"), Some(icon_url.as_str()));
    let icon = get(&app, &icon_url).await;
    assert_eq!(icon.status, StatusCode::OK);
    assert!(
        icon.header("content-type")
            .unwrap()
            .starts_with("image/svg+xml")
    );
}

#[actix_web::test]
async fn static_paths_outside_the_folder_are_404() {
    let site = TestSite::new();
    let app = site.app().await;
    for uri in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/static/..%2f..%2fetc%2fpasswd",
        "/static/app.css%00.txt",
        "/static//etc/passwd",
        "/static/",
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!page.body.contains("[package]"), "{uri} leaked Cargo.toml");
        assert!(!page.body.contains("root:"), "{uri} leaked passwd");
    }
}

#[actix_web::test]
async fn unknown_path_is_a_404_page_in_the_layout_with_links_onward() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_in_layout(&page);
    page.assert_contains("<h1>Page not found</h1>");
    page.assert_contains("There is no page at /no-such-page.");
    page.assert_contains("<a href=\"/guides\">All guides</a>");
}

#[actix_web::test]
async fn hostile_path_in_404_is_escaped() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("<script"));
    page.assert_contains("There is no page at /%3Cscript%3Ealert(1)%3C/script%3E.");

    let long = format!("/{}", "a".repeat(5000));
    let page = get(&app, &long).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(
        !page.body.contains(&"a".repeat(300)),
        "long path echoed in full"
    );
}

#[actix_web::test]
async fn wrong_method_is_a_405_page_with_allow_header() {
    let site = TestSite::new();
    let app = site.app().await;
    for uri in ["/", "/healthz", "/static/app.css"] {
        let page = send(&app, TestRequest::post().uri(uri).to_request()).await;
        assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        assert_eq!(page.header("allow"), Some("GET, HEAD"));
        assert_in_layout(&page);
        page.assert_contains("That action is not available here");
    }
    let head = send(
        &app,
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri("/")
            .to_request(),
    )
    .await;
    assert_eq!(head.status, StatusCode::OK);
}

#[actix_web::test]
async fn healthz_is_200_when_the_database_answers() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body, "ok\n");
}

#[actix_web::test]
async fn healthz_is_503_when_the_database_is_gone() {
    let site = TestSite::new();
    let mut state = site.state.clone();
    // A pool whose every connection attempt fails, as when the disk vanishes.
    let manager = r2d2_sqlite::SqliteConnectionManager::file(
        site.dir.path().join("missing-folder/nothing.db"),
    )
    .with_flags(rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE);
    state.db = r2d2::Pool::builder()
        .connection_timeout(std::time::Duration::from_millis(200))
        .build_unchecked(manager);
    let app = app_over(state).await;
    let page = get(&app, "/healthz").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_in_layout(&page);
    page.assert_contains("cannot reach its database");
    assert!(!page.body.contains("missing-folder"), "internals leaked");
}

#[actix_web::test]
async fn html_and_css_are_compressed_when_asked() {
    let site = TestSite::new();
    let app = site.app().await;
    for uri in ["/", "/static/app.css"] {
        let res = test::call_service(
            &app,
            TestRequest::get()
                .uri(uri)
                .insert_header(("Accept-Encoding", "gzip"))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            Some("gzip"),
            "{uri}"
        );
    }
}

#[actix_web::test]
async fn every_response_carries_a_strict_content_security_policy() {
    let site = TestSite::new();
    let app = site.app().await;
    for uri in ["/", "/missing", "/healthz", "/static/app.css"] {
        let page = get(&app, uri).await;
        let csp = page.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'self'"), "{uri}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{uri}");
        assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
        assert!(page.header("set-cookie").is_none(), "{uri} set a cookie");
    }
    // No inline scripts or styles, nothing from another host.
    let home = get(&app, "/").await;
    assert!(!home.body.contains("<script"));
    assert!(!home.body.contains("<style"));
    assert!(!home.body.contains(" style=\""));
    assert!(!home.body.contains("src=\"http"));
    assert!(!home.body.contains("href=\"http") || !home.body.contains("stylesheet\" href=\"http"));
}

#[test]
fn first_start_creates_the_database_and_its_tables() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("fresh/sub/backcare.db");
    assert!(!db_path.exists());
    let state = backcare::startup(backcare::Config::for_test(db_path.clone())).unwrap();
    assert!(db_path.exists());
    let conn = state.db.get().unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        tables.contains(&"search_documents".to_owned()),
        "{tables:?}"
    );
}

fn run_binary(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_backcare"))
        .args(args)
        .env_remove("BACKCARE_BIND")
        .env_remove("BACKCARE_DB")
        .env_remove("BACKCARE_CONTENT")
        .env_remove("BACKCARE_BASE_URL")
        .env("RUST_LOG", "off")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("binary runs")
}

#[track_caller]
fn assert_one_clear_line(out: &std::process::Output, needle: &str) {
    assert!(!out.status.success(), "should fail");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one line, got:\n{stderr}");
    assert!(lines[0].contains(needle), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_bind_exits_non_zero_with_one_clear_line() {
    let out = run_binary(&["--bind", "not-an-address"]);
    assert_one_clear_line(&out, "--bind \"not-an-address\" is not a valid address");
}

#[test]
fn missing_content_dir_exits_non_zero_with_one_clear_line() {
    let out = run_binary(&["--content", "/definitely/not/here"]);
    assert_one_clear_line(&out, "content folder not found");
}

#[test]
fn unwritable_db_path_exits_non_zero_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where a folder is needed cannot be created through.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").unwrap();
    let db = blocker.join("sub/backcare.db");
    let out = run_binary(&["--bind", "127.0.0.1:0", "--db", db.to_str().unwrap()]);
    assert_one_clear_line(&out, "cannot create the database folder");
}

#[test]
fn help_documents_every_flag_and_env_var() {
    let out = run_binary(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--bind",
        "BACKCARE_BIND",
        "--db",
        "BACKCARE_DB",
        "--content",
        "BACKCARE_CONTENT",
        "--base-url",
        "BACKCARE_BASE_URL",
        "check",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}
