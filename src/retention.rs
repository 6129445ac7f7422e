//! Retention (`--keep-days`, issue 18): saved routines their owner has not
//! opened or written for that many days are erased, with their logs, by a
//! task that runs soon after start and then once a day.
//!
//! Visits are recorded when a routine is read (see
//! `web::pages::saved::load`); the erasing itself is
//! [`crate::db::Store::erase_unvisited`], a batch of
//! [`crate::db::ERASE_BATCH`] to a transaction, so saves and logs queue
//! behind at most one batch. With several instances on one PostgreSQL
//! database each starts the task; an advisory lock lets one sweep at a time
//! and the others skip that day's run (a sweep erases every expired
//! routine, so one a day is enough).

use std::time::Duration;

use chrono::{NaiveDateTime, Utc};

use crate::error::AppError;
use crate::web::AppState;

/// How long after start the first sweep runs: soon, but not in the way of
/// start-up (and often enough that a server restarted daily still sweeps).
pub const FIRST_SWEEP: Duration = Duration::from_secs(30);

/// Time between sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Erases every routine whose last visit is more than `--keep-days` days
/// before `now` (tests pass a clock of their own), in batches of
/// [`crate::db::ERASE_BATCH`], and answers how many it erased. Pages kept
/// in memory for an erased routine are never served again. With
/// `--keep-days 0` it erases nothing.
pub async fn sweep(state: &AppState, now: NaiveDateTime) -> Result<u64, AppError> {
    let keep_days = state.config.storage.keep_days;
    if keep_days == 0 {
        return Ok(0);
    }
    let pages = state.pages.clone();
    let swept = state
        .store
        .erase_unvisited(now, keep_days, move |hashes| {
            for hash in hashes {
                pages.private_changed(hash);
            }
        })
        .await?;
    Ok(swept.unwrap_or_else(|| {
        tracing::info!("retention sweep skipped: another instance is sweeping the shared database");
        0
    }))
}

/// Starts the daily sweep on the current actix system (call it from
/// inside one); it runs until the system stops. Nothing is started with
/// `--keep-days 0`.
pub fn start(state: AppState) -> Option<actix_web::rt::task::JoinHandle<()>> {
    let keep_days = state.config.storage.keep_days;
    if keep_days == 0 {
        tracing::info!("saved routines are kept until their owner erases them (--keep-days 0)");
        return None;
    }
    Some(actix_web::rt::spawn(async move {
        actix_web::rt::time::sleep(FIRST_SWEEP).await;
        loop {
            match sweep(&state, Utc::now().naive_utc()).await {
                Ok(erased) => tracing::info!(
                    erased,
                    keep_days,
                    "retention sweep: erased {erased} saved routine(s) not visited for more than {keep_days} days"
                ),
                Err(err) => tracing::error!(
                    error = %err,
                    "retention sweep failed; it runs again in a day"
                ),
            }
            actix_web::rt::time::sleep(SWEEP_EVERY).await;
        }
    }))
}
