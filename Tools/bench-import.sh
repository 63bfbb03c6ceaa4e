#!/usr/bin/env bash
# A generated catalog loaded by `parley serve --locales` into an empty embedded PostgreSQL: seconds
# from start to /readyz 200 (the YAML read, every text checked, the bulk import, the render cache
# loaded), and the resident memory then.
#
#   Tools/bench-import.sh [TEMPLATES]     (30000: about a million texts, Tools/catalog/generate.py a)
set -euo pipefail
cd "$(dirname "$0")/.."
templates=${1:-30000}
scripts/setup postgresql
swift build -c release --product parley >/dev/null
work=$(mktemp -d /tmp/parley-import.XXXXXX)
trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
python3 Tools/catalog/generate.py a "$work/catalog" --templates "$templates"
start=$(date +%s.%N)
PARLEY_ADMIN_KEY=pk_bench_0123456789abcdef LOG_LEVEL=info DATABASE_URL= \
  .build/release/parley serve --port 8392 --data "$work/data" --locales "$work/catalog" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 3600); do
  curl -sf localhost:8392/readyz >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.5
done
end=$(date +%s.%N)
echo "ready after $(echo "$end - $start" | bc | cut -c1-6) s; resident $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status") MB"
grep -o '"message":"seeded workspace"[^}]*' "$work/serve.log"
