//! The saved-routine write path against the real release binary: every
//! acknowledged write survives SIGKILL (also when the kill lands in the
//! middle of a stream of concurrent writes, 20 times over), concurrent
//! loggers see no errors, and the access log never holds a private link.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod pg;
mod release;
mod writer;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use release::{Server, release_binary};
use writer::{DAYS, SERVER_FLAGS, new_agent, save};

/// The release binary on `db`, logging every request. These tests post
/// hundreds of forms a second from one address: no rate limit.
fn start(binary: &Path, db: &Path) -> Server {
    Server::start(binary, db, "info", SERVER_FLAGS)
}

fn post(agent: &ureq::Agent, url: &str, body: &str) -> (u16, String) {
    let res = agent
        .post(url)
        .content_type("application/x-www-form-urlencoded")
        .send(body)
        .unwrap();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (res.status().as_u16(), location)
}

fn rows(db: &Path) -> (i64, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = conn
        .query_row("SELECT count(*) FROM session_logs", [], |r| r.get(0))
        .unwrap();
    let integrity = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    (count, integrity)
}

#[test]
fn acknowledged_writes_survive_sigkill_and_concurrent_loggers_see_no_errors() {
    let binary = release_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");

    let server = start(&binary, &db);
    let agent = new_agent();
    let routines: Vec<String> = (0..16).map(|_| save(&agent, &server.url())).collect();

    // 16 routines × 12 sessions = 192 writes, from 8 threads at once.
    let acknowledged = Arc::new(Mutex::new(0usize));
    let failures = Arc::new(Mutex::new(Vec::new()));
    std::thread::scope(|scope| {
        for chunk in routines.chunks(2) {
            let base = server.url();
            let acknowledged = Arc::clone(&acknowledged);
            let failures = Arc::clone(&failures);
            scope.spawn(move || {
                let agent = new_agent();
                for path in chunk {
                    for week in 1..=4u8 {
                        for day in DAYS {
                            let body = format!("week={week}&session={day}&done=yes&pain=4&note=n");
                            let (status, _) = post(&agent, &format!("{base}{path}/log"), &body);
                            if status == 303 {
                                *acknowledged.lock().unwrap() += 1;
                            } else {
                                failures.lock().unwrap().push(status);
                            }
                        }
                    }
                }
            });
        }
    });
    // The last 303 has arrived: kill at once, no chance to flush anything.
    let log = server.stop();

    assert_eq!(
        *failures.lock().unwrap(),
        Vec::<u16>::new(),
        "no write may fail"
    );
    let acknowledged = *acknowledged.lock().unwrap();
    assert_eq!(acknowledged, 192);

    // The private links never reach the log.
    assert!(log.contains("POST /r/[private]/log"), "access log:\n{log}");
    for path in &routines {
        let token = path.trim_start_matches("/r/");
        assert!(!log.contains(token), "a token reached the log");
    }

    // Restart on the same file: every acknowledged write is there.
    let mut again = start(&binary, &db);
    let csv = new_agent()
        .get(&format!("{}{}/export.csv", again.url(), routines[0]))
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    assert_eq!(csv.lines().count(), 1 + 12);
    again.kill();
    let (count, integrity) = rows(&db);
    assert_eq!(count as usize, acknowledged, "writes lost");
    assert_eq!(integrity, "ok");
}

/// A post that may fail (the server may be killed while it is in flight):
/// the status, or `None` when no answer came.
fn try_post(agent: &ureq::Agent, url: &str, body: &str) -> Option<u16> {
    agent
        .post(url)
        .content_type("application/x-www-form-urlencoded")
        .send(body)
        .ok()
        .map(|res| res.status().as_u16())
}

/// Where a round's server keeps routines.
enum Target {
    Sqlite(std::path::PathBuf),
    Postgres(Box<pg::TestPg>),
}

impl Target {
    fn start(&self, binary: &Path, dir: &Path) -> Server {
        match self {
            Target::Sqlite(db) => start(binary, db),
            Target::Postgres(pg) => Server::start_on(
                binary,
                dir,
                std::ffi::OsStr::new(&pg.url),
                "info",
                SERVER_FLAGS,
            ),
        }
    }

    /// Every note stored, and the integrity check (SQLite's; PostgreSQL
    /// has none to run, so "ok").
    fn notes(&self) -> (BTreeSet<String>, String) {
        match self {
            Target::Sqlite(db) => stored_notes(db),
            Target::Postgres(pg) => {
                let notes = pg.with(|c| {
                    c.query("SELECT note FROM session_logs", &[])
                        .unwrap()
                        .iter()
                        .map(|r| r.get::<_, String>(0))
                        .collect()
                });
                (notes, "ok".to_owned())
            }
        }
    }
}

/// Every note stored, and the integrity check, read straight from the file.
fn stored_notes(db: &Path) -> (BTreeSet<String>, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT note FROM session_logs").unwrap();
    let notes = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<BTreeSet<_>, _>>()
        .unwrap();
    let integrity = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    (notes, integrity)
}

/// The writes of one round: each routine's twelve sessions, each with a
/// note naming it, so every acknowledged write can be looked for.
fn round_writes(round: usize, routines: &[String]) -> Vec<(String, String)> {
    let mut writes = Vec::new();
    for (r, path) in routines.iter().enumerate() {
        for week in 1..=4u8 {
            for day in DAYS {
                let note = format!("round{round}-routine{r}-w{week}-d{day}");
                writes.push((
                    path.clone(),
                    format!("week={week}&session={day}&done=yes&pain=3&note={note}"),
                ));
            }
        }
    }
    writes
}

#[test]
fn sigkill_during_a_stream_of_writes_loses_no_acknowledged_write_20_times() {
    let dir = tempfile::tempdir().unwrap();
    let db = Target::Sqlite(dir.path().join("stream.db"));
    sigkill_rounds(&db, dir.path(), 20);
}

/// The same on PostgreSQL (10 rounds): the database survives the binary,
/// so this checks that a 303 is sent only after the commit.
#[test]
fn on_postgres_sigkill_during_a_stream_of_writes_loses_no_acknowledged_write() {
    let Some(pg) = pg::TestPg::create() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    sigkill_rounds(&Target::Postgres(Box::new(pg)), dir.path(), 10);
}

fn sigkill_rounds(db: &Target, dir: &Path, rounds: usize) {
    const THREADS: usize = 8;
    let binary = release_binary();

    let mut acknowledged: BTreeSet<String> = BTreeSet::new();
    let mut in_flight_at_kill = 0usize;
    for round in 0..rounds {
        // Starting again on the killed server's file is the recovery step.
        let mut server = db.start(&binary, dir);
        let (notes, integrity) = db.notes();
        assert_eq!(integrity, "ok", "round {round}: integrity");
        let lost: Vec<&String> = acknowledged.difference(&notes).collect();
        assert!(
            lost.is_empty(),
            "round {round}: acknowledged writes lost: {lost:?}"
        );

        let agent = new_agent();
        let routines: Vec<String> = (0..THREADS).map(|_| save(&agent, &server.url())).collect();
        let writes = round_writes(round, &routines);
        let total = writes.len();
        // Kill after a different number of acknowledged writes each round
        // (between 10% and 85% of them), so the kill lands at varied points.
        let kill_after = total / 10 + (round * 37) % (total * 3 / 4);
        let acked = Arc::new(Mutex::new(Vec::<String>::new()));
        let count = Arc::new(AtomicUsize::new(0));
        let unanswered = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let base = server.url();
        std::thread::scope(|scope| {
            for chunk in writes.chunks(total.div_ceil(THREADS)) {
                let (acked, count, unanswered, stop, base) = (
                    Arc::clone(&acked),
                    Arc::clone(&count),
                    Arc::clone(&unanswered),
                    Arc::clone(&stop),
                    base.clone(),
                );
                scope.spawn(move || {
                    let agent = new_agent();
                    for (path, body) in chunk {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        match try_post(&agent, &format!("{base}{path}/log"), body) {
                            Some(303) => {
                                let note = body.rsplit("note=").next().unwrap().to_owned();
                                acked.lock().unwrap().push(note);
                                count.fetch_add(1, Ordering::SeqCst);
                            }
                            Some(status) => panic!("round {round}: a write got {status}"),
                            None => {
                                unanswered.fetch_add(1, Ordering::SeqCst);
                                break;
                            }
                        }
                    }
                });
            }
            // Writes are flowing from every thread: kill mid-stream. (A
            // writer that fails panics, and the deadline ends the wait.)
            let deadline = Instant::now() + Duration::from_secs(60);
            while count.load(Ordering::SeqCst) < kill_after && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(1));
            }
            server.kill();
            stop.store(true, Ordering::SeqCst);
        });
        in_flight_at_kill += unanswered.load(Ordering::SeqCst);
        acknowledged.extend(acked.lock().unwrap().drain(..));
    }

    // A last restart: everything acknowledged in all rounds is there.
    db.start(&binary, dir).kill();
    let (notes, integrity) = db.notes();
    assert_eq!(integrity, "ok");
    let lost = acknowledged.difference(&notes).count();
    println!(
        "SIGKILL rounds: {rounds}; acknowledged writes: {}; writes cut off in flight: {in_flight_at_kill}; lost: {lost}",
        acknowledged.len()
    );
    assert_eq!(lost, 0, "acknowledged writes lost");
    assert!(
        in_flight_at_kill > 0,
        "no write was in flight at any kill, so the test proved nothing"
    );
}
