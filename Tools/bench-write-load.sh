#!/usr/bin/env bash
# Two replicas over one PostgreSQL (the first's embedded one): renders on the second while 100
# writes a second go to the same workspace through the first.
#   1. wrk on the second replica, idle: requests per second, p50 and p99 latency;
#   2. the same run while Tools/write-load.py writes 100 texts a second through the first and
#      times when the second serves each write.
# Prints the ratio of the two p99s, and the CPU time each write took on the writing replica and in
# PostgreSQL.
#
#   Tools/bench-write-load.sh [SECONDS]     (20)
#
# APART=1 runs both measurements with the writing side (the first replica, PostgreSQL, the
# write generator) on CPU 0 and the reading side (the second replica, wrk) on CPU 1, as two
# machines would be; otherwise every process shares every core.
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
# The embedded PostgreSQL's processes: the postmaster and the backends it forked.
postgres_pids() {
  local postmaster
  postmaster=$(pgrep -of "postgres -D $data" || echo 0)
  echo "$postmaster" $(pgrep -P "$postmaster" || true)
}
# CPU time used so far by the processes named, in clock ticks.
ticks() {
  local total=0 process
  for process in "$@"; do
    [ -r "/proc/$process/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$process/stat")))
  done
  echo "$total"
}
writing_side=()
reading_side=()
if [ -n "${APART:-}" ]; then
  # PostgreSQL's backends, present and future (forked by the postmaster), go with the first replica.
  for process in "$parley_pid" $(postgres_pids); do
    taskset -a -p -c 0 "$process" >/dev/null
  done
  taskset -a -p -c 1 "$second_pid" >/dev/null
  writing_side=(taskset -c 0)
  reading_side=(taskset -c 1)
fi

bench_lua '{"key":"account.hacked_recovery","locale":"es-MX","args":{"name":"Ana","ticket":"A-1234","hours":3}}' >"$script"
${reading_side[@]+"${reading_side[@]}"} wrk -t2 -c4 -d2s -s "$script" http://127.0.0.1:8395/v1/workspaces/support/render >/dev/null  # loads the workspace
idle=$(${reading_side[@]+"${reading_side[@]}"} wrk -t2 -c4 -d"${seconds}s" --latency -s "$script" http://127.0.0.1:8395/v1/workspaces/support/render | summary)
echo "second replica, idle:        $idle"
writer_before=$(ticks "$parley_pid")
postgres_before=$(ticks $(postgres_pids))
${writing_side[@]+"${writing_side[@]}"} python3 Tools/write-load.py 8394 8395 "$key" "$seconds" 100 >"$data/writes" &
writer=$!
loaded=$(${reading_side[@]+"${reading_side[@]}"} wrk -t2 -c4 -d"${seconds}s" --latency -s "$script" http://127.0.0.1:8395/v1/workspaces/support/render | summary)
wait $writer
writer_ticks=$(( $(ticks "$parley_pid") - writer_before ))
postgres_ticks=$(( $(ticks $(postgres_pids)) - postgres_before ))
echo "second replica, with writes: $loaded"
echo "writes through the first:    $(cat "$data/writes")"
writes=$(awk '{print $1; exit}' "$data/writes")
per_write() { echo "scale=2; $1 * 1000 / $(getconf CLK_TCK) / $writes" | bc; }
echo "CPU per write:               writing replica $(per_write "$writer_ticks") ms, PostgreSQL $(per_write "$postgres_ticks") ms (its reads for the second replica included)"
p99() { echo "$1" | sed -n 's/.*p99 \([0-9.]*\)\([a-z]*\).*/\1 \2/p' | awk '{v=$1; if ($2=="ms") v*=1000; if ($2=="s") v*=1000000; print v}'; }
echo "p99 with writes / idle: $(echo "scale=2; $(p99 "$loaded") / $(p99 "$idle")" | bc)"
