//! Shared test helpers: a real app over a temporary database.

use std::path::Path;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test;
use tempfile::TempDir;

use backcare::web::clock::TEST_DAYS_HEADER;
use backcare::{AppState, Config};
use chrono::Datelike;

pub use crate::pg::{Backend, TestPg};

/// A started site (content from the repository, a fresh database in a
/// temporary folder that lives as long as this value, or a fresh
/// PostgreSQL database dropped with it).
pub struct TestSite {
    pub state: AppState,
    pub dir: TempDir,
    /// The site's own PostgreSQL database (dropped after `state`).
    pub pg: Option<TestPg>,
}

/// Runs the async test function `$name(backend: Backend)` once on SQLite
/// and once on PostgreSQL, as the tests `$name::sqlite` and
/// `$name::postgres` (the latter passes with a notice when no test
/// PostgreSQL is configured; see `pg.rs`).
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                super::$name(crate::common::Backend::Sqlite).await
            }
            #[actix_web::test]
            async fn postgres() {
                super::$name(crate::common::Backend::Postgres).await
            }
        }
    };
}

impl TestSite {
    pub fn new() -> TestSite {
        TestSite::with_config(|_| {})
    }

    /// A site on `backend`, or `None` (after a notice) when that is
    /// PostgreSQL and none is configured for tests.
    pub fn on(backend: Backend) -> Option<TestSite> {
        TestSite::on_with_config(backend, |_| {})
    }

    /// [`TestSite::on`] with the test configuration adjusted by `adjust`.
    pub fn on_with_config(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<TestSite> {
        match backend {
            Backend::Sqlite => Some(TestSite::with_config(adjust)),
            Backend::Postgres => {
                let pg = TestPg::create()?;
                let dir = tempfile::tempdir().expect("temp dir");
                let mut config = Config::for_test(dir.path().join("unused.db"));
                config.db = backcare::config::Database::Postgres(Box::new(pg.config.clone()));
                adjust(&mut config);
                let state = backcare::startup(config).expect("site starts on PostgreSQL");
                Some(TestSite {
                    state,
                    dir,
                    pg: Some(pg),
                })
            }
        }
    }

    /// The SQLite file of a site on SQLite.
    pub fn db_path(&self) -> std::path::PathBuf {
        self.state
            .config
            .db
            .sqlite_path()
            .expect("a site on SQLite")
            .to_path_buf()
    }

    /// One number from the database that keeps routines: `sqlite` on
    /// SQLite, `postgres` on PostgreSQL (test-written SQL, values inline).
    pub fn number(&self, sqlite: &str, postgres: &str) -> i64 {
        self.value(sqlite, postgres)
    }

    /// One text (or NULL) from the database that keeps routines.
    pub fn text(&self, sqlite: &str, postgres: &str) -> Option<String> {
        self.value(sqlite, postgres)
    }

    /// The first column of the one row `sqlite` or `postgres` answers.
    fn value<T>(&self, sqlite: &str, postgres: &str) -> T
    where
        T: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a> + Send,
    {
        match &self.pg {
            None => self
                .state
                .db
                .get()
                .expect("connection")
                .query_row(sqlite, [], |r| r.get(0))
                .expect(sqlite),
            Some(_) => self.pg(|c| c.query_one(postgres, &[]).expect(postgres).get(0)),
        }
    }

    /// Runs a statement on the database that keeps routines; answers the
    /// rows it changed.
    pub fn exec(&self, sqlite: &str, postgres: &str) -> u64 {
        match &self.pg {
            None => self
                .writer()
                .get()
                .expect("connection")
                .execute(sqlite, [])
                .expect(sqlite) as u64,
            Some(_) => self.pg(|c| c.execute(postgres, &[]).expect(postgres)),
        }
    }

    /// Runs `f` with one of the site's own PostgreSQL connections, off the
    /// async runtime.
    pub fn pg<T: Send>(&self, f: impl FnOnce(&mut postgres::Client) -> T + Send) -> T {
        let backcare::db::Store::Postgres { pool } = &self.state.store else {
            panic!("a site on PostgreSQL")
        };
        crate::pg::off_runtime(|| {
            let mut conn = pool.get().expect("a pooled connection");
            f(conn.client().expect("an open client"))
        })
    }

    /// Rows in `table` of the database that keeps routines.
    pub fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM {table}");
        self.number(&sql, &sql)
    }

    /// The SQLite writer pool of a site on SQLite.
    pub fn writer(&self) -> backcare::db::Pool {
        match &self.state.store {
            backcare::db::Store::Sqlite { writer, .. } => writer.clone(),
            backcare::db::Store::Postgres { .. } => panic!("a site on SQLite"),
        }
    }

    /// The whole app over this site's state, ready for [`get`] and [`send`].
    pub async fn app(
        &self,
    ) -> impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    > {
        app_over(self.state.clone()).await
    }

    /// A site serving the small fixture content (`tests/fixtures/small-site`):
    /// eight supports, two guides and a trimmed exercise catalog, so a
    /// behaviour test's expectations can be read off files the tests own.
    pub fn small() -> TestSite {
        TestSite::with_content(&small_site())
    }

    /// A site serving the content folder `content` instead of the repository's.
    pub fn with_content(content: &Path) -> TestSite {
        TestSite::with_config(|config| config.content = content.to_path_buf())
    }

    /// A site whose test configuration is first adjusted by `adjust`.
    pub fn with_config(adjust: impl FnOnce(&mut Config)) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_test(dir.path().join("data/test.db"));
        adjust(&mut config);
        let state = backcare::startup(config).expect("site starts");
        TestSite {
            state,
            dir,
            pg: None,
        }
    }

    /// A site whose content folder is a copy of `from`, changed by `edit`
    /// first (e.g. to write a broken catalog). Returns why it would not
    /// start, if it would not.
    pub fn with_edited_copy(
        from: &Path,
        edit: impl FnOnce(&std::path::Path),
    ) -> Result<TestSite, backcare::StartError> {
        let dir = tempfile::tempdir().expect("temp dir");
        let content = dir.path().join("content");
        copy_dir(from, &content);
        edit(&content);
        let mut config = Config::for_test(dir.path().join("data/test.db"));
        config.content = content;
        let state = backcare::startup(config)?;
        Ok(TestSite {
            state,
            dir,
            pg: None,
        })
    }
}

/// The whole app over `state` (for tests that first change the state, e.g.
/// to swap in a failing database).
pub async fn app_over(
    state: AppState,
) -> impl Service<
    actix_http::Request,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
> {
    test::init_service(backcare::app(state)).await
}

/// The small fixture content folder (see [`TestSite::small`]).
pub fn small_site() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small-site")
}

/// Copies a folder tree (content folders are small).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A content folder in a temporary directory: the catalogs of the small
/// fixture (`site.toml`, `supports.toml`, `warning-signs.toml`,
/// `exercises.toml`, see [`small_site`]) plus whatever guides a test writes,
/// so tests depend on neither the shipped articles nor the shipped catalogs.
pub struct ContentFixture {
    pub dir: TempDir,
}

impl ContentFixture {
    pub fn new() -> ContentFixture {
        let dir = tempfile::tempdir().expect("temp dir");
        // Every catalog the site needs, but none of the fixture's guides (the
        // fixture's exercises name no guides).
        for file in [
            "site.toml",
            "supports.toml",
            "warning-signs.toml",
            "exercises.toml",
        ] {
            std::fs::copy(small_site().join(file), dir.path().join(file))
                .expect("copy content file");
        }
        ContentFixture { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `relative` inside the folder, creating folders.
    pub fn write(&self, relative: &str, text: &str) -> &Self {
        let path = self.dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(path, text).expect("write fixture");
        self
    }

    /// Writes `guides/<slug>.md` with a title, summary and `date`, any
    /// further front-matter lines in `extra`, and `body`.
    pub fn guide(&self, slug: &str, date: &str, extra: &str, body: &str) -> &Self {
        self.write(
            &format!("guides/{slug}.md"),
            &guide_text(slug, date, extra, body),
        )
    }
}

/// The text of a guide file titled after its slug ("Guide <slug>").
pub fn guide_text(slug: &str, date: &str, extra: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"Guide {slug}\"\nsummary = \"Summary of {slug}.\"\ndate = {date}\n{extra}+++\n{body}"
    )
}

/// A response reduced to what the tests look at.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    #[track_caller]
    pub fn assert_contains(&self, needle: &str) {
        assert!(
            self.body.contains(needle),
            "expected the page to contain {needle:?}; status {}, body:\n{}",
            self.status,
            self.body
        );
    }
}

pub async fn into_page<B: MessageBody>(res: ServiceResponse<B>) -> Page {
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = test::read_body(res).await;
    Page {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub async fn send<S, B>(app: &S, req: actix_http::Request) -> Page
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    into_page(test::call_service(app, req).await).await
}

pub async fn get<S, B>(app: &S, uri: &str) -> Page
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    send(app, test::TestRequest::get().uri(uri).to_request()).await
}

/// Asserts the page is drawn in the site layout (skip link, header, footer).
#[track_caller]
pub fn assert_in_layout(page: &Page) {
    page.assert_contains("<html lang=\"en\">");
    page.assert_contains("class=\"skip-link\" href=\"#main\"");
    page.assert_contains("<main id=\"main\"");
    page.assert_contains("This site is not medical advice");
}

// Routine answers that make a valid plan. Tests start from one of these and
// change a field with [`answers_with`] rather than writing their own.

/// A valid plan: acute strain, worse sitting, light activity, 3 days of
/// 20 minutes, a wall to lean on.
pub const VALID_ANSWERS: &str = "red_flag=none&age=20-49&pain=4&duration=acute&worse=sitting&cause=strain&activity=light&days=3&minutes=20&equipment=wall&cleared=no";

/// [`VALID_ANSWERS`] with a towel as well as a wall (a wider choice of
/// exercises).
pub const WALL_AND_TOWEL_ANSWERS: &str = "red_flag=none&age=20-49&pain=4&duration=acute&worse=sitting&cause=strain&activity=light&days=3&minutes=20&equipment=wall&equipment=towel&cleared=no";

/// A valid plan for subacute pain from posture, on a mat.
pub const SUBACUTE_MAT_ANSWERS: &str = "red_flag=none&age=20-49&pain=4&duration=subacute&worse=sitting&cause=posture&activity=light&days=3&minutes=20&equipment=mat&cleared=no";

/// A valid plan for an active person with 40 minutes, a mat and a wall
/// (enough to progress to the harder variants).
pub const ACTIVE_ANSWERS: &str = "red_flag=none&age=20-49&pain=3&duration=acute&worse=sitting&cause=strain&activity=active&days=3&minutes=40&equipment=mat&equipment=wall&cleared=no";

/// The typical answers of issue 17: [`VALID_ANSWERS`] with four days a
/// week of 30 minutes (pain 4). The browser tests measure this plan's
/// height on a phone (`tests/browser/pages.mjs`, `TYPICAL_QUERY`).
pub const TYPICAL_ANSWERS: &str = "red_flag=none&age=20-49&pain=4&duration=acute&worse=sitting&cause=strain&activity=light&days=4&minutes=30&equipment=wall&cleared=no";

/// `answers` with the first `from` replaced by `to` (which must be there).
#[track_caller]
pub fn answers_with(answers: &str, from: &str, to: &str) -> String {
    assert!(answers.contains(from), "{from:?} is not in {answers:?}");
    answers.replacen(from, to, 1)
}

/// A form post with the usual content type.
pub fn form_post(uri: &str, body: &str) -> actix_http::Request {
    form_request(uri, body).to_request()
}

/// [`form_post`], still to be adjusted.
pub fn form_request(uri: &str, body: &str) -> test::TestRequest {
    test::TestRequest::post()
        .uri(uri)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(body.to_owned())
}

/// Rows in the user-data tables: (routines, session_logs).
pub fn stored_rows(site: &TestSite) -> (i64, i64) {
    (site.count("routines"), site.count("session_logs"))
}

/// Saves [`VALID_ANSWERS`] and returns the private path `/r/{token}`.
pub async fn save_routine<S, B>(app: &S) -> String
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    save_answers(app, VALID_ANSWERS).await
}

/// Saves a routine for `answers` six days ago and returns the private path
/// `/r/{token}`. Today is then the last day of its week 1, so any session
/// of week 1 can be logged, whichever weekday the tests run on.
pub async fn save_answers<S, B>(app: &S, answers: &str) -> String
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    save_answers_days_ago(app, answers, 6).await
}

/// Saves a routine for `answers` `days_ago` days ago (through the test
/// clock, see [`days_ago`]) and returns the private path `/r/{token}`.
pub async fn save_answers_days_ago<S, B>(app: &S, answers: &str, days: i64) -> String
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let req = days_ago(form_request("/routine/save", answers), days).to_request();
    let page = send(app, req).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.header("location").expect("location").to_owned()
}

/// `req` as if sent `days` days ago: the site runs its tests with
/// `--test-clock`, which lets a request move its own date
/// (`backcare::web::clock`).
pub fn days_ago(req: test::TestRequest, days: i64) -> test::TestRequest {
    req.insert_header((TEST_DAYS_HEADER, (-days).to_string()))
}

/// A test's own calendar, so what it checks does not hang on the weekday
/// it runs: day 0 is the last `weekday` (today, or up to six days ago),
/// and each request is sent as if on one of its days, through the test
/// clock ([`days_ago`]).
pub struct Calendar {
    /// Day 0.
    start: chrono::NaiveDate,
    /// Days from day 0 to the real today (when the calendar was made; a
    /// run across midnight UTC is off by a day, as on the server).
    back: i64,
}

impl Calendar {
    pub fn from_last(weekday: chrono::Weekday) -> Calendar {
        let today = chrono::Utc::now().date_naive();
        let back =
            (today.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
        Calendar {
            start: today - chrono::Days::new(u64::from(back)),
            back: i64::from(back),
        }
    }

    /// The date of `day` (UTC).
    pub fn date(&self, day: i64) -> chrono::NaiveDate {
        self.start + chrono::TimeDelta::days(day)
    }

    /// `req` as if sent on `day`.
    pub fn on(&self, day: i64, req: test::TestRequest) -> actix_http::Request {
        days_ago(req, self.back - day).to_request()
    }

    pub async fn get<S, B>(&self, app: &S, day: i64, uri: &str) -> Page
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        send(app, self.on(day, test::TestRequest::get().uri(uri))).await
    }

    pub async fn post<S, B>(&self, app: &S, day: i64, uri: &str, body: &str) -> Page
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        send(app, self.on(day, form_request(uri, body))).await
    }

    /// Saves a routine for `answers` on `day`; its private path.
    pub async fn save<S, B>(&self, app: &S, day: i64, answers: &str) -> String
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let page = self.post(app, day, "/routine/save", answers).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        page.header("location").expect("location").to_owned()
    }
}
