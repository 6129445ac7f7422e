#!/usr/bin/env bash
# Soak test (not part of `cargo test`): the release binary on 127.0.0.1
# under 64 connections of mixed reads and progress-log writes.
#
#   scripts/soak.sh            # 20 s warm-up, then 120 s measured
#   SOAK_SECONDS=30 scripts/soak.sh
#
# Passes (exit 0) when the measured run has 0 5xx answers, 0 connection
# errors (connect, read, write, timeout) and the server's resident memory
# at the end is within 10% of what it was after the warm-up. Needs wrk
# (`apt-get install -y wrk`) and curl. The post rate limit is turned off:
# all the load comes from one address.
#
# Slow clients are mixed in from start to end (`examples/slow_clients.rs`):
# SOAK_SLOW_HEADS connections that send part of a head and SOAK_SLOW_BODIES
# that send a head and a trickle of body (100 each by default; 0 for none),
# from ten other loopback addresses, reconnecting each time the server cuts
# them off. They must be cut off (408) and must not cost wrk any
# connection errors.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_MEASURED="${SOAK_SECONDS:-120}"
WARMUP="${SOAK_WARMUP:-20}"
CONNECTIONS="${SOAK_CONNECTIONS:-64}"
THREADS="${SOAK_THREADS:-2}"
PORT="${SOAK_PORT:-18089}"
BIN="${BACKCARE_BIN:-target/release/backcare}"
SLOW_HEADS="${SOAK_SLOW_HEADS:-100}"
SLOW_BODIES="${SOAK_SLOW_BODIES:-100}"

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "soak: $tool is needed (apt-get install -y $tool)" >&2; exit 2; }
done
if [[ -z "${BACKCARE_BIN:-}" ]]; then
  cargo build --release --quiet --bin backcare
fi
cargo build --release --quiet --example slow_clients
SLOW_BIN="target/release/examples/slow_clients"

work="$(mktemp -d)"
server_pid=""
slow_pid=""
cleanup() {
  if [[ -n "$slow_pid" ]]; then kill "$slow_pid" 2>/dev/null || true; wait "$slow_pid" 2>/dev/null || true; fi
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

base="http://127.0.0.1:$PORT"
RUST_LOG=warn "$BIN" --bind "127.0.0.1:$PORT" --db "$work/soak.db" --content content \
  --base-url "$base" --post-rate 0 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$base/healthz" >/dev/null

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"; }

# What to request: every page in the sitemap, searches, plans, static
# files, and 32 saved routines (their pages and their log forms).
answers='red_flag=none&age=20-49&pain=4&duration=acute&worse=sitting&cause=strain&activity=light&days=3&minutes=20&equipment=wall&cleared=no'
data="$work/paths.txt"
curl -fsS "$base/sitemap.xml" | grep -o '<loc>[^<]*</loc>' | sed -e 's#<loc>[^/]*//[^/]*##' -e 's#</loc>##' -e 's#^#GET #' > "$data"
for q in back walking 'sitting+pain' 'core+strength' 'NEAR(x)' 'pillow'; do echo "GET /search?q=$q" >> "$data"; done
echo "GET /routine/plan?$answers" >> "$data"
echo "GET /static/app.css" >> "$data"
echo "GET /healthz" >> "$data"
for _ in $(seq 1 32); do
  location="$(curl -sS -o /dev/null -w '%{redirect_url}' -X POST \
    -H 'Content-Type: application/x-www-form-urlencoded' --data "$answers" "$base/routine/save")"
  path="/${location#*//*/}"
  echo "LOG $path" >> "$data"
  echo "GET $path" >> "$data"
done
echo "soak: $(grep -c '^GET' "$data") read paths, $(grep -c '^LOG' "$data") routines to log to"

export SOAK_DATA="$data"
if (( SLOW_HEADS + SLOW_BODIES > 0 )); then
  echo "soak: $SLOW_HEADS slow heads and $SLOW_BODIES slow bodies from 10 other addresses, throughout"
  "$SLOW_BIN" "127.0.0.1:$PORT" "$SLOW_HEADS" "$SLOW_BODIES" $(( WARMUP + SECONDS_MEASURED )) > "$work/slow.txt" &
  slow_pid=$!
fi
echo "soak: warm-up ${WARMUP}s at $CONNECTIONS connections"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s scripts/soak.lua "$base" > "$work/warmup.txt"
rss_warm="$(rss_kib)"
echo "soak: RSS after warm-up ${rss_warm} KiB"

echo "soak: measured run ${SECONDS_MEASURED}s at $CONNECTIONS connections"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_MEASURED}s" --timeout 10s --latency -s scripts/soak.lua "$base" | tee "$work/run.txt"
rss_end="$(rss_kib)"
health="$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")"
rows="$(grep -c . "$work/server.log" || true)"
slow_line=""
if [[ -n "$slow_pid" ]]; then
  wait "$slow_pid" || true
  slow_pid=""
  slow_line="$(grep '^SLOW ' "$work/slow.txt" || true)"
  echo "soak: slow clients: ${slow_line#SLOW }"
fi

line="$(grep '^SOAK ' "$work/run.txt")"
get() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$line"; }
fives="$(get 5xx)"
conn_errors=$(( $(get connect_errors) + $(get read_errors) + $(get write_errors) + $(get timeouts) ))
drift="$(awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')"
rps="$(awk -v r="$(get requests)" -v s="$SECONDS_MEASURED" 'BEGIN { printf "%.0f", r / s }')"

echo
echo "soak result: requests=$(get requests) (${rps}/s) posts=$(get posts) 5xx=$fives connection_errors=$conn_errors" \
  "rss_warm=${rss_warm}KiB rss_end=${rss_end}KiB drift=${drift}% p50=$(get p50_ms)ms p99=$(get p99_ms)ms healthz=$health server_log_lines=$rows"

fail=0
[[ "$fives" == 0 ]] || { echo "soak: FAIL: $fives 5xx answers"; fail=1; }
[[ "$conn_errors" == 0 ]] || { echo "soak: FAIL: $conn_errors connection errors"; fail=1; }
awk -v d="$drift" 'BEGIN { exit !(d <= 10 && d >= -10) }' || { echo "soak: FAIL: RSS drift ${drift}% (limit 10%)"; fail=1; }
[[ "$health" == 200 ]] || { echo "soak: FAIL: /healthz answered $health"; fail=1; }
if [[ -n "$slow_line" ]]; then
  cut="$(sed -n 's/.*answered_408=\([0-9]*\).*/\1/p' <<<"$slow_line")"
  [[ "${cut:-0}" -gt 0 ]] || { echo "soak: FAIL: no slow client was cut off"; fail=1; }
fi
if [[ "$fail" == 0 ]]; then echo "soak: PASS"; fi
exit "$fail"
