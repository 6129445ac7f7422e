//! Saved routines and their progress logs in SQLite: the SQL of
//! [`super::Store::Sqlite`].
//!
//! Writes go through the single writer connection (`AppState::writer`), each
//! in one transaction, so concurrent loggers queue instead of meeting
//! "database is locked"; reads use the shared pool and never block writers
//! (WAL).
//!
//! Storage is bounded two ways (issue 18): [`erase_unvisited`] erases
//! routines nobody has opened for `--keep-days` (their owner's visits move
//! `last_visit` on through [`touch`]), and [`insert_capped`] refuses new
//! routines once `--max-saves-per-day` were saved on the day.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::store::{NewRoutine, RoutineRow, UnknownValue, compress_plan, decompress_plan};
use crate::saved::{Effort, LogEntry, Morning};

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
    let id = store(
        &tx,
        &NewRoutine {
            token_hash: token_hash.to_vec(),
            answers: answers.to_owned(),
            plan_json: plan_json.to_owned(),
            start_date,
            created_at,
            first_log: first_log.cloned(),
        },
    )?;
    tx.commit()?;
    Ok(id)
}

/// Stores a new routine like [`insert`] unless `cap` routines (0: no cap)
/// were already saved on its day (UTC, see [`saved_on`]): then stores
/// nothing and answers `None`. Counted and stored in one transaction, so
/// two saves can never both take the last place.
pub fn insert_capped(
    conn: &mut Connection,
    new: &NewRoutine,
    cap: u32,
) -> rusqlite::Result<Option<i64>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if cap > 0 && saved_on(&tx, new.created_at.date())? >= u64::from(cap) {
        return Ok(None);
    }
    let id = store(&tx, new)?;
    tx.commit()?;
    Ok(Some(id))
}

/// How many routines were saved on `day` (UTC), erased ones included: the
/// count is kept as they are saved (table `daily_saves`), so reading it
/// costs the same however many there were.
pub fn saved_on(conn: &Connection, day: NaiveDate) -> rusqlite::Result<u64> {
    let saved: Option<i64> = conn
        .prepare_cached("SELECT saved FROM daily_saves WHERE day = ?1")?
        .query_row([day], |row| row.get(0))
        .optional()?;
    Ok(saved.map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

/// The routine, its first log entry, and its place in its day's count
/// (inside the caller's transaction). Earlier days' counts are dropped:
/// only the current day's is read.
fn store(tx: &Connection, new: &NewRoutine) -> rusqlite::Result<i64> {
    let plan_br = compress_plan(&new.plan_json);
    let day = new.created_at.date();
    tx.prepare_cached(
        "INSERT INTO routines (token_hash, answers, plan_json, plan_br, start_date, created_at,
                               last_visit)
         VALUES (?1, ?2, '', ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        new.token_hash,
        new.answers,
        plan_br,
        new.start_date,
        new.created_at,
        day
    ])?;
    let id = tx.last_insert_rowid();
    if let Some(entry) = &new.first_log {
        write_log(tx, id, entry)?;
    }
    tx.prepare_cached(
        "INSERT INTO daily_saves (day, saved) VALUES (?1, 1)
         ON CONFLICT (day) DO UPDATE SET saved = saved + 1",
    )?
    .execute([day])?;
    tx.prepare_cached("DELETE FROM daily_saves WHERE day < ?1")?
        .execute([day])?;
    Ok(id)
}

/// Moves a routine's last visit on to `today` when it is earlier (so a
/// routine is written at most once a day for being opened); answers whether
/// it moved.
pub fn touch(conn: &Connection, routine_id: i64, today: NaiveDate) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE routines SET last_visit = ?2
             WHERE id = ?1 AND (last_visit IS NULL OR last_visit < ?2)",
        )?
        .execute(params![routine_id, today])?;
    Ok(n > 0)
}

/// One step of the retention sweep: erases (with their logs, by cascade)
/// up to `limit` routines whose last visit was more than `keep_days` days
/// before `now`'s day, oldest visit first, in one transaction, and returns
/// their token hashes (so pages kept for them can be dropped). A routine
/// last visited exactly `keep_days` days ago is kept that day.
/// `keep_days` 0 keeps everything. Call it again until it returns fewer
/// than `limit`.
pub fn erase_unvisited(
    conn: &mut Connection,
    now: NaiveDateTime,
    keep_days: u32,
    limit: u32,
) -> rusqlite::Result<Vec<Vec<u8>>> {
    let Some(cutoff) = super::erase_before(now, keep_days).filter(|_| limit > 0) else {
        return Ok(Vec::new());
    };
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let erased = tx
        .prepare_cached(
            "DELETE FROM routines WHERE id IN (
                 SELECT id FROM routines WHERE last_visit < ?1 ORDER BY last_visit LIMIT ?2
             )
             RETURNING token_hash",
        )?
        .query_map(params![cutoff, limit], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<Vec<u8>>>>()?;
    tx.commit()?;
    Ok(erased)
}

pub fn find(conn: &Connection, token_hash: &[u8]) -> rusqlite::Result<Option<RoutineRow>> {
    conn.prepare_cached(
        "SELECT id, answers, plan_json, plan_br, start_date, created_at, last_visit
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
            last_visit: row.get(6)?,
        })
    })
    .optional()
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

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(date: NaiveDate) -> NaiveDateTime {
        date.and_hms_opt(12, 0, 0).unwrap()
    }

    fn routines_left(conn: &Connection) -> (i64, i64) {
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        (count("routines"), count("session_logs"))
    }

    #[test]
    fn a_routine_is_first_visited_the_day_it_is_saved_and_touch_moves_it_once_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("r.db")).unwrap();
        let mut conn = pool.get().unwrap();
        let saved = day(2026, 1, 5);
        let id = insert(&mut conn, &[4u8; 32], "", "{}", saved, at(saved), None).unwrap();
        let visit = |conn: &Connection| find(conn, &[4u8; 32]).unwrap().unwrap().last_visit;
        assert_eq!(visit(&conn), Some(saved));
        assert!(!touch(&conn, id, saved).unwrap(), "same day: no write");
        assert!(touch(&conn, id, day(2026, 3, 1)).unwrap());
        assert!(!touch(&conn, id, day(2026, 3, 1)).unwrap());
        // A clock that goes back never moves it back.
        assert!(!touch(&conn, id, day(2026, 2, 1)).unwrap());
        assert_eq!(visit(&conn), Some(day(2026, 3, 1)));
        assert!(
            !touch(&conn, id + 1, day(2026, 3, 2)).unwrap(),
            "no such routine"
        );
    }

    #[test]
    fn the_sweep_erases_only_routines_unvisited_for_longer_than_kept_with_their_logs() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("r.db")).unwrap();
        let mut conn = pool.get().unwrap();
        let today = day(2027, 6, 1);
        // Last visited 401, 400 and 10 days before today.
        let mut ids = Vec::new();
        for (n, days) in [(1u8, 401u64), (2, 400), (3, 10)] {
            let visited = today - chrono::Days::new(days);
            let id = insert(&mut conn, &[n; 32], "", "{}", visited, at(visited), None).unwrap();
            upsert_log(&mut conn, id, &entry(1, 1, 3)).unwrap();
            ids.push(id);
        }
        assert_eq!(routines_left(&conn), (3, 3));

        assert!(
            erase_unvisited(&mut conn, at(today), 0, 500)
                .unwrap()
                .is_empty()
        );
        assert_eq!(routines_left(&conn), (3, 3), "0 keeps everything");

        let erased = erase_unvisited(&mut conn, at(today), 400, 500).unwrap();
        assert_eq!(erased, [vec![1u8; 32]]);
        assert_eq!(routines_left(&conn), (2, 2), "its log went with it");
        assert!(find(&conn, &[1u8; 32]).unwrap().is_none());
        assert!(
            erase_unvisited(&mut conn, at(today), 400, 500)
                .unwrap()
                .is_empty()
        );

        // 395 days on, a visit today keeps the second; the third, last
        // visited 405 days before, goes.
        touch(&conn, ids[1], today).unwrap();
        let later = today + chrono::Days::new(395);
        let erased = erase_unvisited(&mut conn, at(later), 400, 500).unwrap();
        assert_eq!(erased, [vec![3u8; 32]]);
        assert_eq!(routines_left(&conn), (1, 1));
    }

    #[test]
    fn the_sweep_erases_at_most_a_batch_at_a_time_oldest_visit_first() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("r.db")).unwrap();
        let mut conn = pool.get().unwrap();
        let first = day(2026, 1, 1);
        for n in 0..5u8 {
            let visited = first + chrono::Days::new(u64::from(5 - n));
            insert(&mut conn, &[n; 32], "", "{}", visited, at(visited), None).unwrap();
        }
        // Routine 4 was visited first, routine 0 last.
        let now = at(day(2028, 1, 1));
        let batch = |conn: &mut Connection| {
            let mut erased = erase_unvisited(conn, now, 30, 2).unwrap();
            erased.sort();
            erased
        };
        assert_eq!(batch(&mut conn), [vec![3u8; 32], vec![4u8; 32]]);
        assert_eq!(batch(&mut conn), [vec![1u8; 32], vec![2u8; 32]]);
        assert_eq!(batch(&mut conn), [vec![0u8; 32]]);
        assert!(batch(&mut conn).is_empty());
        assert_eq!(routines_left(&conn), (0, 0));
    }

    #[test]
    fn insert_capped_stores_up_to_the_cap_a_day_and_zero_means_no_cap() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("r.db")).unwrap();
        let mut conn = pool.get().unwrap();
        let today = day(2026, 11, 25);
        let new = |hash: &[u8], when: NaiveDateTime| NewRoutine {
            token_hash: hash.to_vec(),
            answers: "pain=3".to_owned(),
            plan_json: "{}".to_owned(),
            start_date: when.date(),
            created_at: when,
            first_log: None,
        };
        // Yesterday's routines (even one a second before midnight) do not count.
        let late = today.pred_opt().unwrap().and_hms_opt(23, 59, 59).unwrap();
        assert!(
            insert_capped(&mut conn, &new(&[1; 32], late), 2)
                .unwrap()
                .is_some()
        );
        let morning = today.and_hms_opt(0, 0, 0).unwrap();
        assert!(
            insert_capped(&mut conn, &new(&[2; 32], morning), 2)
                .unwrap()
                .is_some()
        );
        let first_log = entry(1, 1, 2);
        let mut third = new(&[3; 32], at(today));
        third.first_log = Some(first_log.clone());
        assert!(insert_capped(&mut conn, &third, 2).unwrap().is_some());
        assert_eq!(saved_on(&conn, today).unwrap(), 2);
        let mut refused = new(&[4; 32], at(today));
        refused.first_log = Some(first_log);
        assert_eq!(insert_capped(&mut conn, &refused, 2).unwrap(), None);
        assert_eq!(routines_left(&conn), (3, 1), "nothing of the refused one");
        // Erasing one of today's does not give its place back.
        let erased = find(&conn, &[2; 32]).unwrap().unwrap().id;
        assert!(delete(&mut conn, erased).unwrap());
        assert_eq!(insert_capped(&mut conn, &refused, 2).unwrap(), None);
        assert!(
            insert_capped(&mut conn, &new(&[5; 32], at(today)), 0)
                .unwrap()
                .is_some()
        );
        assert_eq!(saved_on(&conn, today).unwrap(), 3);
        assert_eq!(saved_on(&conn, today.succ_opt().unwrap()).unwrap(), 0);
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
