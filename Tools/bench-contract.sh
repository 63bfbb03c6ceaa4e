#!/usr/bin/env bash
# What the generated OpenAPI layer would cost the render path, in one run on one machine:
# `parley bench http-contract` answers the render operation three ways with the same answer and
# without rendering: through swift-openapi-hummingbird and the generated types; through the
# generated types on a Hummingbird route with Foundation's JSON coders; and through Parley's own
# JSON reader and writer. wrk -t2 -c64 on loopback alternates between them, round after round;
# medians are compared, as time per request on the machine's two cores.
#
#   Tools/bench-contract.sh [SECONDS_PER_RUN]     (ROUNDS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
rounds=${ROUNDS:-5}
. Tools/bench-serve.sh
scripts/setup wrk
swift build -c release --product parley >/dev/null
bin=.build/release/parley
data=$(mktemp -d /tmp/parley-contract.XXXXXX)
key=unused
script="$data/render.lua"
"$bin" bench http-contract --port 8191 &
yardstick_pid=$!
trap 'kill "$yardstick_pid" 2>/dev/null || true; rm -rf "$data"' EXIT

body='{"key":"account.hacked_recovery","locale":"es-MX","args":{"name":"Ana","ticket":"A-1234","hours":3}}'
bench_lua "$body" >"$script"
for _ in $(seq 60); do curl -sf -X POST -H 'Content-Type: application/json' -d "$body" localhost:8191/hand/v1/workspaces/support/render >/dev/null && break; sleep 0.2; done
echo "generated: $(curl -s -X POST -H 'Content-Type: application/json' -d "$body" localhost:8191/v1/workspaces/support/render)"
echo "codable:   $(curl -s -X POST -H 'Content-Type: application/json' -d "$body" localhost:8191/codable/v1/workspaces/support/render)"
echo "hand:      $(curl -s -X POST -H 'Content-Type: application/json' -d "$body" localhost:8191/hand/v1/workspaces/support/render)"

: >"$data/generated.txt"; : >"$data/codable.txt"; : >"$data/hand.txt"
for round in $(seq "$rounds"); do
  wrk -t2 -c64 -d"${duration}s" --latency -s "$script" http://127.0.0.1:8191/hand/v1/workspaces/support/render >"$data/r.txt"; summary <"$data/r.txt" >>"$data/hand.txt"
  wrk -t2 -c64 -d"${duration}s" --latency -s "$script" http://127.0.0.1:8191/v1/workspaces/support/render >"$data/r.txt"; summary <"$data/r.txt" >>"$data/generated.txt"
  wrk -t2 -c64 -d"${duration}s" --latency -s "$script" http://127.0.0.1:8191/codable/v1/workspaces/support/render >"$data/r.txt"; summary <"$data/r.txt" >>"$data/codable.txt"
  echo "round $round: hand $(tail -1 "$data/hand.txt"); generated $(tail -1 "$data/generated.txt"); codable $(tail -1 "$data/codable.txt")"
done
hand=$(median "$data/hand.txt"); generated=$(median "$data/generated.txt"); codable=$(median "$data/codable.txt")
echo "medians over $rounds rounds of ${duration} s: hand $hand, codable $codable, generated $generated req/s"
echo "ratio generated / hand: $(echo "$generated / $hand" | bc -l | cut -c1-5); codable / hand: $(echo "$codable / $hand" | bc -l | cut -c1-5)"
# Two cores serve the requests: a request's share of them, in microseconds.
for name in hand codable generated; do echo "$name: $(echo "2000000 / ${!name}" | bc -l | cut -c1-5) µs of CPU per request"; done
