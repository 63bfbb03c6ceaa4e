#!/usr/bin/env python3
"""Lingua as a peer detector for measurement, with the same command-line contract as `parley detect`.

    python3 Tools/langid/lingua_detect.py --lines FILE [--candidates en,de,...] [--low-accuracy]

prints one line `TAG<TAB>CONFIDENCE` per line of FILE (UTF-8, split on LF), in order: TAG is the
ISO 639-1 code in lowercase, or `und` when lingua returns no language; CONFIDENCE is the top value of
compute_language_confidence_values. The detector is built from the candidate languages, or from all
of lingua's languages when none are given; high-accuracy mode unless --low-accuracy.

    python3 Tools/langid/lingua_detect.py --bench --lines FILE [--candidates ...] [--rounds 3]

loads the models first (with_preloaded_language_models), then times detect_language_of over every
line in this process, one thread, and prints `detect: N lines/s` (the median of the rounds, after
one warm-up round) and the peak resident set size (getrusage ru_maxrss).

Lingua is only a peer to measure Parley against: it is installed with pip, never bundled.
Tested with lingua-language-detector==2.1.1 (pip install lingua-language-detector==2.1.1).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time

try:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
except ImportError:
    sys.exit("lingua_detect: lingua is missing: pip install lingua-language-detector==2.1.1")

# Tags other tools print for languages lingua knows under another code.
ALIASES = {"no": "nb", "fil": "tl", "iw": "he", "in": "id"}


def lingua_version() -> str:
    try:
        from importlib.metadata import version
        return version("lingua-language-detector")
    except Exception:
        return "unknown"


def languages_from(candidates: str | None) -> list[Language]:
    if not candidates:
        return list(Language.all())
    by_code = {lang.iso_code_639_1.name.lower(): lang for lang in Language.all()}
    chosen, unsupported = [], []
    for tag in candidates.split(","):
        if not tag.strip():
            continue
        code = tag.strip().replace("_", "-").split("-", 1)[0].lower()
        code = ALIASES.get(code, code)
        if code in by_code:
            if by_code[code] not in chosen:
                chosen.append(by_code[code])
        else:
            unsupported.append(tag.strip())
    if unsupported:
        sys.exit(f"lingua_detect: lingua {lingua_version()} has no model for: {','.join(unsupported)}")
    if not chosen:
        sys.exit("lingua_detect: --candidates names no language")
    return chosen


def read_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    if data.startswith("\ufeff"):
        data = data[1:]
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def tag_of(language) -> str:
    return "und" if language is None else language.iso_code_639_1.name.lower()


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description="Lingua behind the `parley detect` command-line contract.")
    parser.add_argument("--lines", required=True, metavar="FILE", help="UTF-8 file, one text per line")
    parser.add_argument("--candidates", help="comma-separated language tags (default: all of lingua's languages)")
    parser.add_argument("--low-accuracy", action="store_true", help="lingua's low-accuracy mode")
    parser.add_argument("--bench", action="store_true", help="time detection of all lines in-process")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds in --bench (default: %(default)s)")
    args = parser.parse_args()

    languages = languages_from(args.candidates)
    lines = read_lines(args.lines)
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if args.low_accuracy:
        builder = builder.with_low_accuracy_mode()

    if not args.bench:
        detector = builder.build()
        tags = detector.detect_languages_in_parallel_of(lines)
        values = detector.compute_language_confidence_values_in_parallel(lines)
        out = sys.stdout
        for language, confidences in zip(tags, values):
            top = confidences[0].value if confidences else 0.0
            out.write(f"{tag_of(language)}\t{top:.4f}\n")
        out.flush()
        return 0

    if not lines:
        sys.exit("lingua_detect: --bench needs a non-empty file")
    started = time.perf_counter()
    detector = builder.with_preloaded_language_models().build()
    load = time.perf_counter() - started
    detect = detector.detect_language_of
    for text in lines:  # warm-up round
        detect(text)
    rates = []
    for _ in range(max(1, args.rounds)):
        started = time.perf_counter()
        for text in lines:
            detect(text)
        rates.append(len(lines) / (time.perf_counter() - started))
    mode = "low" if args.low_accuracy else "high"
    chars = sum(len(text) for text in lines)
    print(f"lingua {lingua_version()} {mode} accuracy, {len(languages)} languages, "
          f"models preloaded in {load:.2f} s")
    print(f"lines: {len(lines)} ({chars} characters), rounds: {len(rates)} after 1 warm-up, "
          f"rounds lines/s: {' '.join(f'{r:.0f}' for r in rates)}")
    print(f"detect: {statistics.median(rates):.1f} lines/s")
    print(f"peak RSS: {peak_rss_kib()} KiB ({peak_rss_kib() / 1024:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
