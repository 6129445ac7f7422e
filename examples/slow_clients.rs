//! Slow clients for the soak test (`scripts/soak.sh`): connections that
//! send part of a request head, or a whole head and a trickle of body, and
//! then wait, reconnecting whenever the server closes them. Spread over
//! several loopback addresses, as an attacker with many addresses would.
//!
//! ```sh
//! cargo run --release --example slow_clients -- 127.0.0.1:8080 100 100 60
//! ```
//!
//! Arguments: the server's address, how many slow heads, how many slow
//! bodies, and for how many seconds. Prints one line at the end:
//! `SLOW opened=… closed_by_server=… answered_408=…`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Loopback addresses the connections come from (127.0.0.2 to .11).
const ADDRESSES: u8 = 10;

#[derive(Default)]
struct Counts {
    opened: AtomicU64,
    closed_by_server: AtomicU64,
    answered_408: AtomicU64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: slow_clients ADDR HEADS BODIES SECONDS";
    let (Some(addr), Some(heads), Some(bodies), Some(seconds)) = (
        args.first().and_then(|a| a.parse::<SocketAddr>().ok()),
        args.get(1).and_then(|a| a.parse::<u32>().ok()),
        args.get(2).and_then(|a| a.parse::<u32>().ok()),
        args.get(3).and_then(|a| a.parse::<u64>().ok()),
    ) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let until = Instant::now() + Duration::from_secs(seconds);
    let counts = Arc::new(Counts::default());
    let workers: Vec<_> = (0..heads + bodies)
        .map(|i| {
            let counts = Arc::clone(&counts);
            let from = [
                127,
                0,
                0,
                2 + u8::try_from(i % u32::from(ADDRESSES)).unwrap_or(0),
            ];
            let body = i >= heads;
            std::thread::spawn(move || hold(addr, from, body, until, &counts))
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    println!(
        "SLOW opened={} closed_by_server={} answered_408={}",
        counts.opened.load(Ordering::Relaxed),
        counts.closed_by_server.load(Ordering::Relaxed),
        counts.answered_408.load(Ordering::Relaxed),
    );
}

/// Keeps one slow connection open from `from` until `until`, opening a new
/// one each time the server closes it.
fn hold(addr: SocketAddr, from: [u8; 4], body: bool, until: Instant, counts: &Counts) {
    while Instant::now() < until {
        let Ok(mut stream) = connect(addr, from) else {
            std::thread::sleep(Duration::from_millis(200));
            continue;
        };
        counts.opened.fetch_add(1, Ordering::Relaxed);
        let start: &[u8] = if body {
            b"POST /routine/save HTTP/1.1\r\nHost: localhost\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 8000\r\n\r\nred"
        } else {
            b"GET /guides HTTP/1.1\r\nHost: loc"
        };
        if stream.write_all(start).is_err() {
            continue;
        }
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        // One more byte a second, until the server closes the connection.
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        while Instant::now() < until {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => raw.extend_from_slice(&buf[..n]),
                Err(err)
                    if matches!(
                        err.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    if stream.write_all(b"a").is_err() {
                        break;
                    }
                    continue;
                }
                Err(_) => break,
            }
        }
        if Instant::now() < until {
            counts.closed_by_server.fetch_add(1, Ordering::Relaxed);
            if raw.starts_with(b"HTTP/1.1 408") {
                counts.answered_408.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

fn connect(addr: SocketAddr, from: [u8; 4]) -> std::io::Result<TcpStream> {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    socket.bind(&SocketAddr::from((from, 0)).into())?;
    socket.connect(&addr.into())?;
    Ok(TcpStream::from(socket))
}
