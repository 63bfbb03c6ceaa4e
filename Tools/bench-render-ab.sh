#!/usr/bin/env bash
# Render throughput of two builds in one run: another build's binary (A, e.g. an earlier commit's
# .build/release/parley in a worktree, with that commit's Locales/) against this one's (B),
# each serving the seed catalog from its own PostgreSQL, wrk -t2 -c64 on loopback, alternating
# round by round so both see the same machine, each first in half of the rounds.
#
#   Tools/bench-render-ab.sh A_BINARY A_LOCALES     (ROUNDS=4, SECS=10)
set -euo pipefail
cd "$(dirname "$0")/.."
. Tools/bench-serve.sh
scripts/setup postgresql wrk
swift build -c release --product parley >/dev/null
key=pk_bench_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
start() {  # binary port locales -> the server's folder (its pid in pid)
  local folder; folder=$(mktemp -d /tmp/parley-ab.XXXXXX)
  env PARLEY_ADMIN_KEY="$key" PARLEY_RATE_LIMITS=off PARLEY_LOG_FORMAT=json LOG_LEVEL=warning DATABASE_URL= \
    "$1" serve --port "$2" --data "$folder" --locales "$3" >"$folder/serve.out" 2>"$folder/serve.log" &
  echo $! >"$folder/pid"
  echo "$folder"
}
A=$(start "$1" 8281 "$2")
B=$(start .build/release/parley 8282 Locales)
script=$(mktemp --suffix=.lua)
trap 'kill "$(cat "$A/pid")" "$(cat "$B/pid")" 2>/dev/null; sleep 2; rm -rf "$A" "$B" "$script"' EXIT
for port in 8281 8282; do for _ in $(seq 120); do curl -sf "localhost:$port/readyz" >/dev/null && break; sleep 0.5; done; done
bench_lua '{"key":"account.hacked_recovery","locale":"es-MX","args":{"name":"Ana","ticket":"A-1234","hours":3}}' >"$script"
# The first of a pair runs faster (the same binary against itself: 5 rounds of 6), so the
# order alternates: A first in odd rounds, B first in even ones.
for round in $(seq "${ROUNDS:-4}"); do
  order="8281 8282"; [ $((round % 2)) = 0 ] && order="8282 8281"
  for port in $order; do
    printf "round %s %s: " "$round" "$([ "$port" = 8281 ] && echo A || echo B)"
    wrk -t2 -c64 -d"${SECS:-10}"s --latency -s "$script" "http://127.0.0.1:$port/v1/workspaces/support/render" | summary
  done
done
