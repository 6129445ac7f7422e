//! Several instances on one PostgreSQL (issue 19): two release binaries
//! share a database and give the same answers at once (nothing private is
//! kept in one instance's memory), and killing one in the middle of
//! concurrent writes through both loses no acknowledged write. Needs
//! `BACKCARE_TEST_POSTGRES` (see `tests/pg/mod.rs`); without it the tests
//! print a notice and pass.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod pg;
#[allow(dead_code)]
mod release;
mod writer;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use release::{Server, release_binary};
use writer::{DAYS, SERVER_FLAGS, new_agent, save};

/// One instance on the test database, its log in `dir/name`.
fn instance(binary: &Path, dir: &Path, name: &str, pg: &pg::TestPg) -> Server {
    Server::start_on(
        binary,
        &dir.join(name),
        OsStr::new(&pg.url),
        "info",
        SERVER_FLAGS,
    )
}

/// Posts a form as a page of `server` would (its own `Origin`); the status
/// and `Location`, or `None` when no answer came.
fn post(agent: &ureq::Agent, server: &str, path: &str, body: &str) -> Option<(u16, String)> {
    let res = agent
        .post(&format!("{server}{path}"))
        .header("Origin", server)
        .content_type("application/x-www-form-urlencoded")
        .send(body)
        .ok()?;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    Some((res.status().as_u16(), location))
}

fn get(agent: &ureq::Agent, server: &str, path: &str) -> (u16, String) {
    let mut res = agent.get(&format!("{server}{path}")).call().unwrap();
    let status = res.status().as_u16();
    (status, res.body_mut().read_to_string().unwrap_or_default())
}

#[test]
fn a_routine_saved_on_one_instance_is_logged_read_and_erased_through_the_other() {
    let Some(pg) = pg::TestPg::create() else {
        return;
    };
    let binary = release_binary();
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let a = instance(&binary, dir.path(), "a", &pg);
    let b = instance(&binary, dir.path(), "b", &pg);
    let up = started.elapsed();
    let agent = new_agent();
    let (a_url, b_url) = (a.url(), b.url());

    // Saved on A, read on B.
    let path = save(&agent, &a_url);
    let (status, page) = get(&agent, &b_url, &path);
    assert_eq!(status, 200);
    assert!(page.contains("Nothing logged yet"), "{page}");
    // Read on A first, so a kept page would be there to go stale.
    let (status, _) = get(&agent, &a_url, &path);
    assert_eq!(status, 200);

    // Logged on B: A shows it at once, and again after a correction.
    for (pain, note) in [(3, "logged-on-b"), (2, "corrected-on-b")] {
        let body = format!("week=1&session=1&done=yes&pain={pain}&note={note}");
        let (status, _) = post(&agent, &b_url, &format!("{path}/log"), &body).unwrap();
        assert_eq!(status, 303);
        let (status, page) = get(&agent, &a_url, &path);
        assert_eq!(status, 200);
        assert!(page.contains(note), "A does not show {note}");
        let (_, csv) = get(&agent, &a_url, &format!("{path}/export.csv"));
        assert!(csv.contains(note), "A's export lacks {note}:\n{csv}");
    }

    // Erased on B: A answers 404 everywhere.
    let (status, location) = post(&agent, &b_url, &format!("{path}/delete"), "").unwrap();
    assert_eq!((status, location.as_str()), (303, "/routine/erased"));
    for suffix in ["", "/export.csv", "/plan.json", "/delete"] {
        let (status, _) = get(&agent, &a_url, &format!("{path}{suffix}"));
        assert_eq!(status, 404, "A still answers {path}{suffix}");
    }
    let rows = pg.number("SELECT count(*) FROM routines");
    assert_eq!(rows, 0);
    println!(
        "two instances: both up in {} ms, the whole journey in {} ms",
        up.as_millis(),
        started.elapsed().as_millis()
    );
}

#[test]
fn killing_one_instance_mid_stream_loses_no_write_acknowledged_by_either() {
    const THREADS: usize = 8;
    let Some(pg) = pg::TestPg::create() else {
        return;
    };
    let binary = release_binary();
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut a = instance(&binary, dir.path(), "a", &pg);
    let b = instance(&binary, dir.path(), "b", &pg);
    let agent = new_agent();
    let (a_url, b_url) = (a.url(), b.url());

    // Eight routines, saved alternately through each; every thread writes
    // its routine's twelve sessions through one instance, half through A.
    let routines: Vec<String> = (0..THREADS)
        .map(|i| save(&agent, if i % 2 == 0 { &a_url } else { &b_url }))
        .collect();
    let acked = Arc::new(Mutex::new(BTreeSet::<String>::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let cut_off = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(AtomicBool::new(false));
    std::thread::scope(|scope| {
        for (r, path) in routines.iter().enumerate() {
            let server = if r % 2 == 0 {
                a_url.clone()
            } else {
                b_url.clone()
            };
            let (acked, count, cut_off) =
                (Arc::clone(&acked), Arc::clone(&count), Arc::clone(&cut_off));
            scope.spawn(move || {
                let agent = new_agent();
                for week in 1..=4u8 {
                    for day in DAYS {
                        let note = format!("routine{r}-w{week}-d{day}");
                        let body = format!("week={week}&session={day}&done=yes&pain=3&note={note}");
                        match post(&agent, &server, &format!("{path}/log"), &body) {
                            Some((303, _)) => {
                                acked.lock().unwrap().insert(note);
                                count.fetch_add(1, Ordering::SeqCst);
                            }
                            Some((status, _)) => panic!("{note}: {status}"),
                            None => {
                                cut_off.fetch_add(1, Ordering::SeqCst);
                                return;
                            }
                        }
                    }
                }
            });
        }
        // Writes are flowing through both: kill A a third of the way in.
        let deadline = Instant::now() + Duration::from_secs(60);
        while count.load(Ordering::SeqCst) < THREADS * 12 / 3 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        a.kill();
        killed.store(true, Ordering::SeqCst);
    });
    assert!(killed.load(Ordering::SeqCst));

    let stored: BTreeSet<String> = pg.with(|c| {
        c.query("SELECT note FROM session_logs", &[])
            .unwrap()
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect()
    });
    let acked = acked.lock().unwrap();
    let lost: Vec<&String> = acked.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged writes lost: {lost:?}");
    // B wrote all of its share, and still serves what was written through A.
    for (r, path) in routines.iter().enumerate().filter(|(r, _)| r % 2 == 1) {
        for week in 1..=4u8 {
            for day in DAYS {
                let note = format!("routine{r}-w{week}-d{day}");
                assert!(
                    acked.contains(&note),
                    "B did not acknowledge {note} ({path})"
                );
            }
        }
    }
    let (status, page) = get(&agent, &b_url, &routines[0]);
    assert_eq!(status, 200);
    if acked.contains("routine0-w1-d1") {
        assert!(page.contains("routine0-w1-d1"), "B does not show A's write");
    }
    println!(
        "two instances, A killed mid-stream: {} writes acknowledged, {} cut off in flight, 0 lost; {} ms",
        acked.len(),
        cut_off.load(Ordering::SeqCst),
        started.elapsed().as_millis()
    );
    drop(b);
}
