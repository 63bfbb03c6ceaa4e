#!/usr/bin/env python3
"""Differential test of `parley render` against ICU4C's MessageFormat on random messages.

Generates N random messages (plurals with offsets and exact values, ordinals, selects, nesting,
apostrophe quoting, number/date/time styles, skeletons and patterns, in many locales) with
arguments of fitting types, renders them with both, and reports every difference.

    Tools/differential-render.py PEER_BINARY PARLEY_BINARY [N] [SEED]

PEER_BINARY is shared/bench/icu4c-msgfmt-bench.cpp built as its header says.
"""
import json
import random
import subprocess
import sys
import tempfile

LOCALES = ["en", "en-GB", "en-IN", "de", "de-CH", "fr", "fr-CA", "es", "es-MX", "es-419", "pt-BR", "pt-PT", "it", "nl",
           "ru", "uk", "pl", "cs", "lt", "sl", "ga", "cy", "ar", "ar-EG", "he", "tr", "id", "vi", "th", "hi", "bn", "fa",
           "ja", "ko", "zh-Hans", "zh-Hant", "zh-Hant-HK", "sv", "fi", "da", "nb", "ro", "hu", "el", "sr", "hr", "ms", "sw"]
NUMBER_STYLES = ["", ", integer", ", percent", ", currency", ", ::currency/EUR", ", ::currency/JPY", ", ::compact-short",
                 ", ::compact-long", ", ::.00", ", ::percent", ", ::scientific", ", ::sign-always", ", ::precision-integer",
                 ", ::group-off", ", #,##0.00", ",#,##0.###", ",0.0", ", ::unit/kilometer unit-width-full-name"]
DATE_STYLES = ["", ", short", ", medium", ", long", ", full", ", ::yMMMd", ", ::yMMMMEEEEd", ", ::MMMd", ", ::yM",
               ",dd.MM.yyyy", ",EEE, d MMM y", ",y-MM-dd"]
TIME_STYLES = ["", ", short", ", medium", ", long", ", ::Hm", ", ::hms", ",HH:mm"]
TEXT = ["Hi ", "we got ", " report", ". ", "It's ", "can''t ", "'{'x'}' ", "ok ", "ça ", "日本 ", "привет ", "مرحبا ", " "]
CATEGORIES = ["zero", "one", "two", "few", "many", "other"]


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.args = {}
        self.count = 0

    def name(self, kind):
        self.count += 1
        name = f"{kind}{self.count}"
        return name

    def text(self):
        return self.rng.choice(TEXT)

    def message(self, depth, in_plural=False):
        parts = []
        for _ in range(self.rng.randint(1, 3)):
            r = self.rng.random()
            if r < 0.3:
                parts.append(self.text())
            elif r < 0.45 and in_plural:
                parts.append("#")
            elif r < 0.6:
                parts.append(self.simple())
            elif depth < 3 and r < 0.8:
                parts.append(self.plural(depth))
            elif depth < 3:
                parts.append(self.select(depth))
            else:
                parts.append(self.text())
        return "".join(parts)

    def simple(self):
        kind = self.rng.choice(["string", "number", "date", "time", "plainnumber", "plaindate", "spellout"])
        name = self.name("a")
        if kind == "string":
            self.args[name] = self.rng.choice(["Alex", "Léa", "王伟", "", "x y"])
            return "{" + name + "}"
        if kind in ("number", "plainnumber"):
            self.args[name] = self.number()
            return "{" + name + "}" if kind == "plainnumber" else "{" + name + ", number" + self.rng.choice(NUMBER_STYLES) + "}"
        if kind == "spellout":
            self.args[name] = self.rng.choice([0, 1, 3, 21, 42, 100, 1234])
            return "{" + name + ", " + self.rng.choice(["spellout", "ordinal"]) + "}"
        self.args[name] = self.date()
        if kind == "plaindate":
            return "{" + name + "}"
        if kind == "date":
            return "{" + name + ", date" + self.rng.choice(DATE_STYLES) + "}"
        return "{" + name + ", time" + self.rng.choice(TIME_STYLES) + "}"

    def number(self):
        return self.rng.choice([0, 1, 2, 3, 5, 11, 21, 22, 101, 1000, 12345, 1000000, -3, 1.5, 0.5, 2.25, 1234.5678,
                                0.001, 99.999, 1e6, 7.0, self.rng.randint(0, 10**7), round(self.rng.random() * 1000, 3)])

    def date(self):
        year = self.rng.choice([1970, 1999, 2000, 2026, 2027, 2038, 2100])
        return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}T{self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}:{self.rng.randint(0, 59):02d}Z"

    def plural(self, depth):
        name = self.name("n")
        self.args[name] = self.number()
        kind = self.rng.choice(["plural", "plural", "selectordinal"])
        head = "{" + name + ", " + kind + ","
        if kind == "plural" and self.rng.random() < 0.3:
            head += " offset:" + self.rng.choice(["1", "2", "0.5"])
        variants = []
        for value in self.rng.sample(["=0", "=1", "=2", "=1.5"], self.rng.randint(0, 2)):
            variants.append(f" {value} {{{self.message(depth + 1, True)}}}")
        for category in self.rng.sample(CATEGORIES[:-1], self.rng.randint(0, 5)):
            variants.append(f" {category} {{{self.message(depth + 1, True)}}}")
        variants.append(f" other {{{self.message(depth + 1, True)}}}")
        self.rng.shuffle(variants)
        return head + "".join(variants) + "}"

    def select(self, depth):
        name = self.name("s")
        keys = self.rng.sample(["female", "male", "admin", "x"], self.rng.randint(0, 3))
        self.args[name] = self.rng.choice(keys + ["none"])
        variants = [f" {key} {{{self.message(depth + 1)}}}" for key in keys] + [f" other {{{self.message(depth + 1)}}}"]
        return "{" + name + ", select," + "".join(variants) + "}"


def peer(binary, line):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
    p = subprocess.run([binary, f.name, "0", "--outputs"], capture_output=True, text=True)
    return json.loads(p.stdout)["output"] if p.returncode == 0 else None


def main():
    peer_binary, parley_binary = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    lines, expected = [], []
    while len(lines) < count:
        gen = Gen(rng)
        message = gen.message(0)
        line = {"id": str(len(lines)), "locale": rng.choice(LOCALES), "message": message, "args": gen.args}
        output = peer(peer_binary, line)
        if output is None:
            continue  # ICU4C refuses it (e.g. a plural argument that is not a number): not comparable
        lines.append(line)
        expected.append(output)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines))
    ours = subprocess.run([parley_binary, "render", "--corpus", f.name], capture_output=True, text=True, check=True)
    differences = 0
    for line, want, got in zip(lines, expected, ours.stdout.splitlines()):
        got = json.loads(got)
        if got.get("output") != want:
            differences += 1
            print(json.dumps({"line": line, "icu4c": want, "parley": got}, ensure_ascii=False))
    print(f"differential: {len(lines) - differences} passed, {differences} failed")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
