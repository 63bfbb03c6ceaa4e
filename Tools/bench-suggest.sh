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
. Tools/bench-serve.sh
render_script=$(mktemp --suffix=.lua)
suggest_script=$(mktemp --suffix=.lua)
trap 'bench_stop; rm -f "$render_script" "$suggest_script"' EXIT
bench_serve 8182

bench_lua '{"key":"account.hacked_recovery","locale":"es-MX","args":{"name":"Ana","ticket":"A-1234","hours":3}}' >"$render_script"
bench_lua '{"text":"me hackearon la cuenta y cambiaron el correo, ayuda","args":{"name":"Ana"}}' >"$suggest_script"
echo "suggest response: $(curl -s -X POST localhost:8182/v1/workspaces/support/suggest -H "Authorization: Bearer $key" \
  -d "$(sed -n 's/^wrk.body = .\(.*\).$/\1/p' "$suggest_script")" | cut -c1-300)…"

# Warm-up: the language model's pages and the caches are touched once before anything is measured.
wrk -t2 -c64 -d5s -s "$suggest_script" http://127.0.0.1:8182/v1/workspaces/support/suggest >/dev/null
wrk -t2 -c64 -d5s -s "$render_script" http://127.0.0.1:8182/v1/workspaces/support/render >/dev/null
rounds=${ROUNDS:-5}
: >"$data/render.txt"; : >"$data/suggest.txt"
for round in $(seq "$rounds"); do
  wrk -t2 -c64 -d"${duration}s" --latency -s "$render_script" http://127.0.0.1:8182/v1/workspaces/support/render >"$data/r.txt"
  summary <"$data/r.txt" >>"$data/render.txt"
  wrk -t2 -c64 -d"${duration}s" --latency -s "$suggest_script" http://127.0.0.1:8182/v1/workspaces/support/suggest >"$data/r.txt"
  summary <"$data/r.txt" >>"$data/suggest.txt"
  echo "round $round: render $(tail -1 "$data/render.txt"); suggest $(tail -1 "$data/suggest.txt")"
done
render=$(median "$data/render.txt"); suggest=$(median "$data/suggest.txt")
echo "medians over $rounds rounds of ${duration} s: render $render, suggest $suggest req/s"
echo "ratio suggest / render: $(echo "$suggest / $render" | bc -l | cut -c1-5)"
