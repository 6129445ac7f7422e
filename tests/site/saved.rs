//! Saved routines: private links, the progress log, exports and erase.

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use icalendar::Component;
use sha2::{Digest, Sha256};

use chrono::Weekday;

use crate::common::{
    Backend, Calendar, Page, TestSite, WALL_AND_TOWEL_ANSWERS, assert_in_layout, form_post, get,
    save_answers, save_answers_days_ago, send,
};

fn count(site: &TestSite, table: &str) -> i64 {
    site.count(table)
}

fn log_body(week: u8, session: u8, done: &str, pain: &str, note: &str) -> String {
    format!("week={week}&session={session}&done={done}&pain={pain}&note={note}")
}

/// A log form body with the three session answers too.
fn answered_body(
    week: u8,
    session: u8,
    pain_during: &str,
    effort: &str,
    morning: &str,
    note: &str,
) -> String {
    format!(
        "{}&pain_during={pain_during}&effort={effort}&morning={morning}",
        log_body(week, session, "yes", "3", note)
    )
}

/// The three answers as stored for one session: (pain_during, effort,
/// morning), or `None` when the session has no row.
type StoredAnswers = (Option<u8>, Option<String>, Option<String>);

fn stored_answers(site: &TestSite, week: u8, session: u8) -> Option<StoredAnswers> {
    let row = format!("FROM session_logs WHERE week = {week} AND session = {session}");
    let joined = site.text(
        &format!(
            "SELECT max(ifnull(pain_during, '-') || '|' || ifnull(effort, '-') || '|' \
             || ifnull(morning, '-')) {row}"
        ),
        &format!(
            "SELECT max(coalesce(pain_during::text, '-') || '|' || coalesce(effort, '-') || '|' \
             || coalesce(morning, '-')) {row}"
        ),
    )?;
    let mut parts = joined.split('|').map(|p| (p != "-").then(|| p.to_owned()));
    let pain_during = parts.next().flatten().map(|p| p.parse().unwrap());
    Some((pain_during, parts.next().flatten(), parts.next().flatten()))
}

/// The HTML of one session's entry and log form on the saved page.
fn entry_of<'a>(page: &'a Page, key: &str) -> &'a str {
    let start = format!("<div class=\"log-session\" id=\"log-{key}\">");
    let from = page
        .body
        .find(&start)
        .unwrap_or_else(|| panic!("no {start} in:\n{}", page.body));
    let rest = &page.body[from..];
    &rest[..rest.find("</form>").unwrap()]
}

on_both!(saving_redirects_to_a_private_page_and_stores_only_the_token_hash);
async fn saving_redirects_to_a_private_page_and_stores_only_the_token_hash(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;

    // The plan page offers to save, with every answer in hidden fields,
    // from the top of the page (a button of the same form) and the end.
    let plan = get(&app, &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}")).await;
    plan.assert_contains(
        "<form class=\"save-form\" id=\"save-form\" action=\"/routine/save\" method=\"post\">",
    );
    plan.assert_contains("<button type=\"submit\" form=\"save-form\">Save this routine</button>");
    plan.assert_contains("<input type=\"hidden\" name=\"worse\" value=\"sitting\">");

    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
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
    page.assert_contains("week 1 of 12");
    page.assert_contains(&format!("value=\"http://localhost:8080{path}\" readonly"));
    page.assert_contains("Nothing logged yet");
    page.assert_contains("Session A: Strength day");
    page.assert_contains("<meta name=\"robots\" content=\"noindex\">");
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("referrer-policy"), Some("same-origin"));
    assert_eq!(page.header("x-robots-tag"), Some("noindex, nofollow"));

    // The database holds the SHA-256 of the token, never the token.
    let hash = Sha256::digest(token.as_bytes()).to_vec();
    let stored_hash = site
        .text(
            "SELECT lower(hex(token_hash)) FROM routines",
            "SELECT encode(token_hash, 'hex') FROM routines",
        )
        .unwrap();
    assert_eq!(stored_hash, backcare::hex::encode(&hash));
    // The plan snapshot is stored compressed; read back, it is the plan.
    let (row, _) = site.state.store.find(hash).await.unwrap().unwrap();
    let (answers, plan_json) = (row.answers, row.plan_json);
    assert!(!answers.contains(token) && !plan_json.contains(token));
    assert!(
        plan_json.contains("\"weeks\""),
        "a snapshot of the plan is stored"
    );
}

#[actix_web::test]
async fn save_validates_like_the_plan_and_stores_nothing_on_error() {
    let site = TestSite::new();
    let app = site.app().await;

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
            &format!("{WALL_AND_TOWEL_ANSWERS}&x={}", "a".repeat(20_000)),
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
    let app = site.app().await;
    let page = send(
        &app,
        TestRequest::post()
            .uri("/routine/save")
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .insert_header(("Origin", "https://evil.example"))
            .set_payload(WALL_AND_TOWEL_ANSWERS)
            .to_request(),
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_in_layout(&page);
    assert_eq!(count(&site, "routines"), 0);

    // The site's own origin is not taken from the request: a sender that
    // names itself in Host and X-Forwarded-Host is still refused.
    let spoofed = send(
        &app,
        TestRequest::post()
            .uri("/routine/save")
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .insert_header(("Origin", "https://evil.example"))
            .insert_header(("Host", "evil.example"))
            .insert_header(("X-Forwarded-Host", "evil.example"))
            .insert_header(("X-Forwarded-Proto", "https"))
            .set_payload(WALL_AND_TOWEL_ANSWERS)
            .to_request(),
    )
    .await;
    assert_eq!(spoofed.status, StatusCode::FORBIDDEN);
    assert_eq!(count(&site, "routines"), 0);

    // Our own origin is fine.
    let ok = send(
        &app,
        TestRequest::post()
            .uri("/routine/save")
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .insert_header(("Origin", "http://localhost:8080"))
            .set_payload(WALL_AND_TOWEL_ANSWERS)
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
            .set_payload(WALL_AND_TOWEL_ANSWERS)
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

on_both!(sessions_are_logged_corrected_and_removed);
async fn sessions_are_logged_corrected_and_removed(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;

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
    // Back to the entry (issue 17: with a flag that says it was just saved;
    // the token stays in the path, where it was).
    let location = format!("{path}?saved=w1-d1#saved-w1-d1");
    assert_eq!(res.header("location"), Some(location.as_str()));
    let page = get(&app, &path).await;
    page.assert_contains("Logged: Done, pain 6 out of 10. Note: “stiff at first”");
    assert!(!page.body.contains("data-saved"));
    // The page it leads to says so, once, first in the entry, for a screen
    // reader too (the fragment names it and it can take focus, so the
    // browser moves focus there).
    let landed = get(&app, location.split('#').next().unwrap()).await;
    assert_eq!(landed.status, StatusCode::OK);
    let message = "<p class=\"log-saved\" id=\"saved-w1-d1\" role=\"status\" tabindex=\"-1\" data-saved>Saved: Monday, week 1 — Done, pain 6 out of 10.</p>";
    assert_eq!(landed.body.matches(message).count(), 1);
    let entry = &landed.body[landed.body.find("id=\"log-w1-d1\"").unwrap()..];
    assert!(entry[..entry.find("</form>").unwrap()].contains(message));
    // A flag for a session not logged, or not a session, says nothing.
    for flag in ["w1-d2", "w1-d9", "w99-d1", "w1", "%3Cscript%3E", "w1-d1x"] {
        let page = get(&app, &format!("{path}?saved={flag}")).await;
        assert_eq!(page.status, StatusCode::OK, "{flag}");
        assert!(!page.body.contains("data-saved"), "{flag}");
        assert!(!page.body.contains("<script>"), "{flag}");
    }
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

on_both!(bad_log_input_is_refused_beside_its_field_and_nothing_is_stored);
async fn bad_log_input_is_refused_beside_its_field_and_nothing_is_stored(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
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

on_both!(the_chart_and_summary_follow_the_log_and_warn_when_pain_rises);
async fn the_chart_and_summary_follow_the_log_and_warn_when_pain_rises(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    // Saved 20 days ago, so today is the last day of week 3 and every
    // session up to it can be logged.
    let path = save_answers_days_ago(&app, WALL_AND_TOWEL_ANSWERS, 20).await;
    let log = format!("{path}/log");
    // Three sessions a week: Monday (1), Wednesday (3), Friday (5). Week 1
    // starts on the day of saving, so which of them comes first depends on
    // the weekday: give them all the same score.
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
        "<p class=\"progress-summary\">Pain fell from 6 to 3 over 2 weeks; 6 of 9 planned sessions done so far."
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

on_both!(the_log_exports_as_csv_and_the_plan_as_a_calendar);
async fn the_log_exports_as_csv_and_the_plan_as_a_calendar(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
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
    send(
        &app,
        form_post(
            &format!("{path}/log"),
            &answered_body(1, 5, "6", "too_hard", "worse", "%3Dcmd"),
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
            "logged_at",
            "pain_during",
            "effort",
            "morning"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][2], "Week 1, Monday: Session A: Strength day");
    assert_eq!(&rows[0][4], "5");
    assert_eq!(&rows[0][5], "'=1+1", "formulas are defused");
    assert_eq!(&rows[1][3], "no");
    assert_eq!(&rows[1][5], "busy, tired");
    // The three answers: empty when not given, the form's values when given.
    assert_eq!((&rows[0][7], &rows[0][8], &rows[0][9]), ("", "", ""));
    assert_eq!(&rows[2][2], "Week 1, Friday: Session C: Strength day");
    assert_eq!(
        (&rows[2][7], &rows[2][8], &rows[2][9]),
        ("6", "too_hard", "worse")
    );
    assert_eq!(&rows[2][5], "'=cmd", "formulas are still defused");

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
    // Event ids stay the same for a routine, differ between routines, and
    // do not count the routines (no row id).
    let uids = |body: &str| -> Vec<String> {
        body.lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            // The events' ids (their reminders get ids of their own).
            .filter(|u| u.ends_with("@backcare"))
            .map(str::to_owned)
            .collect()
    };
    let first = uids(&ics.body);
    assert_eq!(first.len(), 12);
    // `routine-` then 24 hex digits, never the row id.
    assert!(
        first
            .iter()
            .all(|u| u.len() == "routine-".len() + 24 + "-w1-s1@backcare".len()),
        "{first:?}"
    );
    assert_eq!(
        uids(&get(&app, &format!("{path}/calendar.ics")).await.body),
        first
    );
    let other = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
    let second = uids(&get(&app, &format!("{other}/calendar.ics")).await.body);
    assert!(second.iter().all(|u| !first.contains(u)));
}

on_both!(erasing_removes_every_row_and_the_link_stops_working);
async fn erasing_removes_every_row_and_the_link_stops_working(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    let keep = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
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

on_both!(unknown_and_malformed_tokens_are_404_everywhere);
async fn unknown_and_malformed_tokens_are_404_everywhere(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
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

on_both!(many_concurrent_log_writes_all_land);
async fn many_concurrent_log_writes_all_land(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    let mut paths = Vec::new();
    for _ in 0..20 {
        // Saved four weeks ago, less a day: weeks 1 to 4 have all come.
        paths.push(save_answers_days_ago(&app, WALL_AND_TOWEL_ANSWERS, 27).await);
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

on_both!(the_three_session_answers_are_stored_shown_in_words_and_cleared_when_left_empty);
async fn the_three_session_answers_are_stored_shown_in_words_and_cleared_when_left_empty(
    backend: Backend,
) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
    let log = format!("{path}/log");

    // The form asks all three, each marked optional.
    let page = get(&app, &path).await;
    let form = entry_of(&page, "w1-d1");
    assert!(
        form.contains("<label for=\"pain_during-w1-d1\">Pain during the session (0 to 10)</label>")
    );
    assert!(
        form.contains("<legend id=\"effort-w1-d1\" tabindex=\"-1\">How hard did it feel?</legend>")
    );
    assert!(form.contains(
        "How did your back feel this morning, compared with before your last session?</legend>"
    ));
    assert_eq!(form.matches("name=\"pain_during\"").count(), 1);
    assert_eq!(
        form.matches("<option value=").count(),
        24,
        "two 0-10 selects with Not given"
    );
    for (value, label) in [
        ("too_easy", "Too easy"),
        ("about_right", "About right"),
        ("too_hard", "Too hard"),
    ] {
        assert!(form.contains(&format!(
            "<input type=\"radio\" name=\"effort\" value=\"{value}\"> {label}</label>"
        )));
    }
    for (value, label) in [
        ("better", "Better"),
        ("same", "The same"),
        ("worse", "Worse"),
    ] {
        assert!(form.contains(&format!(
            "<input type=\"radio\" name=\"morning\" value=\"{value}\"> {label}</label>"
        )));
    }
    assert!(form.contains("aria-describedby=\"effort-hint-w1-d1\""));
    assert!(form.contains("id=\"effort-hint-w1-d1\">Optional."));
    assert!(form.contains("id=\"morning-hint-w1-d1\">Optional."));
    assert!(form.contains("id=\"pain_during-hint-w1-d1\">Optional."));

    let res = send(
        &app,
        form_post(
            &log,
            &answered_body(1, 1, "5", "too_hard", "worse", "stiff"),
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        stored_answers(&site, 1, 1),
        Some((
            Some(5),
            Some("too_hard".to_owned()),
            Some("worse".to_owned())
        ))
    );
    let page = get(&app, &path).await;
    let entry = entry_of(&page, "w1-d1");
    assert!(
        entry.contains("Logged: Done, pain 3 out of 10. Pain during the session: 5 out of 10. It felt too hard. This morning your back felt worse than before your last session. Note: “stiff”"),
        "{entry}"
    );
    // The form holds them, to correct.
    assert!(entry.contains("<option value=\"5\" selected>5</option>"));
    assert!(entry.contains("name=\"effort\" value=\"too_hard\" checked>"));
    assert!(entry.contains("name=\"morning\" value=\"worse\" checked>"));
    assert_eq!(
        entry.matches(" checked>").count(),
        3,
        "done, effort, morning"
    );

    // Each word for each answer.
    for (effort, morning, words) in [
        (
            "too_easy",
            "better",
            "It felt too easy. This morning your back felt better than before your last session",
        ),
        (
            "about_right",
            "same",
            "It felt about right. This morning your back felt the same as before your last session",
        ),
    ] {
        send(
            &app,
            form_post(&log, &answered_body(1, 3, "0", effort, morning, "")),
        )
        .await;
        let page = get(&app, &path).await;
        let entry = entry_of(&page, "w1-d3");
        assert!(
            entry.contains(&format!("Pain during the session: 0 out of 10. {words}")),
            "{entry}"
        );
    }

    // Empty answers are "not given": NULL, and nothing said about them.
    let res = send(&app, form_post(&log, &answered_body(1, 1, "", "", "", ""))).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(stored_answers(&site, 1, 1), Some((None, None, None)));
    let page = get(&app, &path).await;
    let entry = entry_of(&page, "w1-d1");
    assert!(
        entry.contains("<p class=\"logged\">Logged: Done, pain 3 out of 10</p>"),
        "{entry}"
    );
    assert_eq!(entry.matches(" checked>").count(), 1, "only done: {entry}");
    // A form without the fields at all (an older page) stores NULL too.
    let res = send(&app, form_post(&log, &log_body(1, 3, "yes", "2", ""))).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(stored_answers(&site, 1, 3), Some((None, None, None)));
}

on_both!(each_bad_session_answer_is_refused_beside_its_field_and_nothing_is_stored);
async fn each_bad_session_answer_is_refused_beside_its_field_and_nothing_is_stored(
    backend: Backend,
) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
    let log = format!("{path}/log");
    // A stored entry a refused correction must leave alone.
    send(
        &app,
        form_post(
            &log,
            &answered_body(1, 1, "2", "about_right", "same", "first"),
        ),
    )
    .await;
    let before = stored_answers(&site, 1, 1);
    assert_eq!(
        before,
        Some((
            Some(2),
            Some("about_right".to_owned()),
            Some("same".to_owned())
        ))
    );

    for (pain_during, effort, morning, field, message) in [
        (
            "11",
            "too_easy",
            "better",
            "pain_during",
            "Pain during the session must be a whole number from 0",
        ),
        (
            "-1",
            "too_easy",
            "better",
            "pain_during",
            "Pain during the session must be a whole number from 0",
        ),
        (
            "4.5",
            "too_easy",
            "better",
            "pain_during",
            "Pain during the session must be a whole number from 0",
        ),
        (
            "lots",
            "too_easy",
            "better",
            "pain_during",
            "Pain during the session must be a whole number from 0",
        ),
        (
            "4",
            "TOO_EASY",
            "better",
            "effort",
            "Choose how hard the session felt: too easy, about right or too hard.",
        ),
        (
            "4",
            "hard",
            "better",
            "effort",
            "Choose how hard the session felt: too easy, about right or too hard.",
        ),
        (
            "4",
            "too_easy",
            "Better",
            "morning",
            "Choose how your back felt this morning: better, the same or worse.",
        ),
        (
            "4",
            "too_easy",
            "1",
            "morning",
            "Choose how your back felt this morning: better, the same or worse.",
        ),
    ] {
        let body = answered_body(1, 1, pain_during, effort, morning, "kept+note");
        let page = send(&app, form_post(&log, &body)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{body}");
        assert_in_layout(&page);
        page.assert_contains("Your log was not saved");
        // In the summary, linked to the field, and beside the field.
        page.assert_contains(&format!("<li><a href=\"#{field}-w1-d1\">{message}"));
        let entry = entry_of(&page, "w1-d1");
        let beside = format!(
            "id=\"{field}-error-w1-d1\"><span class=\"visually-hidden\">Error:</span> {message}"
        );
        assert!(entry.contains(&beside), "{field}: {entry}");
        assert!(
            entry.contains(&format!(
                "aria-describedby=\"{field}-hint-w1-d1 {field}-error-w1-d1\""
            )),
            "{entry}"
        );
        assert_eq!(
            entry.matches("class=\"field-error\"").count(),
            1,
            "only {field} is wrong"
        );
        // What was sent is shown again, not what is stored.
        assert!(entry.contains(">kept note</textarea>"));
        if field != "effort" {
            assert!(
                entry.contains("name=\"effort\" value=\"too_easy\" checked>"),
                "{entry}"
            );
        } else {
            assert!(!entry.contains("name=\"effort\" value=\"about_right\" checked>"));
        }
        if field != "morning" {
            assert!(
                entry.contains("name=\"morning\" value=\"better\" checked>"),
                "{entry}"
            );
        }
        if field != "pain_during" {
            assert!(
                entry.contains("<option value=\"4\" selected>4</option>"),
                "{entry}"
            );
        }
        assert_eq!(stored_answers(&site, 1, 1), before, "{body}");
    }
    // Every answer wrong at once: each named, in the order of the form.
    let page = send(
        &app,
        form_post(&log, &answered_body(1, 1, "99", "x", "y", "")),
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let summary = &page.body[..page.body.find("<h1>").unwrap()];
    let at = |field: &str| summary.find(&format!("href=\"#{field}-w1-d1\"")).unwrap();
    assert!(at("pain_during") < at("effort") && at("effort") < at("morning"));
    // Sent twice: refused whole.
    let page = send(
        &app,
        form_post(
            &log,
            &format!(
                "{}&effort=too_hard",
                answered_body(1, 3, "", "too_easy", "", "")
            ),
        ),
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    page.assert_contains("sent `effort` more than once");

    assert_eq!(count(&site, "session_logs"), 1);
    assert_eq!(stored_answers(&site, 1, 1), before);
}

#[actix_web::test]
async fn a_database_from_before_the_session_answers_upgrades_and_keeps_its_log() {
    use backcare::routine::{Answers, Outcome, plan};
    use rusqlite_migration::{M, Migrations};

    // The plan a routine of these answers holds, from a site of today.
    let today_site = TestSite::new();
    let answers = Answers::from_query(WALL_AND_TOWEL_ANSWERS).unwrap();
    let content = today_site.state.content.current();
    let the_plan = match plan(&answers, &content.exercises, &content.signs) {
        Outcome::Plan(plan) => plan,
        other => panic!("no plan: {other:?}"),
    };

    // What the binary of migrations 0001-0003 left: a routine and two logs.
    let old = tempfile::tempdir().unwrap();
    let db = old.path().join("site.db");
    let token = backcare::saved::Token::generate().unwrap();
    let now = chrono::Utc::now().naive_utc();
    {
        let mut conn = rusqlite::Connection::open(&db).unwrap();
        let migrations = [
            M::up(include_str!("../../migrations/0001_search.sql")),
            M::up(include_str!("../../migrations/0002_supports.sql")),
            M::up(include_str!("../../migrations/0003_routines.sql")),
        ];
        Migrations::from_slice(&migrations)
            .to_latest(&mut conn)
            .unwrap();
        conn.execute(
            "INSERT INTO routines (id, token_hash, answers, plan_json, start_date, created_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                token.hash(),
                answers.to_query(),
                serde_json::to_string(&the_plan).unwrap(),
                // Saved six days ago, so all of week 1 can be logged.
                now.date() - chrono::Days::new(6),
                now
            ],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO session_logs (routine_id, week, session, done, pain, note, logged_at)
             VALUES (1, 1, 1, 1, 4, 'logged before', '2026-01-05 18:00:00'),
                    (1, 1, 3, 0, NULL, '', '2026-01-07 18:00:00');",
        )
        .unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 3);
        assert!(
            conn.prepare("SELECT pain_during FROM session_logs")
                .is_err(),
            "the old schema has no answer columns"
        );
    }

    let site =
        TestSite::with_config(|config| config.db = backcare::config::Database::Sqlite(db.clone()));
    let app = site.app().await;
    let path = format!("/r/{}", token.as_str());
    let page = get(&app, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let entry = entry_of(&page, "w1-d1");
    assert!(
        entry.contains(
            "<p class=\"logged\">Logged: Done, pain 4 out of 10. Note: “logged before”</p>"
        ),
        "{entry}"
    );
    assert!(entry_of(&page, "w1-d3").contains("<p class=\"logged\">Logged: Not done</p>"));
    assert_eq!(stored_answers(&site, 1, 1), Some((None, None, None)));
    let csv = get(&app, &format!("{path}/export.csv")).await;
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (&rows[0][5], &rows[0][7], &rows[0][8], &rows[0][9]),
        ("logged before", "", "", "")
    );

    // The upgraded file takes the new answers.
    let res = send(
        &app,
        form_post(
            &format!("{path}/log"),
            &answered_body(1, 3, "3", "about_right", "better", ""),
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        stored_answers(&site, 1, 3),
        Some((
            Some(3),
            Some("about_right".to_owned()),
            Some("better".to_owned())
        ))
    );
    let version: i64 = site
        .state
        .db
        .get()
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let latest: i64 = today_site
        .state
        .db
        .get()
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, latest);
}

/// Plan snapshots are stored compressed: 1,000 saved routines with a
/// typical plan grow the database by at most 4 MB (about 31 KB of JSON
/// each before), and a routine saved before (its JSON stored as text)
/// still opens.
#[actix_web::test]
async fn a_thousand_saved_plans_take_at_most_4_mb_and_old_rows_still_read() {
    let site = TestSite::new();
    let app = site.app().await;
    let size = || -> i64 {
        let conn = site.state.db.get().unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        let pages: i64 = conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        let free: i64 = conn
            .query_row("PRAGMA freelist_count", [], |r| r.get(0))
            .unwrap();
        let page: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        (pages - free) * page
    };
    let plan = get(
        &app,
        &format!("/routine/plan.json?{WALL_AND_TOWEL_ANSWERS}"),
    )
    .await;
    assert_eq!(plan.status, StatusCode::OK);
    assert!(
        plan.body.len() > 20_000,
        "a typical plan: {} bytes",
        plan.body.len()
    );
    let before = size();
    {
        let mut conn = site.writer().get().unwrap();
        let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let at = start.and_hms_opt(9, 0, 0).unwrap();
        for i in 0..1_000u32 {
            let mut hash = [0u8; 32];
            hash[..4].copy_from_slice(&i.to_le_bytes());
            backcare::db::sqlite::insert(
                &mut conn,
                &hash,
                WALL_AND_TOWEL_ANSWERS,
                &plan.body,
                start,
                at,
                None,
            )
            .unwrap();
        }
    }
    let grown = size() - before;
    eprintln!("1,000 saved plans grew the database by {grown} bytes");
    assert!(
        grown <= 4 * 1024 * 1024,
        "1,000 routines took {grown} bytes"
    );

    // A routine stored the old way (JSON as text) reads as before.
    let path = crate::common::save_routine(&app).await;
    {
        let conn = site.writer().get().unwrap();
        let json: String = {
            let hash = backcare::saved::Token::parse(path.strip_prefix("/r/").unwrap())
                .unwrap()
                .hash();
            let found = backcare::db::sqlite::find(&conn, &hash).unwrap().unwrap();
            conn.execute(
                "UPDATE routines SET plan_json = ?1, plan_br = NULL WHERE id = ?2",
                rusqlite::params![found.plan_json, found.id],
            )
            .unwrap();
            found.plan_json
        };
        assert!(json.starts_with('{'));
    }
    let page = get(&app, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Week 1");
}

/// Without `--base-url`, the private link shown after saving is built from
/// the address the visitor used (a phone on the home network reaches the
/// server as 192.168.1.20:8080), so the link they bookmark works. A `Host`
/// naming another port, or not a plain host, gets the default address;
/// with `--base-url` that address is always used.
#[actix_web::test]
async fn the_private_link_follows_the_address_the_visitor_used() {
    let site = TestSite::with_config(|c| {
        c.bind = "0.0.0.0:8080".parse().unwrap();
        c.base_url = "http://127.0.0.1:8080".to_owned();
        c.base_url_given = false;
    });
    let app = site.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
    let page_at = |host: &'static str| {
        TestRequest::get()
            .uri(&path)
            .insert_header(("Host", host))
            .to_request()
    };
    let page = send(&app, page_at("192.168.1.20:8080")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&format!("value=\"http://192.168.1.20:8080{path}\""));
    let page = send(&app, page_at("192.168.1.20:9999")).await;
    page.assert_contains(&format!("value=\"http://127.0.0.1:8080{path}\""));
    let page = send(&app, page_at("evil.example:8080\"><b")).await;
    page.assert_contains(&format!("value=\"http://127.0.0.1:8080{path}\""));
    // Forms posted from that address carry it as their Origin and no fetch
    // metadata (plain HTTP, not localhost): they are this site's own.
    let post_from = |origin: &'static str| {
        TestRequest::post()
            .uri(&format!("{path}/log"))
            .insert_header(("Host", "192.168.1.20:8080"))
            .insert_header(("Origin", origin))
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload("week=1&session=1&done=yes&pain=3")
            .to_request()
    };
    assert_eq!(
        send(&app, post_from("http://192.168.1.20:8080"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        send(&app, post_from("http://evil.example")).await.status,
        StatusCode::FORBIDDEN
    );

    let given = TestSite::with_config(|c| {
        c.bind = "0.0.0.0:8080".parse().unwrap();
        c.base_url = "https://backcare.example".to_owned();
    });
    let app = given.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
    let page = send(
        &app,
        TestRequest::get()
            .uri(&path)
            .insert_header(("Host", "192.168.1.20:8080"))
            .to_request(),
    )
    .await;
    page.assert_contains(&format!("value=\"https://backcare.example{path}\""));
}

/// The whole entry of session `key` on a saved page, up to the next entry
/// or the end of its week.
fn whole_entry<'a>(page: &'a Page, key: &str) -> &'a str {
    let start = format!("<div class=\"log-session\" id=\"log-{key}\">");
    let from = page
        .body
        .find(&start)
        .unwrap_or_else(|| panic!("no {start} in:\n{}", page.body));
    let rest = &page.body[from + start.len()..];
    let end = [
        rest.find("<div class=\"log-session\""),
        rest.find("</details>"),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(rest.len());
    &rest[..end]
}

on_both!(a_session_whose_day_has_not_come_cannot_be_logged);
async fn a_session_whose_day_has_not_come_cannot_be_logged(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    // Saved on a Monday; sessions on Monday (1), Wednesday (3), Friday (5).
    let cal = Calendar::from_last(Weekday::Mon);
    let path = cal.save(&app, 0, WALL_AND_TOWEL_ANSWERS).await;
    let log = format!("{path}/log");

    // On Monday: today's session and the next one (Wednesday, for someone
    // who does it early) have a log form; Friday's and later ones do not.
    let page = cal.get(&app, 0, &path).await;
    for key in ["w1-d1", "w1-d3"] {
        let entry = whole_entry(&page, key);
        assert!(entry.contains("<form class=\"log-form\""), "{key}: {entry}");
    }
    for key in ["w1-d5", "w2-d1", "w4-d5"] {
        let entry = whole_entry(&page, key);
        assert!(
            !entry.contains("<form class=\"log-form\""),
            "{key}: {entry}"
        );
        assert!(
            entry.contains("You can log this session once its day comes."),
            "{key}: {entry}"
        );
        assert!(entry.contains("Start this session"), "{key}: {entry}");
    }

    // Posting one anyway is refused with the reason, and nothing is stored.
    for (week, day, date) in [(1, 5, 4), (2, 1, 7), (4, 5, 25)] {
        let refused = cal
            .post(&app, 0, &log, &log_body(week, day, "yes", "3", ""))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{week} {day}");
        assert_in_layout(&refused);
        let planned = cal.date(date).format("%A %-d %B").to_string();
        let message = format!("This session is planned for {planned}, so it cannot be logged yet.");
        // In the error summary, linking to the session's entry, and in it,
        // with the form shown again as it was sent.
        refused.assert_contains(&format!("<a href=\"#log-w{week}-d{day}\">{message}"));
        let entry = whole_entry(&refused, &format!("w{week}-d{day}"));
        assert!(entry.contains(&message), "{entry}");
        assert!(entry.contains("<form class=\"log-form\""), "{entry}");
    }
    let typed = cal
        .post(&app, 0, &log, &log_body(2, 1, "yes", "3", "Felt+fine"))
        .await;
    assert!(whole_entry(&typed, "w2-d1").contains(">Felt fine</textarea>"));
    assert_eq!(crate::common::stored_rows(&site), (1, 0));

    // The session page of a later session can be followed, without a log form.
    let session = cal.get(&app, 0, &format!("{path}/session/1/5")).await;
    assert_eq!(session.status, StatusCode::OK);
    let planned = cal.date(4).format("%A %-d %B").to_string();
    session.assert_contains(&format!(
        "This session is planned for {planned}, so it can be logged from the day before."
    ));
    session.assert_contains(">Logging this session</h2>");
    assert!(!session.body.contains("How is your back now?"));
    assert!(!session.body.contains("Log this session"));

    // Wednesday's early, then Friday's on the Thursday before (the day
    // before counts: somewhere it is already Friday).
    let early = cal
        .post(&app, 0, &log, &log_body(1, 3, "yes", "2", ""))
        .await;
    assert_eq!(early.status, StatusCode::SEE_OTHER, "{}", early.body);
    let refused = cal
        .post(&app, 2, &log, &log_body(2, 1, "yes", "2", ""))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let friday = cal.post(&app, 3, &log, &log_body(1, 5, "no", "", "")).await;
    assert_eq!(friday.status, StatusCode::SEE_OTHER, "{}", friday.body);
    assert_eq!(crate::common::stored_rows(&site), (1, 2));
    let page = cal.get(&app, 3, &path).await;
    assert!(whole_entry(&page, "w1-d5").contains("Logged: Not done"));

    // An entry dated ahead (made before this rule) can still be corrected.
    let ahead = cal
        .post(&app, 25, &log, &log_body(4, 5, "yes", "2", ""))
        .await;
    assert_eq!(ahead.status, StatusCode::SEE_OTHER);
    let page = cal.get(&app, 3, &path).await;
    assert!(whole_entry(&page, "w4-d5").contains("<form class=\"log-form\""));
    let corrected = cal.post(&app, 3, &log, &log_body(4, 5, "no", "", "")).await;
    assert_eq!(
        corrected.status,
        StatusCode::SEE_OTHER,
        "{}",
        corrected.body
    );
    let session = cal.get(&app, 3, &format!("{path}/session/4/5")).await;
    session.assert_contains("Log this session");
}

/// Without `--test-clock`, the clock header moves nothing.
#[actix_web::test]
async fn the_test_clock_is_off_unless_the_server_is_started_with_it() {
    let site = TestSite::with_config(|config| config.test_clock = false);
    let app = site.app().await;
    save_answers_days_ago(&app, WALL_AND_TOWEL_ANSWERS, 30).await;
    let start = site.text("SELECT start_date FROM routines", "").unwrap();
    // Saved today, whatever the header says (or yesterday, for a run that
    // crossed midnight).
    let today = chrono::Utc::now().date_naive();
    assert!(
        [today, today - chrono::Days::new(1)]
            .iter()
            .any(|d| d.to_string() == start),
        "{start}"
    );
}
