#!/usr/bin/env bash
# The change log over a soak of writes: two replicas over one PostgreSQL, a change kept 60 s
# (PARLEY_CHANGE_RETENTION) and the log pruned every 10 s; Tools/write-load.py writes 50 texts a
# second through the first replica for MINUTES and follows one write in ten to the second. The
# change log's rows are counted every 30 s. After two minutes the second replica is paused
# (SIGSTOP) for 90 s, longer than the retention; once it runs again it must find it is behind,
# reload what it holds, and serve the writes it slept through.
#
#   Tools/bench-soak.sh [MINUTES]     (10)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
. Tools/bench-serve.sh
cleanup() {
  [ -n "${second_pid:-}" ] && { kill -CONT "$second_pid" 2>/dev/null; kill "$second_pid" 2>/dev/null; } || true
  [ -n "${writer:-}" ] && kill "$writer" 2>/dev/null || true
  bench_stop
}
trap cleanup EXIT
settings="PARLEY_CHANGE_RETENTION=60 PARLEY_CHANGE_PRUNE_INTERVAL=10"
BENCH_ENV=$settings bench_serve 8396
BENCH_ENV=$settings LOG_LEVEL=notice bench_serve_second 8397
rows() { psql -h "$data/run" -p 5432 -U parley parley -Atc "SELECT count(*) FROM change_log"; }
reloads() { curl -sf -H "Authorization: Bearer $key" localhost:8397/metrics | awk '$1 == "parley_render_cache_reloads_total" {print $2}'; }

python3 Tools/write-load.py 8396 8397 "$key" $((minutes * 60)) 50 >"$data/writes" &
writer=$!
start=$(date +%s)
largest=0
for tick in $(seq 1 $((minutes * 2))); do
  sleep 30
  count=$(rows)
  [ "$count" -gt "$largest" ] && largest=$count
  note=""
  if [ "$tick" -eq 4 ]; then kill -STOP "$second_pid"; note="second replica paused"; fi
  if [ "$tick" -eq 7 ]; then kill -CONT "$second_pid"; note="second replica resumed after 90 s"; fi
  echo "$(( $(date +%s) - start )) s: change_log has $count rows${note:+; $note}"
done
wait "$writer"
echo "largest change_log: $largest rows (50 writes/s kept 60 s, pruned every 10 s: about 3 500 expected)"
echo "second replica: ${reloads:-$(reloads)} reloads after it fell behind the retention"
grep -o '"message":"the change log was pruned[^}]*' "$data/second.log" | head -3 || true
echo "writes: $(cat "$data/writes")"
