#!/usr/bin/env bash
# Parley and lingua-high on one split of the development set (SOURCES.md), the 21 evaluation
# languages as candidates, Catalan and Galician outside them; then the customer examples of
# issue 16 with the 17 seed locales, and peak RSS of `detect --lines` on 20 000 sentences.
#
#   Tools/langid/devset/measure.sh [holdout|calibration]    (default: holdout)
#
# PARLEY (default .build/release/parley), PYTHON (a Python with lingua-language-detector==2.1.1;
# default python3), PARLEY_LANGID_MODEL (another model file for the same binary), SKIP_LINGUA=1.
set -euo pipefail
cd "$(dirname "$0")/../../.."
SPLIT=${1:-holdout}
PARLEY=${PARLEY:-.build/release/parley}
PYTHON=${PYTHON:-python3}
DEV=Tools/langid/devset/$SPLIT
L=ar,de,en,es,fa,fr,he,hi,id,it,ja,ko,nl,pl,pt,ru,th,tr,uk,vi,zh
SEED=en,zh-Hans,zh-Hant,ja,ko,es,es-419,pt-BR,fr,de,ru,ar,id,vi,th,tr,hi
OUT=${OUT:-$(mktemp -d)}

echo "== Parley ($PARLEY, model ${PARLEY_LANGID_MODEL:-bundled}) on $DEV"
$PYTHON Tools/langid/evaluate.py "$DEV" --candidates $L --languages $L --unknown ca,gl --jobs 2 | tee "$OUT/parley.txt"
if [ -z "${SKIP_LINGUA:-}" ]; then
  echo "== lingua high on $DEV"
  $PYTHON Tools/langid/evaluate.py "$DEV" --detector "$PYTHON Tools/langid/lingua_detect.py" \
      --candidates $L --languages $L --unknown ca,gl --jobs 2 | tee "$OUT/lingua.txt"
fi

echo "== issue 16 examples, the 17 seed locales as candidates"
printf '%s\n' 'сбросьте пароль на почту' 'videom neden silindi hicbir kurali ihlal etmedim' \
  'canli yayinim surekli donuyor' 'Wo findet man Jusos im Rhein-Neckar-Kreis?' \
  'Семен лихорадочно обдумывал положение.' > "$OUT/examples.txt"
printf '%s\n' ru tr tr de ru > "$OUT/expected.txt"
"$PARLEY" detect --lines "$OUT/examples.txt" --candidates $SEED | paste "$OUT/expected.txt" - "$OUT/examples.txt"

echo "== peak RSS, detect --lines on 20 000 sentences of $DEV (gettext, man, tatoeba)"
awk 'length($0) > 0 { print; if (++n == 20000) exit }' "$DEV"/{gettext,man,tatoeba}/*.txt > "$OUT/20k.txt"
/usr/bin/time -v "$PARLEY" detect --lines "$OUT/20k.txt" --candidates $L 2> "$OUT/rss-parley.txt" > /dev/null
echo "Parley: $(grep 'Maximum resident' "$OUT/rss-parley.txt" | awk '{print $NF}') kB, $(grep 'Elapsed' "$OUT/rss-parley.txt" | awk '{print $NF}')"
if [ -z "${SKIP_LINGUA:-}" ]; then
  /usr/bin/time -v $PYTHON Tools/langid/lingua_detect.py --lines "$OUT/20k.txt" --candidates $L 2> "$OUT/rss-lingua.txt" > /dev/null
  echo "lingua high: $(grep 'Maximum resident' "$OUT/rss-lingua.txt" | awk '{print $NF}') kB, $(grep 'Elapsed' "$OUT/rss-lingua.txt" | awk '{print $NF}')"
fi
echo "(outputs in $OUT)"
