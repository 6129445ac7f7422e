//! Saved routines and their progress logs.
//!
//! Writes go through the single writer connection (`AppState::writer`), each
//! in one transaction, so concurrent loggers queue instead of meeting
//! "database is locked"; reads use the shared pool and never block writers
//! (WAL).

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::saved::{Effort, LogEntry, Morning};

/// A text column holds a value this version does not know. The schema's
/// CHECKs keep such values out, so this means the file was changed by hand
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
}

/// Stores a new routine (and, when given, its first log entry, in the same
/// transaction) and returns its id.
pub fn insert(
    conn: &mut Connection,
    token_hash: &[u8],
    answers: &str,
    plan_json: &str,
    start_date: NaiveDate,
    created_at: NaiveDateTime,
    first_log: Option<&LogEntry>,
) -> rusqlite::Result<i64> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let plan_br = compress_plan(plan_json);
    tx.prepare_cached(
        "INSERT INTO routines (token_hash, answers, plan_json, plan_br, start_date, created_at)
         VALUES (?1, ?2, '', ?3, ?4, ?5)",
    )?
    .execute(params![
        token_hash, answers, plan_br, start_date, created_at
    ])?;
    let id = tx.last_insert_rowid();
    if let Some(entry) = first_log {
        write_log(&tx, id, entry)?;
    }
    tx.commit()?;
    Ok(id)
}

pub fn find(conn: &Connection, token_hash: &[u8]) -> rusqlite::Result<Option<RoutineRow>> {
    conn.prepare_cached(
        "SELECT id, answers, plan_json, plan_br, start_date, created_at
         FROM routines WHERE token_hash = ?1",
    )?
    .query_row([token_hash], |row| {
        let plan_br: Option<Vec<u8>> = row.get(3)?;
        let plan_json = match plan_br {
            Some(bytes) => decompress_plan(&bytes).map_err(|err| {
                rusqlite::Error::FromSqlConversionFailure(
                    3,
                    rusqlite::types::Type::Blob,
                    err.into(),
                )
            })?,
            None => row.get(2)?,
        };
        Ok(RoutineRow {
            id: row.get(0)?,
            answers: row.get(1)?,
            plan_json,
            start_date: row.get(4)?,
            created_at: row.get(5)?,
        })
    })
    .optional()
}

/// Brotli quality for plan snapshots: small rows matter more than the
/// milliseconds of a save (about 31 KB of JSON to under 3 KB).
const PLAN_QUALITY: u32 = 9;

fn compress_plan(json: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() / 8);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, PLAN_QUALITY, 22);
        // Writing into a Vec cannot fail.
        let _ = std::io::Write::write_all(&mut writer, json.as_bytes());
    }
    out
}

fn decompress_plan(bytes: &[u8]) -> std::io::Result<String> {
    let mut json = String::new();
    std::io::Read::read_to_string(&mut brotli::Decompressor::new(bytes, 4096), &mut json)?;
    Ok(json)
}

/// Records a session, replacing an earlier entry for the same session.
pub fn upsert_log(
    conn: &mut Connection,
    routine_id: i64,
    entry: &LogEntry,
) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    write_log(&tx, routine_id, entry)?;
    tx.commit()
}

/// Inserts or replaces one session's entry (inside the caller's transaction).
/// The column `session` holds [`LogEntry::day`], the weekday (1 = Monday);
/// its name predates the weekday meaning and stays to avoid a migration.
fn write_log(conn: &Connection, routine_id: i64, entry: &LogEntry) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO session_logs (routine_id, week, session, done, pain, note, logged_at,
                                   pain_during, effort, morning)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (routine_id, week, session) DO UPDATE SET
           done = excluded.done, pain = excluded.pain, note = excluded.note,
           logged_at = excluded.logged_at, pain_during = excluded.pain_during,
           effort = excluded.effort, morning = excluded.morning",
    )?
    .execute(params![
        routine_id,
        entry.week,
        entry.day,
        entry.done,
        entry.pain,
        entry.note,
        entry.logged_at,
        entry.pain_during,
        entry.effort.map(Effort::as_str),
        entry.morning.map(Morning::as_str),
    ])?;
    Ok(())
}

/// Removes one logged session (`day`: the weekday, column `session`);
/// returns whether there was one.
pub fn delete_log(
    conn: &mut Connection,
    routine_id: i64,
    week: u8,
    day: u8,
) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "DELETE FROM session_logs WHERE routine_id = ?1 AND week = ?2 AND session = ?3",
        )?
        .execute(params![routine_id, week, day])?;
    Ok(n > 0)
}

/// Every logged session of a routine, in plan order.
pub fn logs(conn: &Connection, routine_id: i64) -> rusqlite::Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT week, session, done, pain, note, logged_at, pain_during, effort, morning
         FROM session_logs WHERE routine_id = ?1 ORDER BY week, session",
    )?;
    stmt.query_map([routine_id], |row| {
        Ok(LogEntry {
            week: row.get(0)?,
            // Column `session`: the weekday.
            day: row.get(1)?,
            done: row.get(2)?,
            pain: row.get(3)?,
            pain_during: row.get(6)?,
            effort: known(row, 7, "effort", Effort::parse)?,
            morning: known(row, 8, "morning", Morning::parse)?,
            note: row.get(4)?,
            logged_at: row.get(5)?,
        })
    })?
    .collect()
}

/// An optional text column read through `parse`; NULL is "not given", and
/// a value `parse` does not know is an [`UnknownValue`] error.
fn known<T>(
    row: &Row<'_>,
    index: usize,
    column: &'static str,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let Some(value) = row.get::<_, Option<String>>(index)? else {
        return Ok(None);
    };
    match parse(&value) {
        Some(known) => Ok(Some(known)),
        None => Err(rusqlite::Error::FromSqlConversionFailure(
            index,
            Type::Text,
            Box::new(UnknownValue { column, value }),
        )),
    }
}

/// Erases a routine and (by cascade) every log entry of it.
pub fn delete(conn: &mut Connection, routine_id: i64) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let n = tx.execute("DELETE FROM routines WHERE id = ?1", [routine_id])?;
    tx.commit()?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap()
    }

    fn entry(week: u8, day: u8, pain: u8) -> LogEntry {
        LogEntry {
            week,
            day,
            done: true,
            pain: Some(pain),
            pain_during: None,
            effort: None,
            morning: None,
            note: "ok".to_owned(),
            logged_at: now(),
        }
    }

    #[test]
    fn insert_find_log_correct_remove_and_erase() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("r.db")).unwrap();
        let mut conn = pool.get().unwrap();
        let hash = [7u8; 32];
        let id = insert(&mut conn, &hash, "pain=3", "{}", now().date(), now(), None).unwrap();
        let row = find(&conn, &hash).unwrap().unwrap();
        assert_eq!(row.id, id);
        assert_eq!(row.answers, "pain=3");
        assert_eq!(find(&conn, &[8u8; 32]).unwrap(), None);

        upsert_log(&mut conn, id, &entry(1, 1, 5)).unwrap();
        upsert_log(&mut conn, id, &entry(1, 2, 4)).unwrap();
        upsert_log(&mut conn, id, &entry(1, 1, 3)).unwrap(); // correction
        let all = logs(&conn, id).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].pain, Some(3));

        assert!(delete_log(&mut conn, id, 1, 2).unwrap());
        assert!(!delete_log(&mut conn, id, 1, 2).unwrap());
        assert_eq!(logs(&conn, id).unwrap().len(), 1);

        assert!(delete(&mut conn, id).unwrap());
        assert_eq!(find(&conn, &hash).unwrap(), None);
        let left: i64 = conn
            .query_row("SELECT count(*) FROM session_logs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn the_three_answers_are_stored_corrected_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("r.db")).unwrap();
        let mut conn = pool.get().unwrap();
        let id = insert(&mut conn, &[2u8; 32], "", "{}", now().date(), now(), None).unwrap();
        let mut answered = entry(1, 1, 4);
        answered.pain_during = Some(6);
        answered.effort = Some(Effort::TooHard);
        answered.morning = Some(Morning::Worse);
        upsert_log(&mut conn, id, &answered).unwrap();
        upsert_log(&mut conn, id, &entry(1, 2, 3)).unwrap();
        assert_eq!(logs(&conn, id).unwrap(), [answered.clone(), entry(1, 2, 3)]);
        let raw: (Option<i64>, Option<String>, Option<String>) = conn
            .query_row(
                "SELECT pain_during, effort, morning FROM session_logs WHERE session = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            raw,
            (
                Some(6),
                Some("too_hard".to_owned()),
                Some("worse".to_owned())
            )
        );

        // Logging the session again without the answers clears them.
        upsert_log(&mut conn, id, &entry(1, 1, 2)).unwrap();
        let again = &logs(&conn, id).unwrap()[0];
        assert_eq!(
            (again.pain_during, again.effort, again.morning),
            (None, None, None)
        );
    }

    #[test]
    fn an_unknown_stored_answer_is_an_error_not_a_panic_or_a_silent_none() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("r.db")).unwrap();
        let mut conn = pool.get().unwrap();
        let id = insert(&mut conn, &[3u8; 32], "", "{}", now().date(), now(), None).unwrap();
        upsert_log(&mut conn, id, &entry(1, 1, 2)).unwrap();
        // Only a hand-edited file can hold one: the CHECKs must be off.
        conn.pragma_update(None, "ignore_check_constraints", true)
            .unwrap();
        for (column, value) in [("effort", "very_hard"), ("morning", "WORSE")] {
            conn.execute(
                &format!("UPDATE session_logs SET effort = NULL, morning = NULL, {column} = ?1"),
                [value],
            )
            .unwrap();
            let err = logs(&conn, id).unwrap_err();
            let text = err.to_string();
            assert!(
                text.contains(column) && text.contains(value),
                "{column}: {text}"
            );
        }
    }

    #[test]
    fn the_schema_refuses_out_of_range_values() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("r.db")).unwrap();
        let mut conn = pool.get().unwrap();
        let id = insert(&mut conn, &[1u8; 32], "", "{}", now().date(), now(), None).unwrap();
        assert!(upsert_log(&mut conn, id, &entry(1, 1, 11)).is_err());
        assert!(upsert_log(&mut conn, id, &entry(13, 1, 1)).is_err());
        upsert_log(&mut conn, id, &entry(12, 1, 1)).unwrap();
        delete_log(&mut conn, id, 12, 1).unwrap();
        let mut long = entry(1, 1, 1);
        long.note = "x".repeat(501);
        assert!(upsert_log(&mut conn, id, &long).is_err());
        let mut during = entry(1, 1, 1);
        during.pain_during = Some(11);
        assert!(upsert_log(&mut conn, id, &during).is_err());
        assert!(logs(&conn, id).unwrap().is_empty());
    }
}
