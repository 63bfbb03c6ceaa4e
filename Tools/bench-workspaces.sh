#!/usr/bin/env bash
# Shape b (Tools/catalog/generate.py b): WORKSPACES workspaces of 100 texts, seeded by
# `parley serve --locales` into an empty embedded PostgreSQL. Then, each time from a restart:
#   1. seconds from start to /readyz 200, and the first render of 200 cold workspaces;
#   2. every workspace used once with no budget: the cache's estimated bytes for all of them
#      (parley_render_cache_bytes), and the resident memory then;
#   3. with --cache-memory at a tenth of that, SECONDS of renders over every workspace on four
#      connections: failures, evictions, and the largest resident memory sampled every 0.5 s,
#      against the budget + 100 MB.
#
#   Tools/bench-workspaces.sh [WORKSPACES] [SECONDS]      (10000, 60)
#
# WORK=folder keeps the generated catalog and the database there (Tools/bench-catalog.sh);
# BUDGET=bytes skips step 2 and uses that budget.
set -euo pipefail
cd "$(dirname "$0")/.."
workspaces=${1:-10000}
seconds=${2:-60}
port=8393
LOG_LEVEL=${LOG_LEVEL:-warning}
. Tools/bench-catalog.sh
catalog b --workspaces "$workspaces"

if [ ! -d "$work/data" ]; then
  serve
  echo "seeded $workspaces workspaces and ready after $ready_seconds s"
  stop
fi

serve
echo "restart: ready after $ready_seconds s, resident $(rss) MB, $(metric parley_render_cache_workspaces || echo 0) workspaces held"
(cd Tools/catalog && python3 touch.py cold $port $key "$workspaces" 200)
stop

if [ -z "${BUDGET:-}" ]; then
  serve --cache-memory 100GB
  (cd Tools/catalog && exec python3 touch.py run $port $key "$workspaces" 3600 4 >/dev/null) &
  toucher=$!
  # One pass over every workspace is enough: stop when all are held.
  for _ in $(seq 3600); do
    held=$(metric parley_render_cache_workspaces || echo 0)
    [ "${held%.*}" -ge "$workspaces" ] && break
    sleep 1
  done
  kill $toucher 2>/dev/null; wait $toucher 2>/dev/null || true
  all=$(metric parley_render_cache_bytes); all=${all%.*}
  echo "every workspace held: $held workspaces, estimated $((all / 1000000)) MB, resident $(rss) MB"
  stop
  budget=$((all / 10))
else
  budget=$BUDGET
fi
serve --cache-memory "$budget"
idle=$(rss)
(while kill -0 "$pid" 2>/dev/null; do rss; sleep 0.5; done) >"$work/rss" &
sampler=$!
(cd Tools/catalog && python3 touch.py run $port $key "$workspaces" "$seconds" 4)
largest=$(sort -n "$work/rss" | tail -1)
echo "budget $((budget / 1000000)) MB: resident at start $idle MB, largest $largest MB over $seconds s (limit $((budget / 1000000 + 100)) MB);" \
  "$(metric parley_render_cache_workspaces) workspaces held ($(( $(metric parley_render_cache_bytes | cut -d. -f1) / 1000000 )) MB estimated, target $(( $(metric parley_render_cache_target_bytes | cut -d. -f1) / 1000000 )) MB), $(metric parley_render_cache_evictions_total) evictions, $(metric parley_render_cache_loads_total) loads"
kill $sampler 2>/dev/null || true
