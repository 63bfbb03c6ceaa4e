#!/usr/bin/env python3
"""Guards the detector's accuracy on the development data against regressions.

    python3 Tools/langid/check.py [PARLEY_BINARY]

Runs evaluate.py (which runs `parley detect --lines`) over ../shared/langid/dev with the 21
evaluation languages as candidates, prints one line per figure, and exits 1 when a figure
falls below its floor. The floors sit a little under the figures recorded in BENCHMARKS.md:
they catch a broken model or port, not noise.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEV = os.path.join(HERE, "..", "..", "..", "shared", "langid", "dev")
LANGS = "ar,de,en,es,fa,fr,he,hi,id,it,ja,ko,nl,pl,pt,ru,th,tr,uk,vi,zh"

# figure: (floor, higher is better)
FLOORS = {
    "udhr sentences macro accuracy": (0.99, True),
    "udhr word-pairs macro accuracy": (0.95, True),
    "udhr single-words macro accuracy": (0.87, True),
    "udhr sentences und rate": (0.02, False),
    "tatoeba macro accuracy": (0.98, True),
    "tatoeba in-set und rate": (0.02, False),
    "tatoeba ca und rate": (0.90, True),
    "tatoeba gl und rate": (0.75, True),
}


def evaluate(detector, root, extra):
    command = [sys.executable, os.path.join(HERE, "evaluate.py"), root, "--detector", detector,
               "--candidates", LANGS, "--json"] + extra
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/parley"
    detector = f"{binary} detect"
    figures = {}
    udhr = evaluate(detector, os.path.join(DEV, "udhr"), ["--languages", LANGS])
    for cls in udhr["classes"]:
        figures[f"udhr {cls['name']} macro accuracy"] = cls["macro_accuracy"]
        figures[f"udhr {cls['name']} und rate"] = cls["und_rate"]
    tatoeba = evaluate(detector, os.path.join(DEV, "tatoeba"), ["--languages", "en,es,fr,it,ja,ko,pt,zh", "--unknown", "ca,gl"])
    cls = tatoeba["classes"][0]
    figures["tatoeba macro accuracy"] = cls["macro_accuracy"]
    figures["tatoeba in-set und rate"] = cls["und_rate"]
    for language, result in cls["unknown"].items():
        figures[f"tatoeba {language} und rate"] = result["und_rate"]
    failed = False
    for name, value in sorted(figures.items()):
        floor = FLOORS.get(name)
        verdict = ""
        if floor:
            ok = value >= floor[0] if floor[1] else value <= floor[0]
            verdict = f"  ({'>=' if floor[1] else '<='} {floor[0]:.2f}: {'ok' if ok else 'FAILED'})"
            failed |= not ok
        print(f"langid: {name}: {value:.4f}{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
