//! The release binary as a running process, for the test binaries that
//! need the real thing (`durability.rs`, `browser.rs`): built once with
//! `cargo build --release`, started on a free loopback port with the
//! shipped content, and waited for until `/healthz` answers.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Longest the server may take to answer `/healthz` after starting.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// The package root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where cargo puts what it builds.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
}

/// Builds (a no-op when up to date) and returns the release binary.
pub fn release_binary() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "--release", "--bin", "backcare"])
        .current_dir(repo())
        .output()
        .expect("run cargo build --release");
    assert!(
        out.status.success(),
        "cargo build --release failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let binary = target_dir().join("release/backcare");
    assert!(binary.is_file(), "no binary at {}", binary.display());
    binary
}

/// The site, running as its own process; killed when dropped.
pub struct Server {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Server {
    /// Starts `binary` on a free port of 127.0.0.1 with the database `db`
    /// (created if missing), the shipped content, `RUST_LOG=rust_log` and
    /// the flags in `args`, and waits until it answers `/healthz`. Its
    /// output goes to a log file beside `db` (see [`Server::log`]).
    pub fn start(binary: &Path, db: &Path, rust_log: &str, args: &[&str]) -> Server {
        let dir = db.parent().expect("the database is in a folder");
        Server::start_on(binary, dir, db.as_os_str(), rust_log, args)
    }

    /// Like [`Server::start`], with `--db` given as is (a PostgreSQL URL,
    /// say) and its log and working folder in `dir`.
    pub fn start_on(
        binary: &Path,
        dir: &Path,
        db: &std::ffi::OsStr,
        rust_log: &str,
        args: &[&str],
    ) -> Server {
        let addr = free_address();
        fs::create_dir_all(dir).expect("create the database folder");
        let log = dir.join(format!("server-{}.log", addr.port()));
        let file = File::create(&log).expect("create server log");
        let child = Command::new(binary)
            .arg("--bind")
            .arg(addr.to_string())
            .arg("--db")
            .arg(db)
            .arg("--content")
            .arg(repo().join("content"))
            .arg("--base-url")
            .arg(format!("http://{addr}"))
            .args(args)
            .arg("serve")
            .env("RUST_LOG", rust_log)
            // With PostgreSQL the search index goes in a temporary folder,
            // which a SIGKILLed server leaves behind: keep it in `dir`.
            .env("TMPDIR", dir)
            .env("NO_COLOR", "1")
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(file.try_clone().expect("log file handle"))
            .stderr(file)
            .spawn()
            .expect("start the release binary");
        let mut server = Server { child, addr, log };
        server.wait_until_healthy();
        server
    }

    /// `http://127.0.0.1:{port}`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Everything the server has printed so far.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_until_healthy(&mut self) {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for server") {
                panic!("the server stopped at start ({status}):\n{}", self.log());
            }
            if healthz(self.addr) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not answer /healthz within {} s:\n{}",
                START_TIMEOUT.as_secs(),
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Kills the server at once (SIGKILL: no chance to flush anything) and
    /// waits for it to be gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Kills the server and returns its log.
    pub fn stop(mut self) -> String {
        self.kill();
        self.log()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A loopback address with a port nothing listens on right now.
fn free_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port on 127.0.0.1")
}

/// Whether `GET /healthz` answers 200.
fn healthz(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200")
}
