# Sourced by the HTTP benchmarks (Tools/bench-http.sh, Tools/bench-suggest.sh), from the
# repository's root: the release build, one `parley serve` for wrk, and wrk's summaries.

# Builds the release binary and starts `parley serve` on port $1 with its own PostgreSQL in a
# throwaway folder ($data) and an admin key ($key, kept when set) that is not rate-limited (the benchmarks
# measure the service, not the limit); waits until it is ready. Sets $bin and $parley_pid.
bench_serve() {
  scripts/setup postgresql wrk
  swift build -c release --product parley >/dev/null
  bin=.build/release/parley
  data=$(mktemp -d /tmp/parley-bench.XXXXXX)
  key=${key:-pk_bench_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}
  # $BENCH_ENV: more settings for this server (NAME=value …).
  env ${BENCH_ENV:-} PARLEY_ADMIN_KEY=$key PARLEY_RATE_LIMITS=off PARLEY_LOG_FORMAT=json LOG_LEVEL=warning DATABASE_URL= \
    "$bin" serve --port "$1" --data "$data" 2>"$data/serve.log" &
  parley_pid=$!
  for _ in $(seq 120); do curl -sf "localhost:$1/readyz" >/dev/null && break; sleep 0.5; done
  curl -sf "localhost:$1/readyz" >/dev/null || { cat "$data/serve.log"; exit 1; }
}

# Starts a second replica on port $1 over the first one's PostgreSQL (with $BENCH_ENV too, and
# LOG_LEVEL, warning by default); waits until it is ready. Sets $second_pid; logs to $data/second.log.
bench_serve_second() {
  env ${BENCH_ENV:-} PARLEY_ADMIN_KEY=$key PARLEY_RATE_LIMITS=off PARLEY_LOG_FORMAT=json LOG_LEVEL=${LOG_LEVEL:-warning} \
    DATABASE_URL="postgres://parley@/parley?host=$data/run&port=5432" "$bin" serve --port "$1" --data "$data/second" 2>"$data/second.log" &
  second_pid=$!
  for _ in $(seq 120); do curl -sf "localhost:$1/readyz" >/dev/null && break; sleep 0.5; done
}

# Stops the server and removes its folder.
bench_stop() {
  [ -n "${parley_pid:-}" ] && kill "$parley_pid" 2>/dev/null && wait "$parley_pid" 2>/dev/null || true
  rm -rf "${data:-}"
}

# A wrk script that POSTs the JSON body $1 with the admin key.
bench_lua() {
  cat <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $key"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$1'
LUA
}

# One line from wrk --latency's output: requests per second, median and p99 latency, non-2xx answers.
summary() { awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%s req/s  p50 %s  p99 %s  non-2xx %s\n", rps, p50, p99, (bad==""?0:bad)}'; }

# The median of the first column of a file of summaries.
median() { cut -d' ' -f1 "$1" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
