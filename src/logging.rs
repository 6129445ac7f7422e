//! Log output for the binary: lines gathered in memory and written to stderr
//! by one thread.
//!
//! Writing every access-log line straight to stderr cost a `write` system
//! call per request, and the two workers queued for the stderr lock (a
//! `futex` sleep for one request in two): about half of the system calls of
//! serving a cached page. Here a line is copied into a shared buffer under
//! a short lock. The writer thread sleeps while the buffer is empty; the
//! line that makes it non-empty wakes it, and [`GATHER`] later it writes
//! everything that arrived meanwhile in one call. So a line is written
//! within about 10 ms, and under load there are at most about a hundred
//! wake-ups and writes a second instead of one per request (waking the
//! writer for every line cost more than the old direct writes). A crash
//! can lose the last few milliseconds of lines; [`LogGuard`] writes what is
//! left when the program ends normally.
//!
//! Why not `tracing_appender::non_blocking`: its worker is woken by a
//! channel for every line when the log is quiet and calls `write_all` once
//! per line (one system call each on unbuffered stderr), with a `Vec` per
//! line: the per-request costs this module was written to remove. It would
//! also add a crate (and `crossbeam-channel`) to save about 140 lines. This
//! module only carries lines; redacting private links happens before they
//! get here (`web::access`).

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

/// How long the writer waits, once woken, for more lines to gather.
pub const GATHER: std::time::Duration = std::time::Duration::from_millis(10);
/// Bytes kept at most if stderr cannot take them; later lines are dropped
/// (and counted) rather than growing without bound.
pub const LIMIT: usize = 16 * 1024 * 1024;

#[derive(Default)]
struct State {
    pending: Vec<u8>,
    dropped: u64,
    closing: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The `MakeWriter` given to `tracing_subscriber::fmt()`.
#[derive(Clone)]
pub struct BufferedStderr {
    shared: Arc<Shared>,
}

/// One event's writer: appends to the shared buffer.
pub struct LineWriter<'a> {
    shared: &'a Shared,
}

impl Write for LineWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut state = self.shared.lock();
        let was_empty = state.pending.is_empty();
        if state.pending.len() + buf.len() > LIMIT {
            state.dropped += 1;
        } else {
            state.pending.extend_from_slice(buf);
        }
        drop(state);
        if was_empty {
            self.shared.wake.notify_one();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for BufferedStderr {
    type Writer = LineWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        LineWriter {
            shared: &self.shared,
        }
    }
}

/// Keep it alive while the program runs; dropping it writes what is left.
pub struct LogGuard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        self.shared.lock().closing = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The writer and its guard; `out` is where lines go (stderr in the binary).
pub fn buffered(out: impl Write + Send + 'static) -> (BufferedStderr, LogGuard) {
    let shared = Arc::new(Shared::default());
    let worker = shared.clone();
    let thread = std::thread::Builder::new()
        .name("log-writer".to_owned())
        .spawn(move || write_loop(&worker, out))
        .ok();
    if thread.is_none() {
        // No thread: nothing would ever be written, so say so once.
        eprintln!("backcare: warning: cannot start the log writer thread; logs are lost");
    }
    (
        BufferedStderr {
            shared: shared.clone(),
        },
        LogGuard { shared, thread },
    )
}

fn write_loop(shared: &Shared, mut out: impl Write) {
    loop {
        let (batch, dropped, closing) = {
            let mut state = shared.lock();
            while !state.closing && state.pending.is_empty() && state.dropped == 0 {
                state = shared
                    .wake
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            if !state.closing {
                drop(state);
                std::thread::sleep(GATHER);
                state = shared.lock();
            }
            (
                std::mem::take(&mut state.pending),
                std::mem::take(&mut state.dropped),
                state.closing,
            )
        };
        if !batch.is_empty() {
            let _ = out.write_all(&batch);
        }
        if dropped > 0 {
            let _ = writeln!(
                out,
                "backcare: {dropped} log line(s) dropped: stderr could not keep up"
            );
        }
        let _ = out.flush();
        if closing {
            return;
        }
    }
}

/// Timestamps in UTC to the millisecond (`2026-11-25T17:40:01.123Z`). The
/// date and time of day are formatted once a second per thread and reused:
/// formatting the whole timestamp for every access-log line showed in the
/// profile of serving cached pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct UtcMillis;

impl FormatTime for UtcMillis {
    fn format_time(&self, w: &mut Writer<'_>) -> std::fmt::Result {
        use std::cell::RefCell;
        thread_local! {
            static SECOND: RefCell<(u64, String)> = const { RefCell::new((u64::MAX, String::new())) };
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let (secs, millis) = (now.as_secs(), now.subsec_millis());
        SECOND.with(|cell| {
            let mut cached = cell.borrow_mut();
            if cached.0 != secs {
                let time = i64::try_from(secs)
                    .ok()
                    .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
                    .unwrap_or_default();
                cached.1 = time.format("%Y-%m-%dT%H:%M:%S").to_string();
                cached.0 = secs;
            }
            write!(w, "{}.{millis:03}Z", cached.1)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// A `Write` the test can read back.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_arrive_whole_in_order_and_by_the_end() {
        let sink = Sink::default();
        let (writer, guard) = buffered(sink.clone());
        for n in 0..1000 {
            writer
                .make_writer()
                .write_all(format!("line {n}\n").as_bytes())
                .unwrap();
        }
        drop(guard);
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        let expected: String = (0..1000).map(|n| format!("line {n}\n")).collect();
        assert_eq!(text, expected);
    }

    #[test]
    fn timestamps_are_utc_to_the_millisecond() {
        let mut text = String::new();
        UtcMillis.format_time(&mut Writer::new(&mut text)).unwrap();
        UtcMillis.format_time(&mut Writer::new(&mut text)).unwrap();
        let first = &text[..24];
        let parsed = chrono::DateTime::parse_from_rfc3339(first).unwrap();
        let age = chrono::Utc::now().signed_duration_since(parsed);
        assert!(age.num_seconds().abs() < 5, "{first} is not now");
        assert!(first.ends_with('Z') && first.as_bytes()[19] == b'.');
        assert_eq!(text.len(), 48, "{text}");
    }

    #[test]
    fn a_line_is_written_at_once_when_all_is_quiet() {
        let sink = Sink::default();
        let (writer, _guard) = buffered(sink.clone());
        for line in [&b"first\n"[..], b"second\n"] {
            writer.make_writer().write_all(line).unwrap();
            let started = std::time::Instant::now();
            while !sink.0.lock().unwrap().ends_with(line) {
                assert!(started.elapsed() < Duration::from_secs(5), "never written");
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        assert_eq!(sink.0.lock().unwrap().as_slice(), b"first\nsecond\n");
    }
}

/// Malformed requests (a broken header line, garbage instead of HTTP) are
/// logged by actix-http at ERROR, one line each, which would let a client
/// fill the log. Its level cannot be lowered from here, so its lines are
/// let through at most once every [`FLOOD_SECONDS`]; the access log and
/// the 400 answer are unchanged.
pub const FLOOD_SECONDS: u64 = 60;

/// The log targets whose lines a client can cause at will.
const CLIENT_CAUSED: &str = "actix_http::h1";

/// One line per [`FLOOD_SECONDS`] from [`CLIENT_CAUSED`] targets.
#[derive(Debug, Default)]
pub struct FloodGate {
    /// Seconds since the Unix epoch (plus one) of the last line let
    /// through; 0 for none yet.
    last: std::sync::atomic::AtomicU64,
}

impl FloodGate {
    /// Should a line from `target` at `now` (seconds) be written?
    pub fn allow(&self, target: &str, now: u64) -> bool {
        use std::sync::atomic::Ordering;
        if !target.starts_with(CLIENT_CAUSED) {
            return true;
        }
        let last = self.last.load(Ordering::Relaxed);
        if last != 0 && now + 1 < last + FLOOD_SECONDS {
            return false;
        }
        // One thread wins a new minute; the others' lines are dropped.
        self.last
            .compare_exchange(last, now + 1, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    }
}

/// The log's writer asks the gate for each line, on the wall clock (never
/// once per call site, which would spend the minute's allowance before
/// the first line).
impl<S> tracing_subscriber::layer::Filter<S> for FloodGate {
    fn enabled(
        &self,
        _: &tracing::Metadata<'_>,
        _: &tracing_subscriber::layer::Context<'_, S>,
    ) -> bool {
        true
    }

    /// Once per line, as it is written (`enabled` may be asked more than
    /// once for one line, by the `log` bridge actix-http's lines come
    /// through).
    fn event_enabled(
        &self,
        event: &tracing::Event<'_>,
        _: &tracing_subscriber::layer::Context<'_, S>,
    ) -> bool {
        // Only the lines that would be written (warnings and errors): the
        // library's debug lines must not spend the allowance. The clock is
        // read only for those.
        let meta = event.metadata();
        if *meta.level() > tracing::Level::WARN || !meta.target().starts_with(CLIENT_CAUSED) {
            return true;
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.allow(meta.target(), now)
    }

    fn callsite_enabled(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }
}

#[cfg(test)]
mod flood_tests {
    use super::*;

    #[test]
    fn client_caused_lines_pass_once_a_minute_and_others_always() {
        let gate = FloodGate::default();
        let dispatcher = "actix_http::h1::dispatcher";
        let passed = (0..1_000)
            .filter(|i| gate.allow(dispatcher, 1_000 + i / 100))
            .count();
        assert_eq!(passed, 1, "a thousand malformed requests in ten seconds");
        assert!(gate.allow(dispatcher, 1_000 + FLOOD_SECONDS));
        assert!(!gate.allow(dispatcher, 1_000 + FLOOD_SECONDS + 1));
        assert!((0..1_000).all(|_| gate.allow("backcare::reload", 1_000)));
        assert!((0..1_000).all(|_| gate.allow("access", 1_000)));
    }
}
