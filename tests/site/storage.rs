//! Bounded storage (issue 18): saved routines nobody opens are erased after
//! `--keep-days`, and `--max-saves-per-day` new routines a day at most.

use actix_web::http::StatusCode;
use chrono::{Days, NaiveDate, NaiveDateTime, Utc};

use crate::common::{
    Backend, TestSite, VALID_ANSWERS, WALL_AND_TOWEL_ANSWERS, assert_in_layout, days_ago,
    form_post, form_request, get, save_answers, save_answers_days_ago, save_routine, send,
    stored_rows,
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

/// The routine at `path`, as each database writes a blob literal.
fn where_routine(path: &str) -> (String, String) {
    let hex = backcare::hex::encode(&token_hash(path));
    (
        format!("WHERE token_hash = X'{hex}'"),
        format!("WHERE token_hash = '\\x{hex}'::bytea"),
    )
}

/// The stored day of the routine at `path`'s last visit, as text.
fn last_visit(site: &TestSite, path: &str) -> Option<String> {
    let (sqlite, postgres) = where_routine(path);
    site.text(
        &format!("SELECT last_visit FROM routines {sqlite}"),
        &format!("SELECT last_visit::text FROM routines {postgres}"),
    )
}

/// Sets the routine at `path` as last visited `days` days ago (as if
/// saved and opened back then).
fn visited_days_ago(site: &TestSite, path: &str, days: u64) {
    let day = today() - Days::new(days);
    let (sqlite, postgres) = where_routine(path);
    let changed = site.exec(
        &format!("UPDATE routines SET last_visit = '{day}' {sqlite}"),
        &format!("UPDATE routines SET last_visit = '{day}' {postgres}"),
    );
    assert_eq!(changed, 1);
}

async fn sweep(site: &TestSite, now: NaiveDateTime) -> u64 {
    backcare::retention::sweep(&site.state, now).await.unwrap()
}

const KEPT_400: &str = "We keep this routine for 400 days after your last visit, then erase it.";

on_both!(a_routine_unvisited_for_longer_than_kept_is_erased_with_its_log_and_its_link_answers_404);
async fn a_routine_unvisited_for_longer_than_kept_is_erased_with_its_log_and_its_link_answers_404(
    backend: Backend,
) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
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

on_both!(a_routine_visited_recently_survives_the_sweep_that_erases_an_older_one);
async fn a_routine_visited_recently_survives_the_sweep_that_erases_an_older_one(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
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

on_both!(opening_or_logging_moves_the_last_visit_on_so_the_sweep_keeps_the_routine);
async fn opening_or_logging_moves_the_last_visit_on_so_the_sweep_keeps_the_routine(
    backend: Backend,
) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
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

    // The writer is busy: the page does not wait for it.
    {
        let _busy = site.writer().get().unwrap();
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

    // The visit was not waited for (a busy writer would hold a thread
    // that reads need too); the next visit that reads the routine, with
    // the writer free, records it (the page itself is now kept in memory
    // for today, so the export is that visit).
    assert_eq!(last_visit(&site, &path), month_ago);
    assert_eq!(
        get(&app, &format!("{path}/export.csv")).await.status,
        StatusCode::OK
    );
    let today = today().to_string();
    assert_eq!(last_visit(&site, &path).as_deref(), Some(today.as_str()));

    // The disk refuses writes: every read still answers.
    visited_days_ago(&site, &path, 30);
    let mut state = site.state.clone();
    state.store = {
        let manager = r2d2_sqlite::SqliteConnectionManager::file(site.db_path())
            .with_flags(rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY);
        let writer = r2d2::Pool::builder().max_size(1).build(manager).unwrap();
        backcare::db::Store::sqlite(site.state.db.clone(), writer)
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

on_both!(with_keep_days_0_the_sweep_erases_nothing_and_the_page_says_so);
async fn with_keep_days_0_the_sweep_erases_nothing_and_the_page_says_so(backend: Backend) {
    let Some(site) = TestSite::on_with_config(backend, |config| config.storage.keep_days = 0)
    else {
        return;
    };
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

on_both!(the_sweep_erases_more_than_one_batch);
async fn the_sweep_erases_more_than_one_batch(backend: Backend) {
    let Some(site) = TestSite::on(backend) else {
        return;
    };
    let app = site.app().await;
    let kept = save_routine(&app).await;
    let batch = backcare::db::ERASE_BATCH;
    let long_ago = (today() - Days::new(500)).and_hms_opt(9, 0, 0).unwrap();
    for i in 0..batch + 3 {
        let mut hash = [0u8; 32];
        hash[..4].copy_from_slice(&i.to_le_bytes());
        hash[31] = 0xee;
        let new = backcare::db::NewRoutine {
            token_hash: hash.to_vec(),
            answers: VALID_ANSWERS.to_owned(),
            plan_json: "{}".to_owned(),
            start_date: long_ago.date(),
            created_at: long_ago,
            first_log: None,
        };
        site.state.store.insert_capped(new, 0).await.unwrap();
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

on_both!(with_a_cap_of_2_the_third_save_today_gets_503_with_a_way_back_to_the_same_plan);
async fn with_a_cap_of_2_the_third_save_today_gets_503_with_a_way_back_to_the_same_plan(
    backend: Backend,
) {
    let Some(site) =
        TestSite::on_with_config(backend, |config| config.storage.max_saves_per_day = 2)
    else {
        return;
    };
    let app = site.app().await;
    // Both today (the usual test save is days ago).
    let first = save_answers_days_ago(&app, WALL_AND_TOWEL_ANSWERS, 0).await;
    save_answers_days_ago(&app, WALL_AND_TOWEL_ANSWERS, 0).await;

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

    // Saved routines read and log as usual (six days on, when all of
    // week 1 has come).
    let logged = send(
        &app,
        days_ago(
            form_request(
                &format!("{first}/log"),
                "week=1&session=1&done=yes&pain=3&note=still+logging",
            ),
            -6,
        )
        .to_request(),
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
    site.exec(
        "UPDATE daily_saves SET day = date(day, '-1 day')",
        "UPDATE daily_saves SET day = day - 1",
    );
    save_routine(&app).await;
    assert_eq!(stored_rows(&site), (2, 0));
}

on_both!(with_no_cap_saving_is_never_refused);
async fn with_no_cap_saving_is_never_refused(backend: Backend) {
    let Some(site) =
        TestSite::on_with_config(backend, |config| config.storage.max_saves_per_day = 0)
    else {
        return;
    };
    let app = site.app().await;
    for _ in 0..6 {
        save_routine(&app).await;
    }
    assert_eq!(stored_rows(&site).0, 6);
}

/// PostgreSQL goes away (every connection cut, new ones refused): saving
/// and logging get the 503 page, public pages and `/healthz` keep
/// answering; once it is back the pool reconnects by itself and writes
/// work again, with nothing half-stored.
#[actix_web::test]
async fn a_lost_postgres_connection_gives_writes_a_503_and_the_pool_reconnects() {
    let Some(site) = TestSite::on(Backend::Postgres) else {
        return;
    };
    let app = site.app().await;
    let path = save_routine(&app).await;
    let pg = site.pg.as_ref().unwrap();
    let cut = |allow: bool| {
        let name = pg.config.get_dbname().unwrap().to_owned();
        pg.server(move |c| {
            c.batch_execute(&format!(
                "ALTER DATABASE {name} WITH ALLOW_CONNECTIONS {allow};
                 SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = '{name}' AND pid <> pg_backend_pid();"
            ))
            .unwrap();
        });
    };

    // Every pooled connection cut: the next write reconnects and lands.
    cut(true);
    let logged = send(
        &app,
        form_post(&format!("{path}/log"), "week=1&session=1&done=yes&pain=3"),
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER);

    // Gone for good: writes are refused with the 503 page. Cut twice: a
    // connection the pool was opening while the first cut ran can finish
    // after it (seen once in CI); the second cut ends it.
    cut(false);
    std::thread::sleep(std::time::Duration::from_millis(300));
    cut(false);
    for (uri, body) in [
        ("/routine/save".to_owned(), VALID_ANSWERS),
        (format!("{path}/log"), "week=1&session=3&done=yes&pain=2"),
    ] {
        let started = std::time::Instant::now();
        let page = send(&app, form_post(&uri, body)).await;
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert_in_layout(&page);
        page.assert_contains("cannot reach its database");
        assert_eq!(page.header("retry-after"), Some("60"));
        assert!(!page.body.contains("postgres"), "internals shown");
        assert!(started.elapsed() < std::time::Duration::from_secs(15));
    }
    for uri in ["/", "/guides", "/search?q=walk", "/healthz"] {
        assert_eq!(get(&app, uri).await.status, StatusCode::OK, "{uri}");
    }

    // Back: the pool reconnects on its own.
    cut(true);
    let logged = send(
        &app,
        form_post(&format!("{path}/log"), "week=1&session=5&done=yes&pain=2"),
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER);
    assert_eq!(stored_rows(&site), (1, 2));
}

/// Two instances starting at the same moment on an empty PostgreSQL
/// database: both start, and the schema is made once.
#[test]
fn on_postgres_two_instances_starting_together_migrate_once() {
    let Some(pg) = crate::common::TestPg::create() else {
        return;
    };
    let opened: Vec<_> = std::thread::scope(|scope| {
        let starts: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| backcare::db::postgres::open(&pg.config, "test")))
            .collect();
        starts.into_iter().map(|s| s.join().unwrap()).collect()
    });
    for pool in &opened {
        let pool = pool.as_ref().unwrap();
        let version = crate::pg::off_runtime(|| {
            backcare::db::postgres::schema_version(&mut pool.get().unwrap()).unwrap()
        });
        assert_eq!(version, 1);
    }
    assert_eq!(pg.number("SELECT count(*) FROM schema_migrations"), 1);
    drop(opened);
}

/// While another instance holds the sweep's advisory lock, this one's
/// sweep erases nothing; once it is released, the sweep runs.
#[actix_web::test]
async fn on_postgres_the_sweep_runs_on_one_instance_at_a_time() {
    let Some(site) = TestSite::on(Backend::Postgres) else {
        return;
    };
    let app = site.app().await;
    let path = save_routine(&app).await;
    visited_days_ago(&site, &path, 401);
    let config = site.pg.as_ref().unwrap().config.clone();
    let (locked_tx, locked) = std::sync::mpsc::channel();
    let (release, release_rx) = std::sync::mpsc::channel::<()>();
    let other = std::thread::spawn(move || {
        let mut client = config.connect(postgres::NoTls).unwrap();
        client
            .execute(
                "SELECT pg_advisory_lock($1)",
                &[&backcare::db::postgres::SWEEP_LOCK],
            )
            .unwrap();
        locked_tx.send(()).unwrap();
        release_rx.recv().unwrap();
        // Unlocked before the thread ends: a dropped connection's lock goes
        // only when the server notices, which can be after the next sweep.
        client
            .execute(
                "SELECT pg_advisory_unlock($1)",
                &[&backcare::db::postgres::SWEEP_LOCK],
            )
            .unwrap();
    });
    locked.recv().unwrap();
    assert_eq!(sweep(&site, Utc::now().naive_utc()).await, 0);
    assert_eq!(stored_rows(&site).0, 1);
    release.send(()).unwrap();
    other.join().unwrap();
    assert_eq!(sweep(&site, Utc::now().naive_utc()).await, 1);
    assert_eq!(get(&app, &path).await.status, StatusCode::NOT_FOUND);
}

/// `backcare backup DEST` copies the SQLite database while another
/// connection keeps writing to it: the copy passes SQLite's integrity check
/// and holds every saved routine. It never replaces an existing file, and
/// for a PostgreSQL `--db` it points to `pg_dump`.
#[actix_web::test]
async fn backup_copies_the_database_while_it_is_written_and_never_replaces_a_file() {
    let site = TestSite::new();
    let app = site.app().await;
    for _ in 0..3 {
        save_routine(&app).await;
    }
    let db = site.db_path();
    let dest = db.with_file_name("copy.db");
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let backup = |db: &str, dest: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_backcare"))
            .arg("--db")
            .arg(db)
            .arg("--content")
            .arg(&content)
            .arg("backup")
            .arg(dest)
            .output()
            .unwrap()
    };

    // A writer busy the whole time (as the site would be).
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (stop, db) = (stop.clone(), db.clone());
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.busy_timeout(std::time::Duration::from_secs(5))
                .unwrap();
            let mut writes = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                conn.execute(
                    "UPDATE routines SET last_visit = date('now', ?1)",
                    [format!("-{} days", writes % 300)],
                )
                .unwrap();
                writes += 1;
            }
            writes
        })
    };
    let out = backup(db.to_str().unwrap(), &dest);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let writes = writer.join().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("(3 saved routines, "), "{said}");
    assert!(writes > 0);
    let copy = rusqlite::Connection::open(&dest).unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let routines: i64 = copy
        .query_row("SELECT count(*) FROM routines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(routines, 3);
    drop(copy);

    // Never over an existing file.
    let before = std::fs::read(&dest).unwrap();
    let out = backup(db.to_str().unwrap(), &dest);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&dest).unwrap(), before);

    // PostgreSQL has its own tool.
    let out = backup(
        "postgres://backcare@localhost/backcare",
        &db.with_file_name("pg.db"),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
}
