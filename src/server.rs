//! The HTTP server around [`crate::app`]: connection limits and timeouts
//! from [`crate::config::Limits`]. `main` serves through it, and the socket
//! tests start the same server, so what they check is what runs.

use std::net::SocketAddr;

use actix_web::HttpServer;
use actix_web::dev::Server;
use actix_web::http::KeepAlive;

use crate::AppState;

/// Threads per worker for blocking work (database queries through
/// `db::run`): with 8 pooled read connections and one writer, 2 workers × 8
/// threads keep every connection busy. actix's default (512 shared) let a
/// burst of searches start dozens of threads that only waited for a
/// connection, each holding its own allocator arena.
pub const BLOCKING_THREADS_PER_WORKER: usize = 8;

/// Worker threads when none are asked for: one per CPU. Pages kept in
/// memory are answered in microseconds, so more workers than cores would
/// only add switching.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// A server for `state` listening on `bind` with `workers` threads, and the
/// address it got (port 0 picks a free one). Await (or spawn) the server to
/// run it; must be called inside an actix system.
pub fn server(
    state: AppState,
    bind: SocketAddr,
    workers: usize,
) -> std::io::Result<(Server, SocketAddr)> {
    let limits = state.config.limits;
    let workers = workers.max(1);
    let keep_alive = if limits.keep_alive.is_zero() {
        KeepAlive::Disabled
    } else {
        KeepAlive::Timeout(limits.keep_alive)
    };
    let server = HttpServer::new(move || crate::app(state.clone()))
        .workers(workers)
        .worker_max_blocking_threads(BLOCKING_THREADS_PER_WORKER)
        // actix counts connections per worker; the setting is the total.
        .max_connections(limits.max_connections.div_ceil(workers))
        // A request head must arrive in time (slow senders get 408)…
        .client_request_timeout(limits.client_timeout)
        // …and an idle connection is closed after the keep-alive time.
        .keep_alive(keep_alive)
        .shutdown_timeout(10)
        .bind(bind)?;
    let addr = server.addrs().first().copied().unwrap_or(bind);
    Ok((server.run(), addr))
}
