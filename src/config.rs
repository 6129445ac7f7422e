//! Run-time configuration: command-line flags, each with an environment variable.
//!
//! Parsing is pure (`Cli` → `Config`) so a bad value becomes one clear line of
//! text for `main` to print, never a panic.

use std::net::SocketAddr;
use std::path::PathBuf;

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

    /// SQLite database file; created (with its folder) on first start.
    #[arg(long, env = "BACKCARE_DB", default_value = "data/backcare.db")]
    pub db: PathBuf,

    /// Folder holding the site's content (site.toml, guides, catalogs).
    #[arg(long, env = "BACKCARE_CONTENT", default_value = "content")]
    pub content: PathBuf,

    /// Public address of the site, used for canonical links and feeds.
    #[arg(
        long,
        env = "BACKCARE_BASE_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub base_url: String,

    /// Serve guides marked `draft = true`, labelled as drafts.
    #[arg(long, env = "BACKCARE_DRAFTS", value_parser = BoolishValueParser::new())]
    pub drafts: bool,

    /// Reload the content folder when its files change (for authors).
    #[arg(long, env = "BACKCARE_WATCH", value_parser = BoolishValueParser::new())]
    pub watch: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do; serving the site is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Serve the site (the default).
    Serve,
    /// Check the content folder, print every problem, and exit.
    Check,
}

/// Validated configuration shared by the server and the tests.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub db: PathBuf,
    pub content: PathBuf,
    /// Base URL without a trailing slash, e.g. `https://backcare.example`.
    pub base_url: String,
    /// Serve draft guides (`--drafts`).
    pub drafts: bool,
    /// Reload content when files change (`--watch`).
    pub watch: bool,
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
        let base_url = parse_base_url(&cli.base_url)?;
        if !cli.content.is_dir() {
            return Err(format!(
                "--content {:?}: content folder not found (run from the project folder or pass --content PATH)",
                cli.content.display().to_string()
            ));
        }
        Ok(Config {
            bind,
            db: cli.db.clone(),
            content: cli.content.clone(),
            base_url,
            drafts: cli.drafts,
            watch: cli.watch,
        })
    }

    /// A configuration for tests: the repository's content and the given database.
    pub fn for_test(db: PathBuf) -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            db,
            content: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content"),
            base_url: "http://localhost:8080".to_owned(),
            drafts: false,
            watch: false,
        }
    }

    /// How the content folder is to be loaded.
    pub fn load_options(&self) -> crate::content::LoadOptions {
        crate::content::LoadOptions {
            drafts: self.drafts,
        }
    }
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
    fn base_url_loses_trailing_slash_and_needs_a_scheme() {
        assert_eq!(
            parse_base_url("https://example.org/").as_deref(),
            Ok("https://example.org")
        );
        assert!(parse_base_url("example.org").is_err());
        assert!(parse_base_url("https://").is_err());
    }
}
