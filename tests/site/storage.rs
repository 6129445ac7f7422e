//! Bounded storage (issue 18): saved routines nobody opens are erased after
//! `--keep-days`, and `--max-saves-per-day` new routines a day at most.

use actix_web::http::StatusCode;
use chrono::{Days, NaiveDate, NaiveDateTime, Utc};

use crate::common::{
    TestSite, VALID_ANSWERS, WALL_AND_TOWEL_ANSWERS, assert_in_layout, form_post, get,
    save_answers, save_routine, send, stored_rows,
};

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A clock `days` days from now (for the sweep).
fn days_on(days: u64) -> NaiveDateTime {
    Utc::now().naive_utc() + Days::new(days)
}

fn token_hash(path: &str) -> Vec<u8> {
    backcare::saved::Token::parse(path.strip_prefix("/r/").unwrap())
        .unwrap()
        .hash()
        .to_vec()
}

/// The stored day of the routine at `path`'s last visit, as text.
fn last_visit(site: &TestSite, path: &str) -> Option<String> {
    site.state
        .db
        .get()
        .unwrap()
        .query_row(
            "SELECT last_visit FROM routines WHERE token_hash = ?1",
            [token_hash(path)],
            |r| r.get(0),
        )
        .unwrap()
}

/// Sets the routine at `path` as last visited `days` days ago (as if
/// saved and opened back then).
fn visited_days_ago(site: &TestSite, path: &str, days: u64) {
    let day = today() - Days::new(days);
    let changed = site
        .state
        .writer
        .get()
        .unwrap()
        .execute(
            "UPDATE routines SET last_visit = ?1 WHERE token_hash = ?2",
            rusqlite::params![day, token_hash(path)],
        )
        .unwrap();
    assert_eq!(changed, 1);
}

async fn sweep(site: &TestSite, now: NaiveDateTime) -> u64 {
    backcare::retention::sweep(&site.state, now).await.unwrap()
}

const KEPT_400: &str = "We keep this routine for 400 days after your last visit, then erase it.";

#[actix_web::test]
async fn a_routine_unvisited_for_longer_than_kept_is_erased_with_its_log_and_its_link_answers_404()
{
    let site = TestSite::new();
    let app = site.app().await;
    let path = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
    let logged = send(
        &app,
        form_post(
            &format!("{path}/log"),
            "week=1&session=1&done=yes&pain=3&note=fine",
        ),
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER);
    // Opened today, so its page is kept in memory too.
    let page = get(&app, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(KEPT_400);
    assert_eq!(stored_rows(&site), (1, 1));

    // 400 days after the last visit it is still kept…
    let end_of_day_400 = (today() + Days::new(400)).and_hms_opt(23, 59, 59).unwrap();
    assert_eq!(sweep(&site, end_of_day_400).await, 0);
    assert_eq!(stored_rows(&site), (1, 1));
    assert_eq!(get(&app, &path).await.status, StatusCode::OK);

    // …and erased by the sweep of the day after.
    assert_eq!(sweep(&site, days_on(401)).await, 1);
    assert_eq!(
        stored_rows(&site),
        (0, 0),
        "the routine and its log are gone"
    );
    for suffix in ["", "/export.csv", "/calendar.ics", "/plan.json", "/delete"] {
        let page = get(&app, &format!("{path}{suffix}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}{suffix}");
    }
    let gone = get(&app, &path).await;
    assert_in_layout(&gone);
    gone.assert_contains("There is no saved routine at this link");
    let log = send(
        &app,
        form_post(&format!("{path}/log"), "week=1&session=3&done=yes&pain=2"),
    )
    .await;
    assert_eq!(log.status, StatusCode::NOT_FOUND);
    assert_eq!(stored_rows(&site), (0, 0));
    assert_eq!(sweep(&site, days_on(401)).await, 0, "nothing left to erase");
}

#[actix_web::test]
async fn a_routine_visited_recently_survives_the_sweep_that_erases_an_older_one() {
    let site = TestSite::new();
    let app = site.app().await;
    let old = save_routine(&app).await;
    let recent = save_routine(&app).await;
    let today_only = save_routine(&app).await;
    visited_days_ago(&site, &old, 401);
    visited_days_ago(&site, &recent, 399);

    assert_eq!(sweep(&site, Utc::now().naive_utc()).await, 1);
    assert_eq!(get(&app, &old).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, &recent).await.status, StatusCode::OK);
    assert_eq!(get(&app, &today_only).await.status, StatusCode::OK);
    assert_eq!(stored_rows(&site).0, 2);
}

#[actix_web::test]
async fn opening_or_logging_moves_the_last_visit_on_so_the_sweep_keeps_the_routine() {
    let site = TestSite::new();
    let app = site.app().await;
    // Five routines last visited 401 days ago; four are then used today in
    // a different way each, one is not.
    let mut paths = Vec::new();
    for _ in 0..5 {
        let path = save_routine(&app).await;
        visited_days_ago(&site, &path, 401);
        paths.push(path);
    }
    let long_ago = (today() - Days::new(401)).to_string();
    assert_eq!(
        last_visit(&site, &paths[0]).as_deref(),
        Some(long_ago.as_str())
    );

    assert_eq!(get(&app, &paths[0]).await.status, StatusCode::OK);
    assert_eq!(
        get(&app, &format!("{}/export.csv", paths[1])).await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(&app, &format!("{}/plan.json", paths[2])).await.status,
        StatusCode::OK
    );
    let logged = send(
        &app,
        form_post(
            &format!("{}/log", paths[3]),
            "week=1&session=1&done=yes&pain=3",
        ),
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER);
    let today = today().to_string();
    for path in &paths[..4] {
        assert_eq!(last_visit(&site, path).as_deref(), Some(today.as_str()));
    }
    assert_eq!(
        last_visit(&site, &paths[4]).as_deref(),
        Some(long_ago.as_str())
    );

    assert_eq!(sweep(&site, Utc::now().naive_utc()).await, 1);
    for path in &paths[..4] {
        assert_eq!(get(&app, path).await.status, StatusCode::OK, "{path}");
    }
    assert_eq!(get(&app, &paths[4]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(stored_rows(&site), (4, 1));
}

#[actix_web::test]
async fn a_visit_that_cannot_be_recorded_still_serves_the_routine() {
    let site = TestSite::new();
    let app = site.app().await;
    let path = save_routine(&app).await;
    visited_days_ago(&site, &path, 30);
    let month_ago = last_visit(&site, &path);

    // The writer is busy: the page does not wait for it for long.
    {
        let _busy = site.state.writer.get().unwrap();
        let started = std::time::Instant::now();
        let page = get(&app, &path).await;
        assert_eq!(page.status, StatusCode::OK);
        page.assert_contains("Your saved routine");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }

    // Once the writer is free the visit lands after all.
    let today = today().to_string();
    for _ in 0..100 {
        if last_visit(&site, &path).as_deref() == Some(today.as_str()) {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(last_visit(&site, &path).as_deref(), Some(today.as_str()));

    // The disk refuses writes: every read still answers.
    visited_days_ago(&site, &path, 30);
    let mut state = site.state.clone();
    state.writer = {
        let manager = r2d2_sqlite::SqliteConnectionManager::file(&site.state.config.db)
            .with_flags(rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY);
        r2d2::Pool::builder().max_size(1).build(manager).unwrap()
    };
    let app = crate::common::app_over(state).await;
    for suffix in ["", "/export.csv", "/calendar.ics", "/plan.json"] {
        let page = get(&app, &format!("{path}{suffix}")).await;
        assert_eq!(page.status, StatusCode::OK, "{path}{suffix}");
    }
    assert_eq!(
        last_visit(&site, &path),
        month_ago,
        "nothing could be written"
    );
}

#[actix_web::test]
async fn with_keep_days_0_the_sweep_erases_nothing_and_the_page_says_so() {
    let site = TestSite::with_config(|config| config.storage.keep_days = 0);
    let app = site.app().await;
    let path = save_routine(&app).await;
    visited_days_ago(&site, &path, 5_000);
    assert_eq!(sweep(&site, days_on(36_500)).await, 0);
    assert!(
        backcare::retention::start(site.state.clone()).is_none(),
        "no daily task"
    );
    let page = get(&app, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("We keep this routine until you erase it.");
    assert!(!page.body.contains("after your last visit"));
    assert_eq!(stored_rows(&site).0, 1);
}

#[actix_web::test]
async fn the_sweep_erases_more_than_one_batch() {
    let site = TestSite::new();
    let app = site.app().await;
    let kept = save_routine(&app).await;
    let batch = backcare::db::routines::ERASE_BATCH;
    {
        let mut conn = site.state.writer.get().unwrap();
        let long_ago = (today() - Days::new(500)).and_hms_opt(9, 0, 0).unwrap();
        for i in 0..batch + 3 {
            let mut hash = [0u8; 32];
            hash[..4].copy_from_slice(&i.to_le_bytes());
            hash[31] = 0xee;
            backcare::db::routines::insert(
                &mut conn,
                &hash,
                VALID_ANSWERS,
                "{}",
                long_ago.date(),
                long_ago,
                None,
            )
            .unwrap();
        }
    }
    assert_eq!(
        sweep(&site, Utc::now().naive_utc()).await,
        u64::from(batch) + 3
    );
    assert_eq!(stored_rows(&site).0, 1);
    assert_eq!(get(&app, &kept).await.status, StatusCode::OK);
}

/// The `href` of the error page's own link (unescaped).
fn link_back(body: &str) -> String {
    let start = body
        .find("<a class=\"button\" href=\"")
        .unwrap_or_else(|| panic!("no link back in:\n{body}"))
        + "<a class=\"button\" href=\"".len();
    let end = start + body[start..].find('"').unwrap();
    body[start..end]
        .replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#43;", "+")
}

#[actix_web::test]
async fn with_a_cap_of_2_the_third_save_today_gets_503_with_a_way_back_to_the_same_plan() {
    let site = TestSite::with_config(|config| config.storage.max_saves_per_day = 2);
    let app = site.app().await;
    let first = save_answers(&app, WALL_AND_TOWEL_ANSWERS).await;
    save_routine(&app).await;

    let refused = send(&app, form_post("/routine/save", WALL_AND_TOWEL_ANSWERS)).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_in_layout(&refused);
    refused.assert_contains("<h1>Saving is paused until tomorrow</h1>");
    refused.assert_contains("until midnight UTC");
    refused.assert_contains("Your plan is still here with all your answers");
    refused.assert_contains("print it");
    let retry: u32 = refused
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=86_400).contains(&retry), "{retry}");
    let left = (today() + Days::new(1)).and_hms_opt(0, 0, 0).unwrap() - Utc::now().naive_utc();
    assert!(
        (i64::from(retry) - left.num_seconds()).abs() <= 5,
        "{retry} s, midnight UTC is {} s away",
        left.num_seconds()
    );
    assert_eq!(stored_rows(&site), (2, 0), "nothing stored");

    // The link opens the same plan, with every answer kept.
    let href = link_back(&refused.body);
    assert!(href.starts_with("/routine/plan?"), "{href}");
    let plan = get(&app, &href).await;
    assert_eq!(plan.status, StatusCode::OK);
    let asked = get(&app, &format!("/routine/plan?{WALL_AND_TOWEL_ANSWERS}")).await;
    let article = |body: &str| {
        let from = body.find("<article class=\"plan\">").unwrap();
        body[from..from + body[from..].find("</article>").unwrap()].to_owned()
    };
    assert_eq!(article(&plan.body), article(&asked.body));
    plan.assert_contains("<input type=\"hidden\" name=\"equipment\" value=\"towel\">");

    // Saving with a session's log is refused too, and stores none of it.
    let with_log = format!("{VALID_ANSWERS}&log=yes&log_week=1&log_session=1&log_pain=2");
    let refused = send(&app, form_post("/routine/save", &with_log)).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(stored_rows(&site), (2, 0));

    // Saved routines read and log as usual.
    let logged = send(
        &app,
        form_post(
            &format!("{first}/log"),
            "week=1&session=1&done=yes&pain=3&note=still+logging",
        ),
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER);
    assert_eq!(stored_rows(&site), (2, 1));
    let page = get(&app, &first).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("still logging");

    // The count is the database's: a restart does not reset it.
    let restarted = backcare::startup((*site.state.config).clone()).unwrap();
    let app = crate::common::app_over(restarted).await;
    let refused = send(&app, form_post("/routine/save", VALID_ANSWERS)).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);

    // Erasing a routine does not give its place back.
    let erased = send(&app, form_post(&format!("{first}/delete"), "")).await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER);
    let refused = send(&app, form_post("/routine/save", VALID_ANSWERS)).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(stored_rows(&site), (1, 0));

    // The next day (here: today's count moved to yesterday) saving is back.
    site.state
        .writer
        .get()
        .unwrap()
        .execute("UPDATE daily_saves SET day = date(day, '-1 day')", [])
        .unwrap();
    save_routine(&app).await;
    assert_eq!(stored_rows(&site), (2, 0));
}

#[actix_web::test]
async fn with_no_cap_saving_is_never_refused() {
    let site = TestSite::with_config(|config| config.storage.max_saves_per_day = 0);
    let app = site.app().await;
    for _ in 0..6 {
        save_routine(&app).await;
    }
    assert_eq!(stored_rows(&site).0, 6);
}
