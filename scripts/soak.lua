-- wrk script for scripts/soak.sh: a mix of page reads and progress-log
-- posts. Reads the paths to use from the file named by $SOAK_DATA (one
-- "GET path" or "LOG path" per line). Counts 5xx answers per thread and
-- prints the totals (and the error counts) as one line for soak.sh.

local gets, logs = {}, {}
local threads = {}

local function load()
  local file = assert(io.open(os.getenv("SOAK_DATA"), "r"))
  for line in file:lines() do
    local kind, path = line:match("^(%u+) (.+)$")
    if kind == "GET" then table.insert(gets, path)
    elseif kind == "LOG" then table.insert(logs, path) end
  end
  file:close()
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  load()
  server_errors = 0
  posts = 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

local days = { 1, 3, 5 }

function request()
  -- One request in five is a write.
  if math.random(5) == 1 then
    posts = posts + 1
    local path = logs[math.random(#logs)]
    local body = string.format("week=%d&session=%d&done=%s&pain=%d&note=soak+%d",
      math.random(4), days[math.random(3)], math.random(2) == 1 and "yes" or "no",
      math.random(0, 10), math.random(1000000))
    return wrk.format("POST", path .. "/log",
      { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
  end
  return wrk.format("GET", gets[math.random(#gets)])
end

function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
  local fives, writes = 0, 0
  for _, thread in ipairs(threads) do
    fives = fives + thread:get("server_errors")
    writes = writes + thread:get("posts")
  end
  local e = summary.errors
  io.write(string.format(
    "SOAK requests=%d posts=%d 5xx=%d non_2xx_3xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, writes, fives, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
