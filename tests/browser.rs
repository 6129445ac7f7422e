//! Real-browser tests: the release binary on 127.0.0.1 with a temporary
//! database, driven by headless Chromium through `tests/browser/run.mjs`
//! (playwright-core, axe-core, the Nu HTML checker).
//!
//! Needs Chromium, Node.js with npm, and Java. Without them the test prints
//! "skipping browser tests: …" and passes, unless `BACKCARE_REQUIRE_BROWSER=1`
//! (set by `.ci/run`), when it fails. Screenshots go to `target/screenshots/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod release;

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use release::{Server, release_binary, repo, target_dir};

/// Longest the journeys may take before they are stopped and reported.
const JOURNEYS_TIMEOUT: Duration = Duration::from_secs(10 * 60);

#[test]
fn journeys_accessibility_and_validity_in_chromium() {
    let missing = missing_tools();
    if !missing.is_empty() {
        let why = format!(
            "{} not found (apt-get install -y chromium default-jre-headless, and Node.js 20 with npm)",
            missing.join(", ")
        );
        if required() {
            panic!("BACKCARE_REQUIRE_BROWSER=1, but {why}");
        }
        notice(&format!(
            "skipping browser tests: {why}; set BACKCARE_REQUIRE_BROWSER=1 to make this a failure"
        ));
        return;
    }

    let started = Instant::now();
    let harness = repo().join("tests/browser");
    install_node_modules(&harness);
    let binary = release_binary();

    let tmp = tempfile::tempdir().expect("temporary folder");
    // `--test-clock`: journeys save routines days ago to log their sessions.
    let server = Server::start(
        &binary,
        &tmp.path().join("data/backcare.db"),
        "warn",
        &["--test-clock"],
    );
    let screenshots = target_dir().join("screenshots");
    let run = run_logged(
        Command::new("node")
            .arg("run.mjs")
            .current_dir(&harness)
            .env("BACKCARE_URL", server.url())
            .env("BACKCARE_SCREENSHOTS", &screenshots),
        &tmp.path().join("journeys.log"),
        JOURNEYS_TIMEOUT,
    );
    let server_log = server.stop();

    match run {
        Ok((status, output)) if status.success() => {
            let summary: Vec<&str> = output.lines().rev().take(7).collect();
            let summary: Vec<&str> = summary.into_iter().rev().collect();
            notice(&format!(
                "browser tests ({:.0} s in all):\n{}",
                started.elapsed().as_secs_f64(),
                summary.join("\n")
            ));
        }
        Ok((status, output)) => panic!(
            "browser journeys failed ({status}):\n{output}\n--- server log (last lines) ---\n{}",
            tail(&server_log, 40)
        ),
        Err(why) => panic!(
            "browser journeys did not finish: {why}\n--- server log (last lines) ---\n{}",
            tail(&server_log, 40)
        ),
    }
}

fn required() -> bool {
    std::env::var("BACKCARE_REQUIRE_BROWSER")
        .is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes"))
}

/// Writes past the test harness's output capture, so the line shows in a
/// plain `cargo test` run.
fn notice(message: &str) {
    let _ = writeln!(std::io::stderr(), "\n{message}\n");
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The tools the browser run needs and that are not installed.
fn missing_tools() -> Vec<&'static str> {
    let mut missing = Vec::new();
    if !Path::new("/usr/bin/chromium").is_file() && on_path("chromium").is_none() {
        missing.push("chromium");
    }
    for tool in ["node", "npm", "java"] {
        if on_path(tool).is_none() {
            missing.push(tool);
        }
    }
    missing
}

/// `npm ci` (without the dev-only Lighthouse) when node_modules is missing
/// or older than the lockfile. `.npmrc` turns install scripts off, so no
/// package downloads anything of its own (such as a browser or a JDK).
fn install_node_modules(harness: &Path) {
    let installed = harness.join("node_modules/.package-lock.json");
    let fresh = match (
        fs::metadata(&installed),
        fs::metadata(harness.join("package-lock.json")),
    ) {
        (Ok(have), Ok(want)) => match (have.modified(), want.modified()) {
            (Ok(have), Ok(want)) => have >= want,
            _ => false,
        },
        _ => false,
    } && ["playwright-core", "axe-core", "vnu-jar"]
        .iter()
        .all(|p| harness.join("node_modules").join(p).is_dir());
    if fresh {
        return;
    }
    let out = Command::new("npm")
        .args(["ci", "--omit=dev", "--no-audit", "--no-fund"])
        .current_dir(harness)
        .output()
        .expect("run npm ci");
    assert!(
        out.status.success(),
        "npm ci in tests/browser failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `command` with its output in `log`, waiting at most `timeout`.
/// Returns the exit status and everything it printed.
fn run_logged(
    command: &mut Command,
    log: &Path,
    timeout: Duration,
) -> Result<(ExitStatus, String), String> {
    let file = File::create(log).expect("create log file");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(file.try_clone().expect("log file handle"))
        .stderr(file)
        .spawn()
        .map_err(|err| format!("cannot start {command:?}: {err}"))?;
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "stopped after {} s:\n{}",
                timeout.as_secs(),
                fs::read_to_string(log).unwrap_or_default()
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    Ok((status, fs::read_to_string(log).unwrap_or_default()))
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
