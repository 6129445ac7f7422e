#!/usr/bin/env python3
"""Turns the runs recorded by load.sh into one table (stdout) and JSON.

usage: report.py RUNS.jsonl META.json OUT.json
Each line of RUNS.jsonl is one wrk run: target, server (ours|nginx), round
and the numbers printed by report.lua / mixed.lua.
"""
import json
import statistics
import sys

runs_path, meta_path, out_path = sys.argv[1:4]
meta = json.load(open(meta_path))
runs = [json.loads(line) for line in open(runs_path) if line.strip()]

# Goals from issue 8: ratio of our req/s to nginx's for the same bytes.
GOALS = {"guide": 0.9, "css": 0.9, "plan": 0.5, "compare": 0.5, "search": 0.25}
P99_GOAL_MS = 10.0
WRITES_GOAL = 2000.0


def aggregate(rs):
    if not rs:
        return None
    secs = sum(r["duration_us"] for r in rs) / 1e6
    out = {
        "rounds": len(rs),
        "req_per_s": round(sum(r["requests"] for r in rs) / secs, 1),
        "p50_ms": round(statistics.median(r["p50_us"] for r in rs) / 1000, 3),
        "p99_ms": round(max(r["p99_us"] for r in rs) / 1000, 3),
        "max_ms": round(max(r["max_us"] for r in rs) / 1000, 3),
        "non_2xx": sum(r["status_errors"] for r in rs),
        "socket_errors": sum(r["socket_errors"] for r in rs),
        "bytes_per_response": round(sum(r["bytes"] for r in rs) / max(1, sum(r["requests"] for r in rs))),
        "rss_mb_after": round(max(r.get("rss_kb_after", 0) for r in rs) / 1024, 1),
    }
    if "writes" in rs[0]:
        out["writes_per_s"] = round(sum(r["writes"] for r in rs) / secs, 1)
        out["reads_per_s"] = round(sum(r["reads"] for r in rs) / secs, 1)
    return out


order = []
for r in runs:
    if r["target"] not in order:
        order.append(r["target"])

targets = []
for name in order:
    mine = [r for r in runs if r["target"] == name and r["server"] == "ours"]
    base = [r for r in runs if r["target"] == name and r["server"] == "nginx"]
    entry = {"target": name, "path": mine[0]["path"], "ours": aggregate(mine),
             "nginx": aggregate(base), "baseline_of": mine[0].get("baseline_of")}
    if entry["nginx"]:
        entry["ratio"] = round(entry["ours"]["req_per_s"] / entry["nginx"]["req_per_s"], 3)
    goal = GOALS.get(name)
    checks = []
    if goal is not None and "ratio" in entry:
        checks.append(entry["ratio"] >= goal)
        entry["ratio_goal"] = goal
    # p99 is a goal for the read targets; the varied runs (no cache can
    # answer them) and the mixed run (writes queue for one connection) are
    # shown for information.
    if not name.endswith("-varied") and name != "mixed":
        checks.append(entry["ours"]["p99_ms"] <= P99_GOAL_MS)
    checks.append(entry["ours"]["non_2xx"] == 0 and entry["ours"]["socket_errors"] == 0)
    if name == "mixed":
        checks.append(entry["ours"]["writes_per_s"] >= WRITES_GOAL)
    entry["meets_goals"] = all(checks)
    targets.append(entry)

result = {"meta": meta, "targets": targets}
with open(out_path, "w") as fh:
    json.dump(result, fh, indent=2)

head = ["target", "ours r/s", "nginx r/s", "ratio", "goal", "p50 ms", "p99 ms", "nginx p99", "non-2xx", "bytes", "ok"]
lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
for t in targets:
    o, n = t["ours"], t["nginx"]
    errors = o["non_2xx"] + o["socket_errors"]
    row = [
        t["target"],
        f'{o["req_per_s"]:,.0f}',
        f'{n["req_per_s"]:,.0f}' if n else "-",
        f'{t["ratio"]:.2f}' if "ratio" in t else "-",
        f'≥{t["ratio_goal"]}' if "ratio_goal" in t else "-",
        f'{o["p50_ms"]:.2f}',
        f'{o["p99_ms"]:.2f}',
        f'{n["p99_ms"]:.2f}' if n else "-",
        str(errors),
        str(o["bytes_per_response"]),
        "yes" if t["meets_goals"] else "NO",
    ]
    lines.append("| " + " | ".join(row) + " |")
    if "writes_per_s" in o:
        lines.append(f'| mixed: acknowledged writes/s | {o["writes_per_s"]:,.0f} | reads/s {o["reads_per_s"]:,.0f} | | ≥2000 | | | | | | {"yes" if o["writes_per_s"] >= WRITES_GOAL else "NO"} |')
print("\n".join(lines))
print()
print(f'peak RSS: {meta["peak_rss_mb"]:.1f} MB (goal ≤ 64 MB) {"ok" if meta["peak_rss_mb"] <= 64 else "MISSED"}')
print("RSS after each target (MB): " + ", ".join(f'{t["target"]} {t["ours"]["rss_mb_after"]}' for t in targets))
print(f'start-up to first 200: {meta["first_200_ms"]:.0f} ms with {meta["guides"]} guides (goal ≤ 500 ms) {"ok" if meta["first_200_ms"] <= 500 else "MISSED"}')
print(f'wrk -t{meta["threads"]} -c{meta["connections"]} -d{meta["duration_s"]}s x {meta["rounds"]} rounds each, alternating ours/nginx; Accept-Encoding: {meta["accept_encoding"]}')
print(f'machine: {meta["machine"]}; load average before: {meta["loadavg_before"]}, after: {meta["loadavg_after"]}')
print(f"JSON: {out_path}")
