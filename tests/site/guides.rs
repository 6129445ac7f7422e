//! Guides: start-up checks, the list, one guide, tags, drafts, reload.

use std::process::Command;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;

use crate::common::{ContentFixture, TestSite, assert_in_layout, get};

/// Twelve published guides g01..g12 (g12 newest) and one draft.
fn twelve_and_a_draft() -> ContentFixture {
    let fx = ContentFixture::new();
    for day in 1..=12 {
        let tags = if day % 2 == 0 {
            "tags = [\"core\", \"daily-life\"]\n"
        } else {
            "tags = [\"core\"]\n"
        };
        fx.guide(
            &format!("g{day:02}"),
            &format!("2026-10-{day:02}"),
            tags,
            &format!("Words of guide number {day} about walking.\n"),
        );
    }
    fx.guide(
        "secret-draft",
        "2026-10-30",
        "tags = [\"drafty\"]\ndraft = true\n",
        "Zebra crossings are a draft topic.\n",
    );
    fx
}

fn start_error(content: &std::path::Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut config = backcare::Config::for_test(dir.path().join("t.db"));
    config.content = content.to_path_buf();
    match backcare::startup(config) {
        Ok(_) => panic!("the site started despite broken content"),
        Err(err) => err.to_string(),
    }
}

fn links_in(body: &str, marker: &str) -> Vec<String> {
    body.split(marker)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[actix_web::test]
async fn guide_list_is_paginated_newest_first_with_rel_links_and_bounds() {
    let fx = twelve_and_a_draft();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;

    let first = get(&app, "/guides").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_in_layout(&first);
    let listed = links_in(&first.body, "<h2><a href=\"");
    let expected: Vec<String> = (3..=12).rev().map(|d| format!("/guides/g{d:02}")).collect();
    assert_eq!(listed, expected);
    first.assert_contains("<link rel=\"next\" href=\"/guides?page=2\">");
    first.assert_contains("<a href=\"/guides?page=2\" rel=\"next\">Older guides</a>");
    assert!(!first.body.contains("rel=\"prev\""));
    first.assert_contains("<time datetime=\"2026-10-12\">12 October 2026</time> · 1 min read");
    first.assert_contains("<a href=\"/tags/daily-life\">daily life</a>");
    first.assert_contains("<link rel=\"canonical\" href=\"http://localhost:8080/guides\">");

    let second = get(&app, "/guides?page=2").await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(
        links_in(&second.body, "<h2><a href=\""),
        ["/guides/g02", "/guides/g01"]
    );
    second.assert_contains("<link rel=\"prev\" href=\"/guides\">");
    assert!(!second.body.contains("rel=\"next\""));
    second.assert_contains("Page 2 of 2");

    for out_of_range in ["/guides?page=3", "/guides?page=0", "/guides?page=99999"] {
        let page = get(&app, out_of_range).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{out_of_range}");
        assert_in_layout(&page);
    }
    let junk = get(&app, "/guides?page=abc").await;
    assert_eq!(junk.status, StatusCode::BAD_REQUEST);
    assert_in_layout(&junk);
}

#[actix_web::test]
async fn guide_page_shows_everything_a_reader_needs() {
    let fx = ContentFixture::new();
    fx.guide(
        "main",
        "2026-10-10",
        "updated = 2026-10-20\nreviewed = 2026-10-20\nnext_review = 2027-04-20\n\
         tags = [\"core\", \"daily-life\"]\nsupport_contexts = [\"office-chair\"]\n\
         [[sources]]\ntitle = \"NICE guideline NG59\"\nurl = \"https://www.nice.org.uk/guidance/ng59\"\n",
        &format!(
            "Intro text.\n\n## Why it helps\n\n{}\n\n## What to do\n\nSee [the older guide](/guides/older#more) \
             and [the NHS](https://www.nhs.uk/).\n\n## When to stop\n\nStop if it hurts.\n",
            "word ".repeat(400)
        ),
    );
    fx.guide("newer", "2026-10-15", "", "## More\n\nThe newer one.\n");
    fx.write(
        "guides/older.md",
        &crate::common::guide_text("older", "2026-10-01", "", "## More\n\nThe older one.\n"),
    );
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    let page = get(&app, "/guides/main").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    page.assert_contains("<h1 id=\"guide-title\">Guide main</h1>");
    page.assert_contains("<title>Guide main · Backcare</title>");
    page.assert_contains("<meta name=\"description\" content=\"Summary of main.\">");
    page.assert_contains("<link rel=\"canonical\" href=\"http://localhost:8080/guides/main\">");
    page.assert_contains("<meta property=\"og:type\" content=\"article\">");
    page.assert_contains("<meta property=\"og:title\" content=\"Guide main\">");
    page.assert_contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feed.xml\"",
    );
    page.assert_contains(
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\"",
    );
    page.assert_contains("Published <time datetime=\"2026-10-10\">10 October 2026</time>");
    page.assert_contains("Updated <time datetime=\"2026-10-20\">20 October 2026</time>");
    page.assert_contains("Last reviewed <time datetime=\"2026-10-20\">20 October 2026</time>");
    page.assert_contains("Next review due <time datetime=\"2027-04-20\">20 April 2027</time>");
    page.assert_contains("3 min read");
    // A table of contents, since there are three sections.
    page.assert_contains("<h2 id=\"toc-title\">On this page</h2>");
    for id in ["why-it-helps", "what-to-do", "when-to-stop"] {
        page.assert_contains(&format!("<li><a href=\"#{id}\">"));
        page.assert_contains(&format!("<h2 id=\"{id}\">"));
        page.assert_contains(&format!("<a class=\"heading-anchor\" href=\"#{id}\">"));
    }
    page.assert_contains("<a href=\"https://www.nhs.uk/\" rel=\"noopener\">the NHS</a>");
    page.assert_contains("<h2 id=\"sources-title\">Sources</h2>");
    page.assert_contains("<a href=\"https://www.nice.org.uk/guidance/ng59\" rel=\"noopener\">NICE guideline NG59</a>");
    page.assert_contains("<a href=\"/tags/core\">core</a>");
    page.assert_contains("<a class=\"button\" href=\"/routine\">Build my routine</a>");
    // Previous is the older guide, next the newer one.
    page.assert_contains("<a href=\"/guides/older\" rel=\"prev\">Guide older</a>");
    page.assert_contains("<a href=\"/guides/newer\" rel=\"next\">Guide newer</a>");
    // The sidebar slot is empty until the supports part fills it.
    assert!(!page.body.contains("support-sidebar"));
    assert!(!page.body.contains("draft-badge"));

    // The oldest has only a next link, the newest only a previous one; and
    // neither has a table of contents (one section each).
    let oldest = get(&app, "/guides/older").await;
    assert!(!oldest.body.contains("rel=\"prev\""));
    oldest.assert_contains("<a href=\"/guides/main\" rel=\"next\">");
    assert!(!oldest.body.contains("toc-title"));
    let newest = get(&app, "/guides/newer").await;
    newest.assert_contains("<a href=\"/guides/main\" rel=\"prev\">");
    assert!(!newest.body.contains("rel=\"next\""));

    let missing = get(&app, "/guides/no-such-guide").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_in_layout(&missing);
    missing.assert_contains("We could not find that guide");
}

#[actix_web::test]
async fn raw_html_in_markdown_never_reaches_a_page_unescaped() {
    let fx = ContentFixture::new();
    fx.guide(
        "hostile",
        "2026-10-01",
        "",
        "<script>alert('x')</script>\n\nHello <script src=\"/x.js\"></script> and \
         <img src=x onerror=alert(1)>.\n\n## Head <script>h()</script>\n\n<style>body{}</style>\n",
    );
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    for uri in ["/guides/hostile", "/feed.xml", "/search?q=alert"] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        let scripts: Vec<&str> = page.body.matches("<script").collect();
        // Only our own: JSON-LD data and the site's script files.
        let allowed = page
            .body
            .matches("<script type=\"application/ld+json\">")
            .count()
            + page.body.matches("<script src=\"/static/js/").count();
        assert_eq!(
            scripts.len(),
            allowed,
            "{uri} has a raw script:\n{}",
            page.body
        );
        assert!(!page.body.contains("<style"), "{uri}");
        assert!(!page.body.contains("<img src=x"), "{uri}");
    }
    let page = get(&app, "/guides/hostile").await;
    page.assert_contains("&lt;script&gt;alert(");
}

#[actix_web::test]
async fn drafts_are_absent_everywhere_without_the_flag() {
    let fx = twelve_and_a_draft();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    assert_eq!(
        get(&app, "/guides/secret-draft").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/tags/drafty").await.status,
        StatusCode::NOT_FOUND
    );
    for uri in [
        "/",
        "/guides",
        "/guides?page=2",
        "/tags",
        "/tags/core",
        "/feed.xml",
        "/sitemap.xml",
        "/search?q=zebra",
        "/guides/g12",
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(!page.body.contains("secret-draft"), "{uri} shows the draft");
        assert!(!page.body.contains("drafty"), "{uri} shows the draft's tag");
    }
    get(&app, "/search?q=zebra")
        .await
        .assert_contains("Nothing matched");
}

#[actix_web::test]
async fn drafts_are_served_and_labelled_with_the_flag() {
    let fx = twelve_and_a_draft();
    let site = TestSite::with_config(|c| {
        c.content = fx.path().to_path_buf();
        c.drafts = true;
    });
    let app = site.app().await;
    let page = get(&app, "/guides/secret-draft").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<span class=\"draft-badge\">Draft</span> Not published yet.");
    let list = get(&app, "/guides").await;
    list.assert_contains("<a href=\"/guides/secret-draft\">Guide secret-draft</a> <span class=\"draft-badge\">Draft</span>");
    get(&app, "/search?q=zebra")
        .await
        .assert_contains("1 result for");
    // The newest published guide now has the draft as its next guide.
    get(&app, "/guides/g12")
        .await
        .assert_contains("<a href=\"/guides/secret-draft\" rel=\"next\">");
}

#[actix_web::test]
async fn tags_list_counts_and_tag_pages_list_guides() {
    let fx = twelve_and_a_draft();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    let tags = get(&app, "/tags").await;
    assert_eq!(tags.status, StatusCode::OK);
    assert_in_layout(&tags);
    tags.assert_contains("<a href=\"/tags/core\">core</a> <span class=\"small\">12 guides</span>");
    tags.assert_contains(
        "<a href=\"/tags/daily-life\">daily life</a> <span class=\"small\">6 guides</span>",
    );

    let tag = get(&app, "/tags/daily-life").await;
    assert_eq!(tag.status, StatusCode::OK);
    tag.assert_contains("<h1>Guides about daily life</h1>");
    let listed = links_in(&tag.body, "<h2><a href=\"");
    assert_eq!(listed.len(), 6);
    assert_eq!(listed[0], "/guides/g12");

    let unknown = get(&app, "/tags/nothing-here").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_in_layout(&unknown);
}

#[actix_web::test]
async fn home_lists_the_newest_guides() {
    let fx = twelve_and_a_draft();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    let home = get(&app, "/").await;
    assert_eq!(
        links_in(&home.body, "<h3><a href=\"/guides/"),
        ["g12", "g11", "g10"]
    );
    home.assert_contains("<a href=\"/guides\">See all guides</a>");
}

#[actix_web::test]
async fn an_empty_guides_folder_is_a_working_site() {
    let fx = ContentFixture::new();
    std::fs::create_dir_all(fx.path().join("guides")).unwrap();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    for uri in [
        "/",
        "/guides",
        "/tags",
        "/feed.xml",
        "/sitemap.xml",
        "/search?q=back",
    ] {
        assert_eq!(get(&app, uri).await.status, StatusCode::OK, "{uri}");
    }
    get(&app, "/guides")
        .await
        .assert_contains("Our first guides are being written");
    assert_eq!(
        get(&app, "/guides?page=2").await.status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn front_matter_errors_refuse_start_with_file_and_line() {
    let fx = ContentFixture::new();
    fx.write(
        "guides/typo.md",
        "+++\ntitle = \"T\"\nsummary = \"S\"\ndate = 2026-10-01\ntagz = [\"core\"]\n+++\nText.\n",
    );
    fx.write(
        "guides/long.md",
        &format!(
            "+++\ntitle = \"T\"\nsummary = \"{}\"\ndate = 2026-10-01\n+++\nText.\n",
            "x".repeat(161)
        ),
    );
    fx.write("guides/nofence.md", "title = \"T\"\n");
    let typo = fx.path().join("guides/typo.md");
    let long = fx.path().join("guides/long.md");
    let nofence = fx.path().join("guides/nofence.md");
    // A guide that links to a broken one: only the broken file is reported.
    fx.guide("linker", "2026-10-02", "", "See [typo](/guides/typo#x).\n");
    let err = start_error(fx.path());
    // Every problem is reported at once, each with its file and line.
    assert!(
        err.contains(&format!(
            "{}:5: front matter: unknown field `tagz`",
            typo.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:3: `summary` is 161 characters",
            long.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:1: a guide must start with a line `+++`",
            nofence.display()
        )),
        "{err}"
    );
    assert!(!err.contains("broken link"), "{err}");
    assert_eq!(err.lines().count(), 4, "{err}");
}

#[test]
fn duplicate_slugs_refuse_start() {
    let fx = ContentFixture::new();
    fx.guide("walking", "2026-10-01", "", "One.\n");
    fx.write(
        "guides/2026/walking.md",
        &crate::common::guide_text("walking", "2026-10-02", "", "Two.\n"),
    );
    let err = start_error(fx.path());
    assert!(err.contains("duplicate slug \"walking\""), "{err}");
    assert!(err.contains("2026/walking.md"), "{err}");
}

#[test]
fn broken_internal_links_refuse_start_each_with_file_and_line() {
    let fx = ContentFixture::new();
    fx.guide(
        "target",
        "2026-10-01",
        "tags = [\"core\"]\n",
        "## Real heading\n\nText.\n",
    );
    fx.guide(
        "linker",
        "2026-10-02",
        "",
        "Fine: [a](/guides/target), [b](/guides/target#real-heading), [c](/tags/core), \
         [d](/routine), [e](/exercises/bridge), [f](/supports/firm-lumbar-roll).\n\n\
         Broken: [x](/guides/targt)\n\n[y](/guides/target#fake)\n\n[z](/tags/cardio)\n\n[w](/nowhere)\n",
    );
    let err = start_error(fx.path());
    let file = fx.path().join("guides/linker.md").display().to_string();
    for (line, url) in [
        (8, "/guides/targt"),
        (10, "/guides/target#fake"),
        (12, "/tags/cardio"),
        (14, "/nowhere"),
    ] {
        assert!(
            err.contains(&format!("{file}:{line}: broken link {url}:")),
            "{url}:\n{err}"
        );
    }
    assert_eq!(err.matches("broken link").count(), 4, "{err}");
}

#[test]
fn a_published_guide_may_not_link_to_a_hidden_draft() {
    let fx = ContentFixture::new();
    fx.guide("draft", "2026-10-01", "draft = true\n", "Soon.\n");
    fx.guide("public", "2026-10-02", "", "See [soon](/guides/draft).\n");
    let err = start_error(fx.path());
    assert!(
        err.contains("is a draft, which is hidden unless the site runs with --drafts"),
        "{err}"
    );
    // With --drafts the same content starts.
    let _ = TestSite::with_config(|c| {
        c.content = fx.path().to_path_buf();
        c.drafts = true;
    });
}

fn run_check(content: &std::path::Path) -> std::process::Output {
    run_check_with(content, None)
}

fn run_check_with(content: &std::path::Path, drafts_env: Option<&str>) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_backcare"));
    command
        .args(["--content", content.to_str().unwrap(), "check"])
        .env_remove("BACKCARE_DRAFTS")
        .env("RUST_LOG", "off");
    if let Some(value) = drafts_env {
        command.env("BACKCARE_DRAFTS", value);
    }
    command.output().expect("binary runs")
}

#[test]
fn the_drafts_setting_comes_from_the_flag_or_its_environment_variable() {
    let fx = ContentFixture::new();
    fx.guide("draft", "2026-10-01", "draft = true\n", "Soon.\n");
    fx.guide("public", "2026-10-02", "", "See [soon](/guides/draft).\n");
    // The link to a draft is broken unless drafts are served.
    assert!(!run_check(fx.path()).status.success());
    for (value, ok) in [("1", true), ("true", true), ("0", false), ("false", false)] {
        let out = run_check_with(fx.path(), Some(value));
        assert_eq!(out.status.success(), ok, "BACKCARE_DRAFTS={value}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_backcare"))
        .args([
            "--drafts",
            "--content",
            fx.path().to_str().unwrap(),
            "check",
        ])
        .env_remove("BACKCARE_DRAFTS")
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("(draft)"), "{stdout}");
}

#[test]
fn help_documents_drafts_and_watch() {
    let out = Command::new(env!("CARGO_BIN_EXE_backcare"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in ["--drafts", "BACKCARE_DRAFTS", "--watch", "BACKCARE_WATCH"] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}

#[test]
fn check_lists_broken_links_and_exits_non_zero() {
    let fx = ContentFixture::new();
    fx.guide(
        "a",
        "2026-10-01",
        "",
        "Go to [b](/guides/b).\n\nAnd [c](/guides/c#x).\n",
    );
    let out = run_check(fx.path());
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let file = fx.path().join("guides/a.md").display().to_string();
    assert!(
        stderr.contains(&format!("{file}:6: broken link /guides/b")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{file}:8: broken link /guides/c#x")),
        "{stderr}"
    );
    assert!(stderr.contains("2 problem(s) found"), "{stderr}");
}

#[test]
fn check_reports_words_grade_and_overdue_reviews() {
    let fx = ContentFixture::new();
    fx.guide(
        "plain",
        "2026-01-01",
        "reviewed = 2020-01-01\nnext_review = 2020-06-01\n",
        "The cat sat on the mat. We walk each day.\n",
    );
    fx.guide(
        "dense",
        "2026-01-02",
        "",
        "Intervertebral degeneration necessitates individualised physiotherapeutic rehabilitation.\n",
    );
    let out = run_check(fx.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let plain = fx.path().join("guides/plain.md").display().to_string();
    let dense = fx.path().join("guides/dense.md").display().to_string();
    assert!(
        stdout.contains(&format!("{plain}: 10 words, Flesch-Kincaid grade ")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{dense}: 6 words, Flesch-Kincaid grade ")),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("warning: {plain}: review was due on 2020-06-01")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("warning: {dense}: reads above grade 9")),
        "{stderr}"
    );
    assert!(
        !stderr.contains(&format!("warning: {plain}: reads above")),
        "{stderr}"
    );
}

#[actix_web::test]
async fn reload_swaps_in_good_content_and_keeps_the_last_good_on_error() {
    let fx = ContentFixture::new();
    fx.guide("first", "2026-10-01", "", "Original words.\n");
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;

    fx.guide("second", "2026-10-02", "", "Hummingbirds are new here.\n");
    backcare::reload::reload(&site.state).expect("good content reloads");
    assert_eq!(get(&app, "/guides/second").await.status, StatusCode::OK);
    // The search index was rebuilt with it.
    get(&app, "/search?q=hummingbirds")
        .await
        .assert_contains("1 result for");

    fx.write("guides/broken.md", "+++\ntitle = 3\n+++\n");
    let err = backcare::reload::reload(&site.state).unwrap_err();
    assert!(err.to_string().contains("broken.md:2"), "{err}");
    // Still the last good content, search included.
    assert_eq!(get(&app, "/guides/second").await.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/guides/broken").await.status,
        StatusCode::NOT_FOUND
    );
    get(&app, "/search?q=hummingbirds")
        .await
        .assert_contains("1 result for");
}

#[actix_web::test]
async fn watch_reloads_when_a_file_changes() {
    let fx = ContentFixture::new();
    fx.guide("first", "2026-10-01", "", "Original words.\n");
    let site = TestSite::with_config(|c| {
        c.content = fx.path().to_path_buf();
        c.watch = true;
    });
    let _watcher = backcare::reload::watch(site.state.clone()).expect("watching starts");
    fx.guide("added", "2026-10-05", "", "Added while watching.\n");
    let deadline = Instant::now() + Duration::from_secs(15);
    while site.state.content.current().guides.get("added").is_none() {
        assert!(Instant::now() < deadline, "the new guide was never loaded");
        std::thread::sleep(Duration::from_millis(100));
    }
}
