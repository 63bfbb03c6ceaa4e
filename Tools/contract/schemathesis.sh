#!/usr/bin/env bash
# Schemathesis (pinned) against a `parley serve` of its own, on the seed catalog: every operation of
# the served document, with an admin key and the settings in schemathesis.toml (the seed's
# workspace, template and locale as path parameters; keys revoked are keys the run created).
#
#   Tools/contract/schemathesis.sh [SECONDS] [EXAMPLES]     (defaults: 240, 15)
#   Tools/contract/schemathesis.sh --install-only            (the pinned venv only)
#
# Needs DATABASE_URL (a PostgreSQL where it may create a database; scripts/test-database start
# prints one) and .build/debug/parley (PARLEY to use another binary). NUL characters are not
# generated: the document says a NUL in any string is a 400 (PostgreSQL cannot store it).
# One worker: with two threads, CPython 3.11 now and then fails inside Hypothesis's source
# inspection ("AST constructor recursion depth mismatch"), which schemathesis reports as an error.
# Prints schemathesis's report; exits with its status.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_BUDGET=${1:-240}
EXAMPLES=${2:-15}
PARLEY=${PARLEY:-.build/debug/parley}
: "${DATABASE_URL:?set DATABASE_URL (scripts/test-database start prints it)}"

venv=.build-pytools/contract
[ -x "$venv/bin/st" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check -r Tools/contract/requirements.txt; }
[ "${1:-}" = "--install-only" ] && exit 0

work=$(mktemp -d)
database="contract_$$"
base=${DATABASE_URL%%\?*}
query=${DATABASE_URL#"$base"}
url="${base%/*}/$database$query"
psql "$DATABASE_URL" -qc "CREATE DATABASE $database" >/dev/null
admin="pk_contract_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATABASE_URL="$url" PARLEY_ADMIN_KEY="$admin" "$PARLEY" serve --host 127.0.0.1 --port "$port" --locales Locales/ \
  --rate-limits "render=100000/s,detect=100000/s,read=100000/s,write=100000/s" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $database" >/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

"$venv/bin/st" --config-file Tools/contract/schemathesis.toml run "http://127.0.0.1:$port/openapi.json" \
  -H "Authorization: Bearer $admin" --checks all -n "$EXAMPLES" --max-time "$SECONDS_BUDGET" -w 1 \
  --generation-allow-x00 false --seed 20261205
