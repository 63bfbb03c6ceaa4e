#!/usr/bin/env bash
# Two replicas over one PostgreSQL (the first's embedded one): renders on the second while 100
# writes a second go to the same workspace through the first.
#   1. wrk on the second replica, idle: requests per second, p50 and p99 latency;
#   2. the same run while Tools/write-load.py writes 100 texts a second through the first and
#      times when the second serves each write.
# Prints the ratio of the two p99s.
#
#   Tools/bench-write-load.sh [SECONDS]     (20)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
. Tools/bench-serve.sh
script=$(mktemp --suffix=.lua)
cleanup() {
  [ -n "${second_pid:-}" ] && kill "$second_pid" 2>/dev/null || true
  bench_stop
  rm -f "$script"
}
trap cleanup EXIT
bench_serve 8394
bench_serve_second 8395

bench_lua '{"key":"account.hacked_recovery","locale":"es-MX","args":{"name":"Ana","ticket":"A-1234","hours":3}}' >"$script"
wrk -t2 -c4 -d2s -s "$script" http://127.0.0.1:8395/v1/workspaces/support/render >/dev/null  # loads the workspace
idle=$(wrk -t2 -c4 -d"${seconds}s" --latency -s "$script" http://127.0.0.1:8395/v1/workspaces/support/render | summary)
echo "second replica, idle:        $idle"
python3 Tools/write-load.py 8394 8395 "$key" "$seconds" 100 >"$data/writes" &
writer=$!
loaded=$(wrk -t2 -c4 -d"${seconds}s" --latency -s "$script" http://127.0.0.1:8395/v1/workspaces/support/render | summary)
wait $writer
echo "second replica, with writes: $loaded"
echo "writes through the first:    $(cat "$data/writes")"
p99() { echo "$1" | sed -n 's/.*p99 \([0-9.]*\)\([a-z]*\).*/\1 \2/p' | awk '{v=$1; if ($2=="ms") v*=1000; if ($2=="s") v*=1000000; print v}'; }
echo "p99 with writes / idle: $(echo "scale=2; $(p99 "$loaded") / $(p99 "$idle")" | bc)"
