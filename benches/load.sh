#!/usr/bin/env bash
# Load test: Backcare (release build, 500 extra synthetic guides, fresh DB)
# against nginx serving a snapshot of the very same responses. Prints one
# table and writes JSON under target/bench/. See README, "Performance".
#
# Settings (environment): DURATION (s per run, 10), ROUNDS (ours/nginx pairs
# per target, 3), THREADS (2), CONNS (64), GUIDES (500), PORT (18080),
# NGINX_PORT (18081), ENCODING (the Accept-Encoding both servers are asked
# with, "gzip, deflate, br, zstd" like a current browser), ONLY (space-separated target
# names to run, default all), BIN (a binary to test instead of building one),
# CONTENT (the content folder the corpus is made from, default ./content;
# comparing two binaries whose catalogs differ needs one of each).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/benches/load
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
GUIDES=${GUIDES:-500}
PORT=${PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
ENCODING=${ENCODING:-gzip, deflate, br, zstd}
ONLY=${ONLY:-}
OUT=$ROOT/target/bench
WORK=$(mktemp -d -t backcare-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers (www-data) read the snapshots
SERVER_PID=
NGINX_STARTED=

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "$NGINX_STARTED" ] && [ -f "$WORK/nginx.pid" ]; then
    kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  fi
  sleep 0.2
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
}
trap cleanup EXIT

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

# --- tools -------------------------------------------------------------
missing=()
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- build and corpus --------------------------------------------------
if [ -z "${BIN:-}" ]; then
  say "building the release binary"
  (cd "$ROOT" && cargo build --release --quiet)
  BIN=$ROOT/target/release/backcare
fi
CONTENT=${CONTENT:-$ROOT/content}
python3 "$HERE/gen_corpus.py" "$CONTENT" "$WORK/content" "$GUIDES" >&2

# --- our server --------------------------------------------------------
say "starting Backcare on 127.0.0.1:$PORT"
LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# Once the per-IP POST rate limit exists, it must not throttle the mixed run.
export BACKCARE_POST_RATE=0
export RUST_LOG=${RUST_LOG:-info}
read -r SERVER_PID FIRST_200_MS < <(python3 "$HERE/start.py" 127.0.0.1 "$PORT" "$WORK/server.log" -- \
  "$BIN" --bind "127.0.0.1:$PORT" --db "$WORK/db/bench.db" \
  --content "$WORK/content" --base-url "http://127.0.0.1:$PORT" serve)
say "first 200 after $FIRST_200_MS ms (pid $SERVER_PID)"
OURS=http://127.0.0.1:$PORT
NGINX=http://127.0.0.1:$NGINX_PORT

ANSWERS="age=20-49&pain=4&duration=subacute&worse=sitting&worse=bending_forward&cause=posture&activity=light&days=3&minutes=20&equipment=mat&equipment=towel&cleared=no"
SAVE_ANSWERS="age=20-49&pain=3&duration=chronic&worse=sitting&cause=posture&activity=light&days=7&minutes=20&equipment=mat&cleared=no"

# Saved routines: one to read, and 64 for the mixed run.
save_routine() {
  curl -sf -o /dev/null -w '%{redirect_url}' -X POST \
    -H 'Content-Type: application/x-www-form-urlencoded' \
    --data "red_flag=none&$SAVE_ANSWERS" "$OURS/routine/save" | sed 's|.*/r/||'
}
READ_TOKEN=$(save_routine)
for session in 1 2 3 4 5; do
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
    --data "week=1&session=$session&done=yes&pain=$((6 - session))&note=felt+fine" \
    "$OURS/r/$READ_TOKEN/log"
done
: >"$WORK/tokens"
for _ in $(seq 1 64); do save_routine >>"$WORK/tokens"; echo >>"$WORK/tokens"; done

# name|path on our server
TARGETS=(
  "guide|/guides/exercising-with-lower-back-pain"
  "guides|/guides"
  "plan|/routine/plan?red_flag=none&$ANSWERS"
  "red-flag|/routine/plan?red_flag=saddle_numbness&$ANSWERS"
  "compare|/supports/compare?item=firm-lumbar-roll&item=contoured-back-cushion&item=mesh-chair-back-support"
  "search|/search?q=stretch"
  "css|$(curl -sf "$OURS/" | grep -o '/static/app.css?v=[0-9a-f]*' | head -n1)"
  "routine|/r/$READ_TOKEN"
)

# --- snapshots and nginx -----------------------------------------------
say "snapshotting responses for nginx"
mkdir -p "$WORK/snap" "$WORK/nginx-tmp"
for entry in "${TARGETS[@]}"; do
  name=${entry%%|*}
  path=${entry#*|}
  status=$(curl -s -o "$WORK/snap/$name.body" -D "$WORK/snap/$name.headers" \
    -H "Accept-Encoding: $ENCODING" -w '%{http_code}' "$OURS$path")
  if [ "$status" != 200 ]; then
    echo "$name: $path answered $status, not 200" >&2
    exit 1
  fi
done
python3 "$HERE/nginx_conf.py" "$WORK" "$NGINX_PORT" "$WORK/snap" >"$WORK/nginx.conf"
nginx -t -q -c "$WORK/nginx.conf" -p "$WORK"
nginx -c "$WORK/nginx.conf" -p "$WORK"
NGINX_STARTED=1
for entry in "${TARGETS[@]}"; do
  name=${entry%%|*}
  if ! cmp -s <(curl -s "$NGINX/t/$name") "$WORK/snap/$name.body"; then
    echo "nginx does not serve the snapshot of $name" >&2
    exit 1
  fi
done

# --- runs ----------------------------------------------------------------
RUNS=$WORK/runs.jsonl
: >"$RUNS"
wanted() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }

# run NAME SERVER ROUND PATH URL SCRIPT [ENV...]
run() {
  local name=$1 server=$2 round=$3 path=$4 url=$5 script=$6
  shift 6
  local line cpu_before=0 cpu_after=0
  if [ "$server" = ours ]; then cpu_before=$(cpu_ticks); fi
  line=$(env BENCH_DIR="$HERE" BENCH_ENCODING="$ENCODING" BENCH_TOKENS="$WORK/tokens" "$@" \
    wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$script" \
    -H "Accept-Encoding: $ENCODING" "$url" | grep '^BENCHJSON ' | sed 's/^BENCHJSON //')
  local rss_kb=0
  if [ "$server" = ours ]; then
    cpu_after=$(cpu_ticks)
    rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
  fi
  python3 - "$name" "$server" "$round" "$path" "$line" "$rss_kb" "$((cpu_after - cpu_before))" "$(getconf CLK_TCK)" >>"$RUNS" <<'PY'
import json, sys
name, server, rnd, path, line, rss_kb, ticks, hz = sys.argv[1:9]
data = json.loads(line)
data.update(target=name, server=server, round=int(rnd), path=path, rss_kb_after=int(rss_kb))
if server == "ours" and data["requests"]:
    data["cpu_ms_per_request"] = int(ticks) * 1000 / int(hz) / data["requests"]
print(json.dumps(data))
PY
  python3 -c '
import json, sys
d = json.loads(sys.argv[1])
rate = d["requests"] / d["duration_us"] * 1e6
errors = d["status_errors"] + d["socket_errors"]
p99 = d["p99_us"] / 1000
rss = int(sys.argv[3]) / 1024
shown = f"  RSS {rss:.1f} MB" if rss else ""
ticks, hz = int(sys.argv[4]), int(sys.argv[5])
if sys.argv[2] == "ours" and d["requests"]:
    cpu = ticks * 1000 / hz / d["requests"]
    shown += f"  CPU {cpu:.3f} ms/request"
print(f"   {sys.argv[2]:>5}: {rate:>10,.0f} req/s  p99 {p99:.2f} ms  errors {errors}{shown}")
' "$line" "$server" "$rss_kb" "$((cpu_after - cpu_before))" "$(getconf CLK_TCK)" >&2
}

# The server's CPU time so far (user + system, in clock ticks): per request,
# it says what a page costs even when other work shares the machine and
# the req/s of a run move with it.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }

warm() { wrk -t"$THREADS" -c"$CONNS" -d1s -H "Accept-Encoding: $ENCODING" "$1" >/dev/null; }

for entry in "${TARGETS[@]}"; do
  name=${entry%%|*}
  path=${entry#*|}
  wanted "$name" || continue
  say "$name: $path"
  warm "$OURS$path"
  warm "$NGINX/t/$name"
  for round in $(seq 1 "$ROUNDS"); do
    run "$name" ours "$round" "$path" "$OURS$path" "$HERE/report.lua"
    run "$name" nginx "$round" "$path" "$NGINX/t/$name" "$HERE/report.lua"
  done
done

# Pages a cache cannot answer: a different plan / different words each time,
# against nginx serving the one typical plan / search page.
for kind in plan search; do
  name=$kind-varied
  wanted "$name" || continue
  say "$name: a different $kind on every request"
  for round in $(seq 1 "$ROUNDS"); do
    run "$name" ours "$round" "(varied)" "$OURS/" "$HERE/varied.lua" BENCH_KIND=$kind
    run "$name" nginx "$round" "(varied)" "$NGINX/t/$kind" "$HERE/report.lua"
  done
done

if wanted mixed; then
  say "mixed: GET /r/{token} and POST /r/{token}/log alternately, 64 routines"
  for round in $(seq 1 "$ROUNDS"); do
    run mixed ours "$round" "/r/{token} + /r/{token}/log" "$OURS/" "$HERE/mixed.lua"
  done
fi

# --- report ------------------------------------------------------------
PEAK_RSS_KB=$(awk '/^VmHWM/ {print $2}' "/proc/$SERVER_PID/status")
mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
python3 - "$WORK/meta.json" <<PY
import json, sys
meta = {
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "git": "$(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD || echo '+dirty')",
  "machine": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -sr)",
  "tools": "$(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2), $(nginx -v 2>&1 | cut -d' ' -f3)",
  "guides": $GUIDES + $(ls "$CONTENT/guides" | wc -l),
  "first_200_ms": $FIRST_200_MS,
  "peak_rss_mb": $PEAK_RSS_KB / 1024,
  "threads": $THREADS, "connections": $CONNS, "duration_s": $DURATION, "rounds": $ROUNDS,
  "accept_encoding": "$ENCODING",
  "loadavg_before": "$LOADAVG_BEFORE",
  "loadavg_after": "$(cut -d' ' -f1-3 /proc/loadavg)",
}
json.dump(meta, open(sys.argv[1], "w"))
PY
cp "$RUNS" "$OUT/load-$STAMP.runs.jsonl"
python3 "$HERE/report.py" "$RUNS" "$WORK/meta.json" "$OUT/load-$STAMP.json"
cp "$OUT/load-$STAMP.json" "$OUT/load-latest.json"
