//! The HTTP server around [`crate::app`]: connection limits and timeouts
//! from [`crate::config::Limits`]. `main` serves through it, and the socket
//! tests start the same server, so what they check is what runs.

use std::net::SocketAddr;

use actix_web::HttpServer;
use actix_web::dev::Server;
use actix_web::http::KeepAlive;

use crate::AppState;

/// Worker threads when none are asked for: one per CPU.
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
