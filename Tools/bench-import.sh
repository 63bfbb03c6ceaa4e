#!/usr/bin/env bash
# Shape a (Tools/catalog/generate.py a): one workspace of about a million texts, loaded by
# `parley serve --locales` into an empty embedded PostgreSQL. Measures, release build:
#   1. seconds from start to /readyz 200 (the YAML read, every text checked, the bulk import);
#   2. from a restart: seconds to ready; the first render (the workspace loaded and compiled on
#      first use); resident memory then, and after 200 more renders;
#   3. GET /snapshot, and GET /export as flat JSON, XLIFF 2.0 (one locale) and CSV (all), to
#      /dev/null: seconds, bytes, and the growth of resident memory while each runs (sampled
#      every 0.1 s);
#   4. render latency against the seed catalog's, in the same run: a second `parley serve` with
#      the seed catalog (its own embedded PostgreSQL); wrk renders a random mix of templates and
#      locales on each in turn (Tools/catalog/render-mix.py: 2 000 templates spread over the
#      workspace, or the seed's 22), after a warm-up that reads and compiles the mix.
#
#   Tools/bench-import.sh [TEMPLATES]     (30000: about a million texts)
#
# WORK=folder keeps the catalog and the database there (Tools/bench-catalog.sh); step 1 is then
# skipped. SKIP_MIX=1 or SKIP_FETCH=1 skip step 4 or 3; ROUNDS sets step 4's rounds (3).
set -euo pipefail
cd "$(dirname "$0")/.."
templates=${1:-30000}
port=8392
. Tools/bench-catalog.sh
catalog a --templates "$templates"

render() {
  curl -sf -o /dev/null -w "%{time_total}" -H "Authorization: Bearer $key" -H "Content-Type: application/json" \
    -d '{"key":"'"$1"'","locale":"de","args":{"name":"Ana","count":3}}' localhost:$port/v1/workspaces/large/render
}
# GET $1 to /dev/null while sampling resident memory: seconds, bytes, and the largest growth.
fetch() {
  local before sampler result
  before=$(rss)
  (while kill -0 "$pid" 2>/dev/null; do rss; sleep 0.1; done) >"$work/rss" &
  sampler=$!
  result=$(curl -sf -o /dev/null -w "%{time_total} s, %{size_download} bytes" -H "Authorization: Bearer $key" "localhost:$port$1")
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  echo "GET $1: $result; resident $before MB before, growth at most $(( $(sort -n "$work/rss" | tail -1) - before )) MB"
}

if [ ! -d "$work/data" ]; then
  serve
  echo "seeded and ready after $ready_seconds s; resident $(rss) MB"
  grep -o '"message":"seeded workspace"[^}]*' "$work/serve.log" || true
  stop
fi

# Warnings only from here: an access-log line per render would be measured too (the seed
# catalog's replica in step 4 logs the same).
LOG_LEVEL=warning serve
key1=$(python3 -c "import sys; sys.path.insert(0, 'Tools/catalog'); from generate import Seed; s = Seed(); print(f'{s.keys[0]}.v000000')")
echo "restart: ready after $ready_seconds s, resident $(rss) MB"
echo "first render (loads and compiles the workspace): $(render "$key1") s; resident $(rss) MB"
for _ in $(seq 200); do render "$key1" >/dev/null; done
echo "after 200 more renders: resident $(rss) MB"
render_mix() {
  local seed_port=8393 round
  . Tools/bench-serve.sh
  scripts/setup wrk
  PARLEY_ADMIN_KEY=$key PARLEY_RATE_LIMITS=off LOG_LEVEL=warning PARLEY_LOG_FORMAT=json DATABASE_URL= \
    .build/release/parley serve --port $seed_port --data "$work/seed-data" >>"$work/seed.log" 2>&1 &
  seed_pid=$!
  trap 'kill "${pid:-}" "${seed_pid:-}" 2>/dev/null || true' EXIT
  for _ in $(seq 600); do curl -sf "localhost:$seed_port/readyz" >/dev/null && break; sleep 0.1; done
  python3 Tools/catalog/render-mix.py large "$key" >"$work/large.lua"
  python3 Tools/catalog/render-mix.py seed "$key" >"$work/seed.lua"
  large_url=http://127.0.0.1:$port/v1/workspaces/large/render
  seed_url=http://127.0.0.1:$seed_port/v1/workspaces/support/render
  wrk -t2 -c16 -d30s -s "$work/large.lua" "$large_url" >/dev/null
  wrk -t2 -c16 -d10s -s "$work/seed.lua" "$seed_url" >/dev/null
  for round in $(seq "${ROUNDS:-3}"); do
    echo "round $round: large $(wrk -t2 -c16 -d10s --latency -s "$work/large.lua" "$large_url" | summary)"
    echo "round $round: seed  $(wrk -t2 -c16 -d10s --latency -s "$work/seed.lua" "$seed_url" | summary)"
  done
  echo "resident after the mix: $(rss) MB"
  kill "$seed_pid"; wait "$seed_pid" 2>/dev/null || true
}
[ -n "${SKIP_MIX:-}" ] || render_mix

if [ -z "${SKIP_FETCH:-}" ]; then
  fetch /v1/workspaces/large/snapshot
  fetch "/v1/workspaces/large/export?format=json&locale=de"
  fetch "/v1/workspaces/large/export?format=xliff2&locale=de"
  fetch "/v1/workspaces/large/export?format=csv"
fi
stop
