//! `/search`: ranking, highlighting, counts, and any text a visitor types.

use actix_web::http::StatusCode;

use crate::common::{ContentFixture, TestSite, assert_in_layout, get};

fn fixture() -> ContentFixture {
    let fx = ContentFixture::new();
    fx.write(
        "guides/body-hit.md",
        "+++\ntitle = \"Walking every day\"\nsummary = \"Walking.\"\ndate = 2026-10-02\n+++\n\
         Walking is good. Some people add gentle stretching after a walk, and that is fine.\n",
    );
    fx.write(
        "guides/title-hit.md",
        "+++\ntitle = \"Stretching a tight back\"\nsummary = \"Short holds.\"\ndate = 2026-10-01\n+++\n\
         Hold each position for a few seconds, several times a day.\n",
    );
    fx.write(
        "guides/other.md",
        "+++\ntitle = \"Water exercise\"\nsummary = \"Pools.\"\ndate = 2026-10-03\n+++\n\
         Swimming pools are kind to sore backs. Tom & Jerry <b>say</b> so.\n",
    );
    fx
}

fn result_urls(body: &str) -> Vec<String> {
    body.split("<h2><a href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[actix_web::test]
async fn a_title_hit_ranks_above_a_body_hit_with_count_and_highlights() {
    let fx = fixture();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    let page = get(&app, "/search?q=stretching").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    // Exercises and supports about stretching are found too; among the
    // guides, the title hit ranks first, and it leads the whole list.
    let urls = result_urls(&page.body);
    let guides: Vec<&String> = urls.iter().filter(|u| u.starts_with("/guides/")).collect();
    assert_eq!(guides, ["/guides/title-hit", "/guides/body-hit"]);
    assert_eq!(urls[0], "/guides/title-hit");
    // The count is of every hit; a page lists at most ten of them (the
    // exercise catalog alone has more than ten about stretching).
    let total: usize = page
        .body
        .split(" results for “stretching”.")
        .next()
        .and_then(|before| before.rsplit(['>', ' ']).next())
        .and_then(|n| n.parse().ok())
        .expect("a result count");
    assert!(total >= urls.len());
    if total > urls.len() {
        page.assert_contains(&format!("Showing 1 to {}.", urls.len()));
    }
    page.assert_contains("<a href=\"/guides/title-hit\"><mark>Stretching</mark> a tight back</a>");
    page.assert_contains("gentle <mark>stretching</mark> after");
    page.assert_contains("value=\"stretching\"");
    page.assert_contains("<meta name=\"robots\" content=\"noindex\">");
}

#[actix_web::test]
async fn snippets_escape_the_text_and_only_mark_matches() {
    let fx = fixture();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    let page = get(&app, "/search?q=jerry").await;
    page.assert_contains("Tom &#38; <mark>Jerry</mark> &#60;b&#62;say&#60;/b&#62; so.");
}

#[actix_web::test]
async fn empty_and_wordless_queries_show_the_normal_search_page() {
    let fx = fixture();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    for uri in [
        "/search",
        "/search?q=",
        "/search?q=%20%20",
        "/search?q=%22%2A%28%29",
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert_in_layout(&page);
        page.assert_contains("Type a word or two");
        assert!(!page.body.contains("search-results"), "{uri}");
    }
}

#[actix_web::test]
async fn hostile_queries_are_answered_with_a_normal_page() {
    let fx = fixture();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    let junk: String = "\"*(){}[]:^-~+ NEAR AND OR NOT é 🦴 "
        .chars()
        .cycle()
        .take(2000)
        .collect();
    let queries = [
        "\"".to_owned(),
        "\"walking".to_owned(),
        "walk*".to_owned(),
        "*".to_owned(),
        "NEAR(walking stretching, 2)".to_owned(),
        "walking AND".to_owned(),
        "OR walking".to_owned(),
        "NOT".to_owned(),
        "((walking".to_owned(),
        "walking))".to_owned(),
        "title:walking".to_owned(),
        "^walking".to_owned(),
        "<script>alert(1)</script>".to_owned(),
        "a".repeat(2000),
        junk,
    ];
    for q in &queries {
        let uri = format!("/search?q={}", url_escape(q));
        let page = get(&app, &uri).await;
        assert_eq!(page.status, StatusCode::OK, "{q:?}");
        assert_in_layout(&page);
        assert!(
            !page.body.contains("<script>alert"),
            "{q:?} echoed unescaped"
        );
        assert!(
            !page.body.contains(&"a".repeat(201)),
            "query echoed beyond 200 characters"
        );
    }
    // Words still count when mixed with operators.
    let page = get(&app, "/search?q=%22walking%22+AND+%28stretching").await;
    assert_eq!(
        result_urls(&page.body).first().map(String::as_str),
        Some("/guides/body-hit")
    );
}

#[actix_web::test]
async fn no_match_and_partial_match_say_so() {
    let fx = fixture();
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;
    let none = get(&app, "/search?q=unicorn").await;
    none.assert_contains("Nothing matched “unicorn”.");
    none.assert_contains("Try fewer words");
    let some = get(&app, "/search?q=swimming+unicorn").await;
    some.assert_contains("1 result for “swimming unicorn”. No page had all your words");
    assert_eq!(result_urls(&some.body), ["/guides/other"]);
}

/// Percent-encodes everything but unreserved characters.
fn url_escape(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[actix_web::test]
async fn many_results_come_ten_to_a_page_with_links_between_pages() {
    let fx = ContentFixture::new();
    for n in 0..25 {
        fx.guide(
            &format!("walk-{n:02}"),
            "2026-10-01",
            "",
            &"Walking helps. ".repeat(n + 1),
        );
    }
    let site = TestSite::with_content(fx.path());
    let app = site.app().await;

    let first = get(&app, "/search?q=walking").await;
    assert_eq!(first.status, StatusCode::OK);
    let mut seen = result_urls(&first.body);
    assert_eq!(seen.len(), 10);
    let total = first
        .body
        .split("<p class=\"search-count\" role=\"status\">")
        .nth(1)
        .and_then(|rest| rest.split(" results for “walking”").next())
        .and_then(|n| n.trim().parse::<usize>().ok())
        .expect("a result count");
    assert!(total >= 25, "{total} results");
    first.assert_contains("Showing 1 to 10.");
    first.assert_contains("<a href=\"/search?q=walking&#38;page=2\" rel=\"next\">More results</a>");
    assert!(!first.body.contains("rel=\"prev\""));

    let pages = total.div_ceil(10);
    for number in 2..=pages {
        let page = get(&app, &format!("/search?q=walking&page={number}")).await;
        assert_eq!(page.status, StatusCode::OK, "page {number}");
        page.assert_contains(&format!("Page {number} of {pages}"));
        page.assert_contains(&format!(
            "<ol class=\"search-results\" start=\"{}\">",
            (number - 1) * 10 + 1
        ));
        let prev = if number == 2 {
            "/search?q=walking".to_owned()
        } else {
            format!("/search?q=walking&#38;page={}", number - 1)
        };
        page.assert_contains(&format!(
            "<a href=\"{prev}\" rel=\"prev\">Better matches</a>"
        ));
        assert_eq!(page.body.contains("rel=\"next\""), number < pages);
        seen.extend(result_urls(&page.body));
    }
    let distinct: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!(
        (seen.len(), distinct.len()),
        (total, total),
        "every result once"
    );
    for n in 0..25 {
        assert!(
            distinct.contains(&format!("/guides/walk-{n:02}")),
            "walk-{n:02} missing"
        );
    }

    for beyond in [
        format!("/search?q=walking&page={}", pages + 1),
        "/search?q=walking&page=0".to_owned(),
    ] {
        let page = get(&app, &beyond).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{beyond}");
        assert_in_layout(&page);
        page.assert_contains("The first page has the best matches.");
    }
    let bad = get(&app, "/search?q=walking&page=two").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_in_layout(&bad);
}

fn shipped_site() -> TestSite {
    TestSite::with_content(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
}

/// Result links in order, with the kind shown beside each.
fn results_with_kinds(body: &str) -> Vec<(String, String)> {
    body.split("<li>\n    <h2><a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let url = rest.split('"').next()?.to_owned();
            let kind = rest
                .split("<p class=\"search-kind small\">")
                .nth(1)?
                .split('<')
                .next()?
                .to_owned();
            Some((url, kind))
        })
        .collect()
}

#[actix_web::test]
async fn a_misspelling_gets_a_did_you_mean_link_from_the_sites_own_words() {
    let site = shipped_site();
    let app = site.app().await;
    let page = get(&app, "/search?q=hamstrng").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Did you mean <a href=\"/search?q=hamstring\">hamstring</a>?");
    // A word that is spelt right gets no suggestion.
    let page = get(&app, "/search?q=hamstring").await;
    assert!(!page.body.contains("Did you mean"));
    assert!(!result_urls(&page.body).is_empty());
}

#[actix_web::test]
async fn an_empty_result_offers_the_warning_signs_the_routine_builder_and_useful_guides() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(&app, "/search?q=zqxwvy").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    page.assert_contains("Nothing matched");
    page.assert_contains("Pages that help many people");
    let offers = &page.body[page.body.find("search-offers\">").unwrap()..];
    let offers = &offers[..offers.find("</ul>").unwrap()];
    assert!(offers.contains("href=\"/guides/warning-signs-see-a-doctor\""));
    assert!(offers.contains("href=\"/routine\""));
    let content = site.state.content.current();
    assert_eq!(content.search.useful.len(), 2);
    for slug in &content.search.useful {
        assert!(
            offers.contains(&format!("href=\"/guides/{slug}\"")),
            "{slug}"
        );
    }
}

#[actix_web::test]
async fn synonyms_are_searched_and_said_and_avoided_moves_say_so() {
    let site = shipped_site();
    let app = site.app().await;
    // "backache" finds guides that say "back pain", and says so.
    let page = get(&app, "/search?q=backache").await;
    page.assert_contains("Also searched for: back pain");
    let hits = results_with_kinds(&page.body);
    assert!(hits.len() >= 3, "{hits:?}");
    assert_eq!(hits[0].1, "Guide");
    // "Slipped disc" never ranks a product by the word part "slip" of
    // "non-slip".
    let page = get(&app, "/search?q=slipped+disc").await;
    page.assert_contains("Also searched for: herniated disc");
    for (url, kind) in results_with_kinds(&page.body) {
        assert_ne!(kind, "Lumbar support", "{url} ranked for slipped disc");
    }
    // An avoided move is labelled as one.
    let page = get(&app, "/search?q=toe+touches").await;
    let hits = results_with_kinds(&page.body);
    assert!(
        hits.iter()
            .any(|(url, kind)| url == "/exercises/toe-touches" && kind == "Move to avoid"),
        "{hits:?}"
    );
}

#[actix_web::test]
async fn each_synonym_group_finds_its_guide_in_the_top_three() {
    let site = shipped_site();
    let app = site.app().await;
    for (query, guide) in [
        ("trapped nerve", "/guides/sciatica"),
        ("sciatica", "/guides/sciatica"),
        ("painkillers", "/guides/pain-relief-heat-and-ice"),
        ("expecting a baby", "/guides/back-pain-in-pregnancy"),
        ("brittle bones", "/guides/staying-strong-in-older-age"),
        ("flare up", "/guides/flare-up-plan"),
        ("mattress", "/guides/sleeping-with-back-pain"),
        ("desk", "/guides/back-pain-and-work"),
    ] {
        let page = get(&app, &format!("/search?q={}", query.replace(' ', "+"))).await;
        let urls = result_urls(&page.body);
        assert!(
            urls.iter().take(3).any(|u| u == guide),
            "{query}: {guide} not in the top three of {urls:?}"
        );
    }
    // Two synonym groups in one query (FTS5 needs AND between groups).
    for query in [
        "stretch+walk+core",
        "back+pain+sciatica",
        "sleep+desk+painkillers",
    ] {
        let page = get(&app, &format!("/search?q={query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert!(!result_urls(&page.body).is_empty(), "{query}");
    }
    // "Lumbago" is back pain by another name.
    let page = get(&app, "/search?q=lumbago").await;
    page.assert_contains("Also searched for: back pain");
    assert!(result_urls(&page.body).len() >= 3);
    // "Slipped disc": a guide first, never a product.
    let page = get(&app, "/search?q=slipped+disc").await;
    let hits = results_with_kinds(&page.body);
    assert_eq!(
        hits.first().map(|h| h.1.as_str()),
        Some("Guide"),
        "{hits:?}"
    );
}

/// The warning-sign lists that a dozen guides show through their shortcode
/// are indexed once, with the warning-signs guide: a search for a sign
/// ("bladder", which guides may not use in their own words) finds that
/// guide alone among the guides, not every guide that repeats the list.
#[actix_web::test]
async fn a_warning_sign_search_finds_the_warning_signs_guide_not_every_list() {
    let site = TestSite::new();
    let app = site.app().await;
    let sciatica = get(&app, "/guides/sciatica").await;
    sciatica.assert_contains("bladder");
    let page = get(&app, "/search?q=bladder").await;
    assert_eq!(page.status, StatusCode::OK);
    let urls = result_urls(&page.body);
    let guides: Vec<&String> = urls.iter().filter(|u| u.starts_with("/guides/")).collect();
    assert_eq!(guides, ["/guides/warning-signs-see-a-doctor"], "{urls:?}");
}
