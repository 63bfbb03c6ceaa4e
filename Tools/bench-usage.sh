#!/usr/bin/env bash
# What counting usage costs, in one run on one machine:
# 1. HTTP render throughput, wrk -t2 -c64 on loopback, against two `parley serve` of the same
#    release build, one counting usage (flushing every 10 s) and one with PARLEY_USAGE=off,
#    alternating round after round; medians are compared.
# 2. `parley bench usage`: 1 000 000 renders across 10 000 kinds counted in memory, then flushed
#    (one statement) beside a flush of one upsert per row, into a throwaway embedded PostgreSQL.
#
#   Tools/bench-usage.sh [SECONDS_PER_RUN]     (ROUNDS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
. Tools/bench-serve.sh
script=$(mktemp --suffix=.lua)
cleanup() {
  parley_pid=${on_pid:-} data=${on_data:-} bench_stop
  parley_pid=${off_pid:-} data=${off_data:-} bench_stop
  rm -f "$script"
}
trap cleanup EXIT
BENCH_ENV="PARLEY_USAGE=on PARLEY_USAGE_FLUSH=10" bench_serve 8183
on_pid=$parley_pid on_data=$data
BENCH_ENV="PARLEY_USAGE=off" bench_serve 8184
off_pid=$parley_pid off_data=$data

bench_lua '{"key":"account.hacked_recovery","locale":"es-MX","args":{"name":"Ana","ticket":"A-1234","hours":3}}' >"$script"
rounds=${ROUNDS:-5}
: >"$off_data/on.txt"; : >"$off_data/off.txt"
for round in $(seq "$rounds"); do
  wrk -t2 -c64 -d"${duration}s" --latency -s "$script" http://127.0.0.1:8183/v1/workspaces/support/render >"$off_data/r.txt"; summary <"$off_data/r.txt" >>"$off_data/on.txt"
  wrk -t2 -c64 -d"${duration}s" --latency -s "$script" http://127.0.0.1:8184/v1/workspaces/support/render >"$off_data/r.txt"; summary <"$off_data/r.txt" >>"$off_data/off.txt"
  echo "round $round: counting on $(tail -1 "$off_data/on.txt"); off $(tail -1 "$off_data/off.txt")"
done
on=$(median "$off_data/on.txt"); off=$(median "$off_data/off.txt")
echo "medians over $rounds rounds of ${duration} s: counting on $on, off $off req/s; ratio on / off: $(echo "$on / $off" | bc -l | cut -c1-5)"
counted=$(curl -s -H "Authorization: Bearer $key" "localhost:8183/v1/workspaces/support/usage?by=template" | sed -n 's/.*"total":{"fallbacks":[0-9]*,"renders":\([0-9]*\)}.*/\1/p')
echo "renders the counting server reports: $counted"

# Its own PostgreSQL, set up as `parley serve` sets up its embedded one (durable commits).
DATABASE_URL= "$bin" bench usage --data "$off_data/usage-db"
