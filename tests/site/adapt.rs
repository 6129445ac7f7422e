//! A saved routine that responds to its log: a very painful session makes
//! the next sessions lighter and shows the flare-up plan; `/r/{token}/plan.json`
//! gives the plan as it stands with each week's reason.

use actix_web::http::StatusCode;
use serde_json::Value;

use chrono::Weekday;

use crate::common::{ACTIVE_ANSWERS, Calendar, Page, TestSite, VALID_ANSWERS, get};

/// Repetitions and seconds held in one week of a plan (minutes of cardio
/// fill whatever time is left, so they are left out).
fn volume(plan: &Value, week: usize) -> u64 {
    let mut total = 0;
    for session in plan["weeks"][week]["sessions"].as_array().unwrap() {
        for block in session["blocks"].as_array().unwrap() {
            for item in block["items"].as_array().unwrap() {
                let dose = &item["dose"];
                total += match dose["unit"].as_str().unwrap() {
                    "reps" => dose["sets"].as_u64().unwrap() * dose["reps"].as_u64().unwrap(),
                    "hold" => dose["seconds"].as_u64().unwrap() * dose["reps"].as_u64().unwrap(),
                    _ => 0,
                };
            }
        }
    }
    total
}

/// The session of `day` (0 = Monday) in week `week` (0-based), if any.
fn session(plan: &Value, week: usize, day: usize) -> Option<&Value> {
    let label = plan["weeks"][week]["days"][day]["session"].as_str()?;
    plan["weeks"][week]["sessions"]
        .as_array()?
        .iter()
        .find(|s| s["label"] == label)
}

/// Repetitions and seconds held in one session.
fn session_volume(session: &Value) -> u64 {
    volume(
        &serde_json::json!({ "weeks": [{ "sessions": [session] }] }),
        0,
    )
}

async fn json_on<S, B>(app: &S, cal: &Calendar, day: i64, uri: &str) -> Value
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    parsed(&cal.get(app, day, uri).await, uri)
}

async fn json<S, B>(app: &S, uri: &str) -> Value
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    parsed(&get(app, uri).await, uri)
}

/// The JSON of a page that answered 200.
fn parsed(page: &Page, uri: &str) -> Value {
    assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
    serde_json::from_str(&page.body).unwrap()
}

#[actix_web::test]
async fn a_very_painful_session_makes_the_next_session_lighter_and_shows_the_flare_up_plan() {
    // Saved on a Monday, Monday's session is week 1's first and the next
    // is later in week 1; saved on a Tuesday, Monday's is week 1's last
    // (week 1 starts on the day of saving) and the next is in week 2.
    painful_monday(Weekday::Mon).await;
    painful_monday(Weekday::Tue).await;
}

async fn painful_monday(first_day: Weekday) {
    let site = TestSite::new();
    let app = site.app().await;
    let cal = Calendar::from_last(first_day);
    // The day of the story that is Monday.
    let monday = i64::from((7 - first_day.num_days_from_monday()) % 7);
    let path = cal.save(&app, 0, VALID_ANSWERS).await;
    let unadapted = json(&app, &format!("/routine/plan.json?{VALID_ANSWERS}")).await;

    // Before any log: the saved plan is the plan, and nothing is flagged.
    let before = json_on(&app, &cal, 0, &format!("{path}/plan.json")).await;
    assert_eq!(before["outcome"], "plan");
    assert_eq!(volume(&before, 1), volume(&unadapted, 1));
    assert!(before["weeks"][1]["reason"].is_null());
    assert!(before["flare"].is_null());
    let page = cal.get(&app, 0, &path).await;
    assert!(!page.body.contains("id=\"flare-up\""));
    assert!(!page.body.contains("Changed for you"));

    // Monday of week 1 hurt a lot afterwards.
    let logged = cal
        .post(
            &app,
            monday,
            &format!("{path}/log"),
            "week=1&session=1&done=yes&pain=9&note=",
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);

    let after = json_on(&app, &cal, monday, &format!("{path}/plan.json")).await;
    // The very next session (later in week 1, or in week 2 when Monday was
    // week 1's last session by date: week 1 starts on the day of saving)
    // is lighter, with one exercise fewer; Monday's own session is as
    // saved.
    let next = &after["flare"]["next"];
    let (next_week, next_day) = (
        next[0].as_u64().unwrap() as usize - 1,
        next[1].as_u64().unwrap() as usize - 1,
    );
    let (now, planned) = (
        session(&after, next_week, next_day).unwrap(),
        session(&unadapted, next_week, next_day).unwrap(),
    );
    assert!(
        session_volume(now) < session_volume(planned),
        "the next session did not get lighter: {} vs {}",
        session_volume(now),
        session_volume(planned)
    );
    let names = |s: &Value| -> Vec<String> {
        s["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["part"] != "cardio")
            .flat_map(|b| b["items"].as_array().unwrap())
            .map(|i| i["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    let paused = now["paused"]["slug"].as_str().unwrap();
    assert!(!names(now).iter().any(|n| n == paused));
    if next_week == 0 {
        // The same session as planned, less the hardest exercise. (A week 2
        // held back is rebuilt at week 1's amounts, with the exercises of
        // that level, so it is compared by volume only.)
        assert_eq!(
            names(now).len() + 1,
            names(planned).len(),
            "the hardest one paused"
        );
        assert!(names(planned).iter().any(|n| n == paused));
    }
    assert_eq!(session(&after, 0, 0), session(&before, 0, 0));
    // Week 2 stays at the lighter amounts until a session feels fine.
    assert!(volume(&after, 1) < volume(&unadapted, 1));
    let because = "because your pain was 9 out of 10 after the session on Monday of week 1.";
    assert_eq!(next_week, usize::from(first_day != Weekday::Mon));
    if next_week == 0 {
        let reason = after["weeks"][0]["reason"].as_str().unwrap();
        assert_eq!(reason, format!("The rest of week 1 is lighter {because}"));
        let reason = after["weeks"][1]["reason"].as_str().unwrap();
        assert!(
            reason.starts_with("Week 2 stays as light as the end of week 1"),
            "{reason}"
        );
    } else {
        assert!(after["weeks"][0]["reason"].is_null());
        let reason = after["weeks"][1]["reason"].as_str().unwrap();
        assert_eq!(reason, format!("Week 2 is lighter {because}"));
    }
    // A held week does not tell the person to add a little.
    let focus = after["weeks"][1]["focus"].as_str().unwrap();
    assert!(
        focus.starts_with("Stay at these amounts for now"),
        "{focus}"
    );
    assert_eq!(after["flare"]["week"], 1);
    assert_eq!(after["flare"]["recent"], true);
    assert_eq!(after["flare"]["lighter"], true);
    assert_eq!(after["lights"][0][2], "red");

    let page = cal.get(&app, monday, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("A flare-up: what to do for the next 48 hours");
    page.assert_contains("Keep doing, gently:");
    page.assert_contains("<strong>Changed for you:</strong>");
    page.assert_contains(&format!("lighter {because}"));
    page.assert_contains("carry on with your next session, on");
    page.assert_contains("It is lighter now, and ");
    page.assert_contains("<strong>Paused for now:</strong>");
    // The chart marks the session after which the plan changed.
    page.assert_contains("class=\"chart-adjusted\"");
    page.assert_contains("the plan was adjusted after this session");
    // The emergency signs sit in the flare-up box, from the one table.
    let flare = &page.body[page.body.find("id=\"flare-up\"").unwrap()..];
    let flare = &flare[..flare.find("</section>").unwrap()];
    assert!(flare.contains("sign-list-emergency"));
    assert!(!flare.contains("Book a GP or physiotherapist appointment"));
    if first_day != Weekday::Mon {
        return;
    }

    // A second flare-up within the week, on Wednesday: book an appointment.
    let log = format!("{path}/log");
    let res = cal
        .post(&app, 2, &log, "week=1&session=3&done=yes&pain=8&note=")
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = cal.get(&app, 2, &path).await;
    page.assert_contains("Book a GP or physiotherapist appointment");

    // A calm session on Friday ends the flare-up plan, and the private
    // headers apply to the JSON too.
    let res = cal
        .post(&app, 4, &log, "week=1&session=5&done=yes&pain=3&note=")
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = cal.get(&app, 4, &format!("{path}/plan.json")).await;
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("x-robots-tag"), Some("noindex, nofollow"));
    let value: Value = serde_json::from_str(&page.body).unwrap();
    assert!(value["flare"].is_null());
}

#[actix_web::test]
async fn two_easy_green_sessions_move_week_2_ahead_of_the_unadapted_plan() {
    let site = TestSite::new();
    let app = site.app().await;
    // Saved on a Monday; each session logged on its day.
    let cal = Calendar::from_last(Weekday::Mon);
    let path = cal.save(&app, 0, VALID_ANSWERS).await;
    let unadapted = json(&app, &format!("/routine/plan.json?{VALID_ANSWERS}")).await;
    // Week 1's Monday and Wednesday: little pain, too easy, a fine morning.
    for session in [1, 3] {
        let logged = cal
            .post(
                &app,
                i64::from(session) - 1,
                &format!("{path}/log"),
                &format!(
                    "week=1&session={session}&done=yes&pain=1&pain_during=2&effort=too_easy&morning=same&note="
                ),
            )
            .await;
        assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    }
    let now = json_on(&app, &cal, 2, &format!("{path}/plan.json")).await;
    assert!(
        volume(&now, 1) > volume(&unadapted, 1),
        "week 2 did not get harder: {} vs {}",
        volume(&now, 1),
        volume(&unadapted, 1)
    );
    assert_eq!(
        now["weeks"][1]["reason"],
        "Week 2 moves one step ahead because 2 sessions of week 1 felt too easy."
    );
    assert_eq!(
        now["lights"],
        serde_json::json!([[1, 1, "green"], [1, 3, "green"]])
    );
    assert!(now["flare"].is_null());
    let page = cal.get(&app, 2, &path).await;
    page.assert_contains("<strong>Changed for you:</strong> Week 2 moves one step ahead");
    // The chart shows pain during the sessions too.
    page.assert_contains("class=\"chart-dot chart-dot-during\"");

    // Pain during of 7 on Friday (amber): no step ahead; week 2 repeats
    // week 1's amounts, the last that felt fine.
    let logged = cal
        .post(
            &app,
            4,
            &format!("{path}/log"),
            "week=1&session=5&done=yes&pain=3&pain_during=7&note=",
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let now = json_on(&app, &cal, 4, &format!("{path}/plan.json")).await;
    assert_eq!(volume(&now, 1), volume(&now, 0));
    assert!(
        now["weeks"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("because your pain was 7 out of 10 during the session on Friday of week 1")
    );
}

#[actix_web::test]
async fn plan_json_of_a_link_that_does_not_exist_is_a_404() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/r/AAAAAAAAAAAAAAAAAAAAAA/plan.json").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

/// The slugs of one week of a plan.json.
fn slugs(plan: &Value, week: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for session in plan["weeks"][week]["sessions"].as_array().unwrap() {
        for block in session["blocks"].as_array().unwrap() {
            for item in block["items"].as_array().unwrap() {
                let slug = item["slug"].as_str().unwrap().to_owned();
                if !out.contains(&slug) {
                    out.push(slug);
                }
            }
        }
    }
    out
}

/// Session days (1 = Monday) of one week of a plan.json.
fn session_days(plan: &Value, week: usize) -> Vec<usize> {
    plan["weeks"][week]["days"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, d)| !d["session"].is_null())
        .map(|(i, _)| i + 1)
        .collect()
}

/// Logs every session of weeks 1 to 4 of `plan`, saved on day 0 of `cal`,
/// each week on its last day: little pain, too easy, a fine morning.
async fn log_weeks_1_to_4_too_easy<S, B>(app: &S, cal: &Calendar, path: &str, plan: &Value)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    for week in 0..4 {
        let last_day = 7 * (i64::try_from(week).unwrap() + 1) - 1;
        for day in session_days(plan, week) {
            let logged = cal
                .post(
                    app,
                    last_day,
                    &format!("{path}/log"),
                    &format!(
                        "week={}&session={day}&done=yes&pain=1&pain_during=2&effort=too_easy&morning=same&note=",
                        week + 1
                    ),
                )
                .await;
            assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
        }
    }
}

#[actix_web::test]
async fn four_easy_weeks_go_on_to_weeks_5_to_8_with_the_harder_variants() {
    let site = TestSite::new();
    let app = site.app().await;
    let cal = Calendar::from_last(Weekday::Mon);
    let path = cal.save(&app, 0, ACTIVE_ANSWERS).await;

    // Before any log, in week 1: four weeks, and the page says the routine
    // goes on.
    let before = json(&app, &format!("{path}/plan.json")).await;
    assert_eq!(before["weeks"].as_array().unwrap().len(), 4);
    assert_eq!(before["weeks_total"], 12);
    assert_eq!(before["weeks"][3]["tier"], "base");
    let page = get(&app, &path).await;
    page.assert_contains("week 1 of 12");
    page.assert_contains("Your routine goes on after week 4, up to week 12.");
    let week_5 = get(&app, &format!("{path}/session/5/1")).await;
    assert_eq!(week_5.status, StatusCode::BAD_REQUEST);

    log_weeks_1_to_4_too_easy(&app, &cal, &path, &before).await;

    let now = json(&app, &format!("{path}/plan.json")).await;
    let weeks = now["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 8, "weeks 5 to 8 appear after week 4");
    for (i, week) in weeks.iter().enumerate() {
        assert_eq!(week["number"], i + 1);
    }
    assert_eq!(
        weeks.iter().map(|w| w["step"].clone()).collect::<Vec<_>>(),
        serde_json::json!([0, 2, 3, 3, 0, 1, 2, 3])
            .as_array()
            .unwrap()
            .clone()
    );
    for (i, tier) in [
        "base", "base", "base", "base", "harder", "harder", "harder", "harder",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(weeks[i]["tier"], *tier, "week {}", i + 1);
    }
    assert_eq!(
        now["weeks"][4]["reason"],
        "Week 5 moves on to harder versions of some of your exercises because 3 sessions of week 4 felt too easy."
    );
    // The harder variants, where the catalog has them: the pelvic tilt
    // becomes the bridge, the abdominal brace the dead bug.
    let week_4 = slugs(&now, 3);
    let week_5 = slugs(&now, 4);
    let mut swapped = 0;
    for (easy, hard) in [
        ("pelvic-tilt", "bridge"),
        ("bridge", "single-leg-bridge"),
        ("wall-push-up", "knee-push-up"),
        ("abdominal-brace", "dead-bug"),
        ("hamstring-stretch", "seated-hamstring-stretch"),
        ("sit-to-stand", "squat"),
    ] {
        if week_4.iter().any(|s| s == easy) {
            assert!(
                week_5.iter().any(|s| s == hard),
                "{easy} in week 4 but no {hard} in week 5: {week_4:?} → {week_5:?}"
            );
            swapped += 1;
        }
    }
    assert!(swapped >= 2, "{week_4:?}");
    assert!(week_4.iter().any(|s| s == "pelvic-tilt"), "{week_4:?}");
    assert!(!week_5.iter().any(|s| s == "pelvic-tilt"), "{week_5:?}");

    // The page, a week-5 session, the calendar and the CSV follow.
    let page = get(&app, &path).await;
    page.assert_contains("of 12</strong>");
    page.assert_contains("<h2 id=\"week-8\">Week 8</h2>");
    page.assert_contains("Weeks 9 to 12 appear here when you reach week 8");
    page.assert_contains("<strong>Changed for you:</strong> Week 5 moves on to harder versions");
    let day = session_days(&now, 4)[0];
    let session = get(&app, &format!("{path}/session/5/{day}")).await;
    assert_eq!(session.status, StatusCode::OK, "{}", session.body);
    session.assert_contains("Week 5, ");
    let calendar = get(&app, &format!("{path}/calendar.ics")).await;
    assert_eq!(calendar.body.matches("BEGIN:VEVENT").count(), 8 * 3);
    // On the last day of week 5.
    let logged = cal
        .post(
            &app,
            34,
            &format!("{path}/log"),
            &format!("week=5&session={day}&done=yes&pain=2&note="),
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let csv = get(&app, &format!("{path}/export.csv")).await;
    assert!(csv.body.contains("Week 5, "), "{}", csv.body);
    // Week 9 is not shown yet.
    let refused = cal
        .post(
            &app,
            34,
            &format!("{path}/log"),
            &format!("week=9&session={day}&done=yes&pain=2&note="),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    refused.assert_contains("That session is not part of this routine.");

    // A session of week 8 logged: weeks 9 to 12 appear, to the end.
    let day = session_days(&now, 7)[0];
    let logged = cal
        .post(
            &app,
            55,
            &format!("{path}/log"),
            &format!("week=8&session={day}&done=yes&pain=2&note="),
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let all = json(&app, &format!("{path}/plan.json")).await;
    assert_eq!(all["weeks"].as_array().unwrap().len(), 12);
    assert_eq!(all["weeks"][11]["number"], 12);
    let page = get(&app, &path).await;
    page.assert_contains("<h2 id=\"week-12\">Week 12</h2>");
    assert!(!page.body.contains("Your routine goes on after week"));
}

/// A saved routine says "harder versions" only when there are some: in
/// pregnancy, where the harder versions of this plan's exercises are not
/// allowed, four easy weeks keep the usual exercises at their top amounts,
/// and no reason on the page or in plan.json promises harder versions.
#[actix_web::test]
async fn harder_versions_are_promised_only_when_the_plan_has_some() {
    let site = TestSite::new();
    let app = site.app().await;
    let answers = VALID_ANSWERS.replace("cleared=no", "cleared=no&pregnancy=pregnant");
    let cal = Calendar::from_last(Weekday::Mon);
    let path = cal.save(&app, 0, &answers).await;
    let before = json(&app, &format!("{path}/plan.json")).await;
    log_weeks_1_to_4_too_easy(&app, &cal, &path, &before).await;
    let now = json(&app, &format!("{path}/plan.json")).await;
    let weeks = now["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 8);
    let (week_4, week_5) = (slugs(&now, 3), slugs(&now, 4));
    let harder = weeks[4]["tier"] == "harder";
    // Whatever the catalog allows in pregnancy, the words match the plan.
    assert_eq!(harder, week_4 != week_5, "{week_4:?} → {week_5:?}");
    for week in weeks {
        if let Some(reason) = week["reason"].as_str() {
            assert!(
                harder || !reason.contains("harder versions"),
                "week {}: {reason}",
                week["number"]
            );
        }
    }
    if !harder {
        assert_eq!(
            weeks[4]["step"], weeks[3]["step"],
            "stays at the top amounts"
        );
    }
}
