#!/usr/bin/env python3
"""Starts the server and waits for its first 200.

usage: start.py HOST PORT LOGFILE -- COMMAND...
Prints "PID MILLISECONDS": the server's process id and the time from just
before the process was started until the first 200 from GET /.
"""
import http.client
import subprocess
import sys
import time

host, port, logfile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cmd = sys.argv[sys.argv.index("--") + 1:]
log = open(logfile, "wb")
t0 = time.monotonic()
proc = subprocess.Popen(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                        start_new_session=True)
while True:
    if proc.poll() is not None:
        sys.exit(f"server exited with status {proc.returncode}; see {logfile}")
    try:
        conn = http.client.HTTPConnection(host, port, timeout=2)
        conn.request("GET", "/")
        res = conn.getresponse()
        res.read()
        conn.close()
        if res.status == 200:
            break
    except OSError:
        pass
    if time.monotonic() - t0 > 60:
        sys.exit("server did not answer 200 within 60 s")
    time.sleep(0.001)
print(proc.pid, round((time.monotonic() - t0) * 1000, 1))
