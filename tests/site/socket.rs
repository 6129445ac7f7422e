//! Limits that only show over a real connection: the server `main` runs
//! (`backcare::server::server`), driven with raw HTTP/1.1 over TCP so that
//! oversized heads, slow senders, idle and surplus connections can be sent.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use backcare::Config;

use crate::common::{TestSite, VALID_ANSWERS, stored_rows};

/// A site served on a free port of 127.0.0.1 by one worker thread.
struct Live {
    site: TestSite,
    addr: SocketAddr,
    handle: actix_web::dev::ServerHandle,
}

impl Live {
    fn start(adjust: impl FnOnce(&mut Config)) -> Live {
        let site = TestSite::with_config(adjust);
        let state = site.state.clone();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let (server, addr) =
                    backcare::server::server(state, "127.0.0.1:0".parse().unwrap(), 1).unwrap();
                tx.send((addr, server.handle())).unwrap();
                let _ = server.await;
            });
        });
        let (addr, handle) = rx.recv_timeout(Duration::from_secs(30)).unwrap();
        Live { site, addr, handle }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// Sends `request` on a new connection and reads until the server
    /// closes it. Writing may fail when the server answers early and closes.
    fn exchange(&self, request: &[u8]) -> Reply {
        let mut stream = self.connect();
        let _ = stream.write_all(request);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Reply::parse(&raw)
    }

    fn get(&self, target: &str) -> Reply {
        self.exchange(
            format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    fn post(&self, target: &str, body: &str) -> Reply {
        self.exchange(
            format!(
                "POST {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        let _ = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(handle.stop(false));
        })
        .join();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_owned(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            line.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(':'))
                .map(str::trim)
        })
    }

    #[track_caller]
    fn assert_layout_page(&self, status: u16, needle: &str) {
        assert_eq!(self.status, status, "{}", self.head);
        assert!(self.body.contains("<main id=\"main\""), "not in the layout");
        assert!(self.body.contains(needle), "{needle:?} missing");
    }
}

#[test]
fn addresses_over_8_kib_get_the_414_page_and_huge_heads_never_a_500() {
    let live = Live::start(|_| {});
    let long = format!("/search?q={}", "a".repeat(10 * 1024));
    live.get(&long)
        .assert_layout_page(414, "That address is too long");
    // Past actix's own 128 KiB limit on a request head the connection
    // answers 431 itself, before any page code; never a 500.
    let huge = format!("/search?q={}", "a".repeat(200 * 1024));
    let reply = live.get(&huge);
    assert_eq!(reply.status, 431, "{}", reply.head);
    assert_eq!(live.get("/healthz").status, 200);
}

#[test]
fn oversized_or_too_many_headers_are_refused_without_a_500() {
    let live = Live::start(|_| {});
    let big = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Pad: {}\r\n\r\n",
        "p".repeat(20 * 1024)
    );
    live.exchange(big.as_bytes())
        .assert_layout_page(431, "That request was too large");
    let mut many = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".to_owned();
    for i in 0..120 {
        many.push_str(&format!("X-H{i}: v\r\n"));
    }
    many.push_str("\r\n");
    let reply = live.exchange(many.as_bytes());
    assert_eq!(reply.status, 431, "{}", reply.head);
    // Garbage instead of HTTP is a 400, not a crash.
    let reply = live.exchange(b"\x00\x01\x02 NOT HTTP\r\n\r\n");
    assert_eq!(reply.status, 400, "{}", reply.head);
    assert_eq!(live.get("/healthz").status, 200);
}

#[test]
fn a_chunked_body_over_16_kib_gets_the_413_page_and_stores_nothing() {
    let live = Live::start(|_| {});
    let body = format!("{VALID_ANSWERS}&pad={}", "x".repeat(20 * 1024));
    let mut request = "POST /routine/save HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
                       Content-Type: application/x-www-form-urlencoded\r\n\
                       Transfer-Encoding: chunked\r\n\r\n"
        .to_owned();
    for chunk in body.as_bytes().chunks(1000) {
        request.push_str(&format!(
            "{:x}\r\n{}\r\n",
            chunk.len(),
            String::from_utf8_lossy(chunk)
        ));
    }
    request.push_str("0\r\n\r\n");
    live.exchange(request.as_bytes())
        .assert_layout_page(413, "That was too much to send");
    let declared = format!(
        "POST /routine/save HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n\r\n{VALID_ANSWERS}"
    );
    live.exchange(declared.as_bytes())
        .assert_layout_page(413, "That was too much to send");
    assert_eq!(stored_rows(&live.site), (0, 0));
}

#[test]
fn a_slow_request_head_is_cut_off_after_the_client_timeout() {
    let live = Live::start(|c| c.limits.client_timeout = Duration::from_secs(1));
    let mut stream = live.connect();
    let started = Instant::now();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let waited = started.elapsed();
    let reply = Reply::parse(&raw);
    assert_eq!(reply.status, 408, "{reply:?}");
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "closed after {waited:?}"
    );
}

#[test]
fn an_idle_keep_alive_connection_is_closed() {
    let live = Live::start(|c| c.limits.keep_alive = Duration::from_secs(1));
    let mut stream = live.connect();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = stream.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let started = Instant::now();
    let rest = stream.read(&mut buf).unwrap_or(0);
    assert_eq!(rest, 0, "the idle connection stays open");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn connections_over_the_cap_wait_for_a_free_one() {
    let live = Live::start(|c| {
        c.limits.max_connections = 2;
        c.limits.keep_alive = Duration::from_secs(30);
    });
    let request = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = live.connect();
        stream.write_all(request).unwrap();
        let mut buf = [0u8; 1024];
        assert!(stream.read(&mut buf).unwrap() > 0);
        held.push(stream);
    }
    let mut third = live.connect();
    third
        .set_read_timeout(Some(Duration::from_millis(800)))
        .unwrap();
    third.write_all(request).unwrap();
    let mut buf = [0u8; 1024];
    assert!(
        third.read(&mut buf).is_err(),
        "a third connection was served while two were open"
    );
    drop(held.pop());
    third
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let n = third.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
}

#[test]
fn the_post_limit_counts_the_real_peer_address_with_default_settings() {
    let live = Live::start(|c| c.limits = backcare::config::Limits::DEFAULT);
    // The default burst is 20: twenty refused-but-read forms pass, then
    // the limit answers (one more passes for each second the posts took).
    let started = Instant::now();
    let mut passed = 0;
    let reply = loop {
        let reply = live.post("/routine/save", "pain=nonsense");
        if reply.status != 400 {
            break reply;
        }
        passed += 1;
        assert!(passed < 200, "the limit never answered");
    };
    let allowed = 20 + started.elapsed().as_secs() + 1;
    assert!(
        (20..=allowed).contains(&passed),
        "{passed} passed, {allowed} allowed"
    );
    reply.assert_layout_page(429, "Please slow down");
    let wait: u64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    // A valid form is refused too, and nothing is stored.
    let reply = live.post("/routine/save", VALID_ANSWERS);
    assert_eq!(reply.status, 429);
    assert_eq!(stored_rows(&live.site), (0, 0));
    // Reading is never limited.
    for _ in 0..50 {
        assert_eq!(live.get("/guides").status, 200);
    }
}

/// A form post whose body never arrives in full gets the 408 page within
/// `--body-timeout`, and the connection is closed; nothing is stored. A
/// slow but steady upload within the time is read as usual.
#[test]
fn a_body_sent_too_slowly_is_cut_off_and_a_steady_one_is_read() {
    let live = Live::start(|c| {
        c.limits.body_timeout = Duration::from_secs(1);
        c.limits.post_rate = 0;
    });
    let mut stream = live.connect();
    let started = Instant::now();
    stream
        .write_all(
            b"POST /routine/save HTTP/1.1\r\nHost: localhost\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 16000\r\n\r\nred",
        )
        .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let waited = started.elapsed();
    let reply = Reply::parse(&raw);
    assert_eq!(reply.status, 408, "{reply:?}");
    assert!(
        reply.body.contains("That took too long to arrive"),
        "{}",
        reply.body
    );
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "closed after {waited:?}"
    );
    assert_eq!(stored_rows(&live.site), (0, 0));

    // The same form sent in four pieces over about half a second is saved.
    let body = VALID_ANSWERS.as_bytes();
    let mut stream = live.connect();
    stream
        .write_all(
            format!(
                "POST /routine/save HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .as_bytes(),
        )
        .unwrap();
    for piece in body.chunks(body.len().div_ceil(4)) {
        std::thread::sleep(Duration::from_millis(150));
        stream.write_all(piece).unwrap();
    }
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let reply = Reply::parse(&raw);
    assert_eq!(reply.status, 303, "{reply:?}");
    assert_eq!(stored_rows(&live.site).0, 1);
}
