"""Training sources for the n-gram model (see CREDITS.md next to the shipped model).

Each n-gram class is a (language tag, script group) pair. load_class() returns the
class's training material as {word: weight} (word = lowercased letters of one script,
as textproc.words() produces them) or, for langdetect-only classes, n-gram counts.
"""
from __future__ import annotations

import json
import os
import subprocess
import zlib

import wordfreq
from wordfreq import get_frequency_list

import textproc

# (tag, group, source)
CLASSES = [
    ("en", "Latn", "wordfreq:en"), ("es", "Latn", "wordfreq:es"), ("pt", "Latn", "wordfreq:pt"),
    ("fr", "Latn", "wordfreq:fr"), ("de", "Latn", "wordfreq:de"), ("it", "Latn", "wordfreq:it"),
    ("nl", "Latn", "wordfreq:nl"), ("pl", "Latn", "wordfreq:pl"), ("tr", "Latn", "wordfreq:tr"),
    ("id", "Latn", "wordfreq:id"), ("ms", "Latn", "wordfreq:ms"), ("vi", "Latn", "wordfreq:vi"),
    ("sv", "Latn", "wordfreq:sv"), ("da", "Latn", "wordfreq:da"), ("nb", "Latn", "wordfreq:nb"),
    ("fi", "Latn", "wordfreq:fi"), ("cs", "Latn", "wordfreq:cs"), ("sk", "Latn", "wordfreq:sk"),
    ("ro", "Latn", "wordfreq:ro"), ("hu", "Latn", "wordfreq:hu"), ("ca", "Latn", "wordfreq:ca"),
    ("gl", "Latn", "galician"),
    ("tl", "Latn", "wordfreq:fil"), ("hr", "Latn", "wordfreq-sh:hr"), ("sr", "Latn", "wordfreq-sh:sr"),
    ("sw", "Latn", "hunspell:sw_TZ"),
    ("ru", "Cyrl", "wordfreq:ru"), ("uk", "Cyrl", "wordfreq:uk"), ("bg", "Cyrl", "wordfreq:bg"),
    ("sr", "Cyrl", "wordfreq-sh-cyrl:sr"),
    ("ar", "Arab", "wordfreq:ar"), ("fa", "Arab", "wordfreq:fa"), ("ur", "Arab", "wordfreq:ur"),
    ("hi", "Deva", "wordfreq:hi"), ("mr", "Deva", "langdetect:mr"),
]

MAX_WORDS = 100_000       # most frequent wordfreq entries read per language
HOLDOUT_SAFE_RANK = 3000  # the most frequent words are never held out
HOLDOUT_MOD = 10          # 1 in 10 of the other word types is held out (by CRC-32)

HUNSPELL_DIR = "/usr/share/hunspell"


def _wordfreq_tokens(code: str):
    """(token, frequency) for the MAX_WORDS most frequent tokens, most frequent first."""
    wl = "large" if code in wordfreq.available_languages("large") else "small"
    out = []
    for i, bucket in enumerate(get_frequency_list(code, wl)):
        f = 10 ** (-i / 100)
        for tok in bucket:
            out.append((tok, f))
            if len(out) >= MAX_WORDS:
                return out
    return out


def _sh_split():
    """wordfreq's Serbo-Croatian list (Latin script) split with the hunspell hr_HR and
    sr_Latn_RS dictionaries: a word only the Serbian one accepts is not Croatian and
    vice versa; words both or neither accept (mostly names) go to both."""
    toks = _wordfreq_tokens("sh")
    words = [t for t, _ in toks]
    inp = "\n".join(words) + "\n"

    def accepted(dic):
        r = subprocess.run(["hunspell", "-d", os.path.join(HUNSPELL_DIR, dic), "-i", "utf-8", "-G"],
                           input=inp.encode("utf-8"), capture_output=True, check=True)
        return set(r.stdout.decode("utf-8").replace("\r", "").split())

    hr = accepted("hr_HR")
    sr = accepted("sr_Latn_RS")
    hr_toks = [(t, f) for t, f in toks if not (t in sr and t not in hr)]
    sr_toks = [(t, f) for t, f in toks if not (t in hr and t not in sr)]
    return hr_toks, sr_toks


_LAT2CYR = {
    "a": "а", "b": "б", "c": "ц", "č": "ч", "ć": "ћ", "d": "д", "đ": "ђ", "e": "е", "f": "ф",
    "g": "г", "h": "х", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о",
    "p": "п", "r": "р", "s": "с", "š": "ш", "t": "т", "u": "у", "v": "в", "z": "з", "ž": "ж",
}


def lat2cyr(w: str):
    """Serbian Latin -> Cyrillic; None if w has a letter outside the Serbian alphabet."""
    out = []
    i = 0
    while i < len(w):
        two = w[i:i + 2]
        if two == "lj":
            out.append("љ"); i += 2; continue
        if two == "nj":
            out.append("њ"); i += 2; continue
        if two == "dž":
            out.append("џ"); i += 2; continue
        c = _LAT2CYR.get(w[i])
        if c is None:
            return None
        out.append(c)
        i += 1
    return "".join(out)


def _held_out(tag: str, word: str, rank: int) -> bool:
    if rank < HOLDOUT_SAFE_RANK:
        return False
    return zlib.crc32(f"{tag}\t{word}".encode("utf-8")) % HOLDOUT_MOD == 0


def _tokens_to_words(tag, group, toks, translit=None):
    """Tokens -> {word: weight} for one script group, plus the rank of each word."""
    words: dict[str, float] = {}
    rank: dict[str, int] = {}
    for tok, f in toks:
        runs, _ = textproc.words(tok)
        for script, w in runs:
            if translit is not None:
                if script != "Latn":
                    continue
                w = translit(w)
                if w is None:
                    continue
            elif textproc.SCRIPT_GROUP[script] != group:
                continue
            words[w] = words.get(w, 0.0) + f
            if w not in rank:
                rank[w] = len(rank)
    return words, rank


_sh_cache = None


def load_class(tag: str, group: str, source: str):
    """Returns dict(kind='words', words={w: weight}, rank={w: r}) or
    dict(kind='ngrams', counts={gram: count}) for langdetect-only classes."""
    global _sh_cache
    kind, _, arg = source.partition(":")
    if kind == "wordfreq":
        words, rank = _tokens_to_words(tag, group, _wordfreq_tokens(arg))
    elif kind in ("wordfreq-sh", "wordfreq-sh-cyrl"):
        if _sh_cache is None:
            _sh_cache = _sh_split()
        toks = _sh_cache[0] if arg == "hr" else _sh_cache[1]
        words, rank = _tokens_to_words(tag, group, toks, lat2cyr if kind == "wordfreq-sh-cyrl" else None)
    elif kind == "galician":
        import galician
        words, rank = _tokens_to_words(tag, group, galician.tokens())
    elif kind == "hunspell":
        path = os.path.join(HUNSPELL_DIR, arg + ".dic")
        with open(path, encoding="iso-8859-1") as fh:
            lines = fh.read().splitlines()[1:]
        toks = [(line.split("/")[0].strip(), 1.0) for line in lines if line.strip()]
        words, rank = _tokens_to_words(tag, group, toks)
        rank = {w: HOLDOUT_SAFE_RANK + i for i, w in enumerate(sorted(words))}  # no frequency order
    elif kind == "langdetect":
        import langdetect
        path = os.path.join(os.path.dirname(langdetect.__file__), "profiles", arg)
        with open(path, encoding="utf-8") as fh:
            prof = json.load(fh)
        counts: dict[str, int] = {}
        for g, c in prof["freq"].items():
            # langdetect pads words with one space on each side, like we do; keep n-grams
            # whose letters all belong to this group and that are not the bare space.
            if g == " " or "  " in g:
                continue
            ok = True
            lg = []
            for ch in g:
                if ch == " ":
                    lg.append(ch)
                    continue
                if not textproc.is_letter(ch):
                    ok = False
                    break
                s = textproc.script_of(ch)
                if s not in ("Zyyy", "Zinh") and textproc.SCRIPT_GROUP[s] != group:
                    ok = False
                    break
                lg.append(textproc.lower(ch))
            if ok:
                k = "".join(lg)
                counts[k] = counts.get(k, 0) + c
        return {"kind": "ngrams", "counts": counts}
    else:
        raise ValueError(source)
    return {"kind": "words", "words": words, "rank": rank}


def split_holdout(tag: str, data):
    """(train_words, heldout_words) for a 'words' class."""
    train, held = {}, {}
    for w, f in data["words"].items():
        (held if _held_out(tag, w, data["rank"][w]) else train)[w] = f
    return train, held


# ---- words as people type them without diacritics (phones, foreign keyboards)
NODIA_LANGS = ("tr", "vi", "pl", "pt", "es", "fr", "de")
NODIA_WEIGHT = 0.15  # a variant's weight, as a share of the word's
# Shorter variants are other languages' commonest words (Portuguese é as e, Italian's "and";
# já as ja, só as so, lá as la, où as ou): given to one language they take the word from the
# others, and in a sentence they tell nothing anyway.
NODIA_MIN_LETTERS = 3


def _strip_marks(w: str) -> str:
    import unicodedata
    d = unicodedata.normalize("NFD", w)
    return unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.combining(c)))


_NODIA = {
    "de": str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"}),
    "tr": str.maketrans({"ı": "i", "ş": "s", "ğ": "g", "ü": "u", "ö": "o", "ç": "c"}),
    "pl": str.maketrans({"ł": "l"}),
    "vi": str.maketrans({"đ": "d"}),
    "fr": str.maketrans({"œ": "oe", "æ": "ae"}),
}


def without_diacritics(tag: str, w: str) -> str:
    """The word typed without its language's diacritics: German umlauts as ae/oe/ue, the
    other languages' letters without their marks (Turkish dotless ı as i, Polish ł as l,
    Vietnamese đ as d)."""
    t = w.translate(_NODIA[tag]) if tag in _NODIA else w
    return t if tag == "de" else _strip_marks(t)


def add_nodiacritic_variants(tag: str, words: dict[str, float]) -> dict[str, float]:
    """The word list plus, for each word with diacritics of NODIA_MIN_LETTERS letters or more,
    its form without them at NODIA_WEIGHT of its weight (added to that form's own weight when
    it is a word too)."""
    if tag not in NODIA_LANGS:
        return words
    out = dict(words)
    for w, f in words.items():
        v = without_diacritics(tag, w)
        if v != w and len(v) >= NODIA_MIN_LETTERS:
            out[v] = out.get(v, 0.0) + NODIA_WEIGHT * f
    return out
