//! The one storage interface for saved routines and their logs, chosen at
//! start: the rest of the code calls [`Store`] and never learns which
//! database holds them.
//!
//! An enum with one variant per database, each method a `match` handing
//! the work to that database's module ([`super::sqlite`],
//! [`super::postgres`]), rather than a
//! `Box<dyn Trait>`: there are exactly two implementations, both known
//! here; a method can be `async` without boxing its future; every method's
//! two bodies sit side by side, so a change to one shows where the other
//! needs it; and a test can still take the variant apart.
//!
//! Every method runs its queries on actix's blocking thread pool, with the
//! connection checked out there, so async workers never wait on a database.

use chrono::{NaiveDate, NaiveDateTime};

use super::postgres::{self as pg, PgPool};
use super::{Pool, sqlite};
use crate::error::AppError;
use crate::saved::LogEntry;

/// Where saved routines live.
#[derive(Clone)]
pub enum Store {
    /// One SQLite file (WAL): reads from a pool, every write through a pool
    /// of exactly one connection, so writers queue instead of meeting
    /// "database is locked".
    Sqlite { read: Pool, writer: Pool },
    /// A PostgreSQL database shared by every instance: one pool, any
    /// connection may write (PostgreSQL orders concurrent writers itself).
    Postgres { pool: PgPool },
}

/// A text column holds a value this version does not know. The schema's
/// CHECKs keep such values out, so this means the data was changed by hand
/// or by another program: reading fails (the page is a 500 whose cause is
/// logged) rather than quietly dropping an answer the adaptation rules read.
#[derive(Debug, thiserror::Error)]
#[error("session_logs.{column} holds {value:?}, which is not one of its known values")]
pub struct UnknownValue {
    pub column: &'static str,
    pub value: String,
}

/// A stored routine, found by its token's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineRow {
    pub id: i64,
    pub answers: String,
    pub plan_json: String,
    pub start_date: NaiveDate,
    pub created_at: NaiveDateTime,
    /// The day its owner last opened or wrote it (`None` only in a row the
    /// site did not write; such a row is never swept).
    pub last_visit: Option<NaiveDate>,
}

/// A routine about to be stored (see [`Store::insert_capped`]).
#[derive(Debug, Clone)]
pub struct NewRoutine {
    pub token_hash: Vec<u8>,
    /// The answers, as the `/routine/plan` query string.
    pub answers: String,
    /// The plan snapshot as JSON (stored compressed).
    pub plan_json: String,
    pub start_date: NaiveDate,
    /// When it is saved; its day is also its first visit.
    pub created_at: NaiveDateTime,
    /// Stored in the same transaction, when given.
    pub first_log: Option<LogEntry>,
}

/// Routines erased per transaction by the retention sweep: small enough that
/// a writer is never held for long (each routine takes its log with it).
pub const ERASE_BATCH: u32 = 500;

/// Runs `f` on actix's blocking thread pool.
async fn blocking<T, F>(f: F) -> Result<T, AppError>
where
    F: FnOnce() -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    actix_web::web::block(f).await?
}

impl Store {
    /// The SQLite store over a read pool and the one-connection writer pool
    /// (see [`super::open`] and [`super::open_writer`]).
    pub fn sqlite(read: Pool, writer: Pool) -> Store {
        Store::Sqlite { read, writer }
    }

    /// The PostgreSQL store over `pool` (see [`super::postgres::open`]).
    pub fn postgres(pool: PgPool) -> Store {
        Store::Postgres { pool }
    }

    /// Whether pages of saved routines may be kept in this instance's
    /// memory. With SQLite every write goes through this instance, which
    /// moves the page's version on (`PageCache::private_changed`). With
    /// PostgreSQL another instance may have written (or erased) the
    /// routine a moment ago and this one would never hear of it, so its
    /// pages are built from the database on every request: a version
    /// column read per request would cost the same round trip as reading
    /// the routine, and after each log the page is rebuilt anyway.
    pub fn keeps_private_pages(&self) -> bool {
        matches!(self, Store::Sqlite { .. })
    }

    /// The routine whose token hashes to `token_hash`, with its log in plan
    /// order.
    pub async fn find(
        &self,
        token_hash: Vec<u8>,
    ) -> Result<Option<(RoutineRow, Vec<LogEntry>)>, AppError> {
        match self {
            Store::Sqlite { read, .. } => {
                let read = read.clone();
                blocking(move || {
                    let conn = read.get()?;
                    let Some(row) = sqlite::find(&conn, &token_hash)? else {
                        return Ok(None);
                    };
                    let logs = sqlite::logs(&conn, row.id)?;
                    Ok(Some((row, logs)))
                })
                .await
            }
            Store::Postgres { pool } => {
                let pool = pool.clone();
                blocking(move || {
                    let mut conn = pool.get()?;
                    let Some(row) = pg::find(&mut conn, &token_hash)? else {
                        return Ok(None);
                    };
                    let logs = pg::logs(&mut conn, row.id)?;
                    Ok(Some((row, logs)))
                })
                .await
            }
        }
    }

    /// Stores a new routine (with its first log entry, when given, in the
    /// same transaction) unless `cap` routines (0: no cap) were already
    /// saved on its day (UTC): then stores nothing and answers `None`.
    /// Counted and stored in one transaction, so two saves never both take
    /// the last place.
    pub async fn insert_capped(&self, new: NewRoutine, cap: u32) -> Result<Option<i64>, AppError> {
        match self {
            Store::Sqlite { writer, .. } => {
                let writer = writer.clone();
                blocking(move || Ok(sqlite::insert_capped(&mut *writer.get()?, &new, cap)?)).await
            }
            Store::Postgres { pool } => {
                let pool = pool.clone();
                blocking(move || Ok(pg::insert_capped(&mut *pool.get()?, &new, cap)?)).await
            }
        }
    }

    /// How many routines were saved on `day` (UTC), erased ones included.
    pub async fn saved_on(&self, day: NaiveDate) -> Result<u64, AppError> {
        match self {
            Store::Sqlite { read, .. } => {
                let read = read.clone();
                blocking(move || Ok(sqlite::saved_on(&*read.get()?, day)?)).await
            }
            Store::Postgres { pool } => {
                let pool = pool.clone();
                blocking(move || Ok(pg::saved_on(&mut *pool.get()?, day)?)).await
            }
        }
    }

    /// Moves a routine's last visit on to `today` when it is earlier (so a
    /// routine is written at most once a day for being opened); answers
    /// whether it moved.
    pub async fn touch(&self, routine_id: i64, today: NaiveDate) -> Result<bool, AppError> {
        match self {
            // A visit is recorded only when a connection is free at once:
            // waiting for a busy writer would hold a blocking thread (which
            // reads need too) for up to the pool's timeout. A visit not
            // recorded now is recorded on the next one.
            Store::Sqlite { writer, .. } => {
                let writer = writer.clone();
                blocking(move || match writer.try_get() {
                    Some(conn) => Ok(sqlite::touch(&conn, routine_id, today)?),
                    None => Ok(false),
                })
                .await
            }
            Store::Postgres { pool } => {
                let pool = pool.clone();
                blocking(move || match pool.try_get() {
                    Some(mut conn) => Ok(pg::touch(&mut conn, routine_id, today)?),
                    None => Ok(false),
                })
                .await
            }
        }
    }

    /// Records a session, replacing an earlier entry for the same session.
    pub async fn upsert_log(&self, routine_id: i64, entry: LogEntry) -> Result<(), AppError> {
        match self {
            Store::Sqlite { writer, .. } => {
                let writer = writer.clone();
                blocking(move || Ok(sqlite::upsert_log(&mut *writer.get()?, routine_id, &entry)?))
                    .await
            }
            Store::Postgres { pool } => {
                let pool = pool.clone();
                blocking(move || Ok(pg::upsert_log(&mut *pool.get()?, routine_id, &entry)?)).await
            }
        }
    }

    /// Removes one logged session; answers whether there was one.
    pub async fn delete_log(&self, routine_id: i64, week: u8, day: u8) -> Result<bool, AppError> {
        match self {
            Store::Sqlite { writer, .. } => {
                let writer = writer.clone();
                blocking(move || {
                    Ok(sqlite::delete_log(
                        &mut *writer.get()?,
                        routine_id,
                        week,
                        day,
                    )?)
                })
                .await
            }
            Store::Postgres { pool } => {
                let pool = pool.clone();
                blocking(move || Ok(pg::delete_log(&mut *pool.get()?, routine_id, week, day)?))
                    .await
            }
        }
    }

    /// Erases a routine and every log entry of it.
    pub async fn delete(&self, routine_id: i64) -> Result<bool, AppError> {
        match self {
            Store::Sqlite { writer, .. } => {
                let writer = writer.clone();
                blocking(move || Ok(sqlite::delete(&mut *writer.get()?, routine_id)?)).await
            }
            Store::Postgres { pool } => {
                let pool = pool.clone();
                blocking(move || Ok(pg::delete(&mut *pool.get()?, routine_id)?)).await
            }
        }
    }

    /// The retention sweep: erases every routine whose last visit was more
    /// than `keep_days` days before `now`'s day, [`ERASE_BATCH`] to a
    /// transaction, oldest visit first, calling `erased` with each batch's
    /// token hashes once it has committed; answers how many it erased, or
    /// `None` when another instance is sweeping right now (PostgreSQL).
    /// `keep_days` 0 erases nothing.
    ///
    /// SQLite: the writer is checked out for one batch at a time, so saves
    /// and logs queue behind at most one batch. PostgreSQL: the sweep holds
    /// an advisory lock (`pg_try_advisory_lock`) for its whole run, so it
    /// runs on one instance at a time; writes never queue behind it.
    pub async fn erase_unvisited<F>(
        &self,
        now: NaiveDateTime,
        keep_days: u32,
        mut erased: F,
    ) -> Result<Option<u64>, AppError>
    where
        F: FnMut(&[Vec<u8>]) + Send + 'static,
    {
        match self {
            Store::Sqlite { writer, .. } => {
                let writer = writer.clone();
                blocking(move || {
                    batches(&mut erased, || {
                        Ok(sqlite::erase_unvisited(
                            &mut *writer.get()?,
                            now,
                            keep_days,
                            ERASE_BATCH,
                        )?)
                    })
                    .map(Some)
                })
                .await
            }
            Store::Postgres { pool } => {
                let pool = pool.clone();
                blocking(move || {
                    let mut conn = pool.get()?;
                    if !pg::try_lock_sweep(&mut conn)? {
                        return Ok(None);
                    }
                    let swept = batches(&mut erased, || {
                        Ok(pg::erase_unvisited(&mut conn, now, keep_days, ERASE_BATCH)?)
                    });
                    // Released before the connection goes back to the pool
                    // (a lost connection releases it by itself).
                    let unlocked = pg::unlock_sweep(&mut conn);
                    let total = swept?;
                    unlocked?;
                    Ok(Some(total))
                })
                .await
            }
        }
    }
}

/// Runs `batch` until it erases fewer than [`ERASE_BATCH`], passing each
/// batch's hashes to `erased`; answers the total.
fn batches<F, B>(erased: &mut F, mut batch: B) -> Result<u64, AppError>
where
    F: FnMut(&[Vec<u8>]),
    B: FnMut() -> Result<Vec<Vec<u8>>, AppError>,
{
    let mut total: u64 = 0;
    loop {
        let hashes = batch()?;
        erased(&hashes);
        let count = u64::try_from(hashes.len()).unwrap_or(u64::MAX);
        total = total.saturating_add(count);
        if count < u64::from(ERASE_BATCH) {
            return Ok(total);
        }
    }
}

/// Brotli quality for plan snapshots: small rows matter more than the
/// milliseconds of a save (about 31 KB of JSON to under 3 KB).
const PLAN_QUALITY: u32 = 9;

pub(super) fn compress_plan(json: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() / 8);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, PLAN_QUALITY, 22);
        // Writing into a Vec cannot fail.
        let _ = std::io::Write::write_all(&mut writer, json.as_bytes());
    }
    out
}

pub(super) fn decompress_plan(bytes: &[u8]) -> std::io::Result<String> {
    let mut json = String::new();
    std::io::Read::read_to_string(&mut brotli::Decompressor::new(bytes, 4096), &mut json)?;
    Ok(json)
}
