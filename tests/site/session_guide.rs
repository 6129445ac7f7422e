//! "Do today's session": the session guide of a plan and of a saved
//! routine, as a page that works without JavaScript (a numbered checklist
//! with dosage and the end-of-session form), and its links and errors.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use chrono::{Datelike, Utc, Weekday};

use backcare::routine::{Answers, Outcome, plan, session_steps};
use backcare::saved::schedule;

use crate::common::{
    Calendar, Page, TestSite, WALL_AND_TOWEL_ANSWERS, assert_in_layout, form_post, get,
    save_answers, send,
};

fn the_plan(site: &TestSite) -> backcare::routine::Plan {
    let answers = Answers::from_query(WALL_AND_TOWEL_ANSWERS).unwrap();
    let content = site.state.content.current();
    match plan(&answers, &content.exercises, &content.signs) {
        Outcome::Plan(plan) => plan,
        other => panic!("no plan: {other:?}"),
    }
}

/// The HTML of the first element that starts with `start`, up to `end`.
fn fragment<'a>(page: &'a Page, start: &str, end: &str) -> &'a str {
    let from = page
        .body
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in:\n{}", page.body));
    let rest = &page.body[from..];
    &rest[..rest.find(end).unwrap() + end.len()]
}

/// `(name, value)` of every hidden input in `html`.
fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|rest| {
            let name = &rest[..rest.find('"').unwrap()];
            let value = rest.split("value=\"").nth(1).unwrap();
            (
                name.to_owned(),
                value[..value.find('"').unwrap()].to_owned(),
            )
        })
        .collect()
}

fn attr(html: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    let rest = &html[html.find(&key).unwrap() + key.len()..];
    rest[..rest.find('"').unwrap()].replace("&#38;", "&")
}

/// Every `href` in `html` starting with `prefix`, unescaped.
fn links(html: &str, prefix: &str) -> Vec<String> {
    let key = format!("href=\"{prefix}");
    html.match_indices(&key)
        .map(|(at, _)| {
            let rest = &html[at + 6..];
            rest[..rest.find('"').unwrap()].replace("&#38;", "&")
        })
        .collect()
}

fn body_of(fields: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

#[actix_web::test]
async fn a_plan_session_without_script_is_a_numbered_checklist_with_dosage_and_a_save_offer() {
    let site = TestSite::new();
    let app = site.app().await;
    let plan = the_plan(&site);
    // Three days a week: Monday, Wednesday, Friday. Wednesday of week 2.
    let week = &plan.weeks[1];
    let session = week.session_on(&week.days[2]).unwrap();

    let page = get(
        &app,
        &format!("/routine/session?{WALL_AND_TOWEL_ANSWERS}&week=2&day=3"),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_in_layout(&page);
    page.assert_contains(&format!(
        "<h1>Session {}: {}</h1>",
        session.label,
        session.kind.label()
    ));
    page.assert_contains(&format!(
        "Week 2, Wednesday. {} exercises, about {} minutes.",
        session.items().count(),
        session.minutes
    ));
    page.assert_contains("<meta name=\"robots\" content=\"noindex\">");
    page.assert_contains(
        "Stop if the pain is sharp, or spreads down a leg (or further down than usual).",
    );

    // Every exercise of that session, numbered in order, with its dosage
    // (this week's), cue and picture.
    let list = fragment(&page, "<ol class=\"checklist-items\">", "</ol>");
    let catalog = &site.state.content.current().exercises;
    let mut at = 0;
    for (i, item) in session.items().enumerate() {
        let exercise = catalog.exercise(&item.slug).unwrap();
        let heading = format!(
            "<span class=\"checklist-number\">{}.</span> {}",
            i + 1,
            item.name
        );
        let found = list[at..]
            .find(&heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found;
        let entry = &list[at..];
        let entry = &entry[..entry.find("</li>").unwrap()];
        let dosage = entry
            .split("<p class=\"checklist-dosage\">")
            .nth(1)
            .unwrap();
        assert_eq!(
            dosage[..dosage.find("</p>").unwrap()].to_lowercase(),
            item.dosage.to_lowercase(),
            "{}",
            item.slug
        );
        let cue_html = askama::filters::escape(&exercise.safety, askama::filters::Html)
            .unwrap()
            .to_string();
        assert!(entry.contains(&cue_html), "{}: no cue", item.slug);
        assert!(
            entry.contains(&format!(
                "<a href=\"/exercises/{}\">How to do it",
                item.slug
            )),
            "{}",
            item.slug
        );
        assert!(entry.contains("type=\"checkbox\""));
        // Its small still picture beside the name (issue 17), described for
        // those who cannot see it.
        let alt = askama::filters::escape(&exercise.illustration.alt, askama::filters::Html)
            .unwrap()
            .to_string();
        let item_start = list[..at].rfind("<li class=\"checklist-item\"").unwrap();
        let before_name = &list[item_start..at];
        assert!(
            before_name.contains(&format!(
                "<img src=\"/static/exercises/thumbs/{}.svg?v=",
                item.slug
            )) && before_name.contains(&format!("alt=\"{alt}\" width=\"64\" height=\"48\"")),
            "{}: no small picture",
            item.slug
        );
    }
    assert_eq!(
        list.matches("<li class=\"checklist-item\"").count(),
        session.items().count()
    );
    // Pictures come with their alt text, from the cache-busted static URL:
    // the player's full picture (the checklist's small ones are above).
    let first = catalog
        .exercise(&session.items().next().unwrap().slug)
        .unwrap();
    page.assert_contains(&format!(
        "id=\"player-picture\" src=\"/static/{}?v=",
        first.illustration.path
    ));

    // The end: "How is your back now?" and an offer to save the routine,
    // with every answer in hidden fields and this session's log beside them.
    page.assert_contains(
        "<h2 id=\"end-title\" tabindex=\"-1\" data-ask=\"How is your back now?\">How is your back now?</h2>",
    );
    let form = fragment(&page, "<form class=\"session-log save-form\"", "</form>");
    assert_eq!(attr(form, "action"), "/routine/save");
    assert_eq!(attr(form, "method"), "post");
    let fields = hidden_fields(form);
    assert_eq!(
        Answers::from_pairs(&fields).unwrap(),
        Answers::from_query(WALL_AND_TOWEL_ANSWERS).unwrap()
    );
    assert!(fields.contains(&("log_week".to_owned(), "2".to_owned())));
    assert!(fields.contains(&("log_session".to_owned(), "3".to_owned())));
    assert_eq!(form.matches("name=\"log_pain\"").count(), 11);
    assert!(form.contains("<textarea id=\"end-note\" name=\"log_note\""));
    assert!(form.contains("name=\"log\" value=\"yes\""));
    assert!(form.contains("name=\"log\" value=\"no\""));
    // "Save without logging" saves the routine alone.
    let mut alone = fields.clone();
    alone.push(("log".to_owned(), "no".to_owned()));
    let saved = send(&app, form_post("/routine/save", &body_of(&alone))).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let location = saved.header("location").unwrap();
    assert!(
        location.starts_with("/r/") && !location.contains('#'),
        "{location}"
    );
    assert_eq!(crate::common::stored_rows(&site), (1, 0));

    // The player is there for the script but hidden without it, and the
    // script gets the server's steps as a JSON data block.
    page.assert_contains(
        "<section class=\"player\" id=\"player\" aria-labelledby=\"player-name\" hidden>",
    );
    page.assert_contains("<script src=\"/static/js/session.js?v=");
    let json = fragment(
        &page,
        "<script type=\"application/json\" id=\"session-steps\">",
        "</script>",
    );
    let json = &json[json.find('>').unwrap() + 1..json.len() - "</script>".len()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let expected = session_steps(session, catalog);
    assert_eq!(
        data["steps"].as_array().unwrap().len(),
        expected.steps.len()
    );
    assert_eq!(data["steps"][0]["kind"], "ready");
    assert_eq!(data["exercises"][0]["name"], first.name.as_str());
    assert!(
        data["exercises"][0]["picture"]
            .as_str()
            .unwrap()
            .starts_with("/static/exercises/")
    );
    assert_eq!(
        page.body.matches("<script").count(),
        2,
        "one external script and the data block, nothing inline"
    );
}

#[actix_web::test]
async fn the_plan_page_links_each_session_of_each_week_to_its_guide() {
    let site = TestSite::new();
    let app = site.app().await;
    let plan_page = get(&app, &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}")).await;
    let starts = links(&plan_page.body, "/routine/session?");
    let plan = the_plan(&site);
    let sessions: usize = plan.weeks.iter().map(|w| w.sessions.len()).sum();
    assert_eq!(starts.len(), sessions);
    // "Start" beside each session's name; its link says which session.
    plan_page.assert_contains("Start<span class=\"visually-hidden\"> session A of week 1</span>");
    for (week, start) in plan.weeks.iter().zip(
        starts
            .chunks(starts.len() / plan.weeks.len())
            .map(|c| c.to_vec()),
    ) {
        for (session, url) in week.sessions.iter().zip(&start) {
            assert!(url.starts_with(&format!(
                "/routine/session?{WALL_AND_TOWEL_ANSWERS}&week={}&day=",
                week.number
            )));
            let page = get(&app, url).await;
            assert_eq!(page.status, StatusCode::OK, "{url}");
            page.assert_contains(&format!("<h1>Session {}: ", session.label));
        }
    }
}

#[actix_web::test]
async fn a_plan_session_checks_its_answers_like_the_plan_and_refuses_bad_days_kindly() {
    let site = TestSite::new();
    let app = site.app().await;

    // Missing answers: the form again, 400, as on /routine/plan.
    let page = get(&app, "/routine/session?pain=4&week=1&day=1").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    page.assert_contains("class=\"error-summary\"");
    // A warning sign: the red-flag page and no session.
    let flagged = WALL_AND_TOWEL_ANSWERS.replace("red_flag=none", "red_flag=bladder_bowel");
    let page = get(&app, &format!("/routine/session?{flagged}&week=1&day=1")).await;
    page.assert_contains("Get medical help now");
    assert!(!page.body.contains("checklist-items"));

    // Week and day must be numbers in range.
    for bad in [
        "week=0&day=1",
        "week=5&day=1",
        "week=x&day=1",
        "week=1&day=8",
        "week=1&day=0",
        "week=1&day=monday",
        "week=1&week=2&day=1",
    ] {
        let page = get(
            &app,
            &format!("/routine/session?{WALL_AND_TOWEL_ANSWERS}&{bad}"),
        )
        .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_in_layout(&page);
        assert!(!page.body.contains("checklist-items"), "{bad}");
    }
    let page = get(
        &app,
        &format!("/routine/session?{WALL_AND_TOWEL_ANSWERS}&week=9&day=1"),
    )
    .await;
    page.assert_contains("The week in this address must be a whole number from 1 to 4.");

    // Tuesday is a rest day in a three-day plan.
    let page = get(
        &app,
        &format!("/routine/session?{WALL_AND_TOWEL_ANSWERS}&week=1&day=2"),
    )
    .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_in_layout(&page);
    page.assert_contains("Tuesday of week 1 is a rest day in this plan");

    // Without week and day: week 1's first session (Monday).
    let page = get(&app, &format!("/routine/session?{WALL_AND_TOWEL_ANSWERS}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Week 1, Monday.");

    // Only GET and HEAD.
    let res = send(
        &app,
        form_post(
            &format!("/routine/session?{WALL_AND_TOWEL_ANSWERS}"),
            "pain=1",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[actix_web::test]
async fn a_saved_session_logs_through_the_same_form_and_the_saved_page_shows_it() {
    let site = TestSite::new();
    let app = site.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
    let plan = the_plan(&site);

    // The saved page links every planned session to its guide, and today's
    // (or the next) session at the top.
    let saved = get(&app, &path).await;
    let starts = links(&saved.body, &format!("{path}/session/"));
    let slots = schedule::slots(&plan);
    for slot in &slots {
        assert!(
            starts.contains(&format!("{path}/session/{}/{}", slot.week, slot.day)),
            "no link for week {} day {}",
            slot.week,
            slot.day
        );
    }
    let today = Utc::now().date_naive();
    let today_day = u8::try_from(today.weekday().number_from_monday()).unwrap();
    if slots.iter().any(|s| s.week == 1 && s.day == today_day) {
        saved.assert_contains(&format!(
            "<a class=\"button button-large\" href=\"{path}/session/1/{today_day}\">Start today's session</a>"
        ));
    } else {
        saved.assert_contains("No session today");
        assert!(!saved.body.contains("Start today's session"));
    }
    saved.assert_contains("Nothing logged yet");

    // Friday of week 1: the checklist, and the end form for the log.
    let page = get(&app, &format!("{path}/session/1/5")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_in_layout(&page);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("referrer-policy"), Some("same-origin"));
    page.assert_contains("<meta name=\"robots\" content=\"noindex\">");
    page.assert_contains(&format!(
        "<a href=\"{path}\">Back to your saved routine</a>"
    ));
    page.assert_contains("Week 1, ");
    page.assert_contains("Friday");
    let week = &plan.weeks[0];
    let session = week.session_on(&week.days[4]).unwrap();
    for item in session.items() {
        page.assert_contains(&format!(
            "</span> {} <span class=\"checklist-part\">",
            item.name
        ));
    }
    let form = fragment(&page, "<form class=\"session-log\"", "</form>");
    assert_eq!(attr(form, "action"), format!("{path}/log"));
    assert_eq!(attr(form, "method"), "post");
    assert_eq!(
        hidden_fields(form),
        [
            ("week".to_owned(), "1".to_owned()),
            ("session".to_owned(), "5".to_owned()),
            ("done".to_owned(), "yes".to_owned()),
        ]
    );
    assert_eq!(form.matches("type=\"radio\" name=\"pain\"").count(), 11);
    assert!(form.contains("<legend>Your pain now, from 0 (no pain) to 10"));
    assert!(form.contains("<textarea id=\"end-note\" name=\"note\""));

    // Sending it as a browser would: the log lands, and the saved page shows
    // it (the entry and the progress summary and chart).
    let mut fields = hidden_fields(form);
    fields.push(("pain".to_owned(), "3".to_owned()));
    fields.push(("note".to_owned(), "Easier than last time".to_owned()));
    let res = send(&app, form_post(&attr(form, "action"), &body_of(&fields))).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // Back to the entry, which says it is saved.
    assert_eq!(
        res.header("location"),
        Some(format!("{path}?saved=w1-d5#saved-w1-d5").as_str())
    );
    let stored: (u8, u8, bool, Option<u8>, String) = site
        .state
        .db
        .get()
        .unwrap()
        .query_row(
            "SELECT week, session, done, pain, note FROM session_logs",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        stored,
        (1, 5, true, Some(3), "Easier than last time".to_owned())
    );
    let saved = get(&app, &path).await;
    saved.assert_contains("Logged: Done, pain 3 out of 10. Note: “Easier than last time”");
    assert!(!saved.body.contains("Nothing logged yet"));
    assert_eq!(saved.body.matches("<circle class=\"chart-dot\"").count(), 1);

    // The session page now says what is logged and keeps it in the form.
    let page = get(&app, &format!("{path}/session/1/5")).await;
    page.assert_contains("Already logged for this session: Done, pain 3 out of 10.");
    page.assert_contains("value=\"3\" id=\"end-pain-3\" checked>");
    page.assert_contains(">Easier than last time</textarea>");
}

#[actix_web::test]
async fn saved_sessions_refuse_unknown_links_weeks_and_rest_days() {
    let site = TestSite::new();
    let app = site.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;

    for (uri, status) in [
        (
            "/r/AAAAAAAAAAAAAAAAAAAAAA/session/1/1".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            "/r/not-a-token/session/1/1".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (format!("{path}/session/5/1"), StatusCode::BAD_REQUEST),
        (format!("{path}/session/0/1"), StatusCode::BAD_REQUEST),
        (format!("{path}/session/1/8"), StatusCode::BAD_REQUEST),
        (format!("{path}/session/x/1"), StatusCode::BAD_REQUEST),
        (
            format!("{path}/session/99999999999/1"),
            StatusCode::BAD_REQUEST,
        ),
        (format!("{path}/session/1/2"), StatusCode::NOT_FOUND),
        (format!("{path}/session/1"), StatusCode::NOT_FOUND),
    ] {
        let page = get(&app, &uri).await;
        assert_eq!(page.status, status, "{uri}");
        assert_in_layout(&page);
    }
    let page = get(&app, &format!("{path}/session/2/4")).await;
    page.assert_contains("Thursday of week 2 is a rest day in this plan");
    let page = get(&app, "/r/AAAAAAAAAAAAAAAAAAAAAA/session/1/1").await;
    page.assert_contains("There is no saved routine at this link.");

    let res = send(&app, form_post(&format!("{path}/session/1/1"), "pain=1")).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    let head = send(
        &app,
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri(&format!("{path}/session/1/1"))
            .to_request(),
    )
    .await;
    assert_eq!(head.status, StatusCode::OK);
}

/// The save form of the session page `/routine/session?WALL_AND_TOWEL_ANSWERS&week=2&day=3`,
/// filled in: its hidden fields plus `extra`.
async fn session_save_form<S, B>(app: &S, extra: &[(&str, &str)]) -> Vec<(String, String)>
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    session_save_form_of(app, (2, 3), extra).await
}

/// The save form of the session on `(week, day)` of an unsaved plan for
/// `WALL_AND_TOWEL_ANSWERS`, filled in: its hidden fields plus `extra`.
async fn session_save_form_of<S, B>(
    app: &S,
    (week, day): (u8, u8),
    extra: &[(&str, &str)],
) -> Vec<(String, String)>
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let page = get(
        app,
        &format!("/routine/session?{WALL_AND_TOWEL_ANSWERS}&week={week}&day={day}"),
    )
    .await;
    let form = fragment(&page, "<form class=\"session-log save-form\"", "</form>");
    let mut fields = hidden_fields(form);
    fields.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    fields
}

#[actix_web::test]
async fn saving_from_a_session_logs_it_with_the_routine() {
    let site = TestSite::new();
    let app = site.app().await;
    // (the session done, the weekday it is saved on, where its log lands):
    // always on the session the routine begins with (today's, or the next
    // when today has none), since the person has just done one. The plan
    // has sessions on Monday (1), Wednesday (3) and Friday (5).
    for (done, saved_on, lands, weekday) in [
        ((1, 3), Weekday::Tue, (1, 3), "Wednesday"),
        ((1, 3), Weekday::Mon, (1, 1), "Monday"),
        ((2, 3), Weekday::Mon, (1, 1), "Monday"),
        ((1, 1), Weekday::Thu, (1, 5), "Friday"),
    ] {
        let cal = Calendar::from_last(saved_on);
        let fields = session_save_form_of(
            &app,
            done,
            &[
                ("log_pain", "3"),
                ("log_note", "Easier than I feared"),
                ("log", "yes"),
            ],
        )
        .await;
        let saved = cal.post(&app, 0, "/routine/save", &body_of(&fields)).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        // Back on the entry, which says it is saved, like any log.
        let location = saved.header("location").unwrap().to_owned();
        let key = format!("w{}-d{}", lands.0, lands.1);
        let (link, query) = location.split_once('?').expect("the saved flag");
        assert_eq!(query, format!("saved={key}#saved-{key}"), "{done:?}");
        let page = cal.get(&app, 0, &format!("{link}?saved={key}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let entry = fragment(
            &page,
            &format!("<div class=\"log-session\" id=\"log-{key}\">"),
            "</form>",
        );
        assert!(
            entry.contains(&format!(
                "Saved: {weekday}, week 1 — Done, pain 3 out of 10"
            )),
            "{done:?}: {entry}"
        );
        assert!(
            entry.contains("Logged: Done, pain 3 out of 10. Note: “Easier than I feared”"),
            "{entry}"
        );
    }
    assert_eq!(crate::common::stored_rows(&site), (4, 4));

    // Pain may be left out: the session is still logged as done.
    let cal = Calendar::from_last(Weekday::Tue);
    let fields = session_save_form_of(&app, (1, 3), &[("log", "yes")]).await;
    let saved = cal.post(&app, 0, "/routine/save", &body_of(&fields)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let location = saved.header("location").unwrap().to_owned();
    let page = cal.get(&app, 0, location.split('?').next().unwrap()).await;
    let entry = fragment(
        &page,
        "<div class=\"log-session\" id=\"log-w1-d3\">",
        "</form>",
    );
    assert!(
        entry.contains("<p class=\"logged\">Logged: Done"),
        "{entry}"
    );
    assert!(!entry.contains("Logged: Done, pain"), "{entry}");
    assert_eq!(crate::common::stored_rows(&site), (5, 5));
}

#[actix_web::test]
async fn a_mistake_in_the_session_log_shows_the_session_again_and_stores_nothing() {
    let site = TestSite::new();
    let app = site.app().await;
    let long_note = "a".repeat(501);
    let fields = session_save_form(
        &app,
        &[("log_pain", "11"), ("log_note", &long_note), ("log", "yes")],
    )
    .await;
    let page = send(&app, form_post("/routine/save", &body_of(&fields))).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_in_layout(&page);
    page.assert_contains("Your routine was not saved yet");
    page.assert_contains("<a href=\"#end-pain-0\">Pain must be a whole number from 0");
    page.assert_contains("<a href=\"#end-note\">Your note is 501 characters long");
    page.assert_contains("<p class=\"field-error\" id=\"end-pain-error\">");
    page.assert_contains("aria-describedby=\"end-note-error\" aria-invalid=\"true\"");
    // The same session, with the note kept and the answers still in the form.
    page.assert_contains("Week 2, Wednesday.");
    page.assert_contains(&format!(">{long_note}</textarea>"));
    let form = fragment(&page, "<form class=\"session-log save-form\"", "</form>");
    assert_eq!(
        Answers::from_pairs(&hidden_fields(form)).unwrap(),
        Answers::from_query(WALL_AND_TOWEL_ANSWERS).unwrap()
    );
    assert_eq!(crate::common::stored_rows(&site), (0, 0));

    // A kept pain score is checked again.
    let fields = session_save_form(
        &app,
        &[("log_pain", "7"), ("log_note", &long_note), ("log", "yes")],
    )
    .await;
    let page = send(&app, form_post("/routine/save", &body_of(&fields))).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    page.assert_contains("name=\"log_pain\" value=\"7\" id=\"end-pain-7\" checked");
    assert_eq!(crate::common::stored_rows(&site), (0, 0));
}

#[actix_web::test]
async fn a_tampered_session_log_is_refused_with_a_reason() {
    let site = TestSite::new();
    let app = site.app().await;
    let base = session_save_form(&app, &[]).await;
    let with = |changes: &[(&str, &str)], extra: &[(&str, &str)]| {
        let mut fields: Vec<(String, String)> = base
            .iter()
            .map(|(k, v)| {
                let changed = changes.iter().find(|(name, _)| name == k);
                (
                    k.clone(),
                    changed.map_or_else(|| v.clone(), |(_, new)| (*new).to_owned()),
                )
            })
            .collect();
        fields.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        body_of(&fields)
    };
    for (body, says) in [
        // Tuesday is a rest day in this plan; week 9 does not exist.
        (
            with(&[("log_session", "2")], &[("log", "yes")]),
            "not part of this routine",
        ),
        (
            with(&[("log_week", "9")], &[("log", "yes")]),
            "not part of this routine",
        ),
        (with(&[], &[("log", "maybe")]), "must be yes or no"),
        (
            with(&[], &[("log", "yes"), ("log", "no")]),
            "more than once",
        ),
        (
            with(&[], &[("log", "yes"), ("log_pain", "2"), ("log_pain", "3")]),
            "more than once",
        ),
    ] {
        let page = send(&app, form_post("/routine/save", &body)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{body}");
        assert_in_layout(&page);
        page.assert_contains(says);
    }
    assert_eq!(crate::common::stored_rows(&site), (0, 0));
}

/// The three answers stored for the only logged session of the only
/// routine: (pain_during, effort, morning).
fn stored_answers(site: &TestSite) -> (Option<u8>, Option<String>, Option<String>) {
    site.state
        .db
        .get()
        .unwrap()
        .query_row(
            "SELECT pain_during, effort, morning FROM session_logs",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

/// Checks that `form` asks the three session answers as large radio
/// choices, with fields named `prefix…`.
#[track_caller]
fn assert_asks_the_three(form: &str, prefix: &str) {
    assert!(
        form.contains("<legend>Pain during the session (0 to 10)</legend>"),
        "{form}"
    );
    assert!(form.contains("<legend>How hard did it feel?</legend>"));
    assert!(form.contains(
        "<legend>How did your back feel this morning, compared with before your last session?</legend>"
    ));
    assert_eq!(
        form.matches(&format!("type=\"radio\" name=\"{prefix}pain_during\""))
            .count(),
        11
    );
    for (value, label) in [
        ("too_easy", "Too easy"),
        ("about_right", "About right"),
        ("too_hard", "Too hard"),
    ] {
        assert!(form.contains(&format!(
            "<input type=\"radio\" name=\"{prefix}effort\" value=\"{value}\" id=\"end-effort-{value}\"><label for=\"end-effort-{value}\">{label}</label>"
        )), "{label}");
    }
    for (value, label) in [
        ("better", "Better"),
        ("same", "The same"),
        ("worse", "Worse"),
    ] {
        assert!(form.contains(&format!(
            "<input type=\"radio\" name=\"{prefix}morning\" value=\"{value}\" id=\"end-morning-{value}\"><label for=\"end-morning-{value}\">{label}</label>"
        )), "{label}");
    }
    // Large targets: each choice is a bordered tile, not a bare radio.
    assert_eq!(
        form.matches("<div class=\"choice\">").count(),
        11 + 11 + 3 + 3
    );
    for field in ["pain_during", "effort", "morning"] {
        assert!(
            form.contains(&format!("aria-describedby=\"end-{field}-hint\"")),
            "{field}"
        );
        assert!(
            form.contains(&format!(
                "<p class=\"hint\" id=\"end-{field}-hint\">Optional."
            )),
            "{field}"
        );
    }
}

#[actix_web::test]
async fn the_end_of_a_saved_session_asks_the_three_answers_and_logs_them() {
    let site = TestSite::new();
    let app = site.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;

    let page = get(&app, &format!("{path}/session/1/5")).await;
    let form = fragment(&page, "<form class=\"session-log\"", "</form>");
    assert_asks_the_three(form, "");

    let mut fields = hidden_fields(form);
    for (name, value) in [
        ("pain_during", "4"),
        ("pain", "2"),
        ("effort", "too_easy"),
        ("morning", "better"),
    ] {
        fields.push((name.to_owned(), value.to_owned()));
    }
    let res = send(&app, form_post(&attr(form, "action"), &body_of(&fields))).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        stored_answers(&site),
        (
            Some(4),
            Some("too_easy".to_owned()),
            Some("better".to_owned())
        )
    );
    let saved = get(&app, &path).await;
    saved.assert_contains("Logged: Done, pain 2 out of 10. Pain during the session: 4 out of 10. It felt too easy. This morning your back felt better than before your last session</p>");

    // Back on the session page, the answers are kept in the form.
    let page = get(&app, &format!("{path}/session/1/5")).await;
    page.assert_contains("Already logged for this session: Done, pain 2 out of 10. Pain during the session: 4 out of 10.");
    let form = fragment(&page, "<form class=\"session-log\"", "</form>");
    assert!(form.contains("name=\"pain_during\" value=\"4\" id=\"end-pain_during-4\" checked>"));
    assert!(form.contains("name=\"pain\" value=\"2\" id=\"end-pain-2\" checked>"));
    assert!(form.contains("id=\"end-effort-too_easy\" checked>"));
    assert!(form.contains("id=\"end-morning-better\" checked>"));
    assert_eq!(form.matches(" checked>").count(), 4);

    // Sent with none of them: logged as done, the answers cleared.
    let res = send(
        &app,
        form_post(&attr(form, "action"), &body_of(&hidden_fields(form))),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(stored_answers(&site), (None, None, None));
}

#[actix_web::test]
async fn saving_from_a_session_stores_the_three_answers_with_the_routine() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(
        &app,
        &format!("/routine/session?{WALL_AND_TOWEL_ANSWERS}&week=2&day=3"),
    )
    .await;
    assert_asks_the_three(
        fragment(&page, "<form class=\"session-log save-form\"", "</form>"),
        "log_",
    );
    let fields = session_save_form_of(
        &app,
        (1, 3),
        &[
            ("log_pain_during", "6"),
            ("log_effort", "too_hard"),
            ("log_morning", "worse"),
            ("log", "yes"),
        ],
    )
    .await;
    // Saved on a Tuesday: Wednesday's session is tomorrow, so it is logged.
    let cal = Calendar::from_last(Weekday::Tue);
    let saved = cal.post(&app, 0, "/routine/save", &body_of(&fields)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(crate::common::stored_rows(&site), (1, 1));
    assert_eq!(
        stored_answers(&site),
        (
            Some(6),
            Some("too_hard".to_owned()),
            Some("worse".to_owned())
        )
    );
    let location = saved.header("location").unwrap().to_owned();
    let page = cal.get(&app, 0, location.split('#').next().unwrap()).await;
    let entry = fragment(
        &page,
        "<div class=\"log-session\" id=\"log-w1-d3\">",
        "</form>",
    );
    assert!(
        entry.contains("<p class=\"logged\">Logged: Done. Pain during the session: 6 out of 10. It felt too hard. This morning your back felt worse than before your last session</p>"),
        "{entry}"
    );
}

#[actix_web::test]
async fn a_bad_session_answer_shows_the_session_again_beside_its_field_and_stores_nothing() {
    let site = TestSite::new();
    let app = site.app().await;
    for (during, effort, morning, field, anchor, message) in [
        (
            "11",
            "about_right",
            "same",
            "pain_during",
            "end-pain_during-0",
            "Pain during the session must be a whole number from 0",
        ),
        (
            "2.5",
            "about_right",
            "same",
            "pain_during",
            "end-pain_during-0",
            "Pain during the session must be a whole number from 0",
        ),
        (
            "2",
            "very_hard",
            "same",
            "effort",
            "end-effort-too_easy",
            "Choose how hard the session felt",
        ),
        (
            "2",
            "about_right",
            "WORSE",
            "morning",
            "end-morning-better",
            "Choose how your back felt this morning",
        ),
    ] {
        let fields = session_save_form(
            &app,
            &[
                ("log_pain_during", during),
                ("log_effort", effort),
                ("log_morning", morning),
                ("log_pain", "3"),
                ("log", "yes"),
            ],
        )
        .await;
        let page = send(&app, form_post("/routine/save", &body_of(&fields))).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{field}");
        assert_in_layout(&page);
        page.assert_contains("Your routine was not saved yet");
        page.assert_contains(&format!("<li><a href=\"#{anchor}\">{message}"));
        page.assert_contains(&format!(
            "aria-describedby=\"end-{field}-hint end-{field}-error\""
        ));
        page.assert_contains(&format!(
            "<p class=\"field-error\" id=\"end-{field}-error\"><span class=\"visually-hidden\">Error:</span> {message}"
        ));
        assert_eq!(
            page.body.matches("class=\"field-error\"").count(),
            1,
            "{field}"
        );
        // The session again, with what was sent still chosen.
        page.assert_contains("Week 2, Wednesday.");
        page.assert_contains("name=\"log_pain\" value=\"3\" id=\"end-pain-3\" checked>");
        if field != "pain_during" {
            page.assert_contains("id=\"end-pain_during-2\" checked>");
        }
        if field != "effort" {
            page.assert_contains("id=\"end-effort-about_right\" checked>");
        }
        if field != "morning" {
            page.assert_contains("id=\"end-morning-same\" checked>");
        }
        assert_eq!(crate::common::stored_rows(&site), (0, 0), "{field}");
    }
}
