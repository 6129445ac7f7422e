//! Saved routines: private links, the progress log, exports and erase.

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use icalendar::Component;
use sha2::{Digest, Sha256};

use crate::common::{Page, TestSite, assert_in_layout, form_post, get, save_answers, send};

const ANSWERS: &str = "red_flag=none&age=20-49&pain=4&duration=acute&worse=sitting&cause=strain&activity=light&days=3&minutes=20&equipment=wall&equipment=towel&cleared=no";

fn count(site: &TestSite, table: &str) -> i64 {
    site.state
        .db
        .get()
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn log_body(week: u8, session: u8, done: &str, pain: &str, note: &str) -> String {
    format!("week={week}&session={session}&done={done}&pain={pain}&note={note}")
}

#[actix_web::test]
async fn saving_redirects_to_a_private_page_and_stores_only_the_token_hash() {
    let site = TestSite::new();
    let app = test::init_service(backcare::app(site.state.clone())).await;

    // The plan page offers to save, with every answer in hidden fields.
    let plan = get(&app, &format!("/routine/plan?{ANSWERS}")).await;
    plan.assert_contains("<form class=\"save-form\" action=\"/routine/save\" method=\"post\">");
    plan.assert_contains("<input type=\"hidden\" name=\"worse\" value=\"sitting\">");

    let path = save_answers(&app, ANSWERS).await;
    let token = path.strip_prefix("/r/").unwrap();
    assert_eq!(token.len(), 22, "128 bits, URL-safe base64");
    assert!(
        token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );

    let page = get(&app, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    page.assert_contains("<h1>Your saved routine</h1>");
    page.assert_contains("week 1 of 4");
    page.assert_contains(&format!("value=\"http://localhost:8080{path}\" readonly"));
    page.assert_contains("Nothing logged yet");
    page.assert_contains("Session A: Strength day");
    page.assert_contains("<meta name=\"robots\" content=\"noindex\">");
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(page.header("x-robots-tag"), Some("noindex, nofollow"));

    // The database holds the SHA-256 of the token, never the token.
    let conn = site.state.db.get().unwrap();
    let (hash, answers, plan_json): (Vec<u8>, String, String) = conn
        .query_row(
            "SELECT token_hash, answers, plan_json FROM routines",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(hash, Sha256::digest(token.as_bytes()).to_vec());
    assert!(!answers.contains(token) && !plan_json.contains(token));
    assert!(
        plan_json.contains("\"weeks\""),
        "a snapshot of the plan is stored"
    );
}

#[actix_web::test]
async fn save_validates_like_the_plan_and_stores_nothing_on_error() {
    let site = TestSite::new();
    let app = test::init_service(backcare::app(site.state.clone())).await;

    let missing = send(
        &app,
        form_post("/routine/save", "red_flag=none&age=20-49&pain=4"),
    )
    .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    missing.assert_contains("class=\"error-summary\"");
    missing.assert_contains("href=\"#duration\"");

    let flag = send(&app, form_post("/routine/save", "red_flag=bladder_bowel")).await;
    assert_eq!(flag.status, StatusCode::OK);
    flag.assert_contains("Get medical help now");

    let wrong_type = send(
        &app,
        TestRequest::post()
            .uri("/routine/save")
            .insert_header(("Content-Type", "application/json"))
            .set_payload("{}")
            .to_request(),
    )
    .await;
    assert_eq!(wrong_type.status, StatusCode::BAD_REQUEST);
    assert_in_layout(&wrong_type);

    let too_big = send(
        &app,
        form_post(
            "/routine/save",
            &format!("{ANSWERS}&x={}", "a".repeat(20_000)),
        ),
    )
    .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_in_layout(&too_big);

    let get_save = get(&app, "/routine/save").await;
    assert_eq!(get_save.status, StatusCode::METHOD_NOT_ALLOWED);

    assert_eq!(count(&site, "routines"), 0);
}

#[actix_web::test]
async fn posts_from_another_site_are_refused() {
    let site = TestSite::new();
    let app = test::init_service(backcare::app(site.state.clone())).await;
    let page = send(
        &app,
        TestRequest::post()
            .uri("/routine/save")
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .insert_header(("Origin", "https://evil.example"))
            .set_payload(ANSWERS)
            .to_request(),
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_in_layout(&page);
    assert_eq!(count(&site, "routines"), 0);

    // Our own origin is fine.
    let ok = send(
        &app,
        TestRequest::post()
            .uri("/routine/save")
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .insert_header(("Origin", "http://localhost:8080"))
            .set_payload(ANSWERS)
            .to_request(),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);

    // Browsers posting from a no-referrer page send `Origin: null`; their
    // fetch metadata says whether it came from this site.
    let from_us = |site: &str| {
        TestRequest::post()
            .uri("/routine/save")
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .insert_header(("Origin", "null"))
            .insert_header(("Sec-Fetch-Site", site.to_owned()))
            .set_payload(ANSWERS)
            .to_request()
    };
    assert_eq!(
        send(&app, from_us("same-origin")).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        send(&app, from_us("cross-site")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, from_us("same-site")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(count(&site, "routines"), 2);
}

#[actix_web::test]
async fn sessions_are_logged_corrected_and_removed() {
    let site = TestSite::new();
    let app = test::init_service(backcare::app(site.state.clone())).await;
    let path = save_answers(&app, ANSWERS).await;

    // Monday (day 1) of week 1 is a planned session.
    let res = send(
        &app,
        form_post(
            &format!("{path}/log"),
            &log_body(1, 1, "yes", "6", "stiff+at+first"),
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.header("location"),
        Some(format!("{path}#log-w1-d1").as_str())
    );
    let page = get(&app, &path).await;
    page.assert_contains("Logged: Done, pain 6 out of 10. Note: “stiff at first”");
    page.assert_contains("Pain after your logged session: 6 out of 10");

    // The same session again overwrites it.
    send(
        &app,
        form_post(
            &format!("{path}/log"),
            &log_body(1, 1, "yes", "4", "better"),
        ),
    )
    .await;
    assert_eq!(count(&site, "session_logs"), 1);
    let page = get(&app, &path).await;
    page.assert_contains("Logged: Done, pain 4 out of 10. Note: “better”");

    // A second session, then remove the first.
    send(
        &app,
        form_post(&format!("{path}/log"), &log_body(1, 3, "no", "", "")),
    )
    .await;
    assert_eq!(count(&site, "session_logs"), 2);
    let res = send(
        &app,
        form_post(&format!("{path}/log/remove"), "week=1&session=1"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(count(&site, "session_logs"), 1);
    let page = get(&app, &path).await;
    assert!(!page.body.contains("pain 4 out of 10"));
    page.assert_contains("Logged: Not done");
}

#[actix_web::test]
async fn bad_log_input_is_refused_beside_its_field_and_nothing_is_stored() {
    let site = TestSite::new();
    let app = test::init_service(backcare::app(site.state.clone())).await;
    let path = save_answers(&app, ANSWERS).await;
    let log = format!("{path}/log");

    let page = send(
        &app,
        form_post(&log, &log_body(1, 1, "yes", "11", "kept+note")),
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_in_layout(&page);
    page.assert_contains("Your log was not saved");
    page.assert_contains("href=\"#pain-w1-d1\"");
    page.assert_contains("id=\"pain-error-w1-d1\"");
    page.assert_contains(">kept note</textarea>");

    let long = "x".repeat(501);
    let page = send(&app, form_post(&log, &log_body(1, 1, "yes", "3", &long))).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    page.assert_contains("please keep it to 500");

    let page = send(&app, form_post(&log, &log_body(1, 2, "yes", "3", ""))).await;
    assert_eq!(
        page.status,
        StatusCode::BAD_REQUEST,
        "Tuesday is a rest day"
    );
    page.assert_contains("That session is not part of this routine");

    for junk in [
        "",
        "week=1&session=1",
        "done=maybe&week=9&session=-1",
        "%%%",
        "week=1&week=2&session=1&done=yes",
    ] {
        let page = send(&app, form_post(&log, junk)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{junk:?}");
    }
    let page = send(&app, form_post(&log, &"a=1&".repeat(5000))).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);

    assert_eq!(count(&site, "session_logs"), 0);
}

fn summary_of(page: &Page) -> &str {
    let start = page.body.find("<p class=\"progress-summary\">").unwrap();
    let rest = &page.body[start..];
    &rest[..rest.find("</p>").unwrap()]
}

#[actix_web::test]
async fn the_chart_and_summary_follow_the_log_and_warn_when_pain_rises() {
    let site = TestSite::new();
    let app = test::init_service(backcare::app(site.state.clone())).await;
    let path = save_answers(&app, ANSWERS).await;
    let log = format!("{path}/log");
    // Three sessions a week: Monday (1), Wednesday (3), Friday (5). Week 1
    // starts on the day of saving, so which of them comes first depends on
    // today: give them all the same score.
    for (week, day, pain) in [
        (1, 1, 6),
        (1, 3, 6),
        (1, 5, 6),
        (2, 1, 4),
        (2, 3, 4),
        (3, 1, 3),
    ] {
        let res = send(
            &app,
            form_post(&log, &log_body(week, day, "yes", &pain.to_string(), "")),
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
    }
    let page = get(&app, &path).await;
    assert_eq!(
        summary_of(&page),
        "<p class=\"progress-summary\">Pain fell from 6 to 3 over 3 weeks; 6 of 9 planned sessions done so far."
    );
    assert_eq!(page.body.matches("<circle class=\"chart-dot\"").count(), 6);
    page.assert_contains("<polyline class=\"chart-line\" points=\"");
    page.assert_contains("Week 1: 3 of 3 sessions done");
    page.assert_contains("Week 3: 1 of 3 sessions done");
    assert!(!page.body.contains("class=\"warning\""));

    // Pain going up two weeks running is called out.
    for (week, day, pain) in [
        (1, 1, 2),
        (1, 3, 2),
        (1, 5, 2),
        (2, 1, 4),
        (2, 3, 4),
        (3, 1, 6),
    ] {
        send(
            &app,
            form_post(&log, &log_body(week, day, "yes", &pain.to_string(), "")),
        )
        .await;
    }
    let page = get(&app, &path).await;
    page.assert_contains("Your pain has gone up two weeks in a row");
    assert!(!page.body.contains("You logged pain of"));

    // And so is a very painful session.
    send(&app, form_post(&log, &log_body(3, 3, "yes", "8", ""))).await;
    let page = get(&app, &path).await;
    page.assert_contains("You logged pain of 8 out of 10");
}

#[actix_web::test]
async fn the_log_exports_as_csv_and_the_plan_as_a_calendar() {
    let site = TestSite::new();
    let app = test::init_service(backcare::app(site.state.clone())).await;
    let path = save_answers(&app, ANSWERS).await;
    send(
        &app,
        form_post(
            &format!("{path}/log"),
            &log_body(1, 1, "yes", "5", "=1%2B1"),
        ),
    )
    .await;
    send(
        &app,
        form_post(
            &format!("{path}/log"),
            &log_body(1, 3, "no", "", "busy,+tired"),
        ),
    )
    .await;

    let csv = get(&app, &format!("{path}/export.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(csv.header("cache-control"), Some("no-store"));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "week",
            "session",
            "what",
            "done",
            "pain_0_to_10",
            "note",
            "logged_at"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][2], "Week 1, Monday: Session A: Strength day");
    assert_eq!(&rows[0][4], "5");
    assert_eq!(&rows[0][5], "'=1+1", "formulas are defused");
    assert_eq!(&rows[1][3], "no");
    assert_eq!(&rows[1][5], "busy, tired");

    let ics = get(&app, &format!("{path}/calendar.ics")).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert_eq!(
        ics.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    let calendar: icalendar::Calendar = ics.body.parse().unwrap();
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), 12, "3 sessions a week for 4 weeks");
    assert!(events.iter().all(|e| {
        e.get_summary()
            .unwrap()
            .starts_with("Back routine: Session")
    }));
    let token = path.strip_prefix("/r/").unwrap();
    assert!(
        !ics.body.contains(token),
        "the calendar does not carry the private link"
    );
}

#[actix_web::test]
async fn erasing_removes_every_row_and_the_link_stops_working() {
    let site = TestSite::new();
    let app = test::init_service(backcare::app(site.state.clone())).await;
    let keep = save_answers(&app, ANSWERS).await;
    let path = save_answers(&app, ANSWERS).await;
    send(
        &app,
        form_post(&format!("{path}/log"), &log_body(1, 1, "yes", "5", "")),
    )
    .await;
    send(
        &app,
        form_post(&format!("{keep}/log"), &log_body(1, 1, "yes", "5", "")),
    )
    .await;
    assert_eq!(count(&site, "routines"), 2);
    assert_eq!(count(&site, "session_logs"), 2);

    let confirm = get(&app, &format!("{path}/delete")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    confirm.assert_contains("Erase your saved routine?");
    confirm.assert_contains("the 1 entry you logged");
    confirm.assert_contains(&format!("<form action=\"{path}/delete\" method=\"post\""));
    assert_eq!(count(&site, "routines"), 2, "asking changes nothing");

    let res = send(&app, form_post(&format!("{path}/delete"), "")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/routine/erased"));
    let done = get(&app, "/routine/erased").await;
    done.assert_contains("Your routine has been erased");

    assert_eq!(count(&site, "routines"), 1);
    assert_eq!(
        count(&site, "session_logs"),
        1,
        "only the other routine's entry is left"
    );
    let gone = get(&app, &path).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_in_layout(&gone);
    assert_eq!(get(&app, &keep).await.status, StatusCode::OK);
}

#[actix_web::test]
async fn unknown_and_malformed_tokens_are_404_everywhere() {
    let site = TestSite::new();
    let app = test::init_service(backcare::app(site.state.clone())).await;
    for token in [
        "AAAAAAAAAAAAAAAAAAAAAA",
        "short",
        "%3Cscript%3E",
        "..%2F..%2Fetc",
    ] {
        for suffix in ["", "/export.csv", "/calendar.ics", "/delete"] {
            let page = get(&app, &format!("/r/{token}{suffix}")).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "/r/{token}{suffix}");
            assert!(!page.body.contains("<script>"));
        }
        for suffix in ["/log", "/log/remove", "/delete"] {
            let page = send(
                &app,
                form_post(
                    &format!("/r/{token}{suffix}"),
                    &log_body(1, 1, "yes", "3", ""),
                ),
            )
            .await;
            assert_eq!(
                page.status,
                StatusCode::NOT_FOUND,
                "POST /r/{token}{suffix}"
            );
        }
    }
    assert_eq!(count(&site, "session_logs"), 0);
}

#[actix_web::test]
async fn many_concurrent_log_writes_all_land() {
    let site = TestSite::new();
    let app = test::init_service(backcare::app(site.state.clone())).await;
    let mut paths = Vec::new();
    for _ in 0..20 {
        paths.push(save_answers(&app, ANSWERS).await);
    }
    // 20 routines × 12 sessions, all at once.
    let requests = paths.iter().flat_map(|path| {
        (1..=4u8).flat_map(move |week| {
            [1u8, 3, 5]
                .map(|day| form_post(&format!("{path}/log"), &log_body(week, day, "yes", "3", "")))
        })
    });
    let responses =
        futures_util::future::join_all(requests.map(|req| test::call_service(&app, req))).await;
    let failures = responses
        .iter()
        .filter(|r| r.status() != StatusCode::SEE_OTHER)
        .count();
    assert_eq!(failures, 0);
    assert_eq!(count(&site, "session_logs"), 240);
}
