//! The routine builder and the exercise library, through the real app:
//! the form, the plan, the red-flag page, validation errors, the library
//! pages, and start-up refusing a broken catalog.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;

use crate::common::{
    ACTIVE_ANSWERS, Page, TYPICAL_ANSWERS, TestSite, WALL_AND_TOWEL_ANSWERS, answers_with,
    assert_in_layout, get, send,
};
use backcare::routine::{Answers, Level, Outcome, RedFlag, plan};

/// The `<main>` element only (the layout's header and footer left out).
fn main_of(page: &Page) -> &str {
    let start = page.body.find("<main").expect("main");
    let end = page.body.find("</main>").expect("/main");
    &page.body[start..end]
}

/// Every `href="…"` on the page, unescaped.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&#38;", "&").replace("&amp;", "&"))
        .collect()
}

#[actix_web::test]
async fn the_form_has_every_question_in_its_own_fieldset_and_needs_no_script() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/routine").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    let main = main_of(&page);
    assert!(main.contains("<form class=\"questions\" action=\"/routine/plan\" method=\"get\""));
    // One script, deferred, that only keeps "None of these" and a warning
    // sign from both being ticked; the form works without it (the browser
    // tests send it with JavaScript off).
    assert_eq!(page.body.matches("<script").count(), 1);
    assert!(
        page.body.contains("<script src=\"/static/js/choices.js?v=")
            && page.body.contains("\" defer></script>")
    );
    assert_eq!(main.matches(" data-exclusive").count(), 1);
    // Thirteen grouped questions in fieldsets with legends; minutes has a
    // label.
    assert_eq!(main.matches("<fieldset").count(), 13);
    assert_eq!(main.matches("<legend>").count(), 13);
    assert!(main.contains("<label for=\"minutes\">"));
    for name in [
        "red_flag",
        "assessed",
        "age",
        "pain",
        "duration",
        "leg",
        "worse",
        "cause",
        "pregnancy",
        "activity",
        "days",
        "minutes",
        "equipment",
        "cleared",
    ] {
        assert!(main.contains(&format!("name=\"{name}\"")), "{name}");
        // The first input of each question carries the field's name as id.
        assert!(main.contains(&format!("id=\"{name}\"")), "{name}");
        assert!(main.contains(&format!("id=\"{name}-hint\"")), "{name} hint");
    }
    // Every input has a label pointing at it.
    for id in main
        .split("<input id=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
    {
        assert!(
            main.contains(&format!("<label for=\"{id}\">")),
            "no label for {id}"
        );
    }
    for value in [
        "none",
        "saddle_numbness",
        "bladder_bowel",
        "both_legs",
        "chest_pain",
        "major_trauma",
        "fever",
        "weight_loss",
        "cancer_history",
        "night_pain",
        "lump_or_shape",
        "shoulder_blades",
        "bending_forward",
        "arching_back",
        "after_activity",
        "lying_down",
        "osteoporosis",
        "sedentary",
        "athletic",
        "cardio_machine",
        "pool",
    ] {
        assert!(main.contains(&format!("value=\"{value}\"")), "{value}");
    }
    assert!(
        !main.contains("\" checked"),
        "nothing is ticked on a fresh form"
    );
}

#[actix_web::test]
async fn a_full_answer_set_gives_a_four_week_plan_with_everything_the_issue_lists() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    let main = main_of(&page);
    for needle in [
        "<h1>Your four-week plan</h1>",
        "What you told us",
        "4 out of 10",
        "20 minutes",
        "A clear wall, A towel or strap",
        "Week 1",
        "Week 2",
        "Week 3",
        "Week 4",
        "Monday",
        "Sunday",
        "Rest day",
        "Session A: Strength day",
        "Moves to avoid",
        "When to stop",
        "Pain up to about 5 out of 10 is fine if it settles within a day",
        "Stop an exercise that brings sharp pain or pain spreading down a leg (or further down it than usual).",
        "your back is not getting better",
        "Change my answers",
    ] {
        assert!(main.contains(needle), "plan lacks {needle:?}");
    }
    // The six avoided moves, each with a reason and a link.
    for slug in [
        "heavy-lifting",
        "overhead-lifting",
        "running",
        "road-cycling",
        "toe-touches",
        "back-extensions",
    ] {
        assert!(
            main.contains(&format!("href=\"/exercises/{slug}\"")),
            "{slug}"
        );
    }
    // Not cleared for weights: told why, and no weights in the plan.
    assert!(main.contains("Weight machines and dumbbells"));
    assert!(!main.contains("Lateral raise:"));
    // Sessions never ask for more than the chosen 20 minutes, nor less
    // than 60% of them.
    let mut sessions = 0;
    for cut in main.split("about ").skip(1) {
        if let Some(number) = cut.split(' ').next().and_then(|n| n.parse::<u32>().ok())
            && cut[number.to_string().len()..].starts_with(" minutes</span>")
        {
            assert!((12..=20).contains(&number), "a {number}-minute session");
            sessions += 1;
        }
    }
    assert_eq!(sessions, 4 * 3, "three sessions a week for four weeks");
    // Every exercise link works and is an exercise page.
    let exercise_links: Vec<String> = links(main)
        .into_iter()
        .filter(|l| l.starts_with("/exercises/"))
        .collect();
    assert!(exercise_links.len() > 20);
    let mut checked = std::collections::BTreeSet::new();
    for link in exercise_links {
        if checked.insert(link.clone()) {
            let target = get(&app, &link).await;
            assert_eq!(target.status, StatusCode::OK, "{link}");
        }
    }
}

/// Issue 17: on a phone the plan shows week 1 in full, each later week as
/// what changes from the week before (the whole week closed beneath it),
/// the days of the week once, and saving and printing before the plan.
#[actix_web::test]
async fn the_plan_shows_week_one_in_full_and_later_weeks_as_what_changes() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, &format!("/routine/plan?{TYPICAL_ANSWERS}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let main = main_of(&page);
    let content = site.state.content.current();
    let answers = Answers::from_query(TYPICAL_ANSWERS).expect("answers");
    let Outcome::Plan(the_plan) = plan(&answers, &content.exercises, &content.signs) else {
        panic!("no plan");
    };
    let at = |needle: &str| {
        main.find(needle)
            .unwrap_or_else(|| panic!("the plan lacks {needle:?}"))
    };

    // Save (a button of the save form at the end) and Print come first;
    // without scripts the Print button stays hidden and the words say how.
    let week_1 = at("<h2 id=\"week-1\">");
    assert!(at("<button type=\"submit\" form=\"save-form\">Save this routine</button>") < week_1);
    assert!(
        at("<button type=\"button\" class=\"button secondary\" data-print hidden>Print</button>")
            < week_1
    );
    assert!(
        at(
            "print it to keep a copy<span data-print-how> (use Print in your browser's menu)</span>"
        ) < week_1
    );
    assert!(page.body.contains("<script src=\"/static/js/plan.js?v="));
    // A link to each week.
    for week in &the_plan.weeks {
        assert!(at(&format!("<a href=\"#week-{0}\">Week {0}</a>", week.number)) < week_1);
    }
    // The seven days once, on screen; each week's own list is for paper.
    assert_eq!(main.matches("<ul class=\"glance-days\">").count(), 1);
    assert_eq!(
        main.matches("<ul class=\"week-days print-only\">").count(),
        the_plan.weeks.len()
    );

    // Week 1 in full, open: every exercise with its picture beside it.
    let week_2 = at("<h2 id=\"week-2\">");
    let first = &main[week_1..week_2];
    assert!(!first.contains("<details"), "week 1 is not folded away");
    for item in the_plan.weeks[0].sessions.iter().flat_map(|s| s.items()) {
        assert!(
            first.contains(&format!(
                "<img src=\"/static/exercises/thumbs/{}.svg?v=",
                item.slug
            )),
            "no picture for {}",
            item.slug
        );
        assert!(first.contains(&format!(
            "<a href=\"/exercises/{}\">{}</a>: <span class=\"item-dose\">",
            item.slug, item.name
        )));
    }
    assert_eq!(
        first
            .matches("alt=\"\" width=\"56\" height=\"42\" loading=\"lazy\">")
            .count(),
        the_plan.weeks[0]
            .sessions
            .iter()
            .map(|s| s.items().count())
            .sum::<usize>()
    );

    // Each later week: what changes, in a few lines, then the whole week
    // closed. Its changes name no amount of the week before.
    let avoid = at("id=\"avoid-title\"");
    for week in &the_plan.weeks[1..] {
        let start = at(&format!("<h2 id=\"week-{}\">", week.number));
        let end = main[start + 1..]
            .find("<h2 id=\"week-")
            .map_or(avoid, |i| start + 1 + i);
        let section = &main[start..end];
        assert!(section.contains(&format!(
            "<strong class=\"change-title\">What changes from week {}:</strong>",
            week.number - 1
        )));
        let changes = &section[section.find("week-changes").expect("changes")
            ..section.find("<details").expect("the whole week")];
        assert!(
            changes.len() < 2_000,
            "week {}: {} bytes of changes",
            week.number,
            changes.len()
        );
        assert!(section.contains(&format!(
            "<details class=\"week-all fold\">\n      <summary>All of week {}, day by day</summary>",
            week.number
        )));
        // The whole week is there (for paper and for those who open it).
        for session in &week.sessions {
            assert!(section.contains(&format!(
                "Session {}: {} <span class=\"session-meta\">about {} minutes",
                session.label,
                session.kind.label(),
                session.minutes
            )));
        }
    }
    // Week 2 of these answers: every exercise but a few does a little more.
    assert!(main.contains("<strong>All the other exercises:</strong> a few more repetitions"));
}

#[actix_web::test]
async fn change_my_answers_returns_to_the_form_with_every_answer_filled_in() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}")).await;
    let change = links(main_of(&page))
        .into_iter()
        .find(|l| l.starts_with("/routine?"))
        .expect("change link");
    let form = get(&app, &change).await;
    assert_eq!(form.status, StatusCode::OK);
    let main = main_of(&form);
    for (name, value) in [
        ("red_flag", "none"),
        ("age", "20-49"),
        ("pain", "4"),
        ("duration", "acute"),
        ("worse", "sitting"),
        ("cause", "strain"),
        ("activity", "light"),
        ("days", "3"),
        ("equipment", "wall"),
        ("equipment", "towel"),
        ("cleared", "no"),
    ] {
        let needle = format!("name=\"{name}\" type=\"");
        let ticked = main.split("<input ").any(|input| {
            input.contains(&needle) && input.contains(&format!("value=\"{value}\" checked"))
        });
        assert!(ticked, "{name}={value} is not ticked");
    }
    assert!(main.contains("name=\"minutes\" type=\"text\""));
    assert!(main.contains("value=\"20\""));
    assert_eq!(main.matches("\" checked").count(), 11);
    // Submitting the pre-filled form gives the same plan again.
    let again = get(
        &app,
        &format!("/routine/plan?{}", &change["/routine?".len()..]),
    )
    .await;
    assert_eq!(again.body, page.body);
}

#[actix_web::test]
async fn the_same_answers_give_the_same_page_and_order_does_not_matter() {
    let site = TestSite::new();
    let app = site.app().await;
    let first = get(&app, &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}")).await;
    let second = get(&app, &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}")).await;
    assert_eq!(first.body, second.body);
    let mut parts: Vec<&str> = WALL_AND_TOWEL_ANSWERS.split('&').collect();
    parts.reverse();
    let shuffled = get(
        &app,
        &format!("/routine/plan?utm_source=mail&{}", parts.join("&")),
    )
    .await;
    assert_eq!(shuffled.status, StatusCode::OK);
    assert_eq!(shuffled.body, first.body, "unknown parameters are ignored");
}

#[actix_web::test]
async fn equipment_clearance_pain_and_movement_answers_shape_the_plan() {
    let site = TestSite::new();
    let app = site.app().await;

    // Cleared, with dumbbells and a gym: weights appear.
    let q = format!(
        "{}&equipment=dumbbells&equipment=machines",
        answers_with(WALL_AND_TOWEL_ANSWERS, "cleared=no", "cleared=yes")
    );
    let page = get(&app, &format!("/routine/plan?{q}")).await;
    assert!(main_of(&page).contains("/exercises/lateral-raise"));
    // The same equipment without clearance: none.
    let q = format!("{WALL_AND_TOWEL_ANSWERS}&equipment=dumbbells&equipment=machines");
    let page = get(&app, &format!("/routine/plan?{q}")).await;
    assert!(!main_of(&page).contains("/exercises/lateral-raise\">Lateral raise</a>:"));

    // A pool: water exercise for cardio, not walking.
    let page = get(
        &app,
        &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}&equipment=pool"),
    )
    .await;
    let main = main_of(&page);
    assert!(main.contains("/exercises/water-"));
    assert!(!main.contains("Brisk walking</a>:"));

    // High pain: a gentle plan without strength work, and advice to get care.
    let page = get(
        &app,
        &format!(
            "/routine/plan?{}",
            answers_with(WALL_AND_TOWEL_ANSWERS, "pain=4", "pain=8")
        ),
    )
    .await;
    let main = main_of(&page);
    assert!(main.contains("A gentle plan, for now"));
    assert!(main.contains("talk to a pharmacist or GP"));
    assert!(!main.contains("Strength day"));
    assert!(!main.contains("Squat</a>:"));

    // Bending forward makes it worse: no knee-to-chest, and it says why.
    let page = get(
        &app,
        &format!(
            "/routine/plan?{}",
            answers_with(
                WALL_AND_TOWEL_ANSWERS,
                "worse=sitting",
                "worse=bending_forward"
            )
        ),
    )
    .await;
    let main = main_of(&page);
    assert!(!main.contains("Knee-to-chest stretch</a>:"));
    assert!(main.contains("bending forward makes your pain worse"));

    // Arching back makes it worse: no press-ups from the floor.
    let page = get(
        &app,
        &format!(
            "/routine/plan?{}",
            answers_with(
                WALL_AND_TOWEL_ANSWERS,
                "worse=sitting",
                "worse=arching_back"
            )
        ),
    )
    .await;
    assert!(!main_of(&page).contains("Press-up from the floor</a>:"));
}

#[actix_web::test]
async fn a_red_flag_gives_a_calm_page_with_no_routine_and_the_right_urgency() {
    let site = TestSite::new();
    let app = site.app().await;
    let content = site.state.content.current();
    for flag in RedFlag::ALL {
        let sign = content.signs.flag(*flag).expect("every flag has a row");
        let q = answers_with(
            WALL_AND_TOWEL_ANSWERS,
            "red_flag=none",
            &format!("red_flag={flag}"),
        );
        let page = get(&app, &format!("/routine/plan?{q}")).await;
        assert_eq!(page.status, StatusCode::OK, "{flag}");
        assert_in_layout(&page);
        let main = main_of(&page);
        match sign.level {
            Level::Emergency => {
                assert!(main.contains("<h1>Get medical help now</h1>"), "{flag}");
                assert!(main.contains("Call 999 or go to A&#38;E"), "{flag}");
                assert!(main.contains("href=\"tel:999\""), "{flag}");
            }
            _ => {
                assert!(main.contains("<h1>Get medical advice today</h1>"), "{flag}");
                assert!(
                    main.contains("Call NHS 111 or ask your GP practice for an urgent appointment"),
                    "{flag}"
                );
                assert!(main.contains("href=\"tel:111\""), "{flag}");
            }
        }
        // The sign is named in the table's words, under its own level.
        assert!(main.contains("What you told us"));
        let item = format!("<li data-sign=\"{flag}\">");
        let at = main
            .find(&item)
            .unwrap_or_else(|| panic!("{flag} not named"));
        let list_start = main[..at].rfind("<div class=\"sign-list").unwrap();
        assert!(
            main[list_start..at].starts_with(&format!(
                "<div class=\"sign-list sign-list-{}\"",
                sign.level
            )),
            "{flag} listed under the wrong level"
        );
        assert!(main[at..].contains(&escape(&sign.label)), "{flag} label");
        // Nothing on the page suggests exercising, except, for urgent signs
        // only, the way back for someone a doctor has already checked.
        let (calm, recheck) = match main.split_once("<p><strong>Has a doctor already checked") {
            Some((before, after)) => (before, after.split_once("</p>").map_or("", |p| p.0)),
            None => (main, ""),
        };
        assert_eq!(recheck.is_empty(), sign.level == Level::Emergency, "{flag}");
        let lower = calm.to_lowercase();
        for word in [
            "exercis", "session", "week 1", "stretch", "workout", "routine",
        ] {
            assert!(
                !lower.contains(word),
                "{flag}: red-flag page mentions {word:?}"
            );
        }
        for link in links(calm) {
            assert!(
                !link.starts_with("/routine") && !link.starts_with("/exercises"),
                "{flag}: links to {link}"
            );
        }
        if !recheck.is_empty() {
            let url = links(recheck).pop().expect("recheck link");
            assert!(
                url.starts_with("/routine?") && url.contains("assessed=yes"),
                "{url}"
            );
            assert!(url.contains(&format!("red_flag={flag}")), "{url}");
        }
        // The banner (which invites people to build a routine) is not shown.
        assert!(!page.body.contains("aria-label=\"Announcement\""));
    }
    // A warning sign is acted on even if the rest of the form is empty.
    let page = get(&app, "/routine/plan?red_flag=bladder_bowel").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(main_of(&page).contains("Get medical help now"));
    // Mixed urgencies: the most urgent wins, and each sign is listed under
    // its own level.
    let page = get(&app, "/routine/plan?red_flag=fever&red_flag=both_legs").await;
    let main = main_of(&page);
    assert!(main.contains("Get medical help now"));
    assert!(main.contains("sign-list-emergency\" data-level=\"emergency\">"));
    assert!(main.contains("sign-list-urgent\" data-level=\"urgent\">"));
    assert!(main.contains("A high temperature"));
}

fn escape(text: &str) -> String {
    text.replace('&', "&#38;").replace('\'', "&#39;")
}

#[actix_web::test]
async fn missing_answers_re_show_the_form_with_400_a_linked_summary_and_messages_beside_fields() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/routine/plan").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_in_layout(&page);
    assert!(page.body.contains("<title>Error: Build your routine"));
    let main = main_of(&page);
    assert!(main.contains("There is a problem"));
    for field in [
        "red_flag", "pain", "duration", "cause", "activity", "days", "minutes", "cleared",
    ] {
        assert!(
            main.contains(&format!("<a href=\"#{field}\">")),
            "summary lacks {field}"
        );
        assert!(
            main.contains(&format!("id=\"{field}\"")),
            "no element with id {field}"
        );
        assert!(
            main.contains(&format!("id=\"{field}-error\"")),
            "no message beside {field}"
        );
    }
    // Optional questions are not errors.
    assert!(!main.contains("href=\"#worse\""));
    assert!(!main.contains("href=\"#equipment\""));
    // The summary comes before the form.
    assert!(main.find("There is a problem") < main.find("<form"));
}

#[actix_web::test]
async fn wrong_answers_are_named_and_every_valid_answer_is_kept() {
    let site = TestSite::new();
    let app = site.app().await;
    let q = answers_with(
        &answers_with(
            &answers_with(WALL_AND_TOWEL_ANSWERS, "pain=4", "pain=11"),
            "minutes=20",
            "minutes=90",
        ),
        "equipment=towel",
        "equipment=jetpack",
    );
    let page = get(&app, &format!("/routine/plan?{q}")).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let main = main_of(&page);
    assert!(main.contains("Pain must be a whole number from 0 to 10"));
    assert!(main.contains("Minutes must be from 10 to 60"));
    assert!(main.contains("Select the equipment you have from the list"));
    assert!(
        main.contains("value=\"90\""),
        "typed minutes are kept to correct"
    );
    for kept in [
        "value=\"acute\" checked",
        "value=\"strain\" checked",
        "value=\"light\" checked",
        "value=\"wall\" checked",
        "value=\"no\" checked",
        "value=\"sitting\" checked",
        "value=\"none\" checked",
    ] {
        assert!(main.contains(kept), "lost {kept}");
    }
    assert!(!main.contains("value=\"jetpack\""));

    // A single-value answer given twice.
    let page = get(
        &app,
        &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}&pain=5"),
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        main_of(&page).contains("<a href=\"#pain\">Give one answer for how bad your pain is</a>")
    );

    // "None of these" together with a warning sign: the sign is acted on
    // (safety first), not sent back as a form mistake.
    let page = get(
        &app,
        &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}&red_flag=fever"),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(main_of(&page).contains("<h1>Get medical advice today</h1>"));
    // With "a doctor has checked" ticked too, the contradiction goes back
    // to the form.
    let page = get(
        &app,
        &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}&red_flag=fever&assessed=yes"),
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(main_of(&page).contains("but not both"));
}

#[actix_web::test]
async fn over_long_and_hostile_queries_never_cause_a_server_error() {
    let site = TestSite::new();
    let app = site.app().await;
    let long = format!(
        "/routine/plan?{WALL_AND_TOWEL_ANSWERS}&x={}",
        "a".repeat(5000)
    );
    let page = get(&app, &long).await;
    assert_eq!(page.status, StatusCode::URI_TOO_LONG);
    assert_in_layout(&page);
    assert!(page.body.contains("That address is too long"));
    let page = get(&app, &format!("/routine?x={}", "a".repeat(5000))).await;
    assert_eq!(page.status, StatusCode::URI_TOO_LONG);

    for uri in [
        "/routine/plan?%",
        "/routine/plan?red_flag",
        "/routine/plan?=&&&=",
        "/routine/plan?red_flag=none&age=20-49&pain=%ff%fe",
        "/routine/plan?red_flag=%3Cscript%3E&minutes=%3Cscript%3Ealert(1)",
        "/routine/plan?red_flag=none&age=20-49&pain=99999999999999999999999&days=-1&minutes=1e3",
        "/routine/plan?red_flag=none&red_flag=none&equipment=&worse=",
        "/routine?pain=%00",
        "/exercises?category=%ff",
        "/exercises?equipment=%3Cb%3E",
        "/exercises/%2e%2e",
        "/exercises/%3Cscript%3E",
    ] {
        let page = get(&app, uri).await;
        assert!(page.status.as_u16() < 500, "{uri}: {}", page.status);
        assert!(!page.body.contains("<script>"), "{uri} echoed a script");
    }
    // POST is not accepted.
    let page = send(&app, TestRequest::post().uri("/routine/plan").to_request()).await;
    assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[actix_web::test]
async fn the_library_lists_every_exercise_and_filters_by_kind_and_equipment() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/exercises").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    let main = main_of(&page);
    assert!(main.contains("<form class=\"filter-form\" action=\"/exercises\" method=\"get\">"));
    assert!(main.contains("45 exercises"));
    let catalog = &site.state.content.current().exercises;
    for e in catalog.exercises() {
        assert!(
            main.contains(&format!("<a href=\"/exercises/{}\">", e.slug)),
            "{}",
            e.slug
        );
        // A small still picture beside each name (issue 17), sized so
        // nothing moves as it loads.
        assert!(
            main.contains(&format!(
                "<img src=\"/static/exercises/thumbs/{}.svg?v=",
                e.slug
            )),
            "{}: no small picture",
            e.slug
        );
    }
    assert_eq!(
        main.matches("alt=\"\" width=\"64\" height=\"48\" loading=\"lazy\">")
            .count(),
        45
    );
    assert!(main.contains("Moves we leave out"));
    assert!(main.contains("href=\"/exercises/running\""));

    let core = get(&app, "/exercises?category=core&equipment=any").await;
    let main = main_of(&core);
    assert!(main.contains("/exercises/bridge\""));
    assert!(!main.contains("/exercises/squat\""));
    assert!(main.contains("<option value=\"core\" selected>"));

    let pool = get(&app, "/exercises?category=all&equipment=pool").await;
    let main = main_of(&pool);
    assert!(main.contains("/exercises/water-aerobics\""));
    assert!(main.contains("/exercises/water-walking\""));
    assert!(main.contains("2 exercises match your choice"));

    let nothing_needed = get(&app, "/exercises?equipment=none").await;
    let main = main_of(&nothing_needed);
    assert!(main.contains("/exercises/squat\""));
    assert!(!main.contains("/exercises/wall-sit\""));
    assert!(!main.contains("/exercises/leg-press\""));

    let empty = get(&app, "/exercises?category=cardio&equipment=ball").await;
    assert!(main_of(&empty).contains("No exercise matches both choices"));

    let bad = get(&app, "/exercises?category=dancing").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_in_layout(&bad);
    assert!(
        bad.body
            .contains("There is no exercise group with that name")
    );
}

#[actix_web::test]
async fn an_exercise_page_shows_picture_steps_dosage_and_cautions() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/exercises/bridge").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_in_layout(&page);
    let main = main_of(&page);
    assert!(main.contains("<h1>Bridge</h1>"));
    assert!(main.contains("<img src=\"/static/exercises/bridge.svg?v="));
    assert!(main.contains("alt=\"A person lying on their back with knees bent and hips lifted"));
    assert!(main.contains("<ol class=\"steps\">"));
    assert!(main.contains("Week 4</th><td>2 sets of 10</td>"));
    assert!(main.contains("Take care"));
    assert!(main.contains("Brace your abdominals first"));
    // Related guides come from the catalog and link to real guides.
    assert!(main.contains("Related guides"));
    assert!(main.contains("<a href=\"/guides/core-stability-at-home\">"));

    // Its picture is served.
    let src = main
        .split("<img src=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let svg = get(&app, &src).await;
    assert_eq!(svg.status, StatusCode::OK);
    assert!(
        svg.header("content-type")
            .unwrap()
            .starts_with("image/svg+xml")
    );

    // Every strength exercise asks people to brace first.
    for slug in ["squat", "lat-pulldown", "bench-press", "wall-push-up"] {
        let page = get(&app, &format!("/exercises/{slug}")).await;
        assert!(
            main_of(&page).contains("Brace your abdominals first"),
            "{slug}"
        );
    }
}

#[actix_web::test]
async fn an_avoided_move_has_a_page_with_the_reason_and_alternatives_and_unknown_slugs_are_404() {
    let site = TestSite::new();
    let app = site.app().await;
    let page = get(&app, "/exercises/running").await;
    assert_eq!(page.status, StatusCode::OK);
    let main = main_of(&page);
    assert!(main.contains("We leave this out of every plan"));
    assert!(main.contains("Every stride jolts the spine."));
    assert!(main.contains("href=\"/exercises/brisk-walking\""));

    let missing = get(&app, "/exercises/moonwalk").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_in_layout(&missing);
    assert!(
        missing
            .body
            .contains("There is no exercise at this address.")
    );
}

#[actix_web::test]
async fn exercises_are_in_the_search_index() {
    let site = TestSite::new();
    let conn = site.state.db.get().unwrap();
    let count = backcare::db::search::count(&conn).unwrap();
    assert!(count >= 43, "{count} documents indexed");
}

#[test]
fn start_up_refuses_a_broken_catalog_naming_the_entry_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    std::fs::copy(content.join("site.toml"), dir.path().join("site.toml")).unwrap();
    std::fs::copy(
        content.join("warning-signs.toml"),
        dir.path().join("warning-signs.toml"),
    )
    .unwrap();
    let good = std::fs::read_to_string(content.join("exercises.toml")).unwrap();
    let broken = good
        .replacen(
            "why = \"Squats build the legs and glutes",
            "reason = \"Squats build the legs and glutes",
            1,
        )
        .replacen("tags = [\"rotation\"]", "tags = [\"twisting\"]", 1)
        .replacen("slug = \"lunge\"", "slug = \"lunge-jump\"", 1)
        .replacen(
            "illustration = \"exercises/lunge.svg\"",
            "illustration = \"exercises/lunge-jump.svg\"",
            1,
        );
    std::fs::write(dir.path().join("exercises.toml"), broken).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_backcare"))
        .args(["--content", dir.path().to_str().unwrap(), "check"])
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // An unknown key is caught by the parser, with its line.
    assert!(stderr.contains("exercises.toml:"), "{stderr}");
    assert!(stderr.contains("reason"), "{stderr}");

    // With the key fixed, the checker reports every other problem at once.
    let broken = std::fs::read_to_string(dir.path().join("exercises.toml"))
        .unwrap()
        .replacen("reason = \"Squats build", "summary_extra = \"x\"\nwhy = \"Squats build", 1)
        .replacen("summary_extra = \"x\"\n", "", 1)
        .replacen("why = \"Squats build the legs and glutes, which makes it easier to get up from a chair and to lift things from low down.\"\n", "", 1);
    std::fs::write(dir.path().join("exercises.toml"), broken).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_backcare"))
        .args(["--content", dir.path().to_str().unwrap(), "check"])
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "exercise `squat`: field `why`: is missing",
        "exercise `knee-rolls`: field `tags`: unknown tag `twisting`",
        "exercise `lunge-jump`: field `illustration`: static/exercises/lunge-jump.svg does not exist",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
}

/// Asking for 60 minutes and getting sessions of about 40 is explained
/// beside the plan, with a use for the spare time; a plan that fills the
/// time says nothing about it.
#[actix_web::test]
async fn sessions_well_under_the_time_given_say_why() {
    let site = TestSite::new();
    let app = site.app().await;
    let long = ACTIVE_ANSWERS.replace("minutes=40", "minutes=60");
    let page = get(&app, &format!("/routine/plan?{long}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("You said you have 60 minutes. These sessions take about ");
    page.assert_contains("add an easy walk");
    // The session length is in the week at a glance (issue 17's layout).
    let lead = page.body.find("each session takes about ").unwrap();
    let numbers: Vec<u32> = page.body[lead..]
        .split("minutes")
        .next()
        .unwrap()
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(
        numbers.iter().all(|&n| n + 5 <= 60),
        "the note is shown though the sessions take {numbers:?} minutes"
    );

    let short = ACTIVE_ANSWERS.replace("minutes=40", "minutes=10");
    let page = get(&app, &format!("/routine/plan?{short}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains("You said you have"),
        "a plan that fills 10 minutes explains itself"
    );
}
