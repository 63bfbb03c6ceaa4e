#!/usr/bin/env python3
"""Evaluate a language detector over a folder tree of LANG.txt files.

The detector is any command that follows this contract:

    CMD --lines FILE [--candidates en,de,...]

It reads FILE (UTF-8, one text per line) and prints exactly one line per input line, in order:
``TAG<TAB>CONFIDENCE``, with TAG ``und`` when it cannot tell. It is run once per LANG.txt file, so
a model loads once per file, not once per text.

Layout: every folder under a ROOT that holds LANG.txt files is a *class* (for example
udhr/single-words, udhr/word-pairs, udhr/sentences). A ROOT that holds LANG.txt files itself is one
class named after the folder (for example tatoeba). LANG is the file's language tag.

Matching: a prediction is correct when its primary language subtag, lowercased, equals the file's
(``zh-Hans`` and ``zh_TW`` match ``zh.txt``), with two pairs taken as one language: ``nb``/``no``
(Norwegian Bokmål; the macrolanguage tag is what many detectors print) and ``fil``/``tl`` (Filipino /
Tagalog). Files named with ``--unknown`` are languages outside the detector's set; the correct
answer for them is ``und``. Blank lines are not texts and are skipped.

Reported per class: accuracy and ``und`` rate per language, the macro mean of accuracy over the
in-set languages, the pooled ``und`` rate of in-set texts, the ``und`` rate of each unknown-language
file (its accuracy), and the top confusions (expected -> got: a wrong *language* was printed; ``und``
answers are counted in the und rates, not here). Standard library only.

    python3 Tools/langid/evaluate.py /work/shared/langid/dev/udhr \\
        --detector "python3 Tools/langid/lingua_detect.py" --candidates en,de,fr
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

ALIASES = {"no": "nb", "fil": "tl"}
UND = "und"


def primary(tag: str) -> str:
    """Primary language subtag, lowercased, with the nb/no and fil/tl pairs folded together."""
    subtag = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return ALIASES.get(subtag, subtag)


def parse_tags(value: str | None) -> list[str]:
    if not value:
        return []
    return [t.strip() for t in value.split(",") if t.strip()]


def read_texts(path: str) -> tuple[list[str], bool]:
    """Lines of a UTF-8 file split on LF only (a text may hold U+2028 and the like); blank lines are
    dropped. Returns the texts and whether any line was dropped."""
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    if data.startswith("\ufeff"):
        data = data[1:]
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    texts = [line for line in lines if line.strip()]
    return texts, len(texts) != len(lines)


def discover(roots: list[str]) -> list[dict]:
    """Every folder holding *.txt files is a class: [{name, path, files: {LANG: path}}]."""
    classes = []
    for root in roots:
        root = os.path.normpath(root)
        if not os.path.isdir(root):
            raise SystemExit(f"evaluate: not a folder: {root}")
        base = os.path.basename(os.path.abspath(root))
        for directory, subdirs, files in os.walk(root):
            subdirs.sort()
            txt = sorted(f for f in files if f.endswith(".txt"))
            if not txt:
                continue
            rel = os.path.relpath(directory, root)
            if rel == ".":
                name = base
            elif len(roots) > 1:
                name = f"{base}/{rel}"
            else:
                name = rel
            classes.append({
                "name": name.replace(os.sep, "/"),
                "path": directory,
                "files": {f[:-4]: os.path.join(directory, f) for f in txt},
            })
    return classes


class DetectorError(Exception):
    pass


def run_detector(argv: list[str], path: str, candidates: list[str], timeout: float | None):
    """Runs the detector over one file; returns [(raw tag, confidence or None)] and the seconds."""
    texts, dropped = read_texts(path)
    tmp = None
    if dropped:
        tmp = tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False)
        tmp.write("".join(t + "\n" for t in texts))
        tmp.close()
    cmd = argv + ["--lines", tmp.name if tmp else path]
    if candidates:
        cmd += ["--candidates", ",".join(candidates)]
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except FileNotFoundError as e:
        raise DetectorError(f"cannot run {shlex.join(cmd)}: {e}") from None
    except subprocess.TimeoutExpired:
        raise DetectorError(f"timed out after {timeout} s: {shlex.join(cmd)}") from None
    finally:
        if tmp:
            os.unlink(tmp.name)
    seconds = time.monotonic() - started
    stderr = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        raise DetectorError(f"exit status {proc.returncode}: {shlex.join(cmd)}\n{stderr}")
    out = proc.stdout.decode("utf-8", "replace").split("\n")
    if out and out[-1] == "":
        out.pop()
    if len(out) != len(texts):
        raise DetectorError(f"{len(out)} output lines for {len(texts)} texts: {shlex.join(cmd)}\n{stderr}")
    results = []
    for number, line in enumerate(out, 1):
        fields = line.rstrip("\r").split("\t")
        tag = fields[0].strip()
        if not tag:
            raise DetectorError(f"output line {number} has no tag ({line!r}): {shlex.join(cmd)}")
        confidence = None
        if len(fields) > 1 and fields[1].strip():
            try:
                confidence = float(fields[1])
            except ValueError:
                raise DetectorError(f"output line {number}: bad confidence {fields[1]!r}: {shlex.join(cmd)}") from None
        results.append((tag, confidence))
    return results, seconds


def score(lang: str, unknown: bool, results) -> dict:
    expected = UND if unknown else primary(lang)
    predictions = Counter(primary(tag) for tag, _ in results)
    n = len(results)
    und = predictions.get(UND, 0)
    correct = predictions.get(expected, 0)
    conf = [c for _, c in results if c is not None]
    return {
        "language": lang,
        "expected": expected,
        "n": n,
        "correct": correct,
        "accuracy": correct / n if n else None,
        "und": und,
        "und_rate": und / n if n else None,
        "mean_confidence": sum(conf) / len(conf) if conf else None,
        "predictions": dict(predictions.most_common()),
    }


def confusions(entries: list[dict], top: int) -> list[dict]:
    counts = Counter()
    for e in entries:
        for got, count in e["predictions"].items():
            if got != e["expected"] and got != UND:
                counts[(e["language"], got)] += count
    return [{"expected": exp, "got": got, "count": c} for (exp, got), c in counts.most_common(top)]


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def listing(pairs, limit: int = 6) -> str:
    pairs = list(pairs)
    text = ", ".join(f"{g} {c}" for g, c in pairs[:limit])
    return text + (", …" if len(pairs) > limit else "")


def pct(value) -> str:
    return "    -" if value is None else f"{100 * value:5.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Accuracy, und rate and confusions of a language detector over LANG.txt files.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Matching: primary language subtag, case-insensitive (zh-Hans matches zh); nb = no, tl = fil.",
    )
    parser.add_argument("roots", nargs="+", metavar="ROOT",
                        help="folder tree of LANG.txt files; each folder holding them is a class")
    parser.add_argument("--detector", default=".build/release/parley detect",
                        help="detector command, split with shlex (default: %(default)s)")
    parser.add_argument("--candidates", help="comma-separated tags passed through as --candidates")
    parser.add_argument("--languages", help="comma-separated: evaluate only these LANG.txt files (and --unknown ones)")
    parser.add_argument("--unknown", help="comma-separated: files whose correct answer is und (e.g. ca,gl)")
    parser.add_argument("--top", type=int, default=10, help="confusions to list (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=1, help="detector processes run at once (default: %(default)s)")
    parser.add_argument("--timeout", type=float, help="seconds allowed for one detector run")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON instead of tables")
    args = parser.parse_args()

    argv = shlex.split(args.detector)
    if not argv:
        parser.error("--detector is empty")
    candidates = parse_tags(args.candidates)
    languages = {primary(t) for t in parse_tags(args.languages)}
    unknown = {primary(t) for t in parse_tags(args.unknown)}
    if languages & unknown:
        parser.error(f"in both --languages and --unknown: {','.join(sorted(languages & unknown))}")
    candidate_set = {primary(t) for t in candidates}

    classes = discover(args.roots)
    if not classes:
        parser.error("no LANG.txt files found")
    jobs = []  # (class index, LANG, path, is unknown)
    for index, cls in enumerate(classes):
        for lang, path in cls["files"].items():
            key = primary(lang)
            if key in unknown:
                jobs.append((index, lang, path, True))
            elif not languages or key in languages:
                jobs.append((index, lang, path, False))
        present = {primary(l) for l in cls["files"]}
        cls["missing"] = sorted((languages | unknown) - present)
    if not jobs:
        parser.error("no LANG.txt file matches --languages / --unknown")
    in_set = {primary(lang) for _, lang, _, u in jobs if not u}
    if candidate_set and in_set - candidate_set:
        print(f"evaluate: note: evaluated languages not among the candidates: "
              f"{','.join(sorted(in_set - candidate_set))}", file=sys.stderr)

    started = time.monotonic()

    def work(job):
        index, lang, path, is_unknown = job
        results, seconds = run_detector(argv, path, candidates, args.timeout)
        entry = score(lang, is_unknown, results)
        entry["seconds"] = round(seconds, 3)
        return index, is_unknown, entry

    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            done = list(pool.map(work, jobs))
    except DetectorError as e:
        print(f"evaluate: detector failed: {e}", file=sys.stderr)
        return 1
    elapsed = time.monotonic() - started

    for cls in classes:
        cls["languages"], cls["unknown"] = {}, {}
    for index, is_unknown, entry in done:
        classes[index]["unknown" if is_unknown else "languages"][entry["language"]] = entry

    report_classes = []
    all_entries = []
    for cls in classes:
        known = list(cls["languages"].values())
        unk = list(cls["unknown"].values())
        if not known and not unk:
            continue
        all_entries += known + unk
        n_known = sum(e["n"] for e in known)
        n_unk = sum(e["n"] for e in unk)
        report_classes.append({
            "name": cls["name"],
            "path": cls["path"],
            "languages": cls["languages"],
            "texts": n_known,
            "macro_accuracy": mean(e["accuracy"] for e in known),
            "micro_accuracy": sum(e["correct"] for e in known) / n_known if n_known else None,
            "und_rate": sum(e["und"] for e in known) / n_known if n_known else None,
            "unknown": cls["unknown"],
            "unknown_texts": n_unk,
            "unknown_und_rate": sum(e["und"] for e in unk) / n_unk if n_unk else None,
            "confusions": confusions(known + unk, args.top),
            "missing": cls["missing"],
        })
    report = {
        "detector": args.detector,
        "candidates": candidates or None,
        "roots": args.roots,
        "matching": "primary language subtag, case-insensitive; nb=no, tl=fil; und expected for --unknown files",
        "seconds": round(elapsed, 3),
        "classes": report_classes,
        "confusions": confusions(all_entries, args.top),
    }

    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0

    print(f"detector: {args.detector}")
    print(f"candidates: {','.join(candidates) if candidates else '(none: the detector default)'}")
    print(f"matching: {report['matching']}")
    print(f"{len(jobs)} detector runs in {elapsed:.1f} s")
    for cls in report_classes:
        print()
        count = len(cls["languages"])
        print(f"== {cls['name']}  ({count} language{'' if count == 1 else 's'}, {cls['texts']} texts; {cls['path']})")
        if cls["languages"]:
            print(f"  {'lang':<8}{'texts':>6}{'acc %':>8}{'und %':>8}  top wrong answers")
            for lang, e in sorted(cls["languages"].items()):
                wrong = listing((g, c) for g, c in e["predictions"].items() if g not in (e["expected"], UND))
                print(f"  {lang:<8}{e['n']:>6}{pct(e['accuracy']):>8}{pct(e['und_rate']):>8}  {wrong}")
            print(f"  {'macro':<8}{'':>6}{pct(cls['macro_accuracy']):>8}")
            print(f"  in-set und rate: {pct(cls['und_rate']).strip()} %  (micro accuracy {pct(cls['micro_accuracy']).strip()} %)")
        for lang, e in sorted(cls["unknown"].items()):
            got = listing((g, c) for g, c in e["predictions"].items() if g != UND)
            print(f"  unknown {lang}: {e['n']} texts, und rate {pct(e['und_rate']).strip()} %; labelled: {got or '-'}")
        if cls["unknown"]:
            print(f"  unknown und rate (pooled): {pct(cls['unknown_und_rate']).strip()} %")
        if cls["missing"]:
            print(f"  requested but no file here: {','.join(cls['missing'])}")
        if cls["confusions"]:
            print("  top confusions: " + "; ".join(f"{c['expected']}→{c['got']} {c['count']}" for c in cls["confusions"]))

    if len(report_classes) > 1:
        names = [c["name"] for c in report_classes]
        width = max(10, *(len(n) + 2 for n in names))
        langs = sorted({l for c in report_classes for l in c["languages"]})
        print()
        print("== accuracy % by class")
        print(f"  {'lang':<8}" + "".join(f"{n:>{width}}" for n in names))
        for lang in langs:
            cells = [c["languages"].get(lang, {}).get("accuracy") for c in report_classes]
            print(f"  {lang:<8}" + "".join(f"{pct(v):>{width}}" for v in cells))
        print(f"  {'macro':<8}" + "".join(f"{pct(c['macro_accuracy']):>{width}}" for c in report_classes))
        print(f"  {'und':<8}" + "".join(f"{pct(c['und_rate']):>{width}}" for c in report_classes))
        if any(c["unknown"] for c in report_classes):
            print(f"  {'unk-und':<8}" + "".join(f"{pct(c['unknown_und_rate']):>{width}}" for c in report_classes))
        if report["confusions"]:
            print("  top confusions overall: " + "; ".join(f"{c['expected']}→{c['got']} {c['count']}" for c in report["confusions"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
