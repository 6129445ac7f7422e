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

    /// A connection from another loopback address (127.0.0.0/8 is all
    /// this machine), as a visitor from elsewhere would have.
    fn connect_from(&self, from: [u8; 4]) -> TcpStream {
        let socket =
            socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
        socket.bind(&SocketAddr::from((from, 0)).into()).unwrap();
        socket.connect(&self.addr.into()).unwrap();
        let stream = TcpStream::from(socket);
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// A GET of `target` from the loopback address `from`.
    fn get_from(&self, from: [u8; 4], target: &str) -> Reply {
        let mut stream = self.connect_from(from);
        let _ = stream.write_all(
            format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Reply::parse(&raw)
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

/// Whether the server has closed `stream` (answered or not) within `wait`:
/// what it sent, or `None` while the connection is still open.
fn closed_within(stream: &mut TcpStream, wait: Duration) -> Option<Vec<u8>> {
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw) {
        Ok(_) => Some(raw),
        Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => Some(raw),
        Err(_) => None,
    }
}

/// One address may hold `--max-connections-per-ip` connections; one more
/// is told so (503) and closed before anything is read, while other
/// addresses are served, and a place freed is the address's again.
#[test]
fn connections_over_the_per_address_cap_are_closed_and_other_addresses_served() {
    let live = Live::start(|c| {
        c.limits.max_connections_per_ip = 4;
        c.limits.keep_alive = Duration::from_secs(30);
    });
    let request = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut stream = live.connect_from([127, 0, 0, 1]);
        stream.write_all(request).unwrap();
        let mut buf = [0u8; 1024];
        let n = stream.read(&mut buf).unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
        held.push(stream);
    }
    let mut fifth = live.connect_from([127, 0, 0, 1]);
    let _ = fifth.write_all(request);
    let answer = closed_within(&mut fifth, Duration::from_secs(3))
        .expect("the fifth connection from one address was left open");
    let reply = Reply::parse(&answer);
    assert_eq!(
        reply.status, 503,
        "the fifth connection was served: {reply:?}"
    );
    assert!(
        reply
            .body
            .contains("Too many connections are open from your network")
    );
    assert_eq!(reply.header("retry-after"), Some("5"));
    assert_eq!(live.get_from([127, 0, 0, 2], "/healthz").status, 200);

    drop(held);
    let started = Instant::now();
    loop {
        let reply = live.get_from([127, 0, 0, 1], "/healthz");
        if reply.status == 200 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the address never got its places back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A form body that trickles in slower than `--min-body-rate` is cut off
/// soon after the first 2 seconds, long before `--body-timeout`.
#[test]
fn a_body_trickling_below_the_minimum_rate_is_cut_off_before_the_timeout() {
    let live = Live::start(|c| {
        c.limits.body_timeout = Duration::from_secs(10);
        c.limits.min_body_rate = 128;
        c.limits.post_rate = 0;
    });
    let mut stream = live.connect();
    let started = Instant::now();
    stream
        .write_all(
            b"POST /routine/save HTTP/1.1\r\nHost: localhost\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\n",
        )
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    // Ten bytes a second: far below 128.
    let trickle = std::thread::spawn(move || {
        for _ in 0..100 {
            if writer.write_all(b"a").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let answer = closed_within(&mut stream, Duration::from_secs(8))
        .expect("a trickling body was still being read after 8 seconds");
    let waited = started.elapsed();
    let reply = Reply::parse(&answer);
    assert_eq!(reply.status, 408, "{reply:?}");
    assert!(
        waited >= Duration::from_millis(1900) && waited < Duration::from_secs(6),
        "closed after {waited:?}"
    );
    assert_eq!(stored_rows(&live.site), (0, 0));
    drop(stream);
    let _ = trickle.join();
}

/// The outage the security probe found: hundreds of connections that send
/// a head and part of a body, or part of a head, and then nothing. Spread
/// over ten addresses (60 each, under the default cap of 64), they do not
/// stop the site answering others, and each is closed within its timeout.
#[test]
fn slow_bodies_and_slow_heads_from_many_addresses_leave_the_site_answering() {
    let live = Live::start(|c| {
        c.limits.client_timeout = Duration::from_secs(2);
        c.limits.body_timeout = Duration::from_secs(3);
        c.limits.post_rate = 0;
    });
    let mut held = Vec::new();
    for i in 0..600u32 {
        let from = [127, 0, 0, 2 + u8::try_from(i % 10).unwrap()];
        let mut stream = live.connect_from(from);
        let start: &[u8] = if i % 2 == 0 {
            b"POST /routine/save HTTP/1.1\r\nHost: localhost\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 8000\r\n\r\nred"
        } else {
            b"GET /guides HTTP/1.1\r\nHost: loc"
        };
        stream.write_all(start).unwrap();
        held.push(stream);
    }

    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    let mut answered = 0;
    while started.elapsed() < Duration::from_secs(4) {
        for path in ["/healthz", "/guides/core-stability-at-home"] {
            let asked = Instant::now();
            let reply = live.get_from([127, 0, 0, 1], path);
            assert_eq!(reply.status, 200, "{path} while held: {reply:?}");
            slowest = slowest.max(asked.elapsed());
            answered += 1;
        }
    }
    // An outage shows as seconds (the held connections' timeouts), not
    // as a slower millisecond; the bound is the issue's.
    assert!(
        slowest < Duration::from_secs(1),
        "the slowest of {answered} answers took {slowest:?}"
    );

    // Heads had 2 s, bodies 2 s at the minimum rate (3 s at most); all
    // were opened more than 4 s ago, so each is answered 408 and closed.
    for (i, stream) in held.iter_mut().enumerate() {
        let answer = closed_within(stream, Duration::from_secs(2))
            .unwrap_or_else(|| panic!("held connection {i} is still open"));
        let reply = Reply::parse(&answer);
        assert_eq!(reply.status, 408, "held connection {i}: {reply:?}");
    }
}
