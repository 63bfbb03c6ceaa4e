#!/usr/bin/env bash
# Renders the shared corpus with Parley and with ICU4C's own MessageFormat, alternating, in one
# run on one machine, and prints both figures and their ratios.
#
#   Tools/bench-render.sh [SECONDS] [ROUNDS] [CORPUS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
rounds=${2:-3}
corpus=${3:-../shared/bench/render-corpus.jsonl}
scripts/setup g++ nlohmann-json3-dev bc
peer=$(mktemp -d)/icu4c-msgfmt-bench
g++ -O2 -std=c++17 ../shared/bench/icu4c-msgfmt-bench.cpp $(pkg-config --cflags --libs icu-i18n icu-uc) -o "$peer"
swift build -c release --product parley >/dev/null
for round in $(seq "$rounds"); do
  ours=$(.build/release/parley bench render --corpus "$corpus" --seconds "$seconds")
  theirs=$("$peer" "$corpus" "$seconds")
  value() { grep "$1" <<<"$2" | awk '{print $2}'; }
  oc=$(value compiled "$ours"); op=$(value parse_and "$ours")
  tc=$(value compiled "$theirs"); tp=$(value parse_and "$theirs")
  printf 'round %d  compiled: parley %8d  icu4c %8d  ratio %.2f   parse+render: parley %7d  icu4c %7d  ratio %.2f\n' \
    "$round" "$oc" "$tc" "$(echo "$oc / $tc" | bc -l)" "$op" "$tp" "$(echo "$op / $tp" | bc -l)"
done
