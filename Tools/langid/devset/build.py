#!/usr/bin/env python3
"""Builds the language-detection development set (SOURCES.md beside this file).

    python3 Tools/langid/devset/build.py [--out Tools/langid/devset] [--man-root /usr/share/man]
        [--locale-root /usr/share/locale] [--shared ../shared/langid/dev]

Reads openly licensed text that is on the machine (Debian packages' gettext catalogs and
translated manual pages; Tatoeba from ../shared/langid/dev), keeps sentence-like lines,
and splits every language deterministically into two halves by CRC-32 of `tag<TAB>text`:

    calibration/<source>/<tag>.txt   what the und rules may be tuned on
    holdout/<source>/<tag>.txt       measured once, at the end; never tuned on

Sources (classes for evaluate.py): `gettext` (interface strings, msgstr; English: msgid),
`man` (translated manual pages; English: the originals), `tatoeba` (the shared Tatoeba
sample: conversational sentences), and `nodiacritics`: sentences of the other three with
their diacritics removed the way people type on phones (Turkish ı ş ğ ü ö ç → i s g u o c,
Vietnamese without tone and vowel marks, Polish, Portuguese, Spanish and French without
accents, German ä ö ü ß → ae oe ue ss). None of this is training data: train.py reads only
the calibration half (`--devset`), for the thresholds of the und rules.

What is on a machine differs with the Debian packages installed: `packages.txt` (written
here) lists the packages and versions read, with their licences, so that a rebuild can be
compared; `apt-get install` them (Debian 12) to rebuild the same files.
"""
from __future__ import annotations

import argparse
import glob
import gzip
import os
import re
import subprocess
import sys
import unicodedata
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import textproc  # noqa: E402

LANGS = "ar de en es fa fr he hi id it ja ko nl pl pt ru th tr uk vi zh ca gl".split()
NO_SPACES = {"ja", "zh", "th"}
PER_SOURCE_CAP = 3000  # lines per language and source, before the split (a CRC-32 sample)
STRIP_LANGS = "tr vi pl pt es fr de".split()

_PLACEHOLDER = re.compile(
    r"%(\d+\$)?[-+ #0]*(\d+|\*)?(\.\d+)?(hh|h|ll|l|L|q|j|z|t|I64|I32)?[diouxXeEfFgGcsSpn%]"
    r"|%\([^)]*\)[a-z]|\{[^{}]*\}|\$\{[^}]*\}|\$[A-Za-z_]+|<[^<>]*>|&[a-z]+;|\[[^\]]*\]")
_ACCEL = re.compile(r"\(_[A-Za-z0-9]\)|\(&[A-Za-z0-9]\)|_(?=\w)|&(?=\w)")
_TECH = re.compile(r"(^|\s)(--?[A-Za-z]|/[\w.]+/|\w+\.\w{2,4}(\s|$)|https?:|www\.)|[=@\\|`]")


def crc(tag: str, text: str) -> int:
    return zlib.crc32(f"{tag}\t{text}".encode("utf-8"))


def lang_of_locale(name: str):
    base = name.split("@")[0]
    if "@" in name and name != "ca@valencia":
        return None
    code = base.split("_")[0].lower()
    return code if code in LANGS else None


GROUP = {"ar": "Arab", "fa": "Arab", "ru": "Cyrl", "uk": "Cyrl", "hi": "Deva", "ja": "CJK", "ko": "CJK",
         "zh": "CJK", "th": "Thai", "he": "Hebr"}


def sentence_like(tag: str, s: str) -> bool:
    """A line a person could have written: enough words, mostly letters, no commands, paths
    or markup, and in the language's script."""
    s = s.strip()
    if not s or len(s) > 300 or _TECH.search(s):
        return False
    _, weights = textproc.words(s)
    if not weights or max(weights, key=lambda g: weights[g]) != GROUP.get(tag, "Latn"):
        return False
    letters = sum(textproc.is_letter(c) for c in s)
    if letters < 0.6 * len(s.replace(" ", "")):
        return False
    if tag in NO_SPACES:
        return letters >= 8
    words = [w for w in re.split(r"\s+", s) if any(textproc.is_letter(c) for c in w)]
    return len(words) >= 3


def clean_gettext(s: str) -> list[str]:
    s = _PLACEHOLDER.sub(" ", s)
    s = _ACCEL.sub("", s)
    out = []
    for line in re.split(r"\\n|\n|\t", s):
        line = re.sub(r"\s+", " ", line).strip(" :")
        out.append(line)
    return out


_OWNERS = None


def dpkg_owner(path: str):
    """The Debian package that installed a file (dpkg's file lists, read once)."""
    global _OWNERS
    if _OWNERS is None:
        _OWNERS = {}
        for lst in glob.glob("/var/lib/dpkg/info/*.list"):
            pkg = os.path.basename(lst)[:-5].split(":")[0]
            with open(lst, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    _OWNERS[line.rstrip("\n")] = pkg
    return _OWNERS.get(path) or _OWNERS.get(os.path.realpath(path))


def gettext_lines(locale_root: str, packages: dict):
    import polib
    by_lang: dict[str, list[str]] = {t: [] for t in LANGS}
    english = []
    for d in sorted(os.listdir(locale_root)):
        tag = lang_of_locale(d)
        if tag is None and not d.startswith("en"):
            continue
        for mo in sorted(glob.glob(os.path.join(locale_root, d, "LC_MESSAGES", "*.mo"))):
            name = os.path.basename(mo)
            if name.startswith("iso_"):  # names of countries, languages, currencies, scripts
                continue
            try:
                cat = polib.mofile(mo)
            except Exception:
                continue
            pkg = dpkg_owner(mo)
            packages.setdefault(pkg or "?", set()).add("gettext")
            for e in cat:
                if d.startswith("en_") or d == "en":
                    tag = "en"
                for msgid in [e.msgid] + ([e.msgid_plural] if e.msgid_plural else []):
                    english.extend(clean_gettext(msgid))
                strs = [e.msgstr] if e.msgstr else list(e.msgstr_plural.values()) if e.msgstr_plural else []
                for ms in strs:
                    if not ms or ms == e.msgid or tag is None:
                        continue
                    by_lang[tag].extend(clean_gettext(ms))
    by_lang["en"].extend(english)
    return by_lang


_ROFF_MARK = {":": "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", ",": "\u0327"}


def _roff_char(m):
    """groff's named characters for accented letters (\\(:u, \\[:u]) -> the letter."""
    name = m.group(1) or m.group(2)
    if name == "ss":
        return "ß"
    if len(name) == 2 and name[0] in _ROFF_MARK and name[1].isalpha():
        return unicodedata.normalize("NFC", name[1] + _ROFF_MARK[name[0]])
    return " "


_ROFF_ESC = [(re.compile(r"\\\((..)|\\\[([^\]]*)\]"), _roff_char), (re.compile(r"\\f(\[[^\]]*\]|\(..|.)"), ""), (re.compile(r"\\[-]"), "-"), (re.compile(r"\\e"), lambda m: "\\"),
             (re.compile(r"\\[&|^,/:]"), ""), (re.compile(r"\\ "), " "), (re.compile(r"\\s[-+]?\d"), ""),
             (re.compile(r"\\\*\(?..?"), ""), (re.compile(r"\\."), "")]
_SENT_END = re.compile(r"(?<=[.!?。！？])\s+")


def man_paragraphs(path: str):
    try:
        with gzip.open(path, "rt", encoding="utf-8", errors="strict") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError, EOFError):
        return []
    paras, cur = [], []
    for line in text.splitlines():
        if line.startswith((".", "'")):
            m = re.match(r"^\.(B|I|BI|IB|BR|RB|IR|RI|SM|SB)\s+(.*)$", line)
            if m and not line.startswith(".B \\-"):
                cur.append(m.group(2).replace('"', ""))
                continue
            if cur:
                paras.append(" ".join(cur))
                cur = []
            continue
        if not line.strip():
            if cur:
                paras.append(" ".join(cur))
                cur = []
            continue
        cur.append(line)
    if cur:
        paras.append(" ".join(cur))
    out = []
    for p in paras:
        for rx, rep in _ROFF_ESC:
            p = rx.sub(rep, p)
        p = re.sub(r"\s+", " ", p).strip()
        out.extend(_SENT_END.split(p))
    return out


def man_lines(man_root: str, packages: dict):
    by_lang: dict[str, list[str]] = {t: [] for t in LANGS}
    for d in sorted(os.listdir(man_root)):
        if d.startswith("man"):
            tag, sub = "en", os.path.join(man_root, d)
            files = sorted(glob.glob(os.path.join(sub, "*.gz")))
        else:
            tag = lang_of_locale(d)
            if tag is None:
                continue
            files = sorted(glob.glob(os.path.join(man_root, d, "man*", "*.gz")))
        for f in files:
            lines = man_paragraphs(f)
            if lines:
                pkg = dpkg_owner(f)
                packages.setdefault(pkg or "?", set()).add("man")
            by_lang[tag].extend(lines)
    return by_lang


def tatoeba_lines(shared: str):
    by_lang: dict[str, list[str]] = {t: [] for t in LANGS}
    for f in sorted(glob.glob(os.path.join(shared, "tatoeba", "*.txt"))):
        tag = os.path.basename(f)[:-4]
        if tag in by_lang:
            with open(f, encoding="utf-8") as fh:
                by_lang[tag] = [x.strip() for x in fh if x.strip()]
    return by_lang


_DE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})
_TR = str.maketrans({"ı": "i", "İ": "I", "ş": "s", "Ş": "S", "ğ": "g", "Ğ": "G", "ü": "u", "Ü": "U",
                     "ö": "o", "Ö": "O", "ç": "c", "Ç": "C", "â": "a", "î": "i", "û": "u"})
_PL = str.maketrans({"ł": "l", "Ł": "L"})
_LIG = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "đ": "d", "Đ": "D"})


def strip_marks(s: str) -> str:
    d = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.combining(c)))


def no_diacritics(tag: str, s: str) -> str:
    if tag == "de":
        return s.translate(_DE)
    if tag == "tr":
        return strip_marks(s.translate(_TR))
    if tag == "pl":
        return strip_marks(s.translate(_PL))
    return strip_marks(s.translate(_LIG))


def licences(pkg: str) -> str:
    path = f"/usr/share/doc/{pkg}/copyright"
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return "?"
    names = []
    for m in re.finditer(r"^License:\s*(\S.*)$", text, re.M):
        n = m.group(1).strip()
        if n not in names:
            names.append(n)
    if not names:
        for key in ("GPL", "LGPL", "BSD", "MIT", "Apache", "public domain", "Artistic"):
            if key.lower() in text.lower():
                names.append(key + " (see copyright)")
    return ", ".join(names[:8]) or "see copyright"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--locale-root", default="/usr/share/locale")
    ap.add_argument("--man-root", default="/usr/share/man")
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "..", "..", "shared", "langid", "dev"))
    args = ap.parse_args()
    packages: dict[str, set] = {}
    sources = {"gettext": gettext_lines(args.locale_root, packages),
               "man": man_lines(args.man_root, packages),
               "tatoeba": tatoeba_lines(args.shared)}
    # Translated manual pages keep some paragraphs in English: leave out what the English
    # pages and catalogs hold.
    english = set(sources["man"]["en"]) | set(sources["gettext"]["en"])
    for src in ("man", "gettext"):
        for tag in LANGS:
            if tag != "en":
                sources[src][tag] = [x for x in sources[src][tag] if x.strip() not in english]
    counts = {}
    nodia = {"calibration": {}, "holdout": {}}
    for src, by_lang in sources.items():
        for tag in LANGS:
            seen = set()
            keep = []
            for s in by_lang.get(tag, []):
                s = s.strip()
                if s in seen or not sentence_like(tag, s):
                    continue
                seen.add(s)
                keep.append(s)
            # a deterministic sample, in a deterministic order
            keep.sort(key=lambda s: (crc("sample", s), s))
            keep = keep[:PER_SOURCE_CAP]
            for split in ("calibration", "holdout"):
                part = [s for s in keep if (crc(tag, s) % 2 == 0) == (split == "calibration")]
                if not part:
                    continue
                d = os.path.join(args.out, split, src)
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, f"{tag}.txt"), "w", encoding="utf-8") as fh:
                    fh.write("\n".join(part) + "\n")
                counts[(split, src, tag)] = len(part)
                if tag in STRIP_LANGS:
                    for s in part:
                        t = no_diacritics(tag, s)
                        if t != s:
                            nodia[split].setdefault(tag, []).append(t)
    for split, by_lang in nodia.items():
        d = os.path.join(args.out, split, "nodiacritics")
        os.makedirs(d, exist_ok=True)
        for tag, lines in by_lang.items():
            lines = sorted(set(lines), key=lambda s: (crc("nodia", s), s))[:1500]
            with open(os.path.join(d, f"{tag}.txt"), "w", encoding="utf-8") as fh:
                fh.write("\n".join(lines) + "\n")
            counts[(split, "nodiacritics", tag)] = len(lines)
    with open(os.path.join(args.out, "packages.txt"), "w", encoding="utf-8") as fh:
        fh.write("# Debian packages whose text the development set holds: package version (what) licences\n")
        for pkg in sorted(p for p in packages if p != "?"):
            ver = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True).stdout
            fh.write(f"{pkg} {ver} ({','.join(sorted(packages[pkg]))}) {licences(pkg)}\n")
    with open(os.path.join(args.out, "counts.tsv"), "w", encoding="utf-8") as fh:
        fh.write("split\tsource\tlanguage\tlines\n")
        for (split, src, tag), n in sorted(counts.items()):
            fh.write(f"{split}\t{src}\t{tag}\t{n}\n")
    print(f"wrote {sum(counts.values())} lines under {args.out}")


if __name__ == "__main__":
    main()
