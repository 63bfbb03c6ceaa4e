#!/usr/bin/env bash
# Language detection throughput and peak memory, Parley against lingua (high accuracy), in one run
# on one machine. The corpus is every paragraph of the UDHR dev sentences of Parley's 21 languages,
# concatenated into one temporary file; both detectors are restricted to those 21 languages.
#   - lingua: Tools/langid/lingua_detect.py --bench: models preloaded, then detect_language_of over
#     every line in-process, one thread (median of ROUNDS rounds after a warm-up).
#   - Parley: `parley bench detect FILE --candidates ...`, which prints `detect: N lines/s`.
#     Skipped, with the reason, when the binary is missing or has no `bench detect` command.
# Peak memory of each process is /usr/bin/time -v's "Maximum resident set size".
#
#   Tools/langid/bench.sh
#   PARLEY=path/to/parley  PYTHON=python3  ROUNDS=5  LINGUA_LOW=1 (adds lingua's low-accuracy mode)
#   LANGID_DEV=/work/shared/langid/dev
# It does not build Parley: run `swift build -c release --product parley` first.
set -euo pipefail
cd "$(dirname "$0")/../.."

dev=${LANGID_DEV:-/work/shared/langid/dev}
parley=${PARLEY:-.build/release/parley}
python=${PYTHON:-python3}
rounds=${ROUNDS:-5}
langs="ar de en es fa fr he hi id it ja ko nl pl pt ru th tr uk vi zh"
candidates=$(echo $langs | tr ' ' ',')

if [ ! -x /usr/bin/time ]; then
  echo "Installing: time" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time >/dev/null
fi
if ! "$python" -c 'import lingua' 2>/dev/null; then
  echo "lingua is missing: $python -m pip install lingua-language-detector==2.1.1" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/langid-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
corpus=$tmp/sentences.txt
for lang in $langs; do
  file=$dev/udhr/sentences/$lang.txt
  [ -f "$file" ] || { echo "missing $file" >&2; exit 1; }
  awk 1 "$file" | grep -v '^[[:space:]]*$' >>"$corpus" || true
done
echo "corpus: $(wc -l <"$corpus") lines, $(wc -m <"$corpus") characters, $(wc -c <"$corpus") bytes" \
  "(udhr/sentences, 21 languages: $candidates)"
echo "machine: $(nproc) cores, $(uname -srm)"

names=(); rates=(); rsss=()
# measure NAME COMMAND...: runs under /usr/bin/time -v, records `detect: N lines/s` and the peak RSS.
measure() {
  local name=$1; shift
  echo
  echo "\$ $*"
  if ! /usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"; then
    sed 's/^/  /' "$tmp/out" "$tmp/err" >&2
    echo "  $name: failed, skipped" >&2
    return 0
  fi
  sed 's/^/  /' "$tmp/out"
  local rate rss
  rate=$(sed -n 's/^detect: *\([0-9][0-9.]*\) *lines\/s.*/\1/p' "$tmp/out" | tail -1)
  rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$tmp/time")
  if [ -z "$rate" ]; then
    echo "  $name: no 'detect: N lines/s' line in the output, skipped" >&2
    return 0
  fi
  names+=("$name"); rates+=("$rate"); rsss+=("${rss:-0}")
}

lingua_version=$("$python" -c 'from importlib.metadata import version; print(version("lingua-language-detector"))')
measure "lingua-high" "$python" Tools/langid/lingua_detect.py --bench --rounds "$rounds" --lines "$corpus" --candidates "$candidates"
if [ -n "${LINGUA_LOW:-}" ]; then
  measure "lingua-low" "$python" Tools/langid/lingua_detect.py --bench --low-accuracy --rounds "$rounds" --lines "$corpus" --candidates "$candidates"
fi
if [ ! -x "$parley" ]; then
  echo; echo "parley: $parley is not built, skipped (swift build -c release --product parley)"
elif ! "$parley" bench --help 2>/dev/null | grep -qE '^[[:space:]]+detect([[:space:]]|$)'; then
  echo; echo "parley: $parley has no 'bench detect' command yet, skipped"
else
  measure "parley" "$parley" bench detect "$corpus" --candidates "$candidates"
fi

echo
echo "lingua-language-detector $lingua_version; peak RSS from /usr/bin/time -v"
printf '%-14s %12s %14s\n' detector "lines/s" "peak RSS MiB"
for i in "${!names[@]}"; do
  printf '%-14s %12.1f %14.1f\n' "${names[$i]}" "${rates[$i]}" "$(echo "${rsss[$i]} / 1024" | bc -l)"
done
printf '%s\n' "${names[@]}" | grep -qx parley || echo "ratio parley / lingua: n/a (parley was skipped)"
for i in "${!names[@]}"; do
  [ "${names[$i]}" = parley ] || continue
  for j in "${!names[@]}"; do
    [ "${names[$j]}" = parley ] && continue
    printf 'ratio parley / %s: throughput %.2fx, peak RSS %.2fx\n' "${names[$j]}" \
      "$(echo "${rates[$i]} / ${rates[$j]}" | bc -l)" "$(echo "${rsss[$i]} / ${rsss[$j]}" | bc -l)"
  done
done
