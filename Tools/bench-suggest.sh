#!/usr/bin/env bash
# Suggest throughput over HTTP beside render throughput, in one run on one machine: wrk -t2 -c64
# on loopback against one `parley serve` (embedded PostgreSQL, seed catalog), the two routes
# alternating round after round so both see the same machine; medians are compared.
# The suggest request carries a customer's message without a locale: its language is detected,
# three replies are ranked and rendered. The key is not rate-limited (PARLEY_RATE_LIMITS=off).
#
#   Tools/bench-suggest.sh [SECONDS_PER_RUN]     (ROUNDS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
scripts/setup postgresql wrk
swift build -c release --product parley >/dev/null
bin=.build/release/parley
data=$(mktemp -d /tmp/parley-bench.XXXXXX)
key=pk_bench_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
render_script=$(mktemp --suffix=.lua)
suggest_script=$(mktemp --suffix=.lua)
cleanup() {
  [ -n "${parley_pid:-}" ] && kill "$parley_pid" 2>/dev/null && wait "$parley_pid" 2>/dev/null || true
  rm -rf "$data" "$render_script" "$suggest_script"
}
trap cleanup EXIT

PARLEY_ADMIN_KEY=$key PARLEY_RATE_LIMITS=off LOG_LEVEL=warning DATABASE_URL= "$bin" serve --port 8182 --data "$data" 2>"$data/serve.log" &
parley_pid=$!
for _ in $(seq 120); do curl -sf localhost:8182/readyz >/dev/null && break; sleep 0.5; done
curl -sf localhost:8182/readyz >/dev/null || { cat "$data/serve.log"; exit 1; }

lua() {
  cat <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $key"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$1'
LUA
}
lua '{"key":"account.hacked_recovery","locale":"es-MX","args":{"name":"Ana","ticket":"A-1234","hours":3}}' >"$render_script"
lua '{"text":"me hackearon la cuenta y cambiaron el correo, ayuda","args":{"name":"Ana"}}' >"$suggest_script"
echo "suggest response: $(curl -s -X POST localhost:8182/v1/workspaces/support/suggest -H "Authorization: Bearer $key" \
  -d "$(sed -n 's/^wrk.body = .\(.*\).$/\1/p' "$suggest_script")" | cut -c1-300)…"

summary() { awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%s req/s  p50 %s  p99 %s  non-2xx %s\n", rps, p50, p99, (bad==""?0:bad)}'; }
rounds=${ROUNDS:-5}
: >"$data/render.txt"; : >"$data/suggest.txt"
for round in $(seq "$rounds"); do
  wrk -t2 -c64 -d"${duration}s" --latency -s "$render_script" http://127.0.0.1:8182/v1/workspaces/support/render >"$data/r.txt"
  summary <"$data/r.txt" >>"$data/render.txt"
  wrk -t2 -c64 -d"${duration}s" --latency -s "$suggest_script" http://127.0.0.1:8182/v1/workspaces/support/suggest >"$data/r.txt"
  summary <"$data/r.txt" >>"$data/suggest.txt"
  echo "round $round: render $(tail -1 "$data/render.txt"); suggest $(tail -1 "$data/suggest.txt")"
done
median() { cut -d' ' -f1 "$1" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
render=$(median "$data/render.txt"); suggest=$(median "$data/suggest.txt")
echo "medians over $rounds rounds of ${duration} s: render $render, suggest $suggest req/s"
echo "ratio suggest / render: $(echo "$suggest / $render" | bc -l | cut -c1-5)"
