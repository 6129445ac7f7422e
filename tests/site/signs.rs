//! Warning signs from one table, and who is asking: every page that shows a
//! warning sign states it at the table's level with the region's service;
//! the "a doctor has checked" path, under-16s, severe pain, age, pregnancy
//! and sciatica; old addresses and saved routines; `/routine/plan.json`.

use actix_web::http::StatusCode;
use backcare::content::Content;
use backcare::routine::{Level, RedFlag};

use crate::common::{
    ContentFixture, TestSite, VALID_ANSWERS, answers_with, assert_in_layout, get, save_answers,
};

/// Every `<div class="sign-list sign-list-{level}">` block of a page: each
/// sign in it has that level in the table and the table's words, and the
/// block says what to do with the service for that level. Returns the
/// signs seen, with their level.
#[track_caller]
fn check_sign_lists(body: &str, content: &Content, page: &str) -> Vec<(String, Level)> {
    let mut seen = Vec::new();
    for block in body.split("<div class=\"sign-list sign-list-").skip(1) {
        let level_name = block.split('"').next().unwrap();
        let level = Level::parse(level_name)
            .unwrap_or_else(|| panic!("{page}: unknown level {level_name}"));
        let block = &block[..block.find("</div>").unwrap()];
        let service = content.site.services.for_level(level);
        assert!(
            block.contains(&html(&service.action)),
            "{page}: a {level} list without \"{}\"",
            service.action
        );
        for item in block.split("<li data-sign=\"").skip(1) {
            let id = item.split('"').next().unwrap();
            let sign = content
                .signs
                .all()
                .iter()
                .find(|s| s.id.as_str() == id)
                .unwrap_or_else(|| panic!("{page}: {id} is not in the table"));
            assert_eq!(sign.level, level, "{page}: {id} shown as {level}");
            assert!(
                item.contains(&html(&sign.label)),
                "{page}: {id} not in the table's words"
            );
            seen.push((id.to_owned(), level));
        }
    }
    seen
}

/// Text as askama escapes it.
fn html(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

#[actix_web::test]
async fn every_page_that_shows_warning_signs_gives_each_the_tables_level_and_service() {
    let site =
        TestSite::with_content(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let app = site.app().await;
    let content = site.state.content.current();
    let emergency_count = content.signs.at(Level::Emergency).count();

    // Saved routine with a very painful session logged: the warning and
    // the emergency signs beside it.
    let path = save_answers(&app, VALID_ANSWERS).await;
    let logged = crate::common::send(
        &app,
        crate::common::form_post(
            &format!("{path}/log"),
            "week=1&session=1&done=yes&pain=9&note=",
        ),
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER);

    let mut pages = vec![
        "/".to_owned(),
        "/guides/warning-signs-see-a-doctor".to_owned(),
        "/guides/stretching-a-tight-lower-back".to_owned(),
        "/guides/exercising-with-lower-back-pain".to_owned(),
        format!("/routine/plan?{VALID_ANSWERS}"),
        format!(
            "/routine/plan?{}",
            answers_with(
                VALID_ANSWERS,
                "red_flag=none&age=20-49",
                "red_flag=fever&red_flag=cancer_history&assessed=yes&age=50-64"
            )
        ),
        format!(
            "/routine/plan?{}",
            answers_with(VALID_ANSWERS, "pain=4", "pain=10")
        ),
        format!(
            "/routine/plan?{}",
            answers_with(VALID_ANSWERS, "age=20-49", "age=under-16")
        ),
        path.clone(),
    ];
    for flag in RedFlag::ALL {
        pages.push(format!(
            "/routine/plan?{}",
            answers_with(VALID_ANSWERS, "red_flag=none", &format!("red_flag={flag}"))
        ));
    }
    for uri in &pages {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        let seen = check_sign_lists(&page.body, &content, uri);
        // The footer on every page lists every emergency sign.
        assert!(
            seen.iter().filter(|(_, l)| *l == Level::Emergency).count() >= emergency_count,
            "{uri}: the emergency signs are not all there"
        );
    }
    // The warning-signs guide lists every sign of every level, from the table.
    let guide = get(&app, "/guides/warning-signs-see-a-doctor").await;
    let seen = check_sign_lists(&guide.body, &content, "guide");
    for sign in content.signs.all() {
        assert!(
            seen.iter().any(|(id, _)| id == sign.id.as_str()),
            "the warning-signs guide lacks {}",
            sign.id.as_str()
        );
    }
    // The form's checkboxes use the table's words for every form sign.
    let form = get(&app, "/routine").await;
    for flag in RedFlag::ALL {
        let label = &content.signs.flag(*flag).unwrap().label;
        assert!(form.body.contains(&html(label)), "form label of {flag}");
    }
    // The saved routine's pain warning sends people to the list, not its
    // own words.
    let saved = get(&app, &path).await;
    assert!(saved.body.contains("You logged pain of 9 out of 10"));
    assert!(!saved.body.contains("get urgent help"));
}

#[actix_web::test]
async fn a_doctors_check_lets_urgent_signs_through_to_a_gentle_plan_but_never_an_emergency() {
    let site = TestSite::new();
    let app = site.app().await;
    let checked = answers_with(
        VALID_ANSWERS,
        "red_flag=none",
        "red_flag=cancer_history&red_flag=fracture_risk&assessed=yes",
    );
    let page = get(&app, &format!("/routine/plan?{checked}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    page.assert_contains("<h1>Your four-week plan</h1>");
    page.assert_contains("A doctor has checked your warning signs");
    page.assert_contains("<li data-sign=\"cancer_history\">");
    page.assert_contains("<li data-sign=\"fracture_risk\">");
    page.assert_contains("A gentle plan, for now");
    assert!(!page.body.contains("Strength day"));
    // What would mean going back: the urgent service, and the emergency list.
    page.assert_contains("Call NHS 111 or ask your GP practice for an urgent appointment</strong> if any of these gets worse");

    // An emergency sign ticked together with "None of these", or with a
    // value that is not a sign, still gets the emergency page at once.
    for flags in [
        "red_flag=none&red_flag=chest_pain",
        "red_flag=chest_pain&red_flag=bogus",
    ] {
        let page = get(&app, &format!("/routine/plan?{flags}")).await;
        assert_eq!(page.status, StatusCode::OK, "{flags}");
        page.assert_contains("<h1>Get medical help now</h1>");
        let json = get(&app, &format!("/routine/plan.json?{flags}")).await;
        assert!(json.body.contains("\"urgency\":\"emergency\""), "{flags}");
    }
    // Under 16 with an urgent sign: no offer of a plan that cannot be made.
    let child = answers_with(
        VALID_ANSWERS,
        "red_flag=none&age=20-49",
        "red_flag=fever&age=under-16",
    );
    let page = get(&app, &format!("/routine/plan?{child}")).await;
    page.assert_contains("<h1>Get medical advice today</h1>");
    assert!(!page.body.contains("Has a doctor already checked"));

    // Without the tick: the urgent page, with a way back that ticks it.
    let unticked = checked.replace("&assessed=yes", "");
    let page = get(&app, &format!("/routine/plan?{unticked}")).await;
    page.assert_contains("<h1>Get medical advice today</h1>");
    page.assert_contains("assessed=yes");

    // An emergency sign is never overridden, alone or with urgent ones.
    for flags in [
        "red_flag=sexual_function",
        "red_flag=cancer_history&red_flag=both_legs",
    ] {
        let q = answers_with(
            VALID_ANSWERS,
            "red_flag=none",
            &format!("{flags}&assessed=yes"),
        );
        let page = get(&app, &format!("/routine/plan?{q}")).await;
        page.assert_contains("<h1>Get medical help now</h1>");
        assert!(!page.body.contains("Has a doctor already checked"));
        let json = get(&app, &format!("/routine/plan.json?{q}")).await;
        let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
        assert_eq!(value["outcome"], "see_a_doctor");
        assert_eq!(value["urgency"], "emergency");
    }
}

#[actix_web::test]
async fn under_sixteens_and_severe_pain_get_no_routine_but_a_page_that_helps() {
    let site = TestSite::new();
    let app = site.app().await;
    let child = get(
        &app,
        &format!(
            "/routine/plan?{}",
            answers_with(VALID_ANSWERS, "age=20-49", "age=under-16")
        ),
    )
    .await;
    assert_eq!(child.status, StatusCode::OK);
    assert_in_layout(&child);
    child.assert_contains("<h1>This site is for adults</h1>");
    child.assert_contains("GP practice");
    assert!(!child.body.contains("Session A"));
    assert!(!child.body.contains("action=\"/routine/save\""));

    for pain in [9, 10] {
        let page = get(
            &app,
            &format!(
                "/routine/plan?{}",
                answers_with(VALID_ANSWERS, "pain=4", &format!("pain={pain}"))
            ),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        page.assert_contains("<h1>Ease the pain first</h1>");
        page.assert_contains(&format!("Your pain is {pain} out of 10"));
        page.assert_contains("Heat.");
        page.assert_contains("Call NHS 111 or ask your GP practice for an urgent appointment");
        assert!(!page.body.contains("Session A"));
    }
    // Pain 8 still gets the gentle plan.
    let page = get(
        &app,
        &format!(
            "/routine/plan?{}",
            answers_with(VALID_ANSWERS, "pain=4", "pain=8")
        ),
    )
    .await;
    page.assert_contains("A gentle plan, for now");
    // Saving answers that give no plan stores nothing.
    let refused = crate::common::send(
        &app,
        crate::common::form_post(
            "/routine/save",
            &answers_with(VALID_ANSWERS, "age=20-49", "age=under-16"),
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::OK);
    refused.assert_contains("This site is for adults");
    assert_eq!(crate::common::stored_rows(&site).0, 0);
}

#[actix_web::test]
async fn who_is_asking_shapes_the_plan_pregnancy_sciatica_and_older_age() {
    let site = TestSite::new();
    let app = site.app().await;
    let content = site.state.content.current();

    let pregnant = get(
        &app,
        &format!("/routine/plan?{VALID_ANSWERS}&pregnancy=pregnant"),
    )
    .await;
    assert_eq!(pregnant.status, StatusCode::OK);
    pregnant.assert_contains("Pelvic floor");
    pregnant.assert_contains("Exercises lying on your back or front.");
    pregnant.assert_contains("maternity physiotherapist");
    // Nothing in the sidebar is used lying on the back.
    let lying = get(
        &app,
        &format!(
            "/routine/plan?{}&pregnancy=pregnant",
            answers_with(VALID_ANSWERS, "worse=sitting", "worse=lying_down")
        ),
    )
    .await;
    assert!(!lying.body.contains("/supports/sleeping-lumbar-pillow\""));
    let not_pregnant = get(
        &app,
        &format!(
            "/routine/plan?{}",
            answers_with(VALID_ANSWERS, "worse=sitting", "worse=lying_down")
        ),
    )
    .await;
    assert!(
        not_pregnant
            .body
            .contains("/supports/sleeping-lumbar-pillow\"")
    );
    let plan_part = &pregnant.body[pregnant.body.find("id=\"week-1\"").unwrap()
        ..pregnant.body.find("id=\"avoid-title\"").unwrap()];
    for exercise in content.exercises.exercises() {
        if matches!(
            exercise.position,
            backcare::routine::Position::LyingBack | backcare::routine::Position::LyingFront
        ) {
            assert!(
                !plan_part.contains(&format!("/exercises/{}\"", exercise.slug)),
                "{} prescribed in pregnancy",
                exercise.slug
            );
        }
    }

    let sciatica = get(
        &app,
        &format!("/routine/plan?{VALID_ANSWERS}&leg=below_knee"),
    )
    .await;
    sciatica.assert_contains("/exercises/sciatic-nerve-glide\"");
    sciatica.assert_contains("the pattern of sciatica");
    sciatica.assert_contains("See a GP soon");
    sciatica.assert_contains("<li data-sign=\"sciatica_not_improving\">");
    let plain = get(&app, &format!("/routine/plan?{VALID_ANSWERS}")).await;
    assert!(!plain.body.contains("/exercises/sciatic-nerve-glide\""));
    assert!(!plain.body.contains("See a GP soon"));

    let older = answers_with(VALID_ANSWERS, "age=20-49", "age=65%2B");
    let page = get(&app, &format!("/routine/plan?{older}")).await;
    page.assert_contains("<li data-sign=\"first_pain_age\">");
    page.assert_contains("Exercises that need balance without holding on.");
    for exercise in content.exercises.exercises().iter().filter(|e| e.balance) {
        assert!(
            !page.body.contains(&format!(
                "/exercises/{}\">{}</a>:",
                exercise.slug, exercise.name
            )),
            "{} prescribed at 65+ and lightly active",
            exercise.slug
        );
    }

    // Long-lasting pain with long morning stiffness under 45: see a GP.
    let stiff = answers_with(
        VALID_ANSWERS,
        "duration=acute&worse=sitting",
        "duration=chronic&worse=morning_stiffness",
    );
    let page = get(&app, &format!("/routine/plan?{stiff}")).await;
    page.assert_contains("<li data-sign=\"inflammatory\">");
}

#[actix_web::test]
async fn a_plan_links_to_the_guides_for_who_is_asking() {
    let site =
        TestSite::with_content(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let app = site.app().await;
    let plain = get(&app, &format!("/routine/plan?{VALID_ANSWERS}")).await;
    assert!(!plain.body.contains("id=\"guides-for-you\""));
    let asking = format!(
        "/routine/plan?{}&leg=below_knee&pregnancy=postnatal",
        answers_with(VALID_ANSWERS, "age=20-49", "age=65%2B")
    );
    let page = get(&app, &asking).await;
    assert_eq!(page.status, StatusCode::OK);
    let box_ = &page.body[page.body.find("id=\"guides-for-you\"").unwrap()..];
    let box_ = &box_[..box_.find("</div>").unwrap()];
    for slug in [
        "sciatica",
        "back-pain-in-pregnancy",
        "staying-strong-in-older-age",
    ] {
        assert!(box_.contains(&format!("href=\"/guides/{slug}\"")), "{slug}");
        let guide = get(&app, &format!("/guides/{slug}")).await;
        assert_eq!(guide.status, StatusCode::OK, "{slug}");
    }
}

#[actix_web::test]
async fn an_old_address_without_age_asks_only_that_and_old_saved_routines_still_open() {
    let site = TestSite::new();
    let app = site.app().await;
    let old = VALID_ANSWERS.replace("age=20-49&", "");
    let page = get(&app, &format!("/routine/plan?{old}")).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    page.assert_contains("There is a problem");
    let summary = &page.body[page.body.find("error-summary-list").unwrap()..];
    let summary = &summary[..summary.find("</ul>").unwrap()];
    assert_eq!(summary.matches("<li>").count(), 1, "{summary}");
    assert!(summary.contains("href=\"#age\""));
    assert!(summary.contains("Select your age group"));
    // The other answers are kept.
    page.assert_contains("value=\"strain\" checked");

    // A routine saved before the questions existed: its stored answers
    // have no age and its plan snapshot no see-a-GP or checked fields.
    let path = save_answers(&app, VALID_ANSWERS).await;
    {
        let conn = site.state.db.get().unwrap();
        let hash: Vec<u8> = conn
            .query_row("SELECT token_hash FROM routines", [], |r| r.get(0))
            .unwrap();
        let plan_json = backcare::db::sqlite::find(&conn, &hash)
            .unwrap()
            .unwrap()
            .plan_json;
        let mut plan: serde_json::Value = serde_json::from_str(&plan_json).unwrap();
        let object = plan.as_object_mut().unwrap();
        assert!(object.remove("see_soon").is_some());
        assert!(object.remove("checked").is_some());
        conn.execute(
            // Stored as text, as routines were before snapshots were
            // compressed.
            "UPDATE routines SET answers = ?1, plan_json = ?2, plan_br = NULL",
            (old.as_str(), plan.to_string()),
        )
        .unwrap();
    }
    let page = get(&app, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains("Your saved routine");
    assert!(!page.body.contains("<dt>Age</dt>"));
    assert!(!page.body.contains("<dt>Pregnancy</dt>"));
    assert!(page.body.contains("<dt>Pain right now</dt>"));
}

#[actix_web::test]
async fn plan_json_answers_with_the_outcome_and_field_errors() {
    let site = TestSite::new();
    let app = site.app().await;
    let ok = get(&app, &format!("/routine/plan.json?{VALID_ANSWERS}")).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(
        ok.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let value: serde_json::Value = serde_json::from_str(&ok.body).unwrap();
    assert_eq!(value["outcome"], "plan");
    assert_eq!(value["weeks"].as_array().unwrap().len(), 4);
    let item = &value["weeks"][0]["sessions"][0]["blocks"][0]["items"][0];
    assert!(item["slug"].is_string());
    assert!(item["dose"]["unit"].is_string());
    assert!(value["notes"][0].as_str().unwrap().contains("5 out of 10"));

    let urgent = get(
        &app,
        &format!(
            "/routine/plan.json?{}",
            answers_with(VALID_ANSWERS, "red_flag=none", "red_flag=fever")
        ),
    )
    .await;
    let value: serde_json::Value = serde_json::from_str(&urgent.body).unwrap();
    assert_eq!(value["outcome"], "see_a_doctor");
    assert_eq!(value["urgency"], "urgent");
    assert_eq!(value["flags"], serde_json::json!(["fever"]));

    for (from, to, outcome) in [
        ("age=20-49", "age=under-16", "not_for_children"),
        ("pain=4", "pain=9", "ease_first"),
    ] {
        let page = get(
            &app,
            &format!(
                "/routine/plan.json?{}",
                answers_with(VALID_ANSWERS, from, to)
            ),
        )
        .await;
        let value: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        assert_eq!(value["outcome"], outcome);
    }

    let bad = get(&app, "/routine/plan.json?red_flag=none&pain=eleven").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let value: serde_json::Value = serde_json::from_str(&bad.body).unwrap();
    let errors = value["errors"].as_array().unwrap();
    assert!(errors.iter().any(|e| e["field"] == "pain"));
    assert!(errors.iter().any(|e| e["field"] == "age"));
    // A warning sign is answered even when other answers are missing.
    let flag = get(&app, "/routine/plan.json?red_flag=chest_pain").await;
    assert_eq!(flag.status, StatusCode::OK);
    assert!(flag.body.contains("\"urgency\":\"emergency\""));
}

#[actix_web::test]
async fn a_guide_that_states_a_warning_sign_in_its_own_words_stops_the_site() {
    let fixture = ContentFixture::new();
    fixture.guide(
        "bad",
        "2026-01-01",
        "",
        "## When to worry\n\nGo to hospital if you lose control of your bladder.\n",
    );
    let problems = Content::load(fixture.path(), backcare::web::assets::embedded)
        .unwrap_err()
        .to_string();
    assert!(problems.contains("bad.md:8"), "{problems}");
    assert!(problems.contains("bladder_bowel"), "{problems}");
    assert!(problems.contains("warning_signs(level="), "{problems}");

    let good = ContentFixture::new();
    good.guide(
        "good",
        "2026-01-01",
        "",
        "## When to worry\n\nMost back pain is not serious.\n\n{{ warning_signs(level=\"emergency\") }}\n\nThen rest.\n",
    );
    let content = Content::load(good.path(), backcare::web::assets::embedded).unwrap();
    let guide = content.guides.get("good").unwrap();
    assert!(
        guide
            .html
            .contains("<div class=\"sign-list sign-list-emergency\"")
    );
    assert!(guide.html.contains("<li data-sign=\"bladder_bowel\">"));
    assert!(!guide.html.contains("BACKCARESHORTCODE"));
    assert!(guide.text.contains("Call 999"));
}
