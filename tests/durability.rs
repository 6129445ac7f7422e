//! The saved-routine write path against the real release binary: every
//! acknowledged write survives SIGKILL, concurrent loggers see no errors, and
//! the access log never holds a private link.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ANSWERS: &str = "red_flag=none&pain=4&duration=acute&worse=sitting&cause=strain&activity=light&days=3&minutes=20&equipment=wall&cleared=no";
/// Monday, Wednesday, Friday: the sessions of a three-day plan.
const DAYS: [u8; 3] = [1, 3, 5];

/// Builds (if needed) and returns the release binary.
fn release_binary() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--bin", "backcare"])
        .current_dir(root)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "release build failed");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    target.join("release/backcare")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server {
    child: Child,
    base: String,
    stderr: Arc<Mutex<String>>,
}

fn start(binary: &Path, db: &Path) -> Server {
    let port = free_port();
    let mut child = Command::new(binary)
        .args(["--bind", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .args(["--content"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("server starts");
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut pipe = child.stderr.take().unwrap();
    let sink = Arc::clone(&stderr);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(res) = new_agent().get(&format!("{base}/healthz")).call()
            && res.status() == 200
        {
            break;
        }
        assert!(Instant::now() < deadline, "server did not answer /healthz");
        std::thread::sleep(Duration::from_millis(50));
    }
    Server {
        child,
        base,
        stderr,
    }
}

fn new_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
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

fn save(agent: &ureq::Agent, base: &str) -> String {
    let (status, location) = post(agent, &format!("{base}/routine/save"), ANSWERS);
    assert_eq!(status, 303);
    location
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

    let mut server = start(&binary, &db);
    let agent = new_agent();
    let routines: Vec<String> = (0..16).map(|_| save(&agent, &server.base)).collect();

    // 16 routines × 12 sessions = 192 writes, from 8 threads at once.
    let acknowledged = Arc::new(Mutex::new(0usize));
    let failures = Arc::new(Mutex::new(Vec::new()));
    std::thread::scope(|scope| {
        for chunk in routines.chunks(2) {
            let base = server.base.clone();
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
    server.child.kill().unwrap();
    server.child.wait().unwrap();

    assert_eq!(
        *failures.lock().unwrap(),
        Vec::<u16>::new(),
        "no write may fail"
    );
    let acknowledged = *acknowledged.lock().unwrap();
    assert_eq!(acknowledged, 192);

    // The private links never reach the log.
    let log = server.stderr.lock().unwrap().clone();
    assert!(log.contains("POST /r/[private]/log"), "access log:\n{log}");
    for path in &routines {
        let token = path.trim_start_matches("/r/");
        assert!(!log.contains(token), "a token reached the log");
    }

    // Restart on the same file: every acknowledged write is there.
    let mut again = start(&binary, &db);
    let csv = new_agent()
        .get(&format!("{}{}/export.csv", again.base, routines[0]))
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    assert_eq!(csv.lines().count(), 1 + 12);
    again.child.kill().unwrap();
    again.child.wait().unwrap();
    let (count, integrity) = rows(&db);
    assert_eq!(count as usize, acknowledged, "writes lost");
    assert_eq!(integrity, "ok");
}
