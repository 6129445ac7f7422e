//! The HTTP server around [`crate::app`]: connection limits and timeouts
//! from [`crate::config::Limits`]. `main` serves through it, and the socket
//! tests start the same server, so what they check is what runs.

use std::any::Any;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::HttpServer;
use actix_web::dev::{Extensions, Server};
use actix_web::http::KeepAlive;
use actix_web::rt::net::TcpStream;

use crate::AppState;
use crate::web::middleware::limits::client_key;

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
    // Behind a trusted proxy every connection comes from the proxy, so a
    // cap per address would cap the whole site; the proxy limits instead.
    let per_address = (limits.max_connections_per_ip > 0 && !limits.trust_forwarded)
        .then(|| PerAddress::new(limits.max_connections_per_ip));
    let server = HttpServer::new(move || crate::app(state.clone()))
        .on_connect(move |io, extensions| {
            if let Some(per_address) = &per_address {
                per_address.admit(io, extensions);
            }
        })
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

/// Open connections per client address (IPv6 by its /64), shared by every
/// worker: one address holding many connections open (slow heads, slow
/// bodies, idle keep-alives) cannot take the connections everyone else
/// needs. Each connection holds a [`Seat`] in its connection data, which
/// actix drops when the connection ends. Over the cap, a connection is
/// sent a short 503 and its sending side is closed; its request, once
/// read, is refused before any handler ([`Seat::refused`]), so a person
/// behind a busy shared address (an office, a mobile network) reads why.
/// Past a quarter more than the cap, connections are shut at once, both
/// ways, before anything is read, so one address can never hold more.
#[derive(Clone)]
struct PerAddress {
    cap: usize,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl PerAddress {
    fn new(cap: usize) -> PerAddress {
        PerAddress {
            cap,
            open: Arc::default(),
        }
    }

    /// Called by actix for each new connection, before it is read.
    fn admit(&self, io: &dyn Any, extensions: &mut Extensions) {
        let Some(stream) = io.downcast_ref::<TcpStream>() else {
            return;
        };
        let Ok(peer) = stream.peer_addr() else {
            return;
        };
        match self.take_seat(client_key(peer.ip())) {
            Some(seat) if !seat.refused => {
                extensions.insert(seat);
            }
            Some(seat) => {
                tracing::debug!("connection refused: over the per-address cap");
                // Straight to the socket (tokio's `try_write` waits for a
                // readiness event a new stream has not had yet); a new
                // socket's send buffer always has room for this.
                let socket = socket2::SockRef::from(stream);
                let _ = socket.send(OVER_CAP);
                let _ = socket.shutdown(std::net::Shutdown::Write);
                extensions.insert(seat);
            }
            None => {
                tracing::debug!("connection shut: far over the per-address cap");
                // The dispatcher reads end-of-stream and drops it.
                let _ = socket2::SockRef::from(stream).shutdown(std::net::Shutdown::Both);
            }
        }
    }

    /// A seat for one more connection from `key`: a refused one over the
    /// cap, none at all past a quarter more.
    fn take_seat(&self, key: IpAddr) -> Option<Seat> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(key).or_insert(0);
        if *count >= self.cap + self.cap.div_ceil(4) {
            return None;
        }
        let refused = *count >= self.cap;
        *count += 1;
        Some(Seat {
            key,
            refused,
            open: Arc::clone(&self.open),
        })
    }
}

/// What a connection over the cap is sent as it is accepted, before its
/// request is read (so no page in the layout: there is no request yet).
const OVER_CAP: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Retry-After: 5\r\n\
Cache-Control: no-store\r\n\
Connection: close\r\n\
Content-Length: 94\r\n\r\n\
Too many connections are open from your network right now. Please try again in a few seconds.\n";

/// One open connection; gives its place back when dropped.
pub(crate) struct Seat {
    key: IpAddr,
    refused: bool,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Seat {
    /// Over the cap: its requests are refused before any handler runs.
    pub(crate) fn refused(&self) -> bool {
        self.refused
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.key) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                // Forget the address, so the table holds only open ones.
                open.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_over_cap_answer_declares_its_own_length() {
        let text = std::str::from_utf8(OVER_CAP).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("Content-Length: {}", body.len())));
    }

    #[test]
    fn an_address_gets_its_cap_of_seats_and_each_comes_back_when_dropped() {
        let cap = PerAddress::new(2);
        let a: IpAddr = [192, 0, 2, 1].into();
        let b: IpAddr = [192, 0, 2, 2].into();
        let first = cap.take_seat(a).expect("first seat");
        let second = cap.take_seat(a).expect("second seat");
        assert!(!first.refused() && !second.refused());
        let over = cap.take_seat(a).expect("a third is told why");
        assert!(over.refused(), "a third is over the cap");
        assert!(cap.take_seat(a).is_none(), "a fourth is shut at once");
        assert!(
            cap.take_seat(b).is_some_and(|s| !s.refused()),
            "another address has its own"
        );
        drop((first, over));
        let third = cap.take_seat(a).expect("a seat came back");
        assert!(!third.refused());
        drop((second, third));
        assert!(
            cap.open.lock().unwrap().is_empty(),
            "closed addresses are forgotten"
        );
    }
}
