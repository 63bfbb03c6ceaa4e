"""Text processing shared by train.py and reference.py (see MODEL.md, sections 2-3).

Everything here is specified in MODEL.md so that the Swift port can reproduce it
code point for code point. Nothing here depends on the model file.
"""
from __future__ import annotations

import functools
import unicodedata

import regex

# Reading limits (MODEL.md 2.1).
SCAN_CAP = 20000    # at most this many code points of the input are looked at
LETTER_CAP = 1000   # reading stops after this many letters (L* or M*) were kept

# Unicode Script property values (ISO 15924 codes as ICU's uscript_getShortName gives them)
# that we name; every other script is "Zzzz" (unsupported).
_SCRIPTS = [
    "Latn", "Cyrl", "Arab", "Deva", "Hani", "Hira", "Kana", "Hang", "Bopo", "Thai", "Hebr",
    "Grek", "Geor", "Armn", "Beng", "Taml", "Telu", "Gujr", "Knda", "Mlym", "Guru", "Orya",
    "Sinh", "Khmr", "Laoo", "Mymr", "Ethi", "Zyyy", "Zinh",
]
_SCRIPT_RE = regex.compile("|".join(f"(?P<{s}>\\p{{Script={s}}})" for s in _SCRIPTS))
_LETTER_RE = regex.compile(r"[\p{L}\p{M}]")

# Script -> script group (MODEL.md 3.1). Groups Latn, Cyrl, Arab, Deva use the n-gram model.
SCRIPT_GROUP = {
    "Latn": "Latn", "Cyrl": "Cyrl", "Arab": "Arab", "Deva": "Deva",
    "Hani": "CJK", "Hira": "CJK", "Kana": "CJK", "Hang": "CJK", "Bopo": "CJK",
    "Thai": "Thai", "Hebr": "Hebr", "Grek": "Grek", "Geor": "Geor", "Armn": "Armn",
    "Beng": "Beng", "Taml": "Taml", "Telu": "Telu", "Gujr": "Gujr", "Knda": "Knda",
    "Mlym": "Mlym", "Guru": "Guru", "Orya": "Orya", "Sinh": "Sinh", "Khmr": "Khmr",
    "Laoo": "Laoo", "Mymr": "Mymr", "Ethi": "Ethi", "Zzzz": "Zzzz",
}
# Order used to break ties between groups of equal weight (MODEL.md 3.2).
GROUP_ORDER = [
    "Latn", "Cyrl", "Arab", "Deva", "CJK", "Thai", "Hebr", "Grek", "Geor", "Armn", "Beng",
    "Taml", "Telu", "Gujr", "Knda", "Mlym", "Guru", "Orya", "Sinh", "Khmr", "Laoo", "Mymr",
    "Ethi", "Zzzz",
]
# Groups answered from the script alone (CJK is handled separately).
DIRECT_TAG = {
    "Thai": "th", "Hebr": "he", "Grek": "el", "Geor": "ka", "Armn": "hy", "Beng": "bn",
    "Taml": "ta", "Telu": "te", "Gujr": "gu", "Knda": "kn", "Mlym": "ml", "Guru": "pa",
    "Orya": "or", "Sinh": "si", "Khmr": "km", "Laoo": "lo", "Mymr": "my", "Ethi": "am",
}
NGRAM_GROUPS = ("Latn", "Cyrl", "Arab", "Deva")
WIDE_SCRIPTS = {"Hani", "Hira", "Kana", "Hang", "Bopo"}  # weight 3 per letter, others 1


@functools.lru_cache(maxsize=None)
def script_of(ch: str) -> str:
    """Unicode Script property of one code point, as a 4-letter code; Zyyy = Common,
    Zinh = Inherited, Zzzz = any script not named above."""
    m = _SCRIPT_RE.match(ch)
    return m.lastgroup if m else "Zzzz"


@functools.lru_cache(maxsize=None)
def is_letter(ch: str) -> bool:
    """General category L* (letters) or M* (marks)."""
    return _LETTER_RE.match(ch) is not None


def _arabic_mark_dropped(cp: int) -> bool:
    """Arabic harakat and other Arabic combining marks are removed (MODEL.md 2.2)."""
    return (0x0610 <= cp <= 0x061A or 0x064B <= cp <= 0x065F or cp == 0x0670
            or 0x06D6 <= cp <= 0x06DC or 0x06DF <= cp <= 0x06E4 or 0x06E7 <= cp <= 0x06E8
            or 0x06EA <= cp <= 0x06ED or 0x08D3 <= cp <= 0x08FF)


@functools.lru_cache(maxsize=None)
def lower(ch: str) -> str:
    """Unicode simple lowercase mapping of one code point; then U+00DF -> "ss"."""
    if ch == "\u0130":
        lc = "i"  # simple lowercase of U+0130 is U+0069 (Python's full mapping gives 2 code points)
    else:
        lc = ch.lower()
        if len(lc) != 1:
            lc = ch
    if lc == "\u00df":
        return "ss"
    return lc


def words(text: str):
    """Split text into script-homogeneous lowercase words.

    Returns (runs, weights): runs is a list of (script, word) with script a 4-letter code
    (never Zyyy/Zinh), word the lowercased letters; weights maps group -> letter weight.
    """
    runs = []
    weights: dict[str, int] = {}
    cur: list[tuple[str, str]] = []  # (lowercased piece, script) per kept letter
    letters = 0

    def flush():
        if not cur:
            return
        scripts = [s for _, s in cur]
        first = next((s for s in scripts if s not in ("Zyyy", "Zinh")), None)
        if first is None:
            cur.clear()
            return
        prev = first
        run_script = None
        run_chars: list[str] = []
        for piece, s in cur:
            if s in ("Zyyy", "Zinh"):
                s = prev
            prev = s
            g = SCRIPT_GROUP[s]
            weights[g] = weights.get(g, 0) + (3 if s in WIDE_SCRIPTS else 1)
            if s != run_script:
                if run_chars:
                    runs.append((run_script, "".join(run_chars)))
                run_script = s
                run_chars = []
            run_chars.append(piece)
        if run_chars:
            runs.append((run_script, "".join(run_chars)))
        cur.clear()

    # The first SCAN_CAP code points, in Unicode Normalization Form C (the training data is
    # NFC; decomposed input, e.g. Vietnamese with combining tone marks, is common).
    text = unicodedata.normalize("NFC", text[:SCAN_CAP])
    for ch in text:
        cp = ord(ch)
        if cp == 0x0640:  # ARABIC TATWEEL: removed, not a boundary
            continue
        if not is_letter(ch):
            flush()
            continue
        if _arabic_mark_dropped(cp):
            continue
        cur.append((lower(ch), script_of(ch)))
        letters += 1
        if letters >= LETTER_CAP:
            break
    flush()
    return runs, weights
