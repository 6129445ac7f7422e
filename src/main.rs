//! The `backcare` binary: parse flags, check content, open the database, serve.

use std::process::ExitCode;

use clap::Parser;

use backcare::config::{Cli, Command, Config};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Writes the last log lines when `main` returns.
    let _logs = init_logging();

    let config = match Config::from_cli(&cli) {
        Ok(config) => config,
        Err(message) => return fail(&message),
    };

    match cli.command.clone().unwrap_or(Command::Serve) {
        Command::Check => check(&config),
        Command::Serve => serve(config),
        Command::Backup { dest } => backup(&config, &dest),
    }
}

/// Logs go to stderr through a buffer written a few times a second (see
/// `backcare::logging`), coloured only when stderr is a terminal.
fn init_logging() -> backcare::logging::LogGuard {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    use tracing_subscriber::prelude::*;
    let (writer, guard) = backcare::logging::buffered(std::io::stderr());
    let lines = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::stderr().is_terminal())
        .with_timer(backcare::logging::UtcMillis)
        .with_writer(writer)
        .with_filter(filter)
        // Lines a client can cause at will: at most one a minute.
        .with_filter(backcare::logging::FloodGate::default());
    tracing_subscriber::registry().with(lines).init();
    guard
}

fn fail(message: &str) -> ExitCode {
    eprintln!("backcare: error: {message}");
    ExitCode::FAILURE
}

/// `backcare backup DEST`: a consistent copy of the SQLite database.
fn backup(config: &Config, dest: &std::path::Path) -> ExitCode {
    let backcare::config::Database::Sqlite(source) = &config.db else {
        return fail(
            "backup copies a SQLite --db; for PostgreSQL use pg_dump (see docs/deploy.md)",
        );
    };
    match backcare::db::backup::copy(source, dest) {
        Ok(report) => {
            let routines = match report.routines {
                1 => "1 saved routine".to_owned(),
                n => format!("{n} saved routines"),
            };
            println!(
                "backcare: copied {} to {} ({routines}, {} bytes)",
                source.display(),
                dest.display(),
                report.bytes
            );
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message),
    }
}

/// `backcare check`: load every content file, print every problem, exit.
/// When all is well, prints each guide's word count and readability grade,
/// and warns about guides past their review date.
fn check(config: &Config) -> ExitCode {
    match backcare::load_content(config) {
        Ok(content) => {
            let today = chrono::Utc::now().date_naive();
            let report = content.guides.report(today);
            for line in &report {
                let grade = line
                    .grade
                    .map_or_else(|| "-".to_owned(), |g| format!("{g:.1}"));
                let draft = if line.draft { "  (draft)" } else { "" };
                println!(
                    "{}: {} words, Flesch-Kincaid grade {grade}{draft}",
                    line.file, line.words
                );
            }
            for line in &report {
                if let Some(due) = line.review_overdue {
                    eprintln!(
                        "backcare: warning: {}: review was due on {due}; check it against current guidance and update `reviewed` and `next_review`",
                        line.file
                    );
                }
                if line
                    .grade
                    .is_some_and(|g| g > backcare::content::readability::TARGET_GRADE)
                {
                    eprintln!(
                        "backcare: warning: {}: reads above grade {}; shorter sentences and words will help",
                        line.file,
                        backcare::content::readability::TARGET_GRADE
                    );
                }
            }
            println!(
                "content in {} is fine ({} guide(s))",
                config.content.display(),
                report.len()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for problem in &errors.0 {
                eprintln!("{problem}");
            }
            eprintln!("backcare: error: {} problem(s) found", errors.0.len());
            ExitCode::FAILURE
        }
    }
}

fn serve(config: Config) -> ExitCode {
    let bind = config.bind;
    let watch = config.watch;
    let limits = config.limits;
    let state = match backcare::startup(config) {
        Ok(state) => state,
        Err(err) => return fail(&err.to_string()),
    };
    // Kept alive for as long as the server runs.
    let _watcher = if watch {
        match backcare::reload::watch(state.clone()) {
            Ok(watcher) => Some(watcher),
            Err(err) => return fail(&format!("cannot watch the content folder: {err}")),
        }
    } else {
        None
    };
    let storage = state.config.storage;
    let db = state.config.db.shown();
    if state.config.test_clock {
        tracing::warn!("--test-clock is on: requests may move their own date (for tests only)");
    }
    match actix_web::rt::System::new().block_on(async move {
        let sweeper = state.clone();
        let (server, _) =
            backcare::server::server(state, bind, backcare::server::default_workers())
                .map_err(|err| format!("cannot listen on {bind}: {err}"))?;
        // Runs with the server, stops with it.
        let _sweep = backcare::retention::start(sweeper);
        tracing::info!(
            post_rate = limits.post_rate,
            post_burst = limits.post_burst,
            max_connections = limits.max_connections,
            keep_days = storage.keep_days,
            max_saves_per_day = storage.max_saves_per_day,
            db = %db,
            "serving Backcare on http://{bind}"
        );
        server.await.map_err(|err| format!("server stopped: {err}"))
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}
