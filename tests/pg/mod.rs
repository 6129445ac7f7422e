//! PostgreSQL for tests: `BACKCARE_TEST_POSTGRES` names a server (a URL
//! whose user may create databases, e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`), and each test gets a
//! database of its own on it, made fresh and dropped afterwards. Without
//! the variable, tests that need PostgreSQL print a notice and pass; with
//! `BACKCARE_REQUIRE_POSTGRES=1` they fail instead (`.ci/run` sets both).
//!
//! The sync `postgres` client must not run on an async worker, so every
//! query here runs on a thread of its own.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use postgres::NoTls;

/// Which database keeps a test site's saved routines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database of one test's own; dropped (with any connection still open
/// to it) when this value goes.
pub struct TestPg {
    /// Connects to the test's database.
    pub config: postgres::Config,
    /// The URL of the test's database (for a release binary's `--db`).
    pub url: String,
    server: postgres::Config,
    name: String,
}

/// Runs `f` on a thread of its own and answers what it returns.
pub fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| scope.spawn(f).join().expect("PostgreSQL helper"))
}

fn required() -> bool {
    std::env::var("BACKCARE_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
}

impl TestPg {
    /// A fresh database on the test server, or `None` after a notice when
    /// `BACKCARE_TEST_POSTGRES` is not set (a panic instead when
    /// `BACKCARE_REQUIRE_POSTGRES=1`).
    pub fn create() -> Option<TestPg> {
        let Ok(url) = std::env::var("BACKCARE_TEST_POSTGRES") else {
            assert!(
                !required(),
                "BACKCARE_REQUIRE_POSTGRES=1 but BACKCARE_TEST_POSTGRES is not set"
            );
            eprintln!(
                "notice: BACKCARE_TEST_POSTGRES is not set; skipping the PostgreSQL half of this test"
            );
            return None;
        };
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "backcare_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0)
        );
        let server: postgres::Config = url.parse().expect("BACKCARE_TEST_POSTGRES is a URL");
        off_runtime(|| {
            let mut client = server
                .connect(NoTls)
                .expect("connect to the test PostgreSQL");
            client
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("create a test database");
        });
        let mut config = server.clone();
        config.dbname(&name);
        let base = url.split('?').next().unwrap_or(&url);
        let url = match base.rfind('/') {
            Some(slash) if slash > base.find("//").map_or(0, |i| i + 1) => {
                format!("{}/{name}", &base[..slash])
            }
            _ => format!("{base}/{name}"),
        };
        Some(TestPg {
            config,
            url,
            server,
            name,
        })
    }

    /// Runs `f` with a connection to the test's database.
    pub fn with<T: Send>(&self, f: impl FnOnce(&mut postgres::Client) -> T + Send) -> T {
        off_runtime(|| {
            let mut client = self
                .config
                .connect(NoTls)
                .expect("connect to the test database");
            f(&mut client)
        })
    }

    /// Runs `f` with a connection to the server's own database (for what a
    /// test's database cannot do to itself, such as refusing connections).
    pub fn server<T: Send>(&self, f: impl FnOnce(&mut postgres::Client) -> T + Send) -> T {
        off_runtime(|| {
            let mut client = self
                .server
                .connect(NoTls)
                .expect("connect to the test server");
            f(&mut client)
        })
    }

    pub fn number(&self, sql: &str) -> i64 {
        self.with(|c| c.query_one(sql, &[]).expect(sql).get(0))
    }

    pub fn text(&self, sql: &str) -> Option<String> {
        self.with(|c| c.query_one(sql, &[]).expect(sql).get(0))
    }

    pub fn exec(&self, sql: &str) -> u64 {
        self.with(|c| c.execute(sql, &[]).expect(sql))
    }
}

impl Drop for TestPg {
    fn drop(&mut self) {
        let server = self.server.clone();
        let name = self.name.clone();
        off_runtime(move || {
            if let Ok(mut client) = server.connect(NoTls) {
                let _ =
                    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        });
    }
}
