-- Requests that a page cache cannot answer: every request asks for a
-- different plan (BENCH_KIND=plan) or searches different words
-- (BENCH_KIND=search), so this run measures the full cost of building
-- the page. Results as in report.lua.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local words = { "stretch", "walk", "sitting", "core", "bridge", "sleep", "pain",
  "gentle", "doctor", "chair", "knees", "hips", "posture", "swim", "cushion",
  "warm", "breathe", "lift", "strength", "travel", "car", "desk", "rest", "yoga" }
local worse = { "sitting", "standing", "bending_forward", "arching_back", "morning", "morning_stiffness",
  "after_activity", "driving", "lying_down" }
local equipment = { "wall", "towel", "ball", "mat", "machines", "dumbbells", "pool",
  "cardio_machine" }
local durations = { "acute", "subacute", "chronic" }
local causes = { "strain", "posture", "disc", "arthritis", "osteoporosis", "unknown" }
local activities = { "sedentary", "light", "active", "athletic" }

function init(args)
  kind = os.getenv("BENCH_KIND")
  encoding = os.getenv("BENCH_ENCODING") or "gzip"
  math.randomseed(os.time() + math.random(1, 100000))
end

local function plan_path()
  local q = { "red_flag=none", "age=20-49", "pain=" .. math.random(0, 10),
    "duration=" .. durations[math.random(#durations)],
    "cause=" .. causes[math.random(#causes)],
    "activity=" .. activities[math.random(#activities)],
    "days=" .. math.random(2, 7), "minutes=" .. math.random(10, 60),
    "cleared=" .. (math.random(2) == 1 and "yes" or "no") }
  for _, w in ipairs(worse) do
    if math.random(3) == 1 then q[#q + 1] = "worse=" .. w end
  end
  for _, e in ipairs(equipment) do
    if math.random(3) == 1 then q[#q + 1] = "equipment=" .. e end
  end
  return "/routine/plan?" .. table.concat(q, "&")
end

local function search_path()
  local a = words[math.random(#words)]
  local b = words[math.random(#words)]
  local c = words[math.random(#words)]
  return "/search?q=" .. a .. "+" .. b .. "+" .. c
end

function request()
  local path = kind == "plan" and plan_path() or search_path()
  return wrk.format("GET", path, {
    ["Host"] = wrk.host .. ":" .. wrk.port,
    ["Accept-Encoding"] = encoding,
  })
end
