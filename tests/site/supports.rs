//! Lumbar supports: the catalog file, what a restart serves, the list with
//! filters, product pages, the comparison and the recommendation sidebar.

use actix_web::http::StatusCode;
use askama::Template;

use backcare::routine::{Activity, Equipment, Worse};
use backcare::supports::{
    CLAIM_PHRASES, CLAIM_WORDS, FORBIDDEN_PRODUCT_WORDS, RecommendContext, first_phrase_in,
};
use backcare::web::supports::{SupportsSidebar, sidebar};

use crate::common::{Page, TestSite, VALID_ANSWERS, assert_in_layout, get, small_site};

/// The products of the fixture catalog (`tests/fixtures/small-site/supports.toml`),
/// in its order.
const SLUGS: [&str; 8] = [
    "firm-lumbar-roll",
    "soft-lumbar-roll",
    "car-seat-lumbar-support",
    "inflatable-travel-pillow",
    "sleeping-lumbar-pillow",
    "wheelchair-lumbar-cushion",
    "side-sleeper-knee-pillow",
    "slim-lumbar-pad",
];
/// Every line of the catalog a visitor could see (comments for authors,
/// which explain the no-belts rule, left out).
fn catalog_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/supports.toml"
    ))
    .unwrap()
    .lines()
    .filter(|line| !line.trim_start().starts_with('#'))
    .collect::<Vec<_>>()
    .join("\n")
}

/// Where each product's page link first appears, in page order.
fn order_of_products(page: &Page) -> Vec<&'static str> {
    order_of_products_in(&page.body)
}

/// The products linked in `html`, in order.
fn order_of_products_in(html: &str) -> Vec<&'static str> {
    let mut found: Vec<(usize, &'static str)> = SLUGS
        .iter()
        .filter_map(|slug| {
            html.find(&format!("<h3><a href=\"/supports/{slug}\">"))
                .map(|at| (at, *slug))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, slug)| slug).collect()
}

fn count(page: &Page, needle: &str) -> usize {
    page.body.matches(needle).count()
}

// ---- The catalog file ----------------------------------------------------

// These three read the shipped catalog: they are rules every product the
// site ships must follow, not behaviour, and name no product.

#[test]
fn every_shipped_product_has_its_picture_on_disk() {
    let site = TestSite::new();
    let catalog = &site.state.content.current().supports;
    assert!(!catalog.items.is_empty());
    for s in &catalog.items {
        let slug = &s.slug;
        assert_eq!(&s.picture, &format!("supports/{slug}.svg"));
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("static")
            .join(&s.picture);
        assert!(file.is_file(), "{} missing", file.display());
        assert!(!s.alt.trim().is_empty());
    }
}

#[test]
fn catalog_text_has_no_belts_braces_corsets_or_treatment_claims() {
    let text = catalog_text().to_lowercase();
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
    for word in FORBIDDEN_PRODUCT_WORDS.iter().chain(CLAIM_WORDS) {
        assert!(!words.contains(word), "supports.toml uses {word:?}");
    }
    for line in text.lines() {
        assert_eq!(first_phrase_in(line, CLAIM_PHRASES), None, "{line}");
    }
    for phrase in [
        "fix your back",
        "pain relief",
        "pain-free",
        "pain free",
        "doctor recommended",
        "clinically proven",
        "out of 5",
        "customers say",
    ] {
        assert!(!text.contains(phrase), "supports.toml says {phrase:?}");
    }
    // No invented ratings or reviews.
    for word in [
        "rating",
        "ratings",
        "rated",
        "reviews",
        "stars",
        "bestseller",
    ] {
        assert!(!words.contains(&word), "supports.toml uses {word:?}");
    }
}

#[test]
fn start_up_refuses_a_bad_catalog_naming_the_entry_and_the_field() {
    let result = TestSite::with_edited_copy(&small_site(), |dir| {
        let path = dir.join("supports.toml");
        let text = std::fs::read_to_string(&path).unwrap().replacen(
            "firmness = \"soft\"",
            "firmness = \"squashy\"",
            1,
        );
        std::fs::write(path, text).unwrap();
    });
    let err = match result {
        Ok(_) => panic!("a bad catalog was accepted"),
        Err(err) => err.to_string(),
    };
    assert!(err.contains("supports.toml:"), "{err}");
    assert!(err.contains("support \"soft-lumbar-roll\""), "{err}");
    assert!(err.contains("field `firmness`"), "{err}");
    assert!(err.contains("squashy"), "{err}");
}

#[test]
fn start_up_refuses_a_belt() {
    let result = TestSite::with_edited_copy(&small_site(), |dir| {
        let path = dir.join("supports.toml");
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("name = \"Slim lumbar pad\"", "name = \"Slim back belt\"");
        std::fs::write(path, text).unwrap();
    });
    let err = result.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("support \"slim-lumbar-pad\", field `name`") && err.contains("belt"),
        "{err}"
    );
}

// ---- What a restart serves -------------------------------------------------

#[actix_web::test]
async fn the_list_follows_the_file_across_restarts_on_the_same_database() {
    let site = TestSite::small();
    let first = get(&site.app().await, "/supports").await;
    first.assert_contains("All 8 supports");
    first.assert_contains("<strong>£22.00</strong> · Car seat support");
    let db = site.db_path();

    // The same file again: the same page.
    let mut config = backcare::Config::for_test(db.clone());
    config.content = site.state.config.content.clone();
    let again = backcare::startup(config).unwrap();
    let page = get(&crate::common::app_over(again).await, "/supports").await;
    assert_eq!(page.body, first.body);

    // One product removed from the file: the file wins.
    let content = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&site.state.config.content, content.path());
    let path = content.path().join("supports.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let cut = text.rfind("[[support]]").unwrap();
    std::fs::write(&path, &text[..cut]).unwrap();
    let mut config = backcare::Config::for_test(db);
    config.content = content.path().to_owned();
    let state = backcare::startup(config).unwrap();
    let app = crate::common::app_over(state).await;
    let page = get(&app, "/supports").await;
    page.assert_contains("All 7 supports");
    assert_eq!(order_of_products(&page), SLUGS[..7].to_vec());
    let gone = get(&app, "/supports?context=car").await;
    assert!(!order_of_products(&gone).contains(&"slim-lumbar-pad"));
    let product = get(&app, "/supports/slim-lumbar-pad").await;
    assert_eq!(product.status, StatusCode::NOT_FOUND);
}

#[test]
fn products_are_in_the_search_index() {
    let site = TestSite::small();
    let conn = site.state.db.get().unwrap();
    let found: Vec<String> = conn
        .prepare(
            "SELECT slug FROM search_documents WHERE search_documents MATCH 'wheelchair' AND kind = 'support'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        found.contains(&"wheelchair-lumbar-cushion".to_owned()),
        "{found:?}"
    );
    let url: String = conn
        .query_row(
            "SELECT url FROM search_documents WHERE slug = 'firm-lumbar-roll'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(url, "/supports/firm-lumbar-roll");
}

// ---- /supports -------------------------------------------------------------

#[actix_web::test]
async fn list_shows_every_product_with_a_compare_checkbox() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(&app, "/supports").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    page.assert_contains("<h1>Lumbar supports</h1>");
    page.assert_contains("All 8 supports");
    assert_eq!(order_of_products(&page), SLUGS.to_vec());
    assert_eq!(count(&page, "name=\"item\""), 8);
    page.assert_contains(
        "<form class=\"compare-form\" action=\"/supports/compare\" method=\"get\">",
    );
    page.assert_contains("<label for=\"compare-firm-lumbar-roll\">Compare<span class=\"visually-hidden\"> Firm lumbar roll</span></label>");
    page.assert_contains("£19.99");
    page.assert_contains("<script src=\"/static/js/compare.js?v=");
    page.assert_contains("advises against belts and corsets");
    assert!(!page.body.contains("Clear filters"));
    assert!(!page.body.contains(" style=\""));
}

#[actix_web::test]
async fn filters_narrow_the_list_and_keep_their_values() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(
        &app,
        "/supports?context=car&firmness=firm&max_price=20&kind=&sort=",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("2 of 8 supports: for the car, firm, up to £20.00");
    // Made for the car first, then the catalog's order.
    assert_eq!(
        order_of_products(&page),
        vec!["slim-lumbar-pad", "firm-lumbar-roll"]
    );
    page.assert_contains("<option value=\"car\" selected>");
    page.assert_contains("<option value=\"firm\" selected>");
    page.assert_contains("<option value=\"20\" selected>");
    page.assert_contains("<a href=\"/supports\">Clear filters</a>");

    let rolls = get(&app, "/supports?kind=lumbar-roll").await;
    assert_eq!(
        order_of_products(&rolls),
        vec!["firm-lumbar-roll", "soft-lumbar-roll"]
    );
    rolls.assert_contains("2 of 8 supports: lumbar roll");

    // A price typed into the address is kept in the form.
    let odd = get(&app, "/supports?max_price=17.5").await;
    odd.assert_contains("<option value=\"17.50\" selected>Up to £17.50</option>");
    assert_eq!(
        order_of_products(&odd),
        vec![
            "soft-lumbar-roll",
            "inflatable-travel-pillow",
            "side-sleeper-knee-pillow",
            "slim-lumbar-pad"
        ]
    );
}

fn prices_in_order(page: &Page) -> Vec<u32> {
    page.body
        .split("<p class=\"support-meta\"><strong>£")
        .skip(1)
        .map(|rest| {
            let amount = rest.split('<').next().unwrap();
            (amount.parse::<f64>().unwrap() * 100.0).round() as u32
        })
        .collect()
}

#[actix_web::test]
async fn sorting_by_price_orders_the_cards() {
    let site = TestSite::small();
    let app = site.app().await;

    let low = get(&app, "/supports?sort=price-low-high").await;
    let prices = prices_in_order(&low);
    assert_eq!(prices.len(), 8);
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    assert_eq!(order_of_products(&low)[0], "inflatable-travel-pillow");
    low.assert_contains("<option value=\"price-low-high\" selected>");

    let high = get(&app, "/supports?sort=price-high-low").await;
    let prices = prices_in_order(&high);
    assert!(prices.windows(2).all(|w| w[0] >= w[1]), "{prices:?}");
    assert_eq!(order_of_products(&high)[0], "wheelchair-lumbar-cushion");

    let cheap_car = get(&app, "/supports?context=car&sort=price-low-high").await;
    let prices = prices_in_order(&cheap_car);
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    cheap_car.assert_contains("supports: for the car");
}

#[actix_web::test]
async fn no_match_shows_an_empty_state_with_clear_filters() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(&app, "/supports?context=wheelchair&firmness=soft").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("0 of 8 supports");
    page.assert_contains("No support matches all of these filters.");
    page.assert_contains("<a href=\"/supports\">Clear filters</a> to see all 8");
    assert!(order_of_products(&page).is_empty());
}

#[actix_web::test]
async fn invalid_filter_values_are_a_400_naming_the_value() {
    let site = TestSite::small();
    let app = site.app().await;
    for (query, value) in [
        ("context=kitchen", "kitchen"),
        ("kind=back-belt", "back-belt"),
        ("firmness=squishy", "squishy"),
        ("max_price=cheap", "cheap"),
        ("max_price=-5", "-5"),
        ("sort=popular", "popular"),
    ] {
        let page = get(&app, &format!("/supports?{query}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        assert_in_layout(&page);
        page.assert_contains(&format!("&#34;{value}&#34;"));
    }
    // Hostile values are escaped.
    let page = get(&app, "/supports?kind=%3Cscript%3E").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(!page.body.contains("<script>"));
}

// ---- /supports/{slug} --------------------------------------------------------

#[actix_web::test]
async fn product_page_shows_picture_attributes_advice_similar_and_compare_links() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(&app, "/supports/firm-lumbar-roll").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    page.assert_contains("<h1>Firm lumbar roll</h1>");
    page.assert_contains("<img src=\"/static/supports/firm-lumbar-roll.svg?v=");
    page.assert_contains("alt=\"A firm foam cylinder");
    for row in [
        "<th scope=\"row\">Price</th><td>£19.99</td>",
        "<th scope=\"row\">Firmness</th><td>Firm</td>",
        "<th scope=\"row\">Size (width × depth × height)</th><td>33 × 12 × 12 cm</td>",
        "<th scope=\"row\">Weight</th><td>300 g</td>",
        "<th scope=\"row\">Cover</th><td>Removable, machine-washable</td>",
        "<th scope=\"row\">Adjustability</th><td>Strap; height adjusts</td>",
        "<th scope=\"row\">Made for</th><td>Office chair, Car, Travel</td>",
    ] {
        page.assert_contains(row);
    }
    page.assert_contains("Who it suits");
    page.assert_contains("Who it may not suit");
    page.assert_contains("How to use it");
    page.assert_contains("about level with your belly button");
    // Similar products, with reasons and compare boxes, never itself.
    page.assert_contains("<h2 id=\"similar-supports-title\">Similar supports</h2>");
    page.assert_contains("Also a lumbar roll for a desk or office chair: a soft roll");
    page.assert_contains("id=\"similar-compare-soft-lumbar-roll\"");
    assert!(
        !page
            .body
            .contains("id=\"similar-compare-firm-lumbar-roll\"")
    );
    page.assert_contains("not medical advice");
    page.assert_contains(
        "<a href=\"/supports/compare?item=firm-lumbar-roll&#38;item=soft-lumbar-roll\">Compare with the Soft lumbar roll</a>",
    );
    // A plain form compares with any other product.
    page.assert_contains("<input type=\"hidden\" name=\"item\" value=\"firm-lumbar-roll\">");
    page.assert_contains("<option value=\"slim-lumbar-pad\">Slim lumbar pad (£14.99)</option>");
    assert!(!page.body.contains("<option value=\"firm-lumbar-roll\">"));
}

#[actix_web::test]
async fn every_product_page_renders() {
    let site = TestSite::small();
    let app = site.app().await;
    for slug in SLUGS {
        let page = get(&app, &format!("/supports/{slug}")).await;
        assert_eq!(page.status, StatusCode::OK, "{slug}");
        page.assert_contains("Who it suits");
        page.assert_contains("<link rel=\"canonical\" href=\"http://localhost:8080/supports/");
    }
}

#[actix_web::test]
async fn unknown_product_is_a_404_naming_it() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(&app, "/supports/back-belt").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_in_layout(&page);
    page.assert_contains("We have no lumbar support called &#34;back-belt&#34;");
}

// ---- /supports/compare -------------------------------------------------------

fn rows(page: &Page) -> Vec<String> {
    page.body
        .split("<th scope=\"row\">")
        .skip(1)
        .map(|rest| rest.split(['<', ' ']).next().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn comparing_two_shows_every_row_and_marks_differences() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(
        &app,
        "/supports/compare?item=firm-lumbar-roll&item=soft-lumbar-roll",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    page.assert_contains("<h1>Compare 2 supports</h1>");
    assert_eq!(
        rows(&page),
        vec![
            "Price",
            "Kind",
            "Firmness",
            "Size",
            "Weight",
            "Material",
            "Cover",
            "Adjustability",
            "Made"
        ]
    );
    // Differing rows carry a text mark as well as a class; same rows neither.
    page.assert_contains("<tr class=\"differs\">\n        <th scope=\"row\">Price <span class=\"diff-mark\">Differs</span></th>");
    page.assert_contains("<th scope=\"row\">Kind</th><td>Lumbar roll</td><td>Lumbar roll</td>");
    page.assert_contains("<td>Firm</td><td>Soft</td>");
    assert_eq!(count(&page, "<span class=\"diff-mark\">Differs</span>"), 5);
    page.assert_contains("5 rows differ.");
    // Each column: picture, link to its page, and a remove link.
    page.assert_contains("<a href=\"/supports/firm-lumbar-roll\">Firm lumbar roll</a>");
    page.assert_contains("<a href=\"/supports/soft-lumbar-roll\">Soft lumbar roll</a>");
    // Of two, removing one leads to the other's own page, never to a
    // comparison of one (which is refused).
    page.assert_contains("<a class=\"remove-link\" href=\"/supports/soft-lumbar-roll\">Remove<span class=\"visually-hidden\"> Firm lumbar roll and see Soft lumbar roll on its own</span></a>");
    assert_eq!(
        get(&app, "/supports/soft-lumbar-roll").await.status,
        StatusCode::OK
    );
    assert!(
        !page
            .body
            .contains("href=\"/supports/compare?item=soft-lumbar-roll\"")
    );
    page.assert_contains("alt=\"A soft foam roll with a dip in the middle");
    page.assert_contains("href=\"/supports/compare?item=firm-lumbar-roll&#38;item=soft-lumbar-roll&#38;diff=1\">Show only the differences</a>");
    // The table scrolls inside a labelled, focusable region on small screens.
    page.assert_contains("<div class=\"compare-scroll\" role=\"region\" aria-labelledby=\"compare-caption\" tabindex=\"0\"");
    page.assert_contains("<meta name=\"robots\" content=\"noindex\">");
}

#[actix_web::test]
async fn comparing_three_with_diff_only_shows_only_differing_rows() {
    let site = TestSite::small();
    let app = site.app().await;
    let all = get(
        &app,
        "/supports/compare?item=firm-lumbar-roll&item=soft-lumbar-roll&item=slim-lumbar-pad",
    )
    .await;
    assert_eq!(all.status, StatusCode::OK);
    all.assert_contains("<h1>Compare 3 supports</h1>");
    assert_eq!(rows(&all).len(), 9);
    all.assert_contains("<a class=\"remove-link\" href=\"/supports/compare?item=firm-lumbar-roll&#38;item=soft-lumbar-roll\">");

    let diff = get(
        &app,
        "/supports/compare?item=firm-lumbar-roll&item=soft-lumbar-roll&item=slim-lumbar-pad&diff=1",
    )
    .await;
    assert_eq!(diff.status, StatusCode::OK);
    let diff_rows = rows(&diff);
    // All three have a washable cover, a strap and adjustable height.
    assert_eq!(
        diff_rows,
        vec![
            "Price", "Kind", "Firmness", "Size", "Weight", "Material", "Made"
        ]
    );
    assert!(!diff.body.contains("<th scope=\"row\">Cover"));
    assert_eq!(count(&diff, "<span class=\"diff-mark\">Differs</span>"), 7);
    diff.assert_contains(">Show every row</a>");
    // Removing keeps the diff-only view.
    diff.assert_contains("href=\"/supports/compare?item=soft-lumbar-roll&#38;item=slim-lumbar-pad&#38;diff=1\">Remove");
}

#[actix_web::test]
async fn the_same_item_twice_counts_once() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(
        &app,
        "/supports/compare?item=car-seat-lumbar-support&item=firm-lumbar-roll&item=car-seat-lumbar-support&item=firm-lumbar-roll",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<h1>Compare 2 supports</h1>");
    assert_eq!(count(&page, "class=\"remove-link\""), 2);

    let twice = get(
        &app,
        "/supports/compare?item=car-seat-lumbar-support&item=car-seat-lumbar-support",
    )
    .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    twice.assert_contains("Choose 2 or 3 supports to compare");
}

#[actix_web::test]
async fn too_few_or_too_many_items_are_a_400_with_a_list_to_choose_from() {
    let site = TestSite::small();
    let app = site.app().await;

    let none = get(&app, "/supports/compare").await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert_in_layout(&none);
    none.assert_contains("<h1>Choose 2 or 3 supports to compare</h1>");
    none.assert_contains("You have not chosen any supports yet.");
    assert_eq!(count(&none, "name=\"item\""), 8);
    assert_eq!(count(&none, " checked>"), 0);
    none.assert_contains("<legend>Supports to compare (choose 2 or 3)</legend>");

    let one = get(&app, "/supports/compare?item=inflatable-travel-pillow").await;
    assert_eq!(one.status, StatusCode::BAD_REQUEST);
    one.assert_contains("Choose 2 or 3 supports to compare");
    one.assert_contains(
        "value=\"inflatable-travel-pillow\" id=\"choose-inflatable-travel-pillow\" data-compare checked>",
    );
    assert_eq!(count(&one, " checked>"), 1);

    let four = get(
        &app,
        "/supports/compare?item=firm-lumbar-roll&item=soft-lumbar-roll&item=slim-lumbar-pad&item=car-seat-lumbar-support",
    )
    .await;
    assert_eq!(four.status, StatusCode::BAD_REQUEST);
    four.assert_contains("<h1>You can compare at most 3 supports</h1>");
    four.assert_contains("You chose 4.");
    assert_eq!(count(&four, " checked>"), 4);
}

#[actix_web::test]
async fn an_unknown_item_is_a_404_naming_it() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(
        &app,
        "/supports/compare?item=firm-lumbar-roll&item=posture-corset",
    )
    .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_in_layout(&page);
    page.assert_contains("We have no lumbar support called &#34;posture-corset&#34;");

    let bad_diff = get(
        &app,
        "/supports/compare?item=firm-lumbar-roll&item=soft-lumbar-roll&diff=yes",
    )
    .await;
    assert_eq!(bad_diff.status, StatusCode::BAD_REQUEST);
    bad_diff.assert_contains("&#34;yes&#34; is not a choice for diff");
}

#[actix_web::test]
async fn supports_pages_need_no_inline_script_or_style() {
    let site = TestSite::small();
    let app = site.app().await;
    for uri in [
        "/supports",
        "/supports/firm-lumbar-roll",
        "/supports/compare?item=firm-lumbar-roll&item=soft-lumbar-roll",
        "/supports/compare?item=firm-lumbar-roll",
    ] {
        let page = get(&app, uri).await;
        assert!(!page.body.contains("<style"), "{uri}");
        assert!(!page.body.contains(" style=\""), "{uri}");
        for script in page.body.split("<script").skip(1) {
            assert!(
                script
                    .trim_start()
                    .starts_with("src=\"/static/js/compare.js?v="),
                "{uri}: inline script"
            );
        }
    }
    let js = get(&app, "/static/js/compare.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.header("content-type").unwrap().contains("javascript"));
    assert!(js.body.contains("sessionStorage"));
    assert!(js.body.contains("\"role\", \"status\""));
    assert!(js.body.contains(" of 3 selected"));
}

// ---- The sidebar ---------------------------------------------------------------

/// A page as another part of the site would build one: a field named
/// `supports_sidebar` and the partial included.
#[derive(Template)]
#[template(
    source = "<main>{% include \"partials/supports_sidebar.html\" %}</main>",
    ext = "html"
)]
struct HostPage {
    supports_sidebar: SupportsSidebar,
}

fn render_sidebar(site: &TestSite, ctx: &RecommendContext) -> (SupportsSidebar, String) {
    let content = site.state.content.current();
    let data = sidebar(&site.state, &content, ctx);
    let html = HostPage {
        supports_sidebar: data.clone(),
    }
    .render()
    .unwrap();
    (data, html)
}

#[test]
fn sidebar_for_a_guide_about_sitting_gives_reasons_and_links() {
    let site = TestSite::small();
    let ctx = RecommendContext::for_guide(&["sitting", "posture"], &["office-chair"]);
    let (data, html) = render_sidebar(&site, &ctx);
    assert_eq!(data.items.len(), 3);
    assert_eq!(data.items[0].slug, "firm-lumbar-roll");
    assert!(
        data.items[0]
            .reason
            .starts_with("For sitting at a desk: a firm roll fills the gap"),
        "{}",
        data.items[0].reason
    );
    for item in &data.items {
        assert!(html.contains(&format!("<a href=\"/supports/{}\">", item.slug)));
        assert!(html.contains(&format!("value=\"{}\"", item.slug)));
        assert!(html.contains(&format!("<p class=\"reason\">{}</p>", item.reason)));
    }
    assert!(
        html.contains("<form class=\"compare-form\" action=\"/supports/compare\" method=\"get\">")
    );
    assert!(html.contains("This is not medical advice"));
    assert!(html.contains("<a href=\"/supports\">See all lumbar supports</a>"));
    assert!(html.contains("<script src=\"/static/js/compare.js?v="));
}

#[test]
fn sidebar_for_a_plan_where_sitting_is_worse_says_so() {
    let site = TestSite::small();
    let ctx =
        RecommendContext::for_routine([Worse::Sitting], [Equipment::Mat], Some(Activity::Light));
    let (data, html) = render_sidebar(&site, &ctx);
    assert!(!data.items.is_empty() && data.items.len() <= 3);
    assert_eq!(data.items[0].slug, "firm-lumbar-roll");
    assert!(html.contains(
        "You said sitting makes it worse: a firm roll fills the gap between your lower back and the chair"
    ));
    // Every pick fits an office chair.
    let content = site.state.content.current();
    for item in &data.items {
        let s = content.supports.get(&item.slug).unwrap();
        assert!(
            s.contexts
                .contains(&backcare::supports::UseContext::OfficeChair)
        );
    }
}

#[actix_web::test]
async fn a_guide_page_shows_supports_for_its_contexts_with_reasons() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(&app, "/guides/sitting-at-a-desk").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<aside class=\"supports-sidebar\"");
    page.assert_contains("Supports that may make this more comfortable");
    // The sitting guide is about office chairs first: a chair support leads,
    // with a reason a person can follow, a compare box and the disclaimer.
    let aside = &page.body[page.body.find("<aside class=\"supports-sidebar\"").unwrap()..];
    let first = aside.split("<h3><a href=\"").nth(1).unwrap();
    assert!(first.starts_with("/supports/"), "{first}");
    assert!(aside.contains("class=\"reason\""));
    assert!(aside.contains("name=\"item\""));
    assert!(aside.contains("This is not medical advice"));
    assert!(aside.contains("<a href=\"/supports\">See all lumbar supports</a>"));
}

#[actix_web::test]
async fn the_sitemap_lists_the_supports_routine_and_exercise_pages() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(&app, "/sitemap.xml").await;
    page.assert_contains("<loc>http://localhost:8080/supports</loc>");
    page.assert_contains("<loc>http://localhost:8080/supports/firm-lumbar-roll</loc>");
    page.assert_contains("<loc>http://localhost:8080/routine</loc>");
    page.assert_contains("<loc>http://localhost:8080/exercises/bridge</loc>");
}

/// A plan address for [`VALID_ANSWERS`] with its `worse` answer (sitting)
/// replaced by `worse`, so new required questions reach these tests too.
fn plan_uri(worse: &[&str]) -> String {
    let answers: Vec<String> = worse.iter().map(|w| format!("worse={w}")).collect();
    assert!(VALID_ANSWERS.contains("&worse=sitting&"), "{VALID_ANSWERS}");
    format!(
        "/routine/plan?{}",
        VALID_ANSWERS.replace("&worse=sitting&", &format!("&{}&", answers.join("&")))
    )
}

/// The supports sidebar of a page (`<aside …>` to `</aside>`).
fn sidebar_of(page: &Page) -> &str {
    let at = page
        .body
        .find("<aside class=\"supports-sidebar\"")
        .unwrap_or_else(|| {
            panic!(
                "no supports sidebar; status {}:\n{}",
                page.status, page.body
            )
        });
    let aside = &page.body[at..];
    &aside[..aside
        .find("</aside>")
        .map_or(aside.len(), |end| end + "</aside>".len())]
}

#[actix_web::test]
async fn a_plan_for_pain_worse_when_sitting_recommends_an_office_chair_support() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(&app, &plan_uri(&["sitting"])).await;
    assert_eq!(page.status, StatusCode::OK);
    let aside = sidebar_of(&page);
    assert!(
        aside.contains("You said sitting makes it worse"),
        "no reason tied to the answer:\n{aside}"
    );
    assert!(aside.contains("This is not medical advice"));

    // A warning sign gets no routine and nothing to buy either.
    let flag = get(&app, "/routine/plan?red_flag=bladder_bowel").await;
    assert_eq!(flag.status, StatusCode::OK);
    assert!(!flag.body.contains("supports-sidebar"));
}

#[actix_web::test]
async fn a_plan_for_pain_worse_lying_down_and_arching_does_not_offer_the_arching_pillow() {
    let site = TestSite::small();
    let app = site.app().await;

    // Lying down alone: the lumbar pillow for sleeping leads.
    let page = get(&app, &plan_uri(&["lying_down"])).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        order_of_products_in(sidebar_of(&page)).first(),
        Some(&"sleeping-lumbar-pillow")
    );

    // Its page says it is not for people whose back is worse arched, so
    // with arching too it is not shown at all; a bed product still leads,
    // with a reason tied to the answer.
    let page = get(&app, &plan_uri(&["lying_down", "arching_back"])).await;
    assert_eq!(page.status, StatusCode::OK);
    let aside = sidebar_of(&page);
    let shown = order_of_products_in(aside);
    assert!(!shown.is_empty(), "{aside}");
    assert!(!shown.contains(&"sleeping-lumbar-pillow"), "{shown:?}");
    let first = site
        .state
        .content
        .current()
        .supports
        .get(shown[0])
        .unwrap()
        .clone();
    assert!(
        first
            .contexts
            .contains(&backcare::supports::UseContext::Bed),
        "{shown:?}"
    );
    assert!(
        aside.contains("<p class=\"reason\">You said lying down makes it worse: "),
        "{aside}"
    );

    let product = get(&app, "/supports/sleeping-lumbar-pillow").await;
    product.assert_contains("worse with more arch");
}

#[actix_web::test]
async fn an_exercise_page_shows_the_supports_sidebar() {
    let site = TestSite::small();
    let app = site.app().await;
    let page = get(&app, "/exercises/bridge").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<aside class=\"supports-sidebar\"");
    page.assert_contains("class=\"reason\"");
}

/// The site's plain-language bar (Flesch-Kincaid grade 9, as for guides)
/// holds for what a product page says.
#[test]
fn each_products_text_reads_at_grade_9_or_below() {
    let site = TestSite::new();
    let content = site.state.content.current();
    for s in &content.supports.items {
        let mut lines = vec![s.summary.clone(), format!("It is {}.", s.pitch)];
        lines.extend(
            s.suits
                .iter()
                .chain(&s.not_for)
                .chain(&s.how_to_use)
                .cloned(),
        );
        let grade = backcare::content::readability::flesch_kincaid_grade(&lines.join(" "))
            .unwrap_or_default();
        assert!(grade <= 9.0, "{}: grade {grade:.1}", s.slug);
    }
}
