#!/usr/bin/env bash
# Suggestion accuracy of Parley beside PostgreSQL's own full-text search, on the same set of
# customer messages and the same catalog texts and examples, in one run:
#   Parley: `parley suggest --lines` (the language detected, as the service does), Tools/suggest/evaluate.py;
#   peer:   Tools/suggest/pg_peer.py (to_tsvector/ts_rank with unaccent per language, pg_trgm for
#           unspaced scripts), on a throwaway PostgreSQL.
#
#   Tools/suggest/compare.sh [SET]        (default Tools/suggest/dev.jsonl; PARLEY=path to the binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
set_file=${1:-Tools/suggest/dev.jsonl}
parley=${PARLEY:-.build/release/parley}
[ -x "$parley" ] || { echo "error: $parley is missing (swift build -c release --product parley)" >&2; exit 1; }
python3 -c 'import yaml' 2>/dev/null || scripts/setup python3-yaml
eval "$(scripts/test-database start)"
trap 'scripts/test-database stop "$PARLEY_TEST_PG"' EXIT
echo "== Parley ($set_file)"
python3 Tools/suggest/evaluate.py "$parley" "$set_file" --catalog Locales/
echo "== PostgreSQL full-text search ($set_file)"
python3 Tools/suggest/pg_peer.py --catalog Locales/support --set "$set_file"
