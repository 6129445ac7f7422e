-- Mixed read/write run against saved routines: every connection alternates
-- GET /r/{token} and POST /r/{token}/log (a random session, done, pain and
-- a short note). Tokens are read from the file named by BENCH_TOKENS, one a
-- line. A write counts as acknowledged when it gets its 303; a read when it
-- gets 200; anything else is an error.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  math.randomseed(id * 7919)
  n = 0
  writes = 0
  reads = 0
  other = 0
  encoding = os.getenv("BENCH_ENCODING") or "gzip"
end

function request()
  n = n + 1
  local token = tokens[(n % #tokens) + 1]
  if n % 2 == 0 then
    local body = string.format("week=%d&session=%d&done=yes&pain=%d&note=bench+run+%d",
      math.random(1, 4), math.random(1, 7), math.random(0, 10), n)
    return wrk.format("POST", "/r/" .. token .. "/log", {
      ["Host"] = wrk.host .. ":" .. wrk.port,
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Accept-Encoding"] = encoding,
    }, body)
  end
  return wrk.format("GET", "/r/" .. token, {
    ["Host"] = wrk.host .. ":" .. wrk.port,
    ["Accept-Encoding"] = encoding,
  })
end

function response(status, headers, body)
  if status == 303 then
    writes = writes + 1
  elseif status == 200 then
    reads = reads + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local w, r, o = 0, 0, 0
  for _, t in ipairs(threads) do
    w = w + t:get("writes")
    r = r + t:get("reads")
    o = o + t:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"status_errors":%d,' ..
    '"socket_errors":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"writes":%d,"reads":%d,"other":%d}\n',
    summary.requests, summary.duration, summary.bytes, o,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, w, r, o))
end
