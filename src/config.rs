//! Run-time configuration: command-line flags, each with an environment variable.
//!
//! Parsing is pure (`Cli` → `Config`) so a bad value becomes one clear line of
//! text for `main` to print, never a panic.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::{Parser, Subcommand};

/// Command-line interface. Every flag also reads an environment variable.
#[derive(Debug, Parser)]
#[command(
    name = "backcare",
    version,
    about = "Backcare: guides, a routine builder and lumbar-support advice for exercising with lower back pain."
)]
pub struct Cli {
    /// Address to listen on (host:port).
    #[arg(long, env = "BACKCARE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Where saved routines are kept: a SQLite file, created (with its
    /// folder) on first start, or a PostgreSQL URL
    /// (postgres://user:password@host:port/dbname) shared by several
    /// instances.
    #[arg(long, env = "BACKCARE_DB", default_value = "data/backcare.db")]
    pub db: PathBuf,

    /// Folder holding the site's content (site.toml, guides, catalogs).
    #[arg(long, env = "BACKCARE_CONTENT", default_value = "content")]
    pub content: PathBuf,

    /// Public address of the site, used for canonical links and feeds.
    /// Without it: `http://127.0.0.1:PORT` for those, and a saved
    /// routine's private link uses the address the visitor typed (its
    /// `Host`, when it names this server's port).
    #[arg(long, env = "BACKCARE_BASE_URL")]
    pub base_url: Option<String>,

    /// Serve guides marked `draft = true`, labelled as drafts.
    #[arg(long, env = "BACKCARE_DRAFTS", value_parser = BoolishValueParser::new())]
    pub drafts: bool,

    /// Reload the content folder when its files change (for authors).
    #[arg(long, env = "BACKCARE_WATCH", value_parser = BoolishValueParser::new())]
    pub watch: bool,

    /// Form posts (saving, logging, erasing) allowed per minute from one
    /// client address; 0 turns the limit off. Page reads are never limited.
    #[arg(long, env = "BACKCARE_POST_RATE", default_value_t = Limits::DEFAULT.post_rate)]
    pub post_rate: u32,

    /// Form posts one client address may send in a quick burst before
    /// `--post-rate` applies.
    #[arg(long, env = "BACKCARE_POST_BURST", default_value_t = Limits::DEFAULT.post_burst)]
    pub post_burst: u32,

    /// Behind a reverse proxy: take the client address for the post limit from
    /// the last `X-Forwarded-For` entry (which the proxy adds; without that
    /// header, the last `Forwarded: for=`) instead of the connection; a last
    /// entry that is not an address falls back to the connection. Only turn
    /// on when a proxy always sets that header.
    #[arg(long, env = "BACKCARE_TRUST_FORWARDED", value_parser = BoolishValueParser::new())]
    pub trust_forwarded: bool,

    /// Most open connections at once (across all worker threads).
    #[arg(long, env = "BACKCARE_MAX_CONNECTIONS", default_value_t = Limits::DEFAULT.max_connections)]
    pub max_connections: usize,

    /// Most open connections from one client address (IPv6: per /64); a
    /// connection over it is closed before it is read. 0 turns the cap
    /// off; it never applies with `--trust-forwarded`, where every
    /// connection comes from the proxy.
    #[arg(long, env = "BACKCARE_MAX_CONNECTIONS_PER_IP", default_value_t = Limits::DEFAULT.max_connections_per_ip)]
    pub max_connections_per_ip: usize,

    /// Seconds a client has to send the head of a request before it is
    /// answered 408 and closed (guards against slow senders).
    #[arg(long, env = "BACKCARE_CLIENT_TIMEOUT", default_value_t = Limits::DEFAULT.client_timeout.as_secs())]
    pub client_timeout: u64,

    /// Seconds a client has to send the whole body of a form post once its
    /// head has arrived, before it is answered 408 and closed (guards
    /// against bodies sent a byte at a time, or never).
    #[arg(long, env = "BACKCARE_BODY_TIMEOUT", default_value_t = Limits::DEFAULT.body_timeout.as_secs())]
    pub body_timeout: u64,

    /// Slowest a form's body may arrive, in bytes a second, after its
    /// first 2 seconds; slower is answered 408 and closed before
    /// `--body-timeout`. 0 leaves only the timeout.
    #[arg(long, env = "BACKCARE_MIN_BODY_RATE", default_value_t = Limits::DEFAULT.min_body_rate)]
    pub min_body_rate: u32,

    /// Seconds an idle keep-alive connection stays open; 0 closes each
    /// connection after its response.
    #[arg(long, env = "BACKCARE_KEEP_ALIVE", default_value_t = Limits::DEFAULT.keep_alive.as_secs())]
    pub keep_alive: u64,

    /// Days a saved routine is kept after its owner last opened or wrote
    /// it; a daily task then erases it and its log. 0 keeps every routine
    /// until its owner erases it.
    #[arg(long, env = "BACKCARE_KEEP_DAYS", default_value_t = Storage::DEFAULT.keep_days)]
    pub keep_days: u32,

    /// New routines that may be saved per day (UTC), counted in the
    /// database; past it, saving answers 503 until midnight UTC while
    /// reading and logging go on. 0 = no cap.
    #[arg(long, env = "BACKCARE_MAX_SAVES_PER_DAY", default_value_t = Storage::DEFAULT.max_saves_per_day)]
    pub max_saves_per_day: u32,

    /// For tests only: lets a request move its own clock by whole days
    /// with the `x-backcare-test-days` header (see `web::clock`).
    #[arg(long, hide = true)]
    pub test_clock: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do; serving the site is the default.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Serve the site (the default).
    Serve,
    /// Check the content folder, print every problem, and exit.
    Check,
    /// Copy the SQLite database (`--db`) to a new file DEST, consistently,
    /// while the site keeps serving (SQLite's online backup). For a
    /// PostgreSQL `--db`, use `pg_dump` (docs/deploy.md).
    Backup {
        /// The copy to make; it must not exist yet.
        dest: PathBuf,
    },
}

/// Validated configuration shared by the server and the tests.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// Where saved routines are kept (`--db`).
    pub db: Database,
    pub content: PathBuf,
    /// Base URL without a trailing slash, e.g. `https://backcare.example`.
    pub base_url: String,
    /// Whether `base_url` was given (`--base-url`) rather than made up
    /// from the bound address; see [`Config::visitor_base`].
    pub base_url_given: bool,
    /// Serve draft guides (`--drafts`).
    pub drafts: bool,
    /// Reload content when files change (`--watch`).
    pub watch: bool,
    /// Request limits and server settings.
    pub limits: Limits,
    /// How much saved data is kept.
    pub storage: Storage,
    /// Whether a request may move its own clock (`--test-clock`, hidden;
    /// see [`crate::web::clock`]). Never on in production.
    pub test_clock: bool,
}

/// Where saved routines are kept (`--db`).
#[derive(Debug, Clone)]
pub enum Database {
    /// A SQLite file (created with its folder), which also holds the
    /// search index: one instance, nothing to set up.
    Sqlite(PathBuf),
    /// A PostgreSQL database several instances share; each instance keeps
    /// its search index in a SQLite file of its own in a temporary folder.
    /// (`postgres::Config`'s `Debug` hides the password.)
    Postgres(Box<postgres::Config>),
}

/// How long a PostgreSQL connection attempt may take, unless the URL says
/// (`connect_timeout`): a database that does not answer gives a 503 in
/// seconds rather than holding requests.
const PG_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

impl Database {
    /// Reads `--db`: `postgres://` or `postgresql://` is a PostgreSQL URL,
    /// anything else starting with a scheme (`mysql://`, `postgres:/x`,
    /// `file:`) is refused, and the rest is a SQLite file path. Error
    /// texts name the scheme but never echo the value, which may hold a
    /// password.
    pub fn parse(raw: &std::path::Path) -> Result<Database, String> {
        let Some(text) = raw.to_str() else {
            // Not UTF-8, so no URL: a file name.
            return Ok(Database::Sqlite(raw.to_path_buf()));
        };
        let Some(scheme) = scheme_of(text) else {
            return Ok(Database::Sqlite(raw.to_path_buf()));
        };
        let lower = scheme.to_ascii_lowercase();
        let is_postgres = lower == "postgres" || lower == "postgresql";
        if !is_postgres || !text[scheme.len() + 1..].starts_with("//") {
            let hint = if is_postgres {
                format!(
                    "a PostgreSQL URL starts with {lower}:// (postgres://user:password@host:port/dbname)"
                )
            } else {
                "use a SQLite file path (data/backcare.db; ./name for a file whose name has a colon) or a PostgreSQL URL (postgres://user:password@host:port/dbname)".to_owned()
            };
            return Err(format!(
                "--db {scheme}:…: not a database this binary can use; {hint}"
            ));
        }
        let mut config: postgres::Config = text.parse().map_err(|err| {
            format!("--db {scheme}://…: not a PostgreSQL URL this binary can read ({err})")
        })?;
        if config.get_hosts().is_empty() {
            return Err(format!(
                "--db {scheme}://…: the URL names no host; write postgres://user:password@host:port/dbname"
            ));
        }
        if config.get_ssl_mode() == postgres::config::SslMode::Require {
            return Err(format!(
                "--db {scheme}://…: sslmode=require, but this build speaks to PostgreSQL without TLS; reach it over a private network or a local socket (see docs/deploy.md)"
            ));
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(PG_CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("backcare");
        }
        Ok(Database::Postgres(Box::new(config)))
    }

    /// The SQLite file, when saved routines are kept in one.
    pub fn sqlite_path(&self) -> Option<&std::path::Path> {
        match self {
            Database::Sqlite(path) => Some(path),
            Database::Postgres(_) => None,
        }
    }

    /// How the logs name it: the path, or the PostgreSQL host, port and
    /// database without user or password.
    pub fn shown(&self) -> String {
        match self {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(config) => {
                let host = match config.get_hosts().first() {
                    Some(postgres::config::Host::Tcp(name)) => name.clone(),
                    Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
                    None => String::new(),
                };
                let port = config.get_ports().first().copied().unwrap_or(5432);
                let dbname = config.get_dbname().unwrap_or("");
                format!("postgres://{host}:{port}/{dbname}")
            }
        }
    }
}

/// The scheme `text` starts with (`mysql` of `mysql://h`), as RFC 3986
/// spells one: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
fn scheme_of(text: &str) -> Option<&str> {
    let (scheme, _) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// Bounds on stored user data (issue 18): how long an unvisited routine is
/// kept, and how many new routines a day may add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Storage {
    /// Days a routine is kept after its last visit; 0 = until its owner
    /// erases it.
    pub keep_days: u32,
    /// New routines a day (UTC); 0 = no cap.
    pub max_saves_per_day: u32,
}

impl Storage {
    /// Longest `--keep-days` accepted: a hundred years (0 keeps forever).
    pub const MAX_KEEP_DAYS: u32 = 36_500;

    /// A routine is kept for more than a year after its owner's last visit
    /// (long after the 12 weeks it runs, so a person coming back after a
    /// break still finds it); the cap is far above real use and only stops
    /// a script from filling the disk.
    pub const DEFAULT: Storage = Storage {
        keep_days: 400,
        max_saves_per_day: 100_000,
    };

    fn from_cli(cli: &Cli) -> Result<Storage, String> {
        if cli.keep_days > Storage::MAX_KEEP_DAYS {
            return Err(format!(
                "--keep-days {} is more than {} (a hundred years); use 0 to keep routines until their owner erases them",
                cli.keep_days,
                Storage::MAX_KEEP_DAYS
            ));
        }
        Ok(Storage {
            keep_days: cli.keep_days,
            max_saves_per_day: cli.max_saves_per_day,
        })
    }
}

/// Request limits and connection settings. The fixed limits (form bodies,
/// address and header sizes) live in `web::middleware::limits`; these can be tuned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Form posts a minute per client address; 0 = no limit.
    pub post_rate: u32,
    /// Form posts allowed in a quick burst (at least 1 when limited).
    pub post_burst: u32,
    /// Key the post limit on the last `X-Forwarded-For` address.
    pub trust_forwarded: bool,
    /// Most open connections at once, across all workers.
    pub max_connections: usize,
    /// Most open connections from one client address; 0 = no cap.
    pub max_connections_per_ip: usize,
    /// Time allowed to send a request head.
    pub client_timeout: Duration,
    /// Time allowed to send a form's body after the head.
    pub body_timeout: Duration,
    /// Slowest accepted body, bytes a second after the first 2 seconds;
    /// 0 = only the timeout.
    pub min_body_rate: u32,
    /// How long an idle connection is kept open (zero: not at all).
    pub keep_alive: Duration,
}

impl Limits {
    /// What real visitors need: a person saving and logging a few sessions
    /// never meets the post limit; a script sending hundreds a minute does.
    pub const DEFAULT: Limits = Limits {
        post_rate: 60,
        post_burst: 20,
        trust_forwarded: false,
        max_connections: 1024,
        max_connections_per_ip: 64,
        client_timeout: Duration::from_secs(5),
        body_timeout: Duration::from_secs(10),
        min_body_rate: 128,
        keep_alive: Duration::from_secs(5),
    };

    /// The defaults with the post limit off (for tests that post a lot).
    pub const UNLIMITED_POSTS: Limits = Limits {
        post_rate: 0,
        ..Limits::DEFAULT
    };

    fn from_cli(cli: &Cli) -> Result<Limits, String> {
        if cli.post_rate > 0 && cli.post_burst == 0 {
            return Err(
                "--post-burst 0 would refuse every form; use at least 1, or --post-rate 0 to turn the limit off"
                    .to_owned(),
            );
        }
        if cli.max_connections == 0 {
            return Err("--max-connections must be at least 1".to_owned());
        }
        if cli.client_timeout == 0 {
            return Err("--client-timeout must be at least 1 second".to_owned());
        }
        if cli.body_timeout == 0 {
            return Err("--body-timeout must be at least 1 second".to_owned());
        }
        Ok(Limits {
            post_rate: cli.post_rate,
            post_burst: cli.post_burst,
            trust_forwarded: cli.trust_forwarded,
            max_connections: cli.max_connections,
            max_connections_per_ip: cli.max_connections_per_ip,
            client_timeout: Duration::from_secs(cli.client_timeout),
            body_timeout: Duration::from_secs(cli.body_timeout),
            min_body_rate: cli.min_body_rate,
            keep_alive: Duration::from_secs(cli.keep_alive),
        })
    }
}

impl Config {
    /// Turns raw flags into a checked configuration, or one line naming the problem.
    pub fn from_cli(cli: &Cli) -> Result<Self, String> {
        let bind: SocketAddr = cli.bind.trim().parse().map_err(|err| {
            format!(
                "--bind {:?} is not a valid address ({err}); use host:port, for example 127.0.0.1:8080",
                cli.bind
            )
        })?;
        let base_url = match &cli.base_url {
            Some(raw) => parse_base_url(raw)?,
            None => default_base_url(bind),
        };
        if !cli.content.is_dir() {
            return Err(format!(
                "--content {:?}: content folder not found (run from the project folder or pass --content PATH)",
                cli.content.display().to_string()
            ));
        }
        Ok(Config {
            bind,
            db: Database::parse(&cli.db)?,
            content: cli.content.clone(),
            base_url,
            base_url_given: cli.base_url.is_some(),
            drafts: cli.drafts,
            watch: cli.watch,
            limits: Limits::from_cli(cli)?,
            storage: Storage::from_cli(cli)?,
            test_clock: cli.test_clock,
        })
    }

    /// A configuration for tests: the repository's content and the given database.
    pub fn for_test(db: PathBuf) -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            db: Database::Sqlite(db),
            content: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content"),
            base_url: "http://localhost:8080".to_owned(),
            base_url_given: true,
            drafts: false,
            watch: false,
            // Test requests carry no client address; tests of the post
            // limit turn it on themselves.
            limits: Limits::UNLIMITED_POSTS,
            storage: Storage::DEFAULT,
            // Tests see a routine days or weeks on through the clock header.
            test_clock: true,
        }
    }

    /// Whether the site is served over HTTPS (then browsers are told to
    /// keep using it, with `Strict-Transport-Security`).
    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// The site's address as this visitor reached it, for links they copy
    /// and keep (a saved routine's private link): `--base-url` when given.
    /// Without it, the request's `Host` when that is a plain host name or
    /// address with this server's port (`192.168.1.20:8080` on a home
    /// network, `localhost:8080`), so the link works where it was made;
    /// anything else falls back to `http://127.0.0.1:PORT`.
    pub fn visitor_base(&self, host: Option<&str>) -> String {
        match host {
            Some(host) if !self.base_url_given && host_names_this_port(host, self.bind.port()) => {
                format!("http://{}", host.to_ascii_lowercase())
            }
            _ => self.base_url.clone(),
        }
    }
}

/// `http://127.0.0.1:PORT` for a loopback or all-interfaces bind (a link to
/// `0.0.0.0` leads nowhere), else `http://ADDRESS:PORT`.
fn default_base_url(bind: SocketAddr) -> String {
    if bind.ip().is_unspecified() || bind.ip().is_loopback() {
        format!("http://127.0.0.1:{}", bind.port())
    } else {
        format!("http://{bind}")
    }
}

/// Is `host` (a `Host` header) a host name, IPv4 or `[IPv6]` address
/// followed by `port` (or with no port, when `port` is 80)?
fn host_names_this_port(host: &str, port: u16) -> bool {
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p)) if !name.ends_with(':') && !p.contains(']') => {
            (name, p.parse::<u16>().ok())
        }
        _ => (host, None),
    };
    let port_ok = match given_port {
        Some(p) => p == port,
        None => port == 80 && !host.ends_with(':'),
    };
    let name_ok = if let Some(inside) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        inside.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !name.is_empty()
            && name.len() <= 253
            && !name.starts_with(['.', '-'])
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    port_ok && name_ok
}

fn parse_base_url(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {
            Ok(trimmed.to_owned())
        }
        _ => Err(format!(
            "--base-url {raw:?} must be an absolute http:// or https:// address, for example https://backcare.example"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(args: &[&str]) -> Cli {
        let mut all = vec!["backcare"];
        all.extend_from_slice(args);
        Cli::parse_from(all)
    }

    #[test]
    fn db_is_a_sqlite_path_or_a_postgres_url_and_any_other_scheme_stops_the_binary() {
        let db = |value: &str| Config::from_cli(&cli(&["--content", ".", "--db", value]));
        for path in [
            "data/backcare.db",
            "/var/lib/backcare/site.db",
            "./odd:name.db",
            "x.db",
        ] {
            let config = db(path).unwrap();
            assert_eq!(
                config.db.sqlite_path(),
                Some(std::path::Path::new(path)),
                "{path}"
            );
        }
        for url in [
            "postgres://backcare:s3cret@db.internal:5433/backcare",
            "postgresql://backcare@127.0.0.1/backcare?connect_timeout=2",
        ] {
            let config = db(url).unwrap();
            assert!(config.db.sqlite_path().is_none(), "{url}");
            let Database::Postgres(pg) = &config.db else {
                panic!("{url}")
            };
            assert!(pg.get_connect_timeout().is_some());
            assert!(!format!("{:?}", config.db).contains("s3cret"));
            assert!(!config.db.shown().contains("s3cret"));
        }
        assert_eq!(
            db("postgres://u:p@db.internal:5433/backcare")
                .unwrap()
                .db
                .shown(),
            "postgres://db.internal:5433/backcare"
        );
        for (bad, says) in [
            (
                "mysql://root:s3cret@db/backcare",
                "--db mysql:…: not a database this binary can use",
            ),
            ("postgres:/x", "a PostgreSQL URL starts with postgres://"),
            (
                "postgres:s3cret@db",
                "a PostgreSQL URL starts with postgres://",
            ),
            ("PostgreSQL:x", "starts with postgresql://"),
            ("sqlite:data/x.db", "use a SQLite file path"),
            ("file:x.db", "use a SQLite file path"),
            (
                "postgres://u:s3cret@db:notaport/x",
                "not a PostgreSQL URL this binary can read",
            ),
            ("postgres:///backcare", "names no host"),
            ("postgres://u:s3cret@db/x?sslmode=require", "without TLS"),
        ] {
            let err = db(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
            assert!(!err.contains("s3cret"), "{bad}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
    }

    #[test]
    fn rejects_unparseable_bind_with_the_value_named() {
        let err = Config::from_cli(&cli(&["--bind", "nonsense"])).unwrap_err();
        assert!(err.contains("--bind \"nonsense\""), "{err}");
    }

    #[test]
    fn rejects_missing_content_dir() {
        let err = Config::from_cli(&cli(&["--content", "/no/such/dir/here"])).unwrap_err();
        assert!(err.contains("content folder not found"), "{err}");
    }

    #[test]
    fn drafts_and_watch_are_off_unless_asked() {
        let config = Config::from_cli(&cli(&["--content", "."])).unwrap();
        assert!(!config.drafts && !config.watch);
        let config = Config::from_cli(&cli(&["--content", ".", "--drafts", "--watch"])).unwrap();
        assert!(config.drafts && config.watch);
    }

    #[test]
    fn limits_default_to_a_post_limit_and_can_turn_it_off() {
        let config = Config::from_cli(&cli(&["--content", "."])).unwrap();
        assert_eq!(config.limits, Limits::DEFAULT);
        assert_eq!(
            (config.limits.post_rate, config.limits.post_burst),
            (60, 20)
        );
        let config = Config::from_cli(&cli(&[
            "--content",
            ".",
            "--post-rate",
            "0",
            "--max-connections",
            "64",
            "--max-connections-per-ip",
            "0",
            "--min-body-rate",
            "0",
            "--keep-alive",
            "0",
        ]))
        .unwrap();
        assert_eq!(config.limits.max_connections_per_ip, 0);
        assert_eq!(config.limits.min_body_rate, 0);
        assert_eq!(
            (
                Limits::DEFAULT.max_connections_per_ip,
                Limits::DEFAULT.min_body_rate
            ),
            (64, 128)
        );
        assert_eq!(config.limits.post_rate, 0);
        assert_eq!(config.limits.max_connections, 64);
        assert_eq!(config.limits.keep_alive, Duration::ZERO);
    }

    #[test]
    fn limits_that_would_refuse_everything_are_errors() {
        let err = Config::from_cli(&cli(&["--content", ".", "--post-burst", "0"])).unwrap_err();
        assert!(err.contains("--post-burst 0"), "{err}");
        let err =
            Config::from_cli(&cli(&["--content", ".", "--max-connections", "0"])).unwrap_err();
        assert!(err.contains("--max-connections"), "{err}");
        let err = Config::from_cli(&cli(&["--content", ".", "--client-timeout", "0"])).unwrap_err();
        assert!(err.contains("--client-timeout"), "{err}");
    }

    #[test]
    fn without_a_base_url_the_private_link_follows_the_address_the_visitor_used() {
        let config = Config::from_cli(&cli(&["--content", ".", "--bind", "0.0.0.0:8080"])).unwrap();
        assert_eq!(config.base_url, "http://127.0.0.1:8080");
        for (host, base) in [
            (Some("192.168.1.20:8080"), "http://192.168.1.20:8080"),
            (Some("Backcare.local:8080"), "http://backcare.local:8080"),
            (Some("[fe80::1]:8080"), "http://[fe80::1]:8080"),
            (Some("localhost:8080"), "http://localhost:8080"),
            // Another port, no port, odd characters or none at all: the default.
            (Some("192.168.1.20:9999"), "http://127.0.0.1:8080"),
            (Some("192.168.1.20"), "http://127.0.0.1:8080"),
            (Some("evil.example:8080/x"), "http://127.0.0.1:8080"),
            (Some("a@b:8080"), "http://127.0.0.1:8080"),
            (Some(":8080"), "http://127.0.0.1:8080"),
            (Some("[nonsense]:8080"), "http://127.0.0.1:8080"),
            (None, "http://127.0.0.1:8080"),
        ] {
            assert_eq!(config.visitor_base(host), base, "{host:?}");
        }
        let given = Config::from_cli(&cli(&[
            "--content",
            ".",
            "--base-url",
            "https://backcare.example",
        ]))
        .unwrap();
        assert_eq!(
            given.visitor_base(Some("192.168.1.20:8080")),
            "https://backcare.example"
        );
    }

    #[test]
    fn storage_keeps_400_days_and_caps_saves_unless_told_and_refuses_a_keep_past_a_century() {
        let config = Config::from_cli(&cli(&["--content", "."])).unwrap();
        assert_eq!(config.storage, Storage::DEFAULT);
        assert_eq!(
            (config.storage.keep_days, config.storage.max_saves_per_day),
            (400, 100_000)
        );
        let config = Config::from_cli(&cli(&[
            "--content",
            ".",
            "--keep-days",
            "0",
            "--max-saves-per-day",
            "0",
        ]))
        .unwrap();
        assert_eq!(
            config.storage,
            Storage {
                keep_days: 0,
                max_saves_per_day: 0
            }
        );
        let config = Config::from_cli(&cli(&["--content", ".", "--keep-days", "36500"])).unwrap();
        assert_eq!(config.storage.keep_days, 36_500);
        let err = Config::from_cli(&cli(&["--content", ".", "--keep-days", "36501"])).unwrap_err();
        assert!(err.contains("--keep-days 36501"), "{err}");
        assert!(Cli::try_parse_from(["backcare", "--keep-days", "-1"]).is_err());
        assert!(Cli::try_parse_from(["backcare", "--max-saves-per-day", "many"]).is_err());
    }

    #[test]
    fn only_an_https_base_url_is_https() {
        let config = Config::from_cli(&cli(&["--content", "."])).unwrap();
        assert!(!config.is_https());
        let config =
            Config::from_cli(&cli(&["--content", ".", "--base-url", "https://a.example"])).unwrap();
        assert!(config.is_https());
    }

    #[test]
    fn base_url_loses_trailing_slash_and_needs_a_scheme() {
        assert_eq!(
            parse_base_url("https://example.org/").as_deref(),
            Ok("https://example.org")
        );
        assert!(parse_base_url("example.org").is_err());
        assert!(parse_base_url("https://").is_err());
    }
}
