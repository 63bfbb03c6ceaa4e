#!/usr/bin/env python3
"""Reference language detector for Parley (the Swift port must give the same answers).

    python3 Tools/langid/reference.py --lines FILE [--candidates en,de,...] [--model PATH]

prints TAG<TAB>CONFIDENCE for each input line, in order. See MODEL.md for the
specification this file implements; textproc.py holds the text normalization.
"""
from __future__ import annotations

import argparse
import math
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import textproc  # noqa: E402

DEFAULT_MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Sources",
                             "LanguageDetection", "Resources", "langid.bin")

MAGIC = b"PLID"
VERSION = 1
HEADER_FMT = "<4sHHHH9IHHHHHH"   # see MODEL.md 4.1
PARAMS_FMT = "<12f"                  # see MODEL.md 4.2
CLASS_FMT = "<8s4sBBHff"             # see MODEL.md 4.3

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = 0xFFFFFFFFFFFFFFFF

KIND_WORD = 0  # key kind byte for whole words; n-grams use their order 1..5


def fnv1a64(data: bytes) -> int:
    h = FNV_OFFSET
    for b in data:
        h ^= b
        h = (h * FNV_PRIME) & MASK64
    return h


def key_bytes(kind: int, text: str) -> bytes:
    return bytes([kind]) + text.encode("utf-8")


class Model:
    def __init__(self, data: bytes):
        (magic, version, header_size, nclasses, bucket_bits, nkeys, classes_off, params_off,
         buckets_off, entries_off, entries_len, hans_off, hant_off, file_size,
         unseen, backoff, mix_permille, a_min_words, b_min_words, _reserved) = struct.unpack_from(HEADER_FMT, data, 0)
        if magic != MAGIC or version != VERSION:
            raise ValueError("not a langid model (magic/version)")
        if file_size != len(data):
            raise ValueError("truncated model file")
        self.raw = data
        self.unseen = unseen
        self.backoff = backoff
        self.mix_permille = mix_permille
        self.a_min_words = a_min_words
        self.b_min_words = b_min_words
        (self.cost_scale, self.a_abs, self.a_rel, self.b_wk, self.b_t0, self.b_t1,
         self.conf_s0, self.conf_gamma, self.a_short, _r2, _r3, _r4) = struct.unpack_from(PARAMS_FMT, data, params_off)
        self.classes = []
        for i in range(nclasses):
            tag, group, max_order, _res, word_oov, mu, a_discount = struct.unpack_from(
                CLASS_FMT, data, classes_off + 24 * i)
            self.classes.append(dict(tag=tag.rstrip(b"\0").decode("ascii"),
                                     group=group.decode("ascii"), max_order=max_order,
                                     word_oov=word_oov, mu=mu, a_discount=a_discount))
        self.bucket_bits = bucket_bits
        nb = 1 << bucket_bits
        offs = struct.unpack_from(f"<{nb + 1}I", data, buckets_off)
        # Decode the table into a dict keyed by (bucket, fingerprint); same lookups as the file.
        table = {}
        ent = data[entries_off:entries_off + entries_len]
        for b in range(nb):
            p, end = offs[b], offs[b + 1]
            while p < end:
                word = int.from_bytes(ent[p:p + 4], "little")
                fp, cnt = word >> 8, word & 0xFF
                p += 4
                table[(b, fp)] = [(ent[p + 2 * j], ent[p + 2 * j + 1]) for j in range(cnt)]
                p += 2 * cnt
        self.table = table
        self.nkeys = nkeys

        def charset(off):
            n = struct.unpack_from("<I", data, off)[0]
            return frozenset(chr(c) for c in struct.unpack_from(f"<{n}I", data, off + 4))

        self.hans = charset(hans_off)
        self.hant = charset(hant_off)
        self.group_classes = {}
        for i, c in enumerate(self.classes):
            self.group_classes.setdefault(c["group"], []).append(i)
        self._cache = {}

    @classmethod
    def load(cls, path=DEFAULT_MODEL):
        with open(path, "rb") as fh:
            return cls(fh.read())

    def lookup(self, kind: int, text: str):
        k = (kind, text)
        r = self._cache.get(k)
        if r is None:
            h = fnv1a64(key_bytes(kind, text))
            b = h & ((1 << self.bucket_bits) - 1)
            fp = (h >> self.bucket_bits) & 0xFFFFFF
            r = self.table.get((b, fp), ())
            if len(self._cache) < 2_000_000:
                self._cache[k] = r
        return r

    # ---- n-gram scoring (MODEL.md 6) ----
    def score(self, group: str, wordlist):
        """Integer costs for every class of the group (lower is better), the number of
        scored positions N, and per class the number of words found in its word list."""
        cls = self.group_classes[group]
        cost = {c: 0 for c in cls}
        known = {c: 0 for c in cls}
        N = 0
        unseen, backoff = self.unseen, self.backoff
        for w in wordlist:
            s = " " + w + " "
            for i in range(1, len(s)):
                nmax = min(5, i + 1)
                found = [None] * (nmax + 1)  # found[n] = {class: cost} for the n-gram ending at i
                for n in range(1, nmax + 1):
                    post = self.lookup(n, s[i - n + 1:i + 1])
                    if not post:
                        break  # no class has the (n+1)-gram either: it contains this n-gram
                    found[n] = dict(post)
                N += 1
                for c in cls:
                    mo = min(nmax, self.classes[c]["max_order"])
                    v = unseen
                    for n in range(mo, 0, -1):
                        f = found[n]
                        if f is not None and c in f:
                            v = f[c] + backoff * (mo - n)
                            break
                    cost[c] += v
            wp = dict(self.lookup(KIND_WORD, w))
            for c in cls:
                if c in wp:
                    cost[c] += wp[c]
                    known[c] += 1
                else:
                    cost[c] += self.classes[c]["word_oov"]
        return cost, N, known


def base_tag(tag: str) -> str:
    return tag.split("-")[0].split("_")[0].lower()


def _confidences(model, cost, cands, best, N):
    s = model.conf_s0 * (N ** (-model.conf_gamma)) / model.cost_scale
    ws = {c: math.exp(-(cost[c] - cost[best]) * s) for c in cands}
    z = sum(ws.values())
    return {c: w / z for c, w in ws.items()}


def detect_details(model: Model, text: str, candidates=None):
    """Returns (ranked list of (tag, confidence), reason). reason explains an 'und'."""
    cand = None if candidates is None else {base_tag(t) for t in candidates}
    runs, weights = textproc.words(text)
    total = sum(weights.values())
    if total == 0:
        return [("und", 0.0)], "empty"
    group = max(textproc.GROUP_ORDER, key=lambda g: (weights.get(g, 0), -textproc.GROUP_ORDER.index(g)))
    if weights[group] * 1000 < model.mix_permille * total:
        return [("und", 0.0)], "mixed"
    if group == "Zzzz":
        return [("und", 0.0)], "unsupported script"
    if group == "CJK":
        hang = kana = 0
        hans = hant = 0
        for script, w in runs:
            if script == "Hang":
                hang += len(w)
            elif script in ("Hira", "Kana"):
                kana += len(w)
            elif script == "Hani":
                for ch in w:
                    hans += ch in model.hans
                    hant += ch in model.hant
        if hang > kana:
            tag = "ko"
        elif kana > 0:
            tag = "ja"
        else:
            tag = "zh-Hans" if hans > hant else "zh-Hant" if hant > hans else "zh"
        if cand is not None and base_tag(tag) not in cand:
            return [("und", 0.0)], "not a candidate"
        return [(tag, 1.0)], "script"
    if group in textproc.DIRECT_TAG:
        tag = textproc.DIRECT_TAG[group]
        if cand is not None and tag not in cand:
            return [("und", 0.0)], "not a candidate"
        return [(tag, 1.0)], "script"
    # n-gram groups
    wordlist = [w for script, w in runs if textproc.SCRIPT_GROUP[script] == group]
    cls = model.group_classes.get(group, [])
    cands = [c for c in cls if cand is None or model.classes[c]["tag"] in cand]
    if not cands:
        return [("und", 0.0)], "no candidate in script"
    cost, N, known = model.score(group, wordlist)
    best_all = min(cls, key=lambda c: (cost[c], c))
    best = min(cands, key=lambda c: (cost[c], c))
    diff = cost[best] - cost[best_all]
    nw = len(wordlist)
    # Rule A: a language outside the candidates fits clearly better (the shortest texts it
    # judges have their own margin).
    margin = model.a_short if nw == model.a_min_words else model.a_abs
    scale = 1.0 - model.classes[best_all]["a_discount"]
    if (nw >= model.a_min_words and best_all not in cands and diff >= margin * model.cost_scale * scale
            and diff >= model.a_rel * model.cost_scale * N * scale):
        return [("und", 0.0)], "better non-candidate " + model.classes[best_all]["tag"]
    # Rule B: the best candidate fits poorly for this much text.
    if nw >= model.b_min_words:
        x = cost[best] / (N * model.cost_scale) - model.classes[best]["mu"]
        u = x + model.b_wk * (1.0 - known[best] / nw)
        if u > model.b_t0 + model.b_t1 / math.sqrt(nw):
            return [("und", 0.0)], "poor fit"
    conf = _confidences(model, cost, cands, best, N)
    ranked = sorted(cands, key=lambda c: (cost[c], c))
    return [(model.classes[c]["tag"], conf[c]) for c in ranked], "ngram"


_MODEL = None


def detect(text: str, candidates=None, model: Model | None = None):
    """list of (tag, confidence), best first; [('und', 0.0)] when undecided."""
    global _MODEL
    if model is None:
        if _MODEL is None:
            _MODEL = Model.load()
        model = _MODEL
    return detect_details(model, text, candidates)[0]


E21 = "ar,de,en,es,fa,fr,he,hi,id,it,ja,ko,nl,pl,pt,ru,th,tr,uk,vi,zh".split(",")

# Inputs of vectors.json (MODEL.md 9): every path through detect_details.
VECTOR_INPUTS = [
    ("The committee will publish its final report on Tuesday.", None),
    ("Je crois que Marie a oublié ses clés dans la voiture.", None),
    ("Kannst du mir bitte sagen, wann der nächste Zug fährt?", None),
    ("STRASSE und Straße", None),
    ("Mi abuela siempre prepara una tortilla enorme.", E21),
    ("Não sei se vou conseguir chegar a tempo.", E21),
    ("Ho\u0302m nay tro\u031b\u0300i ra\u0302\u0301t \u0111e\u0323p", E21),  # decomposed Vietnamese
    ("İSTANBUL'da yaşıyorum ve çok mutluyum", None),
    ("Правительство объявило о новых мерах поддержки.", None),
    ("Міська рада ухвалила рішення про ремонт.", None),
    ("Здраво, како си? Ја сам добро.", None),
    ("Dobar dan, kako ste? Hvala, dobro sam.", None),
    ("أعلنت الحكومةُ عن خطـــة جديدة", None),
    ("دولت برنامه جدیدی اعلام کرد", E21),
    ("सरकार ने नई योजना की घोषणा की।", E21),
    ("तुम्ही कसे आहात?", None),
    ("Saya suka makan nasi goreng.", None),
    ("Saya suka makan nasi goreng.", E21),
    ("Bon dia, com estàs? Avui fa molt de sol.", E21),
    ("Bon dia, com estàs? Avui fa molt de sol.", None),
    ("Eu chámome Xoán e vivo na Coruña desde hai moitos anos.", E21),
    ("Todo vai ben.", E21),  # three words: rule A's margin for sentences
    ("Tes razón.", E21),     # two words: rule A's wider margin for the shortest texts
    ("O vídeo foi eliminado", E21),  # Galician's discounted margin decides: und, not pt
    ("A conta foi hackeada", E21),   # ... and still pt
    ("こんにちは、元気ですか？", None),
    ("東京大学", None),
    ("我们的国家很强大", None),
    ("我們的國家很強大", E21),
    ("안녕하세요, 만나서 반갑습니다", None),
    ("สวัสดีครับ", None),
    ("שלום עולם", ["en", "de"]),
    ("Γεια σου κόσμε", None),
    ("გამარჯობა", None),
    ("Hello мир привет", None),
    ("Hello world привет мир", None),  # mixed
    ("iPhoneを買いました", None),
    ("12345 !!! ...", None),
    ("", None),
    ("ꯃꯤꯇꯩ ꯂꯣꯟ", None),  # Meetei Mayek: unsupported script
    ("dignity", E21),
    ("freedom and justice", E21),
    ("Habari yako? Jina langu ni Juma.", None),
]


def write_vectors(model, path):
    import json
    out = []
    for text, cands in VECTOR_INPUTS:
        ranked, why = detect_details(model, text, cands)
        v = {"text": text, "candidates": cands, "tag": ranked[0][0],
             "confidence": round(ranked[0][1], 3), "reason": why,
             "ranked": [[t, round(c, 6)] for t, c in ranked[:3]]}
        runs, weights = textproc.words(text)
        v["words"] = [[s, w] for s, w in runs]
        if why == "ngram" or why.startswith("better") or why == "poor fit":
            group = max(textproc.GROUP_ORDER, key=lambda g: (weights.get(g, 0), -textproc.GROUP_ORDER.index(g)))
            wl = [w for s, w in runs if textproc.SCRIPT_GROUP[s] == group]
            cost, N, known = model.score(group, wl)
            v["group"] = group
            v["positions"] = N
            v["costs"] = {model.classes[c]["tag"]: cost[c] for c in cost}
            v["known_words"] = {model.classes[c]["tag"]: known[c] for c in known}
        out.append(v)
    hashes = [{"key_kind": k, "text": t, "key_bytes_hex": key_bytes(k, t).hex(),
               "fnv1a64": f"{fnv1a64(key_bytes(k, t)):016x}"}
              for k, t in [(0, "the"), (3, " th"), (5, "straß"), (1, " "), (2, "é "), (4, "при ")]]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"model_sha256": __import__("hashlib").sha256(model.raw).hexdigest(),
                   "hash_vectors": hashes, "vectors": out}, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", help="input file, one text per line ('-' = stdin)")
    ap.add_argument("--vectors", help="write the test vectors (MODEL.md 9) to this JSON file")
    ap.add_argument("--candidates", help="comma-separated language tags to choose from")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--why", action="store_true", help="add a third column with the reason")
    args = ap.parse_args(argv)
    model = Model.load(args.model)
    if args.vectors:
        write_vectors(model, args.vectors)
        return
    if not args.lines:
        ap.error("--lines is required")
    cands = None if not args.candidates else [t.strip() for t in args.candidates.split(",") if t.strip()]
    fh = sys.stdin if args.lines == "-" else open(args.lines, encoding="utf-8")
    out = sys.stdout
    for line in fh:
        line = line.rstrip("\n").rstrip("\r")
        ranked, why = detect_details(model, line, cands)
        tag, conf = ranked[0]
        out.write(f"{tag}\t{conf:.3f}" + (f"\t{why}" if args.why else "") + "\n")


if __name__ == "__main__":
    main()
