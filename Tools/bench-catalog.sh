# Sourced by the benchmarks of generated catalogs (Tools/bench-import.sh, Tools/bench-workspaces.sh),
# from the repository's root: the release build, a folder for the catalog and its database, and
# `parley serve` on them. Set $port before sourcing.
#
# WORK=folder keeps the catalog and the database there, and reuses them when they exist;
# otherwise a temporary folder is removed at exit.

key=pk_bench_0123456789abcdef
scripts/setup postgresql
swift build -c release --product parley >/dev/null
if [ -n "${WORK:-}" ]; then
  work=$WORK
  mkdir -p "$work"
  trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true' EXIT
else
  work=$(mktemp -d /tmp/parley-catalog.XXXXXX)
  trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
fi

# Writes the catalog of `Tools/catalog/generate.py "$@"` into $work/catalog, unless it is there.
catalog() {
  [ -d "$work/catalog" ] || python3 Tools/catalog/generate.py "$1" "$work/catalog" "${@:2}"
}

# Starts `parley serve` on the catalog with "$@" as extra options (seeding an empty database);
# waits until it is ready; sets $pid and $ready_seconds.
serve() {
  local start end
  start=$(date +%s.%N)
  PARLEY_ADMIN_KEY=$key PARLEY_RATE_LIMITS=off LOG_LEVEL=${LOG_LEVEL:-info} PARLEY_LOG_FORMAT=json DATABASE_URL= \
    .build/release/parley serve --port "$port" --data "$work/data" --locales "$work/catalog" "$@" >>"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 36000); do
    curl -sf "localhost:$port/readyz" >/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
    sleep 0.1
  done
  end=$(date +%s.%N)
  ready_seconds=$(echo "$end - $start" | bc | cut -c1-6)
}

stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
metric() { curl -sf -H "Authorization: Bearer $key" "localhost:$port/metrics" | awk -v name="$1" '$1 == name {print $2}'; }
