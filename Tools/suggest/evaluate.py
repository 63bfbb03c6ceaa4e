#!/usr/bin/env python3
"""Suggestion accuracy on a set of customer messages, through `parley suggest --lines`.

Each line of the set is {"locale", "key", "text"}: a customer's message and the template that
answers it. The messages go to the CLI without their locale (it detects the language, as the
service does), and the figures are the share whose expected key is the first suggestion (top-1)
and among the first three (top-3), overall and per locale.

    python3 Tools/suggest/evaluate.py .build/debug/parley Tools/suggest/dev.jsonl --catalog Locales/ \
        [--min-top1 0.85 --min-top3 0.95] [--json]

With floors, exits 1 when a figure is below its floor.
"""
import argparse
import collections
import json
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parley")
    parser.add_argument("set")
    parser.add_argument("--catalog", default="Locales/")
    parser.add_argument("--min-top1", type=float)
    parser.add_argument("--min-top3", type=float)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    rows = [json.loads(line) for line in open(args.set, encoding="utf-8") if line.strip()]
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt") as lines:
        # One message per line: a message's own line breaks would split it.
        lines.write("".join(row["text"].replace("\r", " ").replace("\n", " ") + "\n" for row in rows))
        lines.flush()
        output = subprocess.run([args.parley, "suggest", "--lines", lines.name, "--top", "3", "--catalog", args.catalog],
                                check=True, capture_output=True, text=True, timeout=600).stdout
    answers = output.split("\n")[: len(rows)]
    if len(answers) != len(rows):
        sys.exit(f"expected {len(rows)} answer lines, got {len(answers)}")

    per_locale = collections.defaultdict(lambda: [0, 0, 0])
    misses = []
    for row, answer in zip(rows, answers):
        keys = [key for key in answer.split(",") if key]
        counts = per_locale[row["locale"]]
        counts[0] += 1
        counts[1] += keys[:1] == [row["key"]]
        counts[2] += row["key"] in keys[:3]
        if keys[:1] != [row["key"]]:
            misses.append({"locale": row["locale"], "expected": row["key"], "got": keys})
    total = [sum(c[i] for c in per_locale.values()) for i in range(3)]
    summary = {
        "n": total[0], "top1": total[1] / total[0], "top3": total[2] / total[0],
        "locales": {tag: {"n": c[0], "top1": c[1] / c[0], "top3": c[2] / c[0]} for tag, c in sorted(per_locale.items())},
        "misses": misses,
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"{'locale':<8} {'n':>4} {'top-1':>7} {'top-3':>7}")
        for tag, figures in summary["locales"].items():
            print(f"{tag:<8} {figures['n']:>4} {figures['top1']:>7.3f} {figures['top3']:>7.3f}")
        print(f"{'all':<8} {summary['n']:>4} {summary['top1']:>7.3f} {summary['top3']:>7.3f}")
    failed = [name for name, floor in (("top1", args.min_top1), ("top3", args.min_top3))
              if floor is not None and summary[name] < floor]
    if failed:
        sys.exit(f"below the floor: " + ", ".join(f"{name} {summary[name]:.3f}" for name in failed))


if __name__ == "__main__":
    main()
