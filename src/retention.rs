//! Retention (`--keep-days`, issue 18): saved routines their owner has not
//! opened or written for that many days are erased, with their logs, by a
//! task that runs soon after start and then once a day.
//!
//! Visits are recorded when a routine is read (see
//! `web::pages::saved::load`); the erasing itself is
//! [`crate::db::routines::erase_unvisited`], run here a batch at a time so
//! the one writer connection is handed back between batches and saves and
//! logs queue behind at most one batch.

use std::time::Duration;

use chrono::{NaiveDateTime, Utc};

use crate::db::{self, routines};
use crate::error::AppError;
use crate::web::AppState;

/// How long after start the first sweep runs: soon, but not in the way of
/// start-up (and often enough that a server restarted daily still sweeps).
pub const FIRST_SWEEP: Duration = Duration::from_secs(30);

/// Time between sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Erases every routine whose last visit is more than `--keep-days` days
/// before `now` (tests pass a clock of their own), in batches of
/// [`routines::ERASE_BATCH`], and answers how many it erased. Pages kept in
/// memory for an erased routine are never served again. With
/// `--keep-days 0` it erases nothing.
pub async fn sweep(state: &AppState, now: NaiveDateTime) -> Result<u64, AppError> {
    let keep_days = state.config.storage.keep_days;
    if keep_days == 0 {
        return Ok(0);
    }
    let mut erased: u64 = 0;
    loop {
        let hashes = db::run(&state.writer, move |conn| {
            Ok(routines::erase_unvisited(
                conn,
                now,
                keep_days,
                routines::ERASE_BATCH,
            )?)
        })
        .await?;
        for hash in &hashes {
            state.pages.private_changed(hash);
        }
        let count = u64::try_from(hashes.len()).unwrap_or(u64::MAX);
        erased = erased.saturating_add(count);
        if count < u64::from(routines::ERASE_BATCH) {
            return Ok(erased);
        }
    }
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
