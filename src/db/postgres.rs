//! Saved routines and their progress logs in PostgreSQL (`--db
//! postgres://…`): the SQL of [`super::Store::Postgres`], its pool and its
//! migrations (`migrations/postgres/`).
//!
//! The blocking `postgres` client, pooled by r2d2 like SQLite's
//! connections, so the store runs the same way for both databases: a
//! connection checked out on a blocking thread, plain synchronous queries.
//! Several instances share the database, so nothing here relies on being
//! the only writer: the daily save cap is bumped and read in one statement
//! (the row lock orders concurrent saves), migrations and the retention
//! sweep each take an advisory lock.
//!
//! The sync client runs a small tokio runtime of its own per connection,
//! which must never be started or dropped on an async worker: queries run
//! on actix's blocking pool ([`super::Store`]), [`open`] on a thread of its
//! own, and a connection is closed on a thread of its own ([`PgConn`]'s
//! `Drop`).

use std::collections::HashMap;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Statement};
use r2d2_postgres::PostgresConnectionManager;

use super::OpenError;
use super::store::{NewRoutine, RoutineRow, UnknownValue, compress_plan, decompress_plan};
use crate::saved::{Effort, LogEntry, Morning};

/// The pool of PostgreSQL connections.
pub type PgPool = r2d2::Pool<Manager>;

/// Connections per instance: writes no longer queue for one connection,
/// and two or three instances stay well inside PostgreSQL's default
/// `max_connections` (100).
const POOL_SIZE: u32 = 16;

/// How long a request waits for a connection (a lost database included)
/// before it is answered 503.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);

/// Schema versions, oldest first, recorded in `schema_migrations`. Never
/// edit one that has shipped: add a new one.
const MIGRATIONS: &[(i32, &str)] = &[(
    1,
    include_str!("../../migrations/postgres/0001_routines.sql"),
)];

/// Advisory lock keys (one 64-bit space per database; the values spell
/// "backcare" and a number, so they do not meet another program's).
pub const MIGRATE_LOCK: i64 = 0x6261_636b_6361_0001;
pub const SWEEP_LOCK: i64 = 0x6261_636b_6361_0002;

/// Why a PostgreSQL query failed.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("{0}")]
    Postgres(#[from] postgres::Error),
    #[error(transparent)]
    Unknown(#[from] UnknownValue),
    /// A stored value this version cannot read (a number out of range, a
    /// plan that does not decompress).
    #[error("routine {id}: {what}")]
    Stored { id: i64, what: String },
}

/// What a failed query means for a visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The database refuses writes (a read-only transaction or replica,
    /// a full disk); reads may still work.
    CannotWrite,
    /// The database cannot be reached or is shutting down, or a lock or
    /// statement timed out: try again later.
    Unreachable,
    /// Anything else: a bug or data this version cannot read.
    Other,
}

impl PgError {
    pub fn fault(&self) -> Fault {
        let PgError::Postgres(err) = self else {
            return Fault::Other;
        };
        if err.is_closed() {
            return Fault::Unreachable;
        }
        match err.code().map(postgres::error::SqlState::code) {
            // read_only_sql_transaction, disk_full
            Some("25006" | "53100") => Fault::CannotWrite,
            // connection exceptions, shutdown, too many connections or out
            // of memory, a lock not available, a cancelled statement
            Some(code)
                if code.starts_with("08")
                    || code.starts_with("57P")
                    || code.starts_with("53")
                    || code == "55P03"
                    || code == "57014" =>
            {
                Fault::Unreachable
            }
            Some(_) => Fault::Other,
            // No SQLSTATE: the connection itself failed (an I/O error, a
            // timeout), unless it was a value that did not convert.
            None => {
                let io = std::error::Error::source(err)
                    .is_some_and(|source| source.is::<std::io::Error>());
                if io { Fault::Unreachable } else { Fault::Other }
            }
        }
    }
}

type PgResult<T> = Result<T, PgError>;

/// r2d2_postgres's manager (connecting, checking a connection before it is
/// handed out, noticing a closed one), with each connection's prepared
/// statements kept beside it: a query prepared once per connection is one
/// round trip after that instead of two.
#[derive(Debug)]
pub struct Manager(PostgresConnectionManager<NoTls>);

/// A pooled connection and its prepared statements.
pub struct PgConn {
    /// Always `Some` until dropped (see `Drop`).
    client: Option<Client>,
    statements: HashMap<&'static str, Statement>,
}

impl r2d2::ManageConnection for Manager {
    type Connection = PgConn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<PgConn, postgres::Error> {
        Ok(PgConn {
            client: Some(self.0.connect()?),
            statements: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut PgConn) -> Result<(), postgres::Error> {
        match conn.client.as_mut() {
            Some(client) => self.0.is_valid(client),
            None => Ok(()),
        }
    }

    fn has_broken(&self, conn: &mut PgConn) -> bool {
        conn.client
            .as_mut()
            .is_none_or(|client| self.0.has_broken(client))
    }
}

impl Drop for PgConn {
    /// Closing a client runs its runtime, which panics on an async worker
    /// (where the last `AppState` may be dropped): close it on a thread of
    /// its own.
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = std::thread::Builder::new()
                .name("pg-close".to_owned())
                .spawn(move || drop(client));
        }
    }
}

impl PgConn {
    /// The client itself (for tests and tools that write their own SQL).
    pub fn client(&mut self) -> PgResult<&mut Client> {
        self.client.as_mut().ok_or_else(|| PgError::Stored {
            id: 0,
            what: "connection used after it was closed".to_owned(),
        })
    }

    /// `sql` prepared on this connection (once).
    fn prepared(&mut self, sql: &'static str) -> PgResult<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client()?.prepare(sql)?;
        self.statements.insert(sql, statement.clone());
        Ok(statement)
    }

    fn query(&mut self, sql: &'static str, params: &[&(dyn ToSql + Sync)]) -> PgResult<Vec<Row>> {
        let statement = self.prepared(sql)?;
        Ok(self.client()?.query(&statement, params)?)
    }

    fn execute(&mut self, sql: &'static str, params: &[&(dyn ToSql + Sync)]) -> PgResult<u64> {
        let statement = self.prepared(sql)?;
        Ok(self.client()?.execute(&statement, params)?)
    }
}

/// Connects to `config`, brings the schema up to date (under an advisory
/// lock, so instances starting together take turns) and returns the pool.
/// Runs on a thread of its own: it may be called from an async context
/// (the tests start sites inside one). `shown` names the database in
/// errors without its password.
pub fn open(config: &postgres::Config, shown: &str) -> Result<PgPool, OpenError> {
    let config = config.clone();
    let open_err = |source: Box<dyn std::error::Error + Send + Sync>| OpenError::Open {
        path: shown.to_owned(),
        source,
    };
    let opened = std::thread::scope(|scope| {
        scope
            .spawn(move || -> Result<PgPool, OpenError> {
                let manager = Manager(PostgresConnectionManager::new(config, NoTls));
                let pool = r2d2::Pool::builder()
                    .max_size(POOL_SIZE)
                    .min_idle(Some(2))
                    .connection_timeout(CHECKOUT_TIMEOUT)
                    .build(manager)
                    .map_err(|e| open_err(Box::new(e)))?;
                let mut conn = pool.get().map_err(|e| open_err(Box::new(e)))?;
                migrate(conn.client().map_err(|e| open_err(Box::new(e)))?).map_err(|source| {
                    OpenError::MigratePostgres {
                        path: shown.to_owned(),
                        source,
                    }
                })?;
                Ok(pool)
            })
            .join()
    });
    opened.unwrap_or_else(|_| Err(open_err("opening the database panicked".into())))
}

/// Applies every migration `schema_migrations` does not list, in one
/// transaction holding an advisory lock: a second instance starting at the
/// same moment waits, then finds nothing left to do. A database migrated
/// by a newer version is refused rather than written to.
pub fn migrate(client: &mut Client) -> Result<(), MigrateError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )?;
    let done: Option<i32> = tx
        .query_one("SELECT max(version) FROM schema_migrations", &[])?
        .try_get(0)?;
    let done = done.unwrap_or(0);
    let known = MIGRATIONS.last().map_or(0, |(version, _)| *version);
    if done > known {
        return Err(MigrateError::TooNew { done, known });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > done) {
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES ($1)",
            &[version],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Why the schema could not be brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("{0}")]
    Postgres(#[from] postgres::Error),
    #[error(
        "the database is at schema version {done}, newer than this binary knows ({known}); run the newer binary"
    )]
    TooNew { done: i32, known: i32 },
}

/// The schema version the database is at (for tests and operators).
pub fn schema_version(conn: &mut PgConn) -> PgResult<i32> {
    let rows = conn.query(
        "SELECT coalesce(max(version), 0) FROM schema_migrations",
        &[],
    )?;
    match rows.first() {
        Some(row) => Ok(row.try_get(0)?),
        None => Ok(0),
    }
}

fn small(id: i64, what: &str, value: i16) -> PgResult<u8> {
    u8::try_from(value).map_err(|err| PgError::Stored {
        id,
        what: format!("{what} {value} is out of range ({err})"),
    })
}

fn small_opt(id: i64, what: &str, value: Option<i16>) -> PgResult<Option<u8>> {
    value.map(|v| small(id, what, v)).transpose()
}

pub fn find(conn: &mut PgConn, token_hash: &[u8]) -> PgResult<Option<RoutineRow>> {
    let rows = conn.query(
        "SELECT id, answers, plan_br, start_date, created_at, last_visit
         FROM routines WHERE token_hash = $1",
        &[&token_hash],
    )?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let id: i64 = row.try_get(0)?;
    let plan_br: Vec<u8> = row.try_get(2)?;
    let plan_json = decompress_plan(&plan_br).map_err(|err| PgError::Stored {
        id,
        what: format!("stored plan does not decompress: {err}"),
    })?;
    Ok(Some(RoutineRow {
        id,
        answers: row.try_get(1)?,
        plan_json,
        start_date: row.try_get(3)?,
        created_at: row.try_get(4)?,
        last_visit: Some(row.try_get(5)?),
    }))
}

/// Every logged session of a routine, in plan order.
pub fn logs(conn: &mut PgConn, routine_id: i64) -> PgResult<Vec<LogEntry>> {
    let rows = conn.query(
        "SELECT week, session, done, pain, note, logged_at, pain_during, effort, morning
         FROM session_logs WHERE routine_id = $1 ORDER BY week, session",
        &[&routine_id],
    )?;
    rows.iter()
        .map(|row| {
            let id = routine_id;
            Ok(LogEntry {
                week: small(id, "week", row.try_get(0)?)?,
                day: small(id, "session", row.try_get(1)?)?,
                done: row.try_get(2)?,
                pain: small_opt(id, "pain", row.try_get(3)?)?,
                pain_during: small_opt(id, "pain_during", row.try_get(6)?)?,
                effort: known(row.try_get(7)?, "effort", Effort::parse)?,
                morning: known(row.try_get(8)?, "morning", Morning::parse)?,
                note: row.try_get(4)?,
                logged_at: row.try_get(5)?,
            })
        })
        .collect()
}

/// An optional text column read through `parse`; NULL is "not given".
fn known<T>(
    value: Option<String>,
    column: &'static str,
    parse: fn(&str) -> Option<T>,
) -> PgResult<Option<T>> {
    let Some(value) = value else {
        return Ok(None);
    };
    match parse(&value) {
        Some(known) => Ok(Some(known)),
        None => Err(UnknownValue { column, value }.into()),
    }
}

/// How many routines were saved on `day` (UTC), erased ones included.
pub fn saved_on(conn: &mut PgConn, day: NaiveDate) -> PgResult<u64> {
    let rows = conn.query("SELECT saved FROM daily_saves WHERE day = $1", &[&day])?;
    let saved: i64 = match rows.first() {
        Some(row) => row.try_get(0)?,
        None => 0,
    };
    Ok(u64::try_from(saved).unwrap_or(0))
}

const WRITE_LOG: &str = "INSERT INTO session_logs (routine_id, week, session, done, pain, note,
                              logged_at, pain_during, effort, morning)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (routine_id, week, session) DO UPDATE SET
       done = excluded.done, pain = excluded.pain, note = excluded.note,
       logged_at = excluded.logged_at, pain_during = excluded.pain_during,
       effort = excluded.effort, morning = excluded.morning";

fn log_params(entry: &LogEntry) -> (i16, i16, Option<i16>, Option<i16>) {
    (
        i16::from(entry.week),
        i16::from(entry.day),
        entry.pain.map(i16::from),
        entry.pain_during.map(i16::from),
    )
}

/// Writes one log entry through `client` (a connection, or the transaction
/// of a save that logs its first session).
fn write_log(
    client: &mut impl GenericClient,
    statement: &Statement,
    routine_id: i64,
    entry: &LogEntry,
) -> PgResult<()> {
    let (week, day, pain, pain_during) = log_params(entry);
    client.execute(
        statement,
        &[
            &routine_id,
            &week,
            &day,
            &entry.done,
            &pain,
            &entry.note,
            &entry.logged_at,
            &pain_during,
            &entry.effort.map(Effort::as_str),
            &entry.morning.map(Morning::as_str),
        ],
    )?;
    Ok(())
}

/// Stores a new routine unless `cap` (0: no cap) were already saved on its
/// day: the day's count is bumped first and read back in the same
/// statement, whose row lock makes concurrent saves (from any instance)
/// take turns, so two can never both take the last place; over the cap the
/// transaction is rolled back and nothing is stored.
pub fn insert_capped(conn: &mut PgConn, new: &NewRoutine, cap: u32) -> PgResult<Option<i64>> {
    let bump = conn.prepared(
        "INSERT INTO daily_saves (day, saved) VALUES ($1, 1)
         ON CONFLICT (day) DO UPDATE SET saved = daily_saves.saved + 1
         RETURNING saved",
    )?;
    let insert = conn.prepared(
        "INSERT INTO routines (token_hash, answers, plan_br, start_date, created_at, last_visit)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )?;
    let log = conn.prepared(WRITE_LOG)?;
    let prune = conn.prepared("DELETE FROM daily_saves WHERE day < $1")?;
    // Compressed before the transaction: no lock is held for it.
    let plan_br = compress_plan(&new.plan_json);
    let day = new.created_at.date();
    let mut tx = conn.client()?.transaction()?;
    let saved: i64 = tx.query_one(&bump, &[&day])?.try_get(0)?;
    if cap > 0 && saved > i64::from(cap) {
        tx.rollback()?;
        return Ok(None);
    }
    let id: i64 = tx
        .query_one(
            &insert,
            &[
                &new.token_hash,
                &new.answers,
                &plan_br,
                &new.start_date,
                &new.created_at,
                &day,
            ],
        )?
        .try_get(0)?;
    if let Some(entry) = &new.first_log {
        write_log(&mut tx, &log, id, entry)?;
    }
    tx.execute(&prune, &[&day])?;
    tx.commit()?;
    Ok(Some(id))
}

/// Moves a routine's last visit on to `today` when it is earlier.
pub fn touch(conn: &mut PgConn, routine_id: i64, today: NaiveDate) -> PgResult<bool> {
    let n = conn.execute(
        "UPDATE routines SET last_visit = $2 WHERE id = $1 AND last_visit < $2",
        &[&routine_id, &today],
    )?;
    Ok(n > 0)
}

/// Records a session, replacing an earlier entry for the same session (one
/// statement, so its own transaction).
pub fn upsert_log(conn: &mut PgConn, routine_id: i64, entry: &LogEntry) -> PgResult<()> {
    let statement = conn.prepared(WRITE_LOG)?;
    write_log(conn.client()?, &statement, routine_id, entry)
}

/// Removes one logged session; answers whether there was one.
pub fn delete_log(conn: &mut PgConn, routine_id: i64, week: u8, day: u8) -> PgResult<bool> {
    let n = conn.execute(
        "DELETE FROM session_logs WHERE routine_id = $1 AND week = $2 AND session = $3",
        &[&routine_id, &i16::from(week), &i16::from(day)],
    )?;
    Ok(n > 0)
}

/// Erases a routine and (by cascade) every log entry of it.
pub fn delete(conn: &mut PgConn, routine_id: i64) -> PgResult<bool> {
    let n = conn.execute("DELETE FROM routines WHERE id = $1", &[&routine_id])?;
    Ok(n > 0)
}

/// One batch of the retention sweep (see `sqlite::erase_unvisited`, whose
/// rules it follows): up to `limit` routines last visited more than
/// `keep_days` days before `now`'s day, oldest visit first, erased in one
/// statement; answers their token hashes.
pub fn erase_unvisited(
    conn: &mut PgConn,
    now: NaiveDateTime,
    keep_days: u32,
    limit: u32,
) -> PgResult<Vec<Vec<u8>>> {
    let Some(cutoff) = super::erase_before(now, keep_days).filter(|_| limit > 0) else {
        return Ok(Vec::new());
    };
    let rows = conn.query(
        "DELETE FROM routines WHERE id IN (
             SELECT id FROM routines WHERE last_visit < $1 ORDER BY last_visit LIMIT $2
         )
         RETURNING token_hash",
        &[&cutoff, &i64::from(limit)],
    )?;
    rows.iter()
        .map(|row| Ok(row.try_get::<_, Vec<u8>>(0)?))
        .collect()
}

/// Takes the sweep's advisory lock on this connection if no other
/// instance holds it; answers whether it did. Release it with
/// [`unlock_sweep`] on the same connection before handing it back.
pub fn try_lock_sweep(conn: &mut PgConn) -> PgResult<bool> {
    let rows = conn.query("SELECT pg_try_advisory_lock($1)", &[&SWEEP_LOCK])?;
    match rows.first() {
        Some(row) => Ok(row.try_get(0)?),
        None => Ok(false),
    }
}

pub fn unlock_sweep(conn: &mut PgConn) -> PgResult<()> {
    conn.query("SELECT pg_advisory_unlock($1)", &[&SWEEP_LOCK])?;
    Ok(())
}
