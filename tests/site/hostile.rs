//! The hostile-input corpus: requests generated from classes of bad input
//! (XSS, SQL and FTS injection, bad encodings, odd numbers, repeated and
//! empty parameters, Unicode edge cases, path traversal, wrong methods and
//! content types, oversized bodies) sent to every route that reads input.
//!
//! For every request: no 5xx; the security headers are there; an HTML body
//! never holds a payload that has HTML-significant characters as it was
//! sent (only escaped); a refused request (4xx) changes nothing stored.
//! At the end `/healthz` still answers 200. The count is printed.

use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;

use backcare::routine::Field;

use crate::common::{Backend, Page, TestSite, VALID_ANSWERS, get, save_routine, send};

const XSS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "{{7*7}}<b>{% if true %}x{% endif %}",
    "<iframe srcdoc=\"<script>alert(1)</script>\">",
    "\" autofocus onfocus=\"alert(1)",
];

const INJECTION: &[&str] = &[
    "' OR '1'='1",
    "1; DROP TABLE routines; --",
    "\" OR 1=1 --",
    "NEAR(back pain, 2)",
    "back* AND NOT pain OR (",
    "title:back ^ \"unclosed",
    "'); DELETE FROM session_logs; --",
    "%' _ \\ \\0",
];

const UNICODE: &[&str] = &[
    "\u{202E}gnp.exe\u{202C}",
    "\u{1F9D8}\u{200D}\u{2640}\u{FE0F}\u{1F4A5}",
    "e\u{301}\u{301}\u{301}\u{301}\u{301}",
    "\u{200B}\u{FEFF}\u{2060}",
    "\u{FF21}\u{FF42}\u{FF43} \u{0661}\u{0662}",
    "a\u{0}b",
    "\u{10FFFF}\u{FFFD}",
];

const NUMBERS: &[&str] = &[
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "99999999999999999999999",
    "0x10",
    "4.5",
    " 4 ",
];

/// Raw query values with bad percent-encoding or encoding invalid UTF-8.
const BAD_ENCODINGS: &[&str] = &["%", "%zz", "%FF%FE", "%C0%AF", "%ED%A0%80", "%E2%82", "%00"];

fn enc(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The valid answers with `field` replaced by `value` (already encoded).
fn answers_with(field: &str, value: &str) -> String {
    let mut kept: Vec<String> = VALID_ANSWERS
        .split('&')
        .filter(|pair| !pair.starts_with(&format!("{field}=")))
        .map(str::to_owned)
        .collect();
    kept.push(format!("{field}={value}"));
    kept.join("&")
}

/// One generated request and what is checked about it.
struct Case {
    what: String,
    request: TestRequest,
    /// The payload as the server decodes it, if it must never be echoed raw.
    payload: Option<String>,
}

fn needs_escaping(payload: &str) -> bool {
    payload.contains(['<', '>', '"', '\''])
}

fn case(what: String, request: TestRequest, payload: &str) -> Case {
    Case {
        what,
        request,
        payload: needs_escaping(payload).then(|| payload.to_owned()),
    }
}

fn form(uri: &str, body: impl Into<Vec<u8>>) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(body.into())
}

/// Every field that takes text, for one payload (already decoded).
fn field_cases(payload: &str, private: &str, class: &str) -> Vec<Case> {
    let v = enc(payload);
    let mut cases = Vec::new();
    let mut get_case = |uri: String| {
        cases.push(case(
            format!("{class} GET {uri}"),
            TestRequest::get().uri(&uri),
            payload,
        ));
    };
    get_case(format!("/search?q={v}"));
    get_case(format!("/search?q=back&page={v}"));
    for field in Field::ALL.map(Field::name) {
        get_case(format!("/routine/plan?{}", answers_with(field, &v)));
    }
    for field in ["category", "equipment"] {
        get_case(format!("/exercises?{field}={v}"));
    }
    for field in ["context", "kind", "firmness", "max_price", "sort"] {
        get_case(format!("/supports?{field}={v}"));
    }
    get_case(format!("/supports/compare?item={v}&item=x"));
    get_case(format!("/supports/compare?item=a&item=b&diff={v}"));
    get_case(format!("/guides?page={v}"));
    for field in ["week", "day"] {
        get_case(format!("/routine/session?{VALID_ANSWERS}&{field}={v}"));
    }
    get_case(format!("/routine/session?{}", answers_with("pain", &v)));
    get_case(format!("{private}/session/{v}/1"));
    get_case(format!("{private}/session/1/{v}"));
    for prefix in [
        "/guides/",
        "/tags/",
        "/exercises/",
        "/supports/",
        "/r/",
        "/static/",
    ] {
        get_case(format!("{prefix}{v}"));
    }
    for field in Field::ALL.map(Field::name) {
        cases.push(case(
            format!("{class} POST /routine/save {field}"),
            form("/routine/save", answers_with(field, &v)),
            payload,
        ));
    }
    // The session page's save form: the answers plus that session's log.
    for field in [
        "log",
        "log_week",
        "log_session",
        "log_pain",
        "log_pain_during",
        "log_effort",
        "log_morning",
        "log_note",
    ] {
        let mut pairs = vec![
            ("log", "yes".to_owned()),
            ("log_week", "1".to_owned()),
            ("log_session", "1".to_owned()),
            ("log_pain", "3".to_owned()),
            ("log_pain_during", "2".to_owned()),
            ("log_effort", "about_right".to_owned()),
            ("log_morning", "same".to_owned()),
            ("log_note", "fine".to_owned()),
        ];
        for pair in &mut pairs {
            if pair.0 == field {
                pair.1.clone_from(&v);
            }
        }
        let log: Vec<String> = pairs.iter().map(|(k, val)| format!("{k}={val}")).collect();
        cases.push(case(
            format!("{class} POST /routine/save with log {field}"),
            form(
                "/routine/save",
                format!("{VALID_ANSWERS}&{}", log.join("&")),
            ),
            payload,
        ));
    }
    for field in [
        "week",
        "session",
        "done",
        "pain",
        "pain_during",
        "effort",
        "morning",
        "note",
    ] {
        let mut pairs = vec![
            ("week", "1".to_owned()),
            ("session", "1".to_owned()),
            ("done", "yes".to_owned()),
            ("pain", "3".to_owned()),
            ("pain_during", "2".to_owned()),
            ("effort", "about_right".to_owned()),
            ("morning", "same".to_owned()),
            ("note", "fine".to_owned()),
        ];
        for pair in &mut pairs {
            if pair.0 == field {
                pair.1.clone_from(&v);
            }
        }
        let body: Vec<String> = pairs.iter().map(|(k, val)| format!("{k}={val}")).collect();
        cases.push(case(
            format!("{class} POST log {field}"),
            form(&format!("{private}/log"), body.join("&")),
            payload,
        ));
    }
    for field in ["week", "session"] {
        let body = if field == "week" {
            format!("week={v}&session=1")
        } else {
            format!("week=1&session={v}")
        };
        cases.push(case(
            format!("{class} POST log/remove {field}"),
            form(&format!("{private}/log/remove"), body),
            payload,
        ));
    }
    cases
}

/// Everything that does not fit the per-field pattern.
fn other_cases(private: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut plain = |what: &str, request: TestRequest| {
        cases.push(Case {
            what: what.to_owned(),
            request,
            payload: None,
        });
    };
    // Bad percent-encoding and invalid UTF-8, in queries, paths and forms.
    for bad in BAD_ENCODINGS {
        for uri in [
            format!("/search?q={bad}"),
            format!("/routine/plan?{}", answers_with("pain", bad)),
            format!("/exercises?category={bad}"),
            format!("/supports?sort={bad}"),
            format!("/supports/compare?item={bad}&item={bad}b"),
            format!("/guides?page={bad}"),
            format!("/guides/{bad}"),
            format!("/routine/session?{VALID_ANSWERS}&week={bad}"),
            format!("{private}/session/{bad}/1"),
            format!("/static/{bad}"),
            format!("/r/{bad}"),
        ] {
            plain(&format!("encoding GET {uri}"), TestRequest::get().uri(&uri));
        }
        plain(
            &format!("encoding POST save {bad}"),
            form("/routine/save", answers_with("pain", bad)),
        );
        plain(
            &format!("encoding POST log {bad}"),
            form(
                &format!("{private}/log"),
                format!("week=1&session=1&done=yes&pain=2&note={bad}"),
            ),
        );
        for field in ["pain_during", "effort", "morning"] {
            plain(
                &format!("encoding POST log {field} {bad}"),
                form(
                    &format!("{private}/log"),
                    format!("week=1&session=1&done=yes&{field}={bad}"),
                ),
            );
            plain(
                &format!("encoding POST save log_{field} {bad}"),
                form(
                    "/routine/save",
                    format!("{VALID_ANSWERS}&log=yes&log_week=1&log_session=1&log_{field}={bad}"),
                ),
            );
        }
    }
    // Raw bytes that are not UTF-8 at all in a form body.
    for body in [
        b"pain=\xff\xfe&week=\xc0\xaf".to_vec(),
        b"\xed\xa0\x80=\x00".to_vec(),
        vec![0u8; 64],
    ] {
        plain("raw bytes POST save", form("/routine/save", body.clone()));
        plain("raw bytes POST log", form(&format!("{private}/log"), body));
    }
    // Repeated and empty parameters.
    for uri in [
        "/search?q=back&q=pain",
        "/search?q=",
        "/search?q",
        "/search?=&&&",
        "/guides?page=1&page=2",
        "/guides?page=",
        "/exercises?category=&equipment=",
        "/supports?context=&kind=&firmness=&max_price=&sort=",
        "/routine/plan?",
        "/routine/plan?pain=",
        "/routine/plan?=",
    ] {
        plain(
            &format!("empty/repeated GET {uri}"),
            TestRequest::get().uri(uri),
        );
    }
    plain(
        "repeated GET plan pain",
        TestRequest::get().uri(&format!("/routine/plan?{VALID_ANSWERS}&pain=9")),
    );
    plain(
        "repeated GET compare item x40",
        TestRequest::get().uri(&format!("/supports/compare?{}", "item=a&".repeat(40))),
    );
    for (uri, body) in [
        (
            "/routine/save".to_owned(),
            format!("{VALID_ANSWERS}&pain=9"),
        ),
        (
            "/routine/save".to_owned(),
            format!("{VALID_ANSWERS}&{VALID_ANSWERS}"),
        ),
        ("/routine/save".to_owned(), String::new()),
        ("/routine/save".to_owned(), "=&&&=".to_owned()),
        (
            format!("{private}/log"),
            "week=1&week=2&session=1&done=yes".to_owned(),
        ),
        (
            format!("{private}/log"),
            "week=1&session=1&done=yes&done=no".to_owned(),
        ),
        (format!("{private}/log"), String::new()),
        (
            format!("{private}/log"),
            "week=&session=&done=&pain=&note=".to_owned(),
        ),
        (
            format!("{private}/log"),
            "week=1&session=1&done=yes&pain_during=&effort=&morning=".to_owned(),
        ),
        (
            format!("{private}/log"),
            "week=1&session=1&done=yes&effort=too_easy&effort=too_hard".to_owned(),
        ),
        (
            format!("{private}/log"),
            "week=1&session=1&done=yes&morning=better&morning=".to_owned(),
        ),
        (
            format!("{private}/log"),
            "week=1&session=1&done=yes&pain_during=1&pain_during=2".to_owned(),
        ),
        (
            "/routine/save".to_owned(),
            format!(
                "{VALID_ANSWERS}&log=yes&log_week=1&log_session=1&log_effort=too_easy&log_effort=x"
            ),
        ),
        (
            format!("{private}/log/remove"),
            "week=1&week=1&session=1".to_owned(),
        ),
        (format!("{private}/log/remove"), String::new()),
    ] {
        plain(&format!("empty/repeated POST {uri}"), form(&uri, body));
    }
    // Path traversal, plain and encoded.
    for uri in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/%252e%252e%252fCargo.toml",
        "/static/..%5c..%5cCargo.toml",
        "/static/%c0%ae%c0%ae/Cargo.toml",
        "/static/app.css%00.html",
        "/static/.%2e/src/main.rs",
        "/static//etc/passwd",
        "/guides/..%2f..%2fCargo.toml",
        "/exercises/%2e%2e",
        "/supports/..",
        "/tags/%2f%2f",
        "/r/..%2f..%2fhealthz",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/static/js/../../Cargo.toml",
    ] {
        plain(&format!("traversal GET {uri}"), TestRequest::get().uri(uri));
    }
    // Wrong methods on every kind of route.
    let routes = [
        "/".to_owned(),
        "/healthz".to_owned(),
        "/search?q=a".to_owned(),
        "/guides".to_owned(),
        "/tags".to_owned(),
        "/feed.xml".to_owned(),
        "/routine".to_owned(),
        "/routine/plan".to_owned(),
        "/routine/session".to_owned(),
        "/routine/save".to_owned(),
        "/exercises".to_owned(),
        "/supports".to_owned(),
        "/supports/compare".to_owned(),
        "/static/app.css".to_owned(),
        private.to_owned(),
        format!("{private}/log"),
        format!("{private}/log/remove"),
        format!("{private}/delete"),
        format!("{private}/session/1/1"),
    ];
    for route in &routes {
        for method in ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"] {
            plain(
                &format!("method {method} {route}"),
                TestRequest::default()
                    .method(Method::from_bytes(method.as_bytes()).unwrap())
                    .uri(route),
            );
        }
    }
    // GET-only pages sent a form.
    for route in ["/", "/search", "/routine/plan", "/r/x"] {
        plain(&format!("POST to {route}"), form(route, VALID_ANSWERS));
    }
    // Wrong and missing content types.
    for uri in ["/routine/save".to_owned(), format!("{private}/log")] {
        for content_type in [
            Some("text/plain"),
            Some("application/json"),
            Some("multipart/form-data; boundary=x"),
            Some("application/x-www-form-urlencoded-not"),
            Some("\u{1}"),
            None,
        ] {
            let body = if content_type == Some("application/json") {
                "{\"pain\": 4, \"week\": 1}".to_owned()
            } else {
                format!("{VALID_ANSWERS}&week=1&session=1&done=yes")
            };
            let mut request = TestRequest::post().uri(&uri).set_payload(body);
            if let Some(ct) = content_type
                && let Ok(value) = actix_web::http::header::HeaderValue::from_str(ct)
            {
                request = request.insert_header(("Content-Type", value));
            }
            plain(&format!("content type {content_type:?} {uri}"), request);
        }
    }
    // Oversized bodies.
    for size in [16 * 1024 + 1, 64 * 1024, 1024 * 1024] {
        for uri in [
            "/routine/save".to_owned(),
            format!("{private}/log"),
            format!("{private}/log/remove"),
            format!("{private}/delete"),
        ] {
            plain(
                &format!("oversized {size} {uri}"),
                form(&uri, format!("note={}", "x".repeat(size))),
            );
        }
    }
    // Hostile headers.
    for (name, value) in [
        ("Origin", "https://evil.example"),
        ("Origin", "null"),
        ("Host", "evil.example"),
        ("Content-Length", "-1"),
        ("Accept-Encoding", "gzip;q=NaN, br;q=-1, *;q=1e999"),
        ("If-None-Match", "\"<script>\", *, W/\"\""),
        ("Range", "bytes=-1-999999999999999999"),
        ("X-Forwarded-For", "<script>, 999.1.1.1"),
    ] {
        let request = form(
            &format!("{private}/log"),
            "week=1&session=5&done=yes&pain=1&note=h",
        )
        .insert_header((name, value));
        plain(&format!("header {name}: {value}"), request);
    }
    cases
}

/// Everything stored by visitors, as text, to compare before and after.
fn stored(site: &TestSite) -> String {
    let routines = site.text(
        "SELECT count(*) || ':' || ifnull(max(id), 0) FROM routines",
        "SELECT count(*) || ':' || coalesce(max(id), 0) FROM routines",
    );
    let logs = site.text(
        "SELECT ifnull(group_concat(routine_id || '/' || week || '/' || session || '/' || done \
         || '/' || ifnull(pain, '') || '/' || ifnull(pain_during, '') || '/' \
         || ifnull(effort, '') || '/' || ifnull(morning, '') || '/' || note, '|'), '') \
         FROM session_logs",
        "SELECT coalesce(string_agg(routine_id || '/' || week || '/' || session || '/' \
         || done::int || '/' || coalesce(pain::text, '') || '/' \
         || coalesce(pain_during::text, '') || '/' || coalesce(effort, '') || '/' \
         || coalesce(morning, '') || '/' || note, '|' ORDER BY routine_id, week, session), '') \
         FROM session_logs",
    );
    format!(
        "{}#{}",
        routines.unwrap_or_default(),
        logs.unwrap_or_default()
    )
}

async fn check<S, B>(app: &S, site: &TestSite, case: Case, failures: &mut Vec<String>) -> Page
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: actix_web::body::MessageBody,
{
    let before = stored(site);
    let page = send(app, case.request.to_request()).await;
    let what = &case.what;
    if page.status.is_server_error() {
        failures.push(format!("{what}: {}", page.status));
    }
    if page.header("content-security-policy").is_none() {
        failures.push(format!("{what}: no CSP"));
    }
    let html = page
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/html"));
    if let Some(payload) = &case.payload
        && html
        && page.body.contains(payload.as_str())
    {
        failures.push(format!("{what}: payload reflected unescaped"));
    }
    if html && page.body.contains("href=\"javascript:") {
        failures.push(format!("{what}: javascript: link"));
    }
    if page.body.contains("[package]") || page.body.contains("root:x:") {
        failures.push(format!("{what}: a file outside static/ was served"));
    }
    if page.status.is_client_error() && stored(site) != before {
        failures.push(format!(
            "{what}: refused with {} but stored something",
            page.status
        ));
    }
    page
}

on_both!(the_hostile_corpus_never_gets_a_5xx_an_echo_or_a_stored_row);
async fn the_hostile_corpus_never_gets_a_5xx_an_echo_or_a_stored_row(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    let private = save_routine(&app).await;

    let mut cases = Vec::new();
    for (class, payloads) in [
        ("xss", XSS),
        ("injection", INJECTION),
        ("unicode", UNICODE),
        ("number", NUMBERS),
    ] {
        for payload in payloads {
            cases.extend(field_cases(payload, &private, class));
        }
    }
    cases.extend(other_cases(&private));

    let total = cases.len();
    let echo_checked = cases.iter().filter(|c| c.payload.is_some()).count();
    let mut failures = Vec::new();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for case in cases {
        let page = check(&app, &site, case, &mut failures).await;
        *statuses.entry(page.status.as_u16()).or_default() += 1;
    }

    // Notes that were accepted (valid forms with a hostile note) are shown
    // escaped on the private page, and the CSV defuses formulas.
    let page = get(&app, &private).await;
    assert_eq!(page.status, StatusCode::OK);
    for payload in XSS.iter().chain(INJECTION) {
        if needs_escaping(payload) {
            assert!(!page.body.contains(payload), "stored {payload:?} shown raw");
        }
    }
    let csv = get(&app, &format!("{private}/export.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty(), "some hostile notes were stored");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a CSV cell starts a formula: {cell:?}"
            );
        }
        // The three answers hold only what the form offers, or nothing.
        assert!(
            matches!(&row[8], "" | "too_easy" | "about_right" | "too_hard"),
            "{row:?}"
        );
        assert!(
            matches!(&row[9], "" | "better" | "same" | "worse"),
            "{row:?}"
        );
        assert!(
            row[7].is_empty() || row[7].parse::<u8>().is_ok_and(|p| p <= 10),
            "{row:?}"
        );
    }

    // Erasing ignores any fields sent with it, hostile or not.
    let mut erased = 0;
    for payload in XSS {
        let fresh = save_routine(&app).await;
        let page = send(
            &app,
            form(
                &format!("{fresh}/delete"),
                format!("confirm={}", enc(payload)),
            )
            .to_request(),
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{payload}");
        erased += 1;
    }

    let health = get(&app, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    let sent = total + erased + 1;
    let five_xx = failures.iter().filter(|f| f.contains(": 5")).count();
    println!(
        "hostile corpus: {sent} requests ({echo_checked} checked for echoes), {five_xx} 5xx, statuses {statuses:?}"
    );
    assert!(total >= 300, "only {total} generated");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
