#!/usr/bin/env bash
# Render throughput over HTTP against a bare Hummingbird route, in one run on one machine:
# wrk -t2 -c64 on loopback, against `parley serve` (embedded PostgreSQL, seeded catalog,
# renders answered from the cache) and against `parley bench http-baseline`.
# Then a 60-second run on the render route while sampling Parley's resident memory. The one key
# wrk uses is not rate-limited (PARLEY_RATE_LIMITS=off): this measures the service, not the limit.
#
#   Tools/bench-http.sh [SECONDS_PER_RUN]     (ROUNDS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
. Tools/bench-serve.sh
script=$(mktemp --suffix=.lua)
cleanup() {
  bench_stop
  [ -n "${baseline_pid:-}" ] && kill "$baseline_pid" 2>/dev/null || true
  rm -f "$script"
}
trap cleanup EXIT
bench_serve 8181
"$bin" bench http-baseline --port 8190 &
baseline_pid=$!
for _ in $(seq 60); do curl -sf localhost:8190/ >/dev/null && break; sleep 0.2; done

bench_lua '{"key":"account.hacked_recovery","locale":"es-MX","args":{"name":"Ana","ticket":"A-1234","hours":3}}' >"$script"
echo "render response: $(curl -s -X POST localhost:8181/v1/workspaces/support/render -H "Authorization: Bearer $key" -d "$(sed -n 's/^wrk.body = .\(.*\).$/\1/p' "$script")")"

# The baseline answers the very same request (POST, headers, JSON body) with a constant string,
# so the difference is Parley's own work; a plain GET of the baseline is measured too. The three
# alternate, round after round, so that all see the same machine; medians are compared.
rounds=${ROUNDS:-5}
: >"$data/get.txt"; : >"$data/post.txt"; : >"$data/parley.txt"
for round in $(seq "$rounds"); do
  wrk -t2 -c64 -d"${duration}s" --latency http://127.0.0.1:8190/ >"$data/r.txt"; summary <"$data/r.txt" >>"$data/get.txt"
  wrk -t2 -c64 -d"${duration}s" --latency -s "$script" http://127.0.0.1:8190/ >"$data/r.txt"; summary <"$data/r.txt" >>"$data/post.txt"
  wrk -t2 -c64 -d"${duration}s" --latency -s "$script" http://127.0.0.1:8181/v1/workspaces/support/render >"$data/r.txt"; summary <"$data/r.txt" >>"$data/parley.txt"
  echo "round $round: baseline GET $(cut -d' ' -f1 <(tail -1 "$data/get.txt")), baseline same request $(cut -d' ' -f1 <(tail -1 "$data/post.txt")), parley $(tail -1 "$data/parley.txt")"
done
get=$(median "$data/get.txt"); base=$(median "$data/post.txt"); ours=$(median "$data/parley.txt")
echo "medians over $rounds rounds of ${duration} s: baseline GET $get, baseline same request $base, parley $ours req/s"
echo "ratio parley / baseline (same request): $(echo "$ours / $base" | bc -l | cut -c1-5)"
echo "ratio parley / baseline (GET): $(echo "$ours / $get" | bc -l | cut -c1-5)"

echo "memory: 60 s of renders, resident set sampled each second"
wrk -t2 -c64 -d60s -s "$script" http://127.0.0.1:8181/v1/workspaces/support/render >"$data/soak.txt" 2>&1 &
wrk_pid=$!
peak=0
samples=()
while kill -0 "$wrk_pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$parley_pid/status")
  samples+=("$rss")
  [ "$rss" -gt "$peak" ] && peak=$rss
  sleep 1
done
echo "rss at start $((${samples[0]} / 1024)) MB, at end $((${samples[-1]} / 1024)) MB, peak $((peak / 1024)) MB; soak: $(summary <"$data/soak.txt")"
