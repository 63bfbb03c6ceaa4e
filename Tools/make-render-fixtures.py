#!/usr/bin/env python3
"""Writes Tests/MessageFormatTests/Fixtures/render.json: render cases with the output of ICU4C's
own MessageFormat, the reference Parley's renderer must match byte for byte.

It runs the peer benchmark program (shared/bench/icu4c-msgfmt-bench.cpp, built as its header says)
once per case in its --outputs mode. Usage:

    Tools/make-render-fixtures.py /path/to/icu4c-msgfmt-bench
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests/MessageFormatTests/Fixtures/render.json"

def plural_cases(locale, message, counts, name="n"):
    return [(locale, message, {name: c}) for c in counts]

CASES = []
# Locales with many plural forms: every category, integers and decimals.
CASES += plural_cases("ar", "{n, plural, zero {لا رسائل} one {رسالة واحدة} two {رسالتان} few {# رسائل} many {# رسالة} other {# رسالة}}",
                      [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111, 1000, 1.5, 0.5])
CASES += plural_cases("cy", "{n, plural, zero {dim negeseuon} one {# neges} two {# neges} few {# neges} many {# neges} other {# neges}}",
                      [0, 1, 2, 3, 4, 5, 6, 7, 20, 100, 1.5])
CASES += plural_cases("ru", "{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}}",
                      [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1.5, 2.5, 1000000])
CASES += plural_cases("pl", "{n, plural, one {# plik} few {# pliki} many {# plików} other {# pliku}}",
                      [0, 1, 2, 4, 5, 12, 22, 25, 112, 122, 1.5])
CASES += plural_cases("lt", "{n, plural, one {# failas} few {# failai} many {# failo} other {# failų}}",
                      [0, 1, 2, 9, 10, 11, 19, 21, 22, 0.5, 1.5, 10.1])
CASES += plural_cases("ga", "{n, plural, one {# chomhad} two {# chomhad} few {# chomhad} many {# gcomhad} other {# comhad}}",
                      [0, 1, 2, 3, 6, 7, 10, 11, 1.5])
CASES += plural_cases("sl", "{n, plural, one {# datoteka} two {# datoteki} few {# datoteke} other {# datotek}}",
                      [0, 1, 2, 3, 4, 5, 101, 102, 103, 105, 1.5])
CASES += plural_cases("he", "{n, plural, one {קובץ אחד} two {שני קבצים} other {# קבצים}}", [1, 2, 3, 10, 20])
CASES += plural_cases("fr", "{n, plural, one {# vue} many {# de vues} other {# vues}}", [0, 1, 1.5, 2, 1000000, 2000000, 1000001])
CASES += plural_cases("ja", "{n, plural, other {#件}}", [0, 1, 1234567])
# Ordinals.
CASES += plural_cases("en", "{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}", [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111])
CASES += plural_cases("cy", "{n, selectordinal, zero {#fed} one {#af} two {#ail} few {#ydd} many {#fed} other {#ain}}", [0, 1, 2, 3, 4, 5, 6, 7])
# Offsets and exact values.
CASES += plural_cases("en", "{n, plural, offset:1 =0 {nobody} =1 {just {host}} one {{host} and # other} other {{host} and # others}}",
                      [0, 1, 2, 3, 10], name="n")
for c in CASES[-5:]:
    c[2]["host"] = "Mia"
CASES += plural_cases("en", "{n, plural, =1.5 {one and a half} one {one} other {#}}", [1, 1.5, 2])
# Plural selection on the displayed number.
CASES += plural_cases("en", "{n, plural, one {# item} other {# items}}", [1, 1.0, 1.5, 0, 2])
CASES += plural_cases("en", "{n, plural, one {a} other {{n, number, #.00} b}}", [1, 2])
CASES += plural_cases("en", "{n, plural, one {a} other {{n, number, ::.00} b}}", [1, 2])
CASES += plural_cases("en", "{n, plural, one {# item} other {# items}}", [1.0001, 1.00001])
# Select, nesting, #.
CASES += [("en", "{g, select, female {She} male {He} other {They}} replied.", {"g": g}) for g in ["female", "male", "x", "other"]]
CASES += [("en", "{role, select, admin {{n, plural, one {# admin post} other {# admin posts}}} other {{n, plural, one {# post} other {# posts}}}}",
           {"role": r, "n": n}) for r in ["admin", "member"] for n in [1, 5]]
CASES += [("en", "{n, plural, other {{g, select, other {# stays}}}}", {"n": 3, "g": "x"})]
CASES += [("en", "{n, plural, one {{m, plural, one {# and one} other {# and many}}} other {outer #}}", {"n": 1, "m": 7})]
# Apostrophes.
CASES += [("en", "It's {n}", {"n": 1}), ("en", "It''s {n}", {"n": 1}), ("en", "'{n}' is literal", {"n": 1}),
          ("en", "'{'braces'}' and {n}", {"n": 1}), ("en", "'{n", {"n": 1}), ("en", "a } b {n}", {"n": 1}),
          ("en", "{n, plural, other {'#' is #}}", {"n": 5}), ("en", "quote ''{n}''", {"n": 2}),
          ("en", "x'y'z", {}), ("en", "'", {}), ("en", "''''", {}), ("en", "'{'''}'", {})]
# Number styles.
CASES += [("en", "{n, number}", {"n": 1234.5678}), ("en", "{n, number, integer}", {"n": 2.5}), ("en", "{n, number, integer}", {"n": 3.5}),
          ("de", "{n, number, percent}", {"n": 0.256}), ("en-US", "{n, number, currency}", {"n": 9.99}), ("ja-JP", "{n, number, currency}", {"n": 1200}),
          ("en", "{n, number, #,##0.00}", {"n": 1234.5}), ("en", "{n,number,#,##0.00}", {"n": 1234.5}), ("fr", "{n, number, 0.0}", {"n": 3.14159}),
          ("en", "{n, number, ::compact-short}", {"n": 15300}), ("de", "{n, number, ::currency/EUR unit-width-iso-code}", {"n": 10}),
          ("en", "{n, number, ::percent .0}", {"n": 12.345}), ("ar", "{n, number}", {"n": 1234567.891}), ("hi", "{n}", {"n": 12345678}),
          ("fa", "{n}", {"n": 1234}), ("en", "{n, spellout}", {"n": 42}), ("fr", "{n, spellout}", {"n": 71}), ("en", "{n, ordinal}", {"n": 22}),
          ("en", "{n, spellout, %spellout-ordinal}", {"n": 3}), ("en", "{n, spellout,%spellout-ordinal}", {"n": 3}), ("en", "{n, duration}", {"n": 3725}), ("en", "{n}", {"n": -12.5}),
          ("de", "{n}", {"n": 1000000}), ("es", "{n}", {"n": 1000}), ("es", "{n}", {"n": 12345}), ("pl", "{n}", {"n": 1234}),
          ("en", "{n}", {"n": 1e21}), ("en", "{n}", {"n": 0.000123})]
# Dates and times (UTC).
WHEN = "2026-03-14T08:05:09Z"
for loc in ["en", "de", "fr", "ru", "ar", "ja", "zh-Hant", "ko", "es-MX", "pt-BR", "th", "fa", "he", "hi", "tr", "pl"]:
    CASES += [(loc, "{d, date, short} | {d, date, medium} | {d, date, long} | {d, date, full}", {"d": WHEN}),
              (loc, "{d, time, short} | {d, time} | {d, time, full}", {"d": WHEN})]
CASES += [("en", "{d, date, ::yMMMMd}", {"d": WHEN}), ("ja", "{d, date, ::MMMEd}", {"d": WHEN}), ("en", "{d, date, dd.MM.yyyy}", {"d": WHEN}),
          ("en", "{d, date, EEEE 'at' h:mm a}", {"d": WHEN}), ("en", "{d}", {"d": WHEN}), ("de", "{d}", {"d": WHEN}),
          ("en", "{d, date, long}", {"d": "1999-12-31T23:59:59Z"}), ("en", "{d, date, long}", {"d": "1970-01-01T00:00:00Z"}),
          ("en", "{d, date, full}", {"d": "2000-02-29T12:00:00Z"}), ("en", "{d, date, yyyy G}", {"d": "1600-06-01T00:00:00Z"})]
# Missing arguments show as {name}.
CASES += [("en", "Hi {name}, you have {n, plural, one {# message} other {# messages}}.", {}),
          ("en", "Hi {name}.", {"other": "x"})]


def run(binary, locale, message, args):
    line = json.dumps({"id": "x", "locale": locale, "message": message, "args": args}, ensure_ascii=False)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write(line + "\n")
    p = subprocess.run([binary, f.name, "0", "--outputs"], capture_output=True, text=True)
    Path(f.name).unlink()
    if p.returncode != 0:
        raise SystemExit(f"ICU4C rejects {locale} {message!r}: {p.stderr.strip()}")
    return json.loads(p.stdout)["output"]


def main():
    binary = sys.argv[1]
    cases = [{"locale": l, "message": m, "args": a, "expected": run(binary, l, m, a)} for l, m, a in CASES]
    OUT.write_text(json.dumps({"source": "ICU4C 72 MessageFormat, via Tools/make-render-fixtures.py", "cases": cases},
                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
