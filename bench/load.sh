#!/usr/bin/env bash
# Load test of `pilotsite serve` on loopback: wrk sends requests over the
# whole example site while a loop keeps editing a report (each edit is a
# rebuild), then slow clients hold connections open while a normal request
# is timed. Prints the figures; run it by hand after `cargo build --release`.
# Needs wrk (Debian package `wrk`). Usage: bench/load.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
bin=target/release/pilotsite
[ -x "$bin" ] || { echo "run cargo build --release first" >&2; exit 1; }
site=$(mktemp -d)
cp -r site.yaml content "$site/"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" --quiet --root "$site" serve --port "$port" 2>/dev/null &
server=$!
editor=""
trap 'kill $server ${editor:-} 2>/dev/null || true; rm -rf "$site"' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.1; done
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
echo "RSS after start: $(rss) kB"
# Warm up every page once, then measure memory over two loaded rounds.
wrk -t2 -c16 -d5s -s bench/load.lua "http://127.0.0.1:$port" >/dev/null
echo "RSS after warm-up: $(rss) kB"
report="$site/content/counties/dongtai/2019-h1.md"
( i=0; while true; do i=$((i+1)); sed -i "s/^title: .*/title: 编辑 $i/" "$report"; sleep 0.1; done ) &
editor=$!
for round in 1 2; do
  echo "round $round: ${secs}s, 2 threads, 16 connections, a report edited every 100 ms"
  wrk -t2 -c16 -d"${secs}s" -s bench/load.lua "http://127.0.0.1:$port" | grep -E 'requests|latency|Non-2xx|Requests/sec'
  echo "RSS after round $round: $(rss) kB"
done
kill $editor; editor=""
# Slow clients: 200 connections that send half a request and then stall.
python3 - "$port" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
slow = []
for _ in range(200):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")   # headers never finished
    slow.append(s)
t = time.time()
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"GET /counties/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
ms = (time.time() - t) * 1000
status = data.split(b"\r\n")[0].decode()
print(f"with 200 stalled clients: a normal request took {ms:.1f} ms ({status})")
PY
