//! The `backcare` binary: parse flags, check content, open the database, serve.

use std::process::ExitCode;

use actix_web::HttpServer;
use clap::Parser;

use backcare::config::{Cli, Command, Config};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();

    let config = match Config::from_cli(&cli) {
        Ok(config) => config,
        Err(message) => return fail(&message),
    };

    match cli.command.unwrap_or(Command::Serve) {
        Command::Check => check(&config),
        Command::Serve => serve(config),
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn fail(message: &str) -> ExitCode {
    eprintln!("backcare: error: {message}");
    ExitCode::FAILURE
}

/// `backcare check`: load every content file, print every problem, exit.
fn check(config: &Config) -> ExitCode {
    match backcare::content::Content::load(&config.content) {
        Ok(_) => {
            println!("content in {} is fine", config.content.display());
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
    let state = match backcare::startup(config) {
        Ok(state) => state,
        Err(err) => return fail(&err.to_string()),
    };
    match actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || backcare::app(state.clone()))
            .shutdown_timeout(10)
            .bind(bind)
            .map_err(|err| format!("cannot listen on {bind}: {err}"))?;
        tracing::info!("serving Backcare on http://{bind}");
        server
            .run()
            .await
            .map_err(|err| format!("server stopped: {err}"))
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}
