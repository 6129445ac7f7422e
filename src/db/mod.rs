//! Storage: the SQLite pool, its per-connection settings and the embedded
//! migrations; the search index ([`search`]); and saved routines behind
//! one interface, [`Store`], whose SQLite queries are in [`sqlite`].
//!
//! Queries are plain synchronous functions taking a connection; handlers run
//! them through [`run`] (the search index) or a [`Store`] method, which
//! check a connection out of the pool on a blocking thread so the async
//! workers never wait on disk.

pub mod backup;
pub mod postgres;
pub mod search;
mod snippet;
pub mod sqlite;
mod store;

pub use store::{ERASE_BATCH, NewRoutine, RoutineRow, Store, UnknownValue};

use std::path::Path;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::error::AppError;

pub type Pool = r2d2::Pool<SqliteConnectionManager>;

/// Page cache of each connection, in KiB (SQLite's `cache_size` as a
/// negative number). Nine connections at SQLite's default 2 MB each held
/// much of the memory budget; the file's pages stay in the OS cache anyway.
const CACHE_KIB: i64 = -512;

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Schema versions, oldest first. Never edit a migration that has shipped:
/// add a new one.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../../migrations/0001_search.sql")),
    M::up(include_str!("../../migrations/0002_supports.sql")),
    M::up(include_str!("../../migrations/0003_routines.sql")),
    M::up(include_str!("../../migrations/0004_session_feedback.sql")),
    M::up(include_str!("../../migrations/0005_twelve_weeks.sql")),
    M::up(include_str!("../../migrations/0006_drop_supports.sql")),
    M::up(include_str!("../../migrations/0007_compact_plans.sql")),
    M::up(include_str!("../../migrations/0008_retention.sql")),
];

/// The migration list, exposed for the `validate()` test.
/// The retention sweep's cutoff: routines last visited before this day
/// are erased, `keep_days` days before `now`'s day (so one visited exactly
/// `keep_days` days ago is kept that day). `None` when nothing is erased:
/// `keep_days` 0, or a cutoff before the calendar's start.
pub(crate) fn erase_before(now: NaiveDateTime, keep_days: u32) -> Option<NaiveDate> {
    if keep_days == 0 {
        return None;
    }
    now.date()
        .checked_sub_days(chrono::Days::new(u64::from(keep_days)))
}

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

/// Why the database could not be opened; each variant names the path.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot create the database folder {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("cannot bring the database {path} up to date: {source}")]
    Migrate {
        path: String,
        source: rusqlite_migration::Error,
    },
    #[error("cannot bring the database {path} up to date: {source}")]
    MigratePostgres {
        path: String,
        source: postgres::MigrateError,
    },
    #[error("cannot create a folder for the search index: {source}")]
    IndexDir { source: std::io::Error },
    #[error("cannot build the search index: {source}")]
    Index { source: rusqlite::Error },
}

impl OpenError {
    pub fn pool(source: r2d2::Error) -> Self {
        OpenError::Open {
            path: "(pool)".to_owned(),
            source: Box::new(source),
        }
    }

    pub fn index(source: rusqlite::Error) -> Self {
        OpenError::Index { source }
    }
}

fn configure_connection(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", CACHE_KIB)?;
    Ok(())
}

/// Opens (creating if needed) the database at `path`, applies every pending
/// migration, and returns a pool whose connections all carry the same settings.
pub fn open(path: &Path) -> Result<Pool, OpenError> {
    let shown = path.display().to_string();
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| OpenError::CreateDir {
            path: parent.display().to_string(),
            source,
        })?;
    }
    let open_err = |source: Box<dyn std::error::Error + Send + Sync>| OpenError::Open {
        path: shown.clone(),
        source,
    };

    // Migrate on a plain connection first, so a read-only or corrupt file is
    // reported once, clearly, before the pool starts retrying.
    let mut conn = Connection::open(path).map_err(|e| open_err(Box::new(e)))?;
    configure_connection(&mut conn).map_err(|e| open_err(Box::new(e)))?;
    migrations()
        .to_latest(&mut conn)
        .map_err(|source| OpenError::Migrate {
            path: shown.clone(),
            source,
        })?;
    drop(conn);

    let manager = SqliteConnectionManager::file(path).with_init(configure_connection);
    r2d2::Pool::builder()
        .max_size(8)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)
        .map_err(|e| open_err(Box::new(e)))
}

/// A pool of exactly one connection for writes: writers queue for it (up to
/// the connection timeout) instead of failing with "database is locked".
pub fn open_writer(path: &Path) -> Result<Pool, OpenError> {
    let manager = SqliteConnectionManager::file(path).with_init(configure_connection);
    r2d2::Pool::builder()
        .max_size(1)
        .connection_timeout(Duration::from_secs(30))
        .build(manager)
        .map_err(|e| OpenError::Open {
            path: path.display().to_string(),
            source: Box::new(e),
        })
}

/// Brings what the database mirrors of the content files (the search index;
/// everything else is served from memory) up to date. Run at start-up and
/// after each reload.
pub fn sync_content(
    conn: &mut Connection,
    content: &crate::content::Content,
) -> Result<(), OpenError> {
    search::rebuild(conn, &content.search_documents()).map_err(OpenError::index)
}

/// Runs `f` with a pooled connection on actix's blocking thread pool.
pub async fn run<T, F>(pool: &Pool, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await?
}

/// Answers `true` when the database responds to a trivial query.
pub fn ping(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))
        .map(|one| one == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn open_creates_folder_file_and_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/deeper/site.db");
        let pool = open(&path).unwrap();
        assert!(path.exists());
        let conn = pool.get().unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        assert!(ping(&conn).unwrap());
    }

    #[test]
    fn a_database_made_before_the_session_answers_upgrades_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        // What the binary before 0004 left behind: a routine with logs.
        let mut conn = Connection::open(&path).unwrap();
        Migrations::from_slice(&MIGRATIONS[..3])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO routines (id, token_hash, answers, plan_json, start_date, created_at)
             VALUES (1, zeroblob(32), 'pain=3', '{}', '2026-01-05', '2026-01-05T08:00:00');
             INSERT INTO session_logs (routine_id, week, session, done, pain, note, logged_at)
             VALUES (1, 1, 1, 1, 4, 'stiff', '2026-01-05T18:00:00'),
                    (1, 1, 3, 0, NULL, '', '2026-01-07T18:00:00');",
        )
        .unwrap();
        drop(conn);

        let pool = open(&path).unwrap();
        let conn = pool.get().unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        let logs = sqlite::logs(&conn, 1).unwrap();
        assert_eq!(logs.len(), 2);
        assert_eq!((logs[0].pain, logs[0].note.as_str()), (Some(4), "stiff"));
        assert!(
            logs.iter()
                .all(|e| e.pain_during.is_none() && e.effort.is_none() && e.morning.is_none())
        );
        // The new columns take the form's values and refuse anything else.
        conn.execute(
            "UPDATE session_logs SET pain_during = 10, effort = 'too_easy', morning = 'same'
             WHERE session = 1",
            [],
        )
        .unwrap();
        for bad in [
            "pain_during = 11",
            "pain_during = -1",
            "effort = 'hard'",
            "morning = 'Worse'",
        ] {
            let sql = format!("UPDATE session_logs SET {bad}");
            assert!(conn.execute(&sql, []).is_err(), "{bad}");
        }
        let with_pain_during: i64 = conn
            .query_row(
                "SELECT count(*) FROM session_logs WHERE pain_during IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(with_pain_during, 1);
    }

    #[test]
    fn a_database_made_before_twelve_weeks_keeps_every_row_and_takes_weeks_up_to_12() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        // What the binary before 0005 left behind: two routines, logs with
        // and without the three answers.
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        Migrations::from_slice(&MIGRATIONS[..4])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO routines (id, token_hash, answers, plan_json, start_date, created_at)
             VALUES (1, zeroblob(32), 'pain=3', '{}', '2026-01-05', '2026-01-05T08:00:00'),
                    (2, randomblob(32), 'pain=5', '{}', '2026-02-02', '2026-02-02T08:00:00');
             INSERT INTO session_logs (routine_id, week, session, done, pain, note, logged_at,
                                       pain_during, effort, morning)
             VALUES (1, 1, 1, 1, 4, 'stiff', '2026-01-05T18:00:00', 5, 'too_easy', 'same'),
                    (1, 1, 3, 0, NULL, '', '2026-01-07T18:00:00', NULL, NULL, NULL),
                    (1, 4, 7, 1, 0, 'fine', '2026-02-01T18:00:00', 0, 'about_right', 'better'),
                    (2, 2, 2, 1, 8, 'sore', '2026-02-10T18:00:00', 9, 'too_hard', 'worse');",
        )
        .unwrap();
        let dump = |conn: &Connection| -> Vec<String> {
            let mut stmt = conn
                .prepare(
                    "SELECT routine_id, week, session, done, pain, note, logged_at,
                            pain_during, effort, morning
                     FROM session_logs ORDER BY routine_id, week, session",
                )
                .unwrap();
            stmt.query_map([], |r| {
                let mut cells = Vec::new();
                for i in 0..10 {
                    let v: rusqlite::types::Value = r.get(i)?;
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
        };
        let before = dump(&conn);
        assert_eq!(before.len(), 4);
        drop(conn);

        let pool = open(&path).unwrap();
        let conn = pool.get().unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        assert_eq!(dump(&conn), before);
        for week in [5, 8, 12] {
            conn.execute(
                "INSERT INTO session_logs (routine_id, week, session, done, logged_at)
                 VALUES (1, ?1, 1, 1, '2026-03-01T18:00:00')",
                [week],
            )
            .unwrap();
        }
        for (week, session) in [(13, 1), (0, 1), (12, 8)] {
            assert!(
                conn.execute(
                    "INSERT INTO session_logs (routine_id, week, session, done, logged_at)
                     VALUES (1, ?1, ?2, 1, '2026-03-01T18:00:00')",
                    [week, session],
                )
                .is_err(),
                "week {week} session {session}"
            );
        }
        // Every other check and the cascade came along.
        assert!(
            conn.execute("UPDATE session_logs SET effort = 'hard'", [])
                .is_err()
        );
        assert!(
            conn.execute("UPDATE session_logs SET note = ?1", [&"x".repeat(501)])
                .is_err()
        );
        conn.execute("DELETE FROM routines WHERE id = 2", [])
            .unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM session_logs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 6);
        let leftovers: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%session_logs_new%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn a_database_that_mirrored_the_supports_catalog_drops_it_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        // What the binary before 0006 left behind: catalog rows with their
        // contexts (foreign keys on, as the pool sets them) and a routine.
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        Migrations::from_slice(&MIGRATIONS[..5])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO supports (slug, position, name, kind, price_minor, currency,
                 firmness, material, washable_cover, width_cm, depth_cm, height_cm,
                 weight_g, strap, height_adjustable, summary, pitch, suits, not_for,
                 how_to_use, picture, alt, fingerprint)
             VALUES ('roll', 0, 'Roll', 'lumbar-roll', 1999, 'GBP', 'firm', 'foam',
                 1, 33, 12, 12, 300, 1, 1, 's', 'p', 'a', 'b', 'c', 'r.svg', 'alt', 'f');
             INSERT INTO support_contexts (slug, context, rank) VALUES ('roll', 'car', 0);
             INSERT INTO routines (id, token_hash, answers, plan_json, start_date, created_at)
             VALUES (1, zeroblob(32), 'pain=3', '{}', '2026-01-05', '2026-01-05T08:00:00');",
        )
        .unwrap();
        drop(conn);

        let pool = open(&path).unwrap();
        let conn = pool.get().unwrap();
        let left: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%support%' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(left, Vec::<String>::new());
        let routines: i64 = conn
            .query_row("SELECT count(*) FROM routines", [], |r| r.get(0))
            .unwrap();
        assert_eq!(routines, 1);
    }

    #[test]
    fn a_database_from_before_retention_counts_each_routine_as_visited_on_the_upgrade_day() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        // What the binary before 0008 left behind: a routine never logged,
        // one logged after it was saved, one with a date that does not read.
        // Their visits were never recorded, so each gets the full kept time
        // from the upgrade.
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        Migrations::from_slice(&MIGRATIONS[..7])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO routines (id, token_hash, answers, plan_json, start_date, created_at)
             VALUES (1, zeroblob(32), 'pain=3', '{}', '2026-01-05', '2026-01-05 08:00:00.5'),
                    (2, randomblob(32), 'pain=5', '{}', '2026-02-02', '2026-02-02T08:00:00'),
                    (3, randomblob(32), 'pain=5', '{}', '2026-02-02', 'not a date'),
                    (4, randomblob(32), 'pain=5', '{}', date('now'), datetime('now')),
                    (5, randomblob(32), 'pain=5', '{}', date('now'), datetime('now'));
             INSERT INTO session_logs (routine_id, week, session, done, logged_at)
             VALUES (2, 1, 1, 1, '2026-02-03 18:00:00'),
                    (2, 3, 1, 1, '2026-02-20 18:00:00');",
        )
        .unwrap();
        drop(conn);

        let pool = open(&path).unwrap();
        let conn = pool.get().unwrap();
        let visits: Vec<(i64, Option<String>)> = conn
            .prepare("SELECT id, last_visit FROM routines ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let today = chrono::Utc::now().date_naive().to_string();
        assert_eq!(
            visits,
            [
                (1, Some(today.clone())),
                (2, Some(today.clone())),
                (3, Some(today.clone())),
                (4, Some(today.clone())),
                (5, Some(today.clone())),
            ]
        );
        // Today's saves so far count towards the daily cap.
        let today_date = chrono::Utc::now().date_naive();
        assert_eq!(sqlite::saved_on(&conn, today_date).unwrap(), 2);
        // Only a day goes in.
        assert!(
            conn.execute("UPDATE routines SET last_visit = 'yesterday'", [])
                .is_err()
        );
        let indexes: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'routines'
                 AND sql IS NOT NULL ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(indexes, ["routines_by_last_visit"]);
    }

    #[test]
    fn reopening_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.db");
        drop(open(&path).unwrap());
        let pool = open(&path).unwrap();
        let version: i64 = pool
            .get()
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
    }
}
