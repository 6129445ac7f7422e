#!/usr/bin/env python3
"""Writes the nginx baseline configuration: one exact location per
snapshot, serving that snapshot's body file with the same Content-Type,
Content-Encoding and other headers our server sent (Date, Server,
Content-Length and connection headers are nginx's own).

usage: nginx_conf.py WORK_DIR PORT SNAPSHOT_DIR > nginx.conf
"""
import os
import sys

work, port, snaps = sys.argv[1], sys.argv[2], sys.argv[3]
SKIP = {"date", "content-length", "content-type", "server", "connection",
        "keep-alive", "transfer-encoding", "last-modified"}


def quote(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "${dollar}") + '"'


locations = []
for name in sorted(os.listdir(snaps)):
    if not name.endswith(".headers"):
        continue
    target = name[: -len(".headers")]
    content_type = "application/octet-stream"
    extra = []
    with open(os.path.join(snaps, name), encoding="latin-1") as fh:
        lines = fh.read().splitlines()
    for line in lines[1:]:
        if ":" not in line:
            continue
        key, value = line.split(":", 1)
        key, value = key.strip(), value.strip()
        if key.lower() == "content-type":
            content_type = value
        elif key.lower() not in SKIP:
            extra.append(f"    add_header {key} {quote(value)} always;")
    locations.append(
        f"  location = /t/{target} {{\n"
        f"    alias {os.path.join(snaps, target)}.body;\n"
        f"    default_type {quote(content_type)};\n" + "\n".join(extra) + "\n  }\n")

print(f"""worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  etag off;
  types {{ }}
  client_body_temp_path {work}/nginx-tmp/body;
  proxy_temp_path {work}/nginx-tmp/proxy;
  fastcgi_temp_path {work}/nginx-tmp/fastcgi;
  uwsgi_temp_path {work}/nginx-tmp/uwsgi;
  scgi_temp_path {work}/nginx-tmp/scgi;
  geo $dollar {{ default "$"; }}
  server {{
    listen 127.0.0.1:{port};
{''.join(locations)}  }}
}}""")
