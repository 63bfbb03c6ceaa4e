#!/usr/bin/env python3
"""Builds Parley's language-identification model (MODEL.md) from openly licensed data.

    pip install -r Tools/langid/requirements.txt
    apt-get install hunspell hunspell-hr hunspell-sr hunspell-sw unicode-cldr-core tesseract-ocr tesseract-ocr-glg
    python3 Tools/langid/train.py [--out Sources/LanguageDetection/Resources/langid.bin]

Steps (all deterministic):
  1. per n-gram class (language x script group): read its word list (sources.py), hold
     out 1 in 10 word types below rank 3000 (CRC-32 of the word), count character
     1..5-grams of " word " weighted by word frequency, for the training split and for
     everything;
  2. build a model from the training split and calibrate on held-out pseudo-text made
     from the same word lists: each class's mean cost per position (mu), the thresholds
     of the 'und' rules (with ca, ro, pt and es each left out of the model and of the
     candidates as stand-ins for unknown languages, and the known languages outside the
     21 evaluation candidates), the confidence temperature;
  3. build the shipped model from all the data with those numbers and write it.
It never reads lingua's data or /work/shared.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import math
import os
import random
import struct
import sys
import time
from multiprocessing import Pool

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference  # noqa: E402
import sources  # noqa: E402
import textproc  # noqa: E402

# ---- hyperparameters (chosen on held-out data, see MODEL.md 8) ----
TAU = (0.0, 0.0, 2e-6, 5e-6, 1e-5)  # keep an n-gram of order n if count/positions >= TAU[n-1]
TOP_WORDS = 20000                    # whole-word entries per class
Q = 10                               # cost units per nat
UNSEEN = 120                         # cost of a position no n-gram of the class covers (12 nats)
BACKOFF = 10                         # cost per order backed off (1 nat)
LAMBDA_WORD = 0.7                    # weight of the whole-word log-probability
WORD_OOV_EXTRA = 1.0                 # nats below the class's least frequent kept word
MAX_COST = 254
BUCKET_BITS = 20
MIX_PERMILLE = 600                   # dominant script group needs >= 60% of the letter weight
MU_DISABLED = 99.0                   # mu that switches rule B off for a class
A_MIN_WORDS = 2                      # rule A only from this many words on
B_MIN_WORDS = 4                      # rule B only from this many words on: real three-word
                                     # messages ("мой аккаунт взломали", "مع أطيب التحيات") hold words
                                     # the lists lack too often to judge the fit by
UNKNOWN_STANDINS = ("ca", "ro", "pt", "es")  # each left out of a calibration model to act as an unknown language
EVAL21 = "ar de en es fa fr he hi id it ja ko nl pl pt ru th tr uk vi zh".split()
TARGET_INSET_UND = 0.01
# Classes counted from another register than the rest (Galician: largely software strings,
# against general text) whose rule-A margins get a discount of their own (MODEL.md 4.3).
DISCOUNTED = ("gl",)
DISCOUNTS = (0.0, 0.25, 0.5, 0.75)
TARGET_DEV_UND = 0.012        # development set, in-set sentences (all sources together)
TARGET_DEV_SOURCE_UND = 0.017  # ... each source (interface strings, manual pages, Tatoeba)
TARGET_DEV_NODIA_UND = 0.02   # ... chat typed without diacritics
TARGET_DEV_OUT_UND = 0.77     # development set, ca and gl (each, in each source) with the 21 candidates: at least
DEV_CAP = 400                 # lines read per language and source of the development set
DEFAULT_DEVSET = os.path.join(HERE, "devset", "calibration")
SEED = 20240611

DEFAULT_OUT = os.path.join(HERE, "..", "..", "Sources", "LanguageDetection", "Resources", "langid.bin")


# ---------------------------------------------------------------- counting
def count_words(words: dict[str, float]) -> dict[str, float]:
    """Weighted counts of the n-grams ending at each position 1..len+1 of " word "."""
    C: dict[str, float] = {}
    for w, f in words.items():
        s = " " + w + " "
        for i in range(1, len(s)):
            for n in range(1, min(5, i + 1) + 1):
                g = s[i - n + 1:i + 1]
                C[g] = C.get(g, 0.0) + f
    return C


def quantize_class(C: dict[str, float], words: dict[str, float]):
    """-> (ngram_costs {gram: cost}, word_costs {word: cost}, word_oov_cost or None, max_order)."""
    tot_pos = sum(v for g, v in C.items() if len(g) == 1)
    ctx: dict[str, float] = {}
    for g, v in C.items():
        if len(g) > 1:
            h = g[:-1]
            ctx[h] = ctx.get(h, 0.0) + v
    ng = {}
    for g in sorted(C):
        v = C[g]
        n = len(g)
        if v / tot_pos < TAU[n - 1]:
            continue
        lp = math.log(v / (ctx[g[:-1]] if n > 1 else tot_pos))
        ng[g] = min(MAX_COST, int(round(-lp * Q)))
    wc = {}
    oov = None
    if words:
        tw = sum(words.values())
        top = sorted(words.items(), key=lambda x: (-x[1], x[0]))[:TOP_WORDS]
        for w, f in top:
            wc[w] = min(MAX_COST, int(round(LAMBDA_WORD * -math.log(f / tw) * Q)))
        oov = min(MAX_COST, int(round(LAMBDA_WORD * (-math.log(top[-1][1] / tw) + WORD_OOV_EXTRA) * Q)))
    return ng, wc, oov, max(len(g) for g in C)


def class_job(k: int):
    tag, group, src = sources.CLASSES[k]
    t0 = time.time()
    d = sources.load_class(tag, group, src)
    if d["kind"] == "ngrams":
        q = quantize_class(d["counts"], {})
        return k, {"train": q, "full": q, "words": None, "held": None, "rank": None,
                   "secs": time.time() - t0}
    train, held = sources.split_holdout(tag, d)
    # Chat typed without diacritics: their forms without them join the lists (test material
    # is drawn from the lists as they are).
    train_aug = sources.add_nodiacritic_variants(tag, train) if group == "Latn" else train
    full_aug = sources.add_nodiacritic_variants(tag, d["words"]) if group == "Latn" else d["words"]
    return k, {"train": quantize_class(count_words(train_aug), train_aug),
               "full": quantize_class(count_words(full_aug), full_aug),
               "words": d["words"], "held": held, "rank": d["rank"], "secs": time.time() - t0}


# ---------------------------------------------------------------- Chinese character sets
def zh_charsets():
    import opencc
    d = os.path.join(os.path.dirname(opencc.__file__), "dictionary")

    def load(fn):
        m = {}
        with open(os.path.join(d, fn), encoding="utf-8") as fh:
            for line in fh:
                if not line.strip() or line.startswith("#"):
                    continue
                k, v = line.rstrip("\n").split("\t")
                m[k] = v.split()
        return m

    st, ts = load("STCharacters.txt"), load("TSCharacters.txt")
    s_only = {s for s, t in st.items() if len(s) == 1 and s not in t}
    t_only = {t for t, s in ts.items() if len(t) == 1 and t not in s}
    both = s_only & t_only
    s_only -= both
    t_only -= both
    s_only = {c for c in s_only if textproc.script_of(c) == "Hani"}
    t_only = {c for c in t_only if textproc.script_of(c) == "Hani"}
    return sorted(ord(c) for c in s_only), sorted(ord(c) for c in t_only)


# ---------------------------------------------------------------- writing the file
def build_bytes(qclasses, meta, params, hans, hant, log=None):
    """qclasses: list of (tag, group, (ng, wc, oov, max_order)); meta: per class dict(mu, word_oov)."""
    keys: dict[bytes, list] = {}
    for ci, (tag, group, (ng, wc, oov, mo)) in enumerate(qclasses):
        for g, v in ng.items():
            keys.setdefault(reference.key_bytes(len(g), g), []).append((ci, v))
        for w, v in wc.items():
            keys.setdefault(reference.key_bytes(reference.KIND_WORD, w), []).append((ci, v))
    nb = 1 << BUCKET_BITS
    buckets: list[dict[int, bytes]] = [dict() for _ in range(nb)]
    dropped = 0
    for kb in sorted(keys):
        h = reference.fnv1a64(kb)
        b = h & (nb - 1)
        fp = (h >> BUCKET_BITS) & 0xFFFFFF
        post = keys[kb]
        if fp in buckets[b]:
            dropped += 1  # fingerprint collision: keep the first key in byte order
            continue
        buckets[b][fp] = post
    offs = [0]
    ent = bytearray()
    nkeys = 0
    for b in range(nb):
        for fp in sorted(buckets[b]):
            post = buckets[b][fp]
            ent += struct.pack("<I", (fp << 8) | len(post))
            for ci, v in post:
                ent += bytes((ci, v))
            nkeys += 1
        offs.append(len(ent))
    if log:
        log(f"  table: {nkeys} keys, {sum(len(p) for p in keys.values())} postings, "
            f"{dropped} dropped on fingerprint collision")
    nclasses = len(qclasses)
    header_size = struct.calcsize(reference.HEADER_FMT)
    params_off = header_size
    classes_off = params_off + struct.calcsize(reference.PARAMS_FMT)
    buckets_off = classes_off + 24 * nclasses
    entries_off = buckets_off + 4 * (nb + 1)
    hans_off = entries_off + len(ent)
    hant_off = hans_off + 4 + 4 * len(hans)
    file_size = hant_off + 4 + 4 * len(hant)
    out = bytearray()
    out += struct.pack(reference.HEADER_FMT, reference.MAGIC, reference.VERSION, header_size, nclasses,
                       BUCKET_BITS, nkeys, classes_off, params_off, buckets_off, entries_off, len(ent),
                       hans_off, hant_off, file_size, UNSEEN, BACKOFF, MIX_PERMILLE, A_MIN_WORDS, B_MIN_WORDS, 0)
    out += struct.pack(reference.PARAMS_FMT, float(Q), params["a_abs"], params["a_rel"], params["b_wk"],
                       params["b_t0"], params["b_t1"], params["conf_s0"], params["conf_gamma"], params["a_short"], 0, 0, 0)
    for ci, (tag, group, (ng, wc, oov, mo)) in enumerate(qclasses):
        m = meta[ci]
        out += struct.pack(reference.CLASS_FMT, tag.encode("ascii"), group.encode("ascii"), mo, 0,
                           m["word_oov"], m["mu"], params.get("a_discount", 0.0) if tag in DISCOUNTED else 0.0)
    out += struct.pack(f"<{nb + 1}I", *offs)
    out += ent
    out += struct.pack(f"<I{len(hans)}I", len(hans), *hans)
    out += struct.pack(f"<I{len(hant)}I", len(hant), *hant)
    assert len(out) == file_size
    return bytes(out)


def class_meta(qclasses, mus):
    oovs = [q[2] for _, _, q in qclasses if q[2] is not None]
    med = sorted(oovs)[len(oovs) // 2]
    return [dict(word_oov=q[2] if q[2] is not None else med, mu=mus.get((t, g), 0.0))
            for t, g, q in qclasses]


# ---------------------------------------------------------------- held-out test material
def make_tests(res, rnd):
    """Per class: pseudo-sentences, pairs and single words drawn from its full word list
    (held-out words included at their natural rate; 'oov' words only from the held-out part)."""
    tests = {}
    for k, (tag, group, src) in enumerate(sources.CLASSES):
        r = res[k]
        if r["words"] is None:
            continue
        full = r["words"]
        ws = list(full)
        fw = [full[w] for w in ws]
        f75 = [x ** 0.75 for x in fw]
        long_ws = [w for w in ws if len(w) >= 3 and r["rank"][w] < 50000]
        sq = [full[w] ** 0.5 for w in long_ws]
        held = sorted(w for w in r["held"] if len(w) >= 3 and r["rank"][w] < 60000)
        t = {"short": [" ".join(rnd.choices(ws, fw, k=rnd.randint(3, 8))) for _ in range(40)],
             "long": [" ".join(rnd.choices(ws, fw, k=rnd.randint(8, 25))) for _ in range(40)],
             "pair": [" ".join(rnd.choices(ws, f75, k=2)) for _ in range(100)],
             "word": rnd.choices(long_ws, sq, k=100),
             "oov": [rnd.choice(held) for _ in range(100)] if held else []}
        tests[k] = t
    return tests


def features(model, text, cands):
    """What the und rules look at, computed as reference.detect_details does."""
    runs, weights = textproc.words(text)
    group = max(textproc.GROUP_ORDER, key=lambda g: (weights.get(g, 0), -textproc.GROUP_ORDER.index(g)))
    wl = [w for s, w in runs if textproc.SCRIPT_GROUP[s] == group]
    cls = model.group_classes[group]
    cs = [c for c in cls if cands is None or model.classes[c]["tag"] in cands]
    cost, N, known = model.score(group, wl)
    ba = min(cls, key=lambda c: (cost[c], c))
    bc = min(cs, key=lambda c: (cost[c], c))
    nw = len(wl)
    return dict(best=model.classes[bc]["tag"], best_all_nc=ba not in cs,
                discounted=model.classes[ba]["tag"] in DISCOUNTED,
                diff=(cost[bc] - cost[ba]) / Q, N=N, nw=nw,
                x=cost[bc] / (N * Q) - model.classes[bc]["mu"], unk=1.0 - known[bc] / max(1, nw),
                cost=cost, cs=cs, bc=bc)


def und_mask(F, p):
    import numpy as np
    scale = np.where(F["disc"], 1.0 - p.get("a_discount", 0.0), 1.0)
    margin = np.where(F["nw"] == A_MIN_WORDS, p["a_short"], p["a_abs"]) * scale
    a = ((F["nw"] >= A_MIN_WORDS) & F["nc"] & (F["diff"] >= margin) & (F["diff"] >= p["a_rel"] * F["N"] * scale))
    b = (F["nw"] >= B_MIN_WORDS) & (F["x"] + p["b_wk"] * F["unk"] > p["b_t0"] + p["b_t1"] / np.sqrt(np.maximum(F["nw"], 1)))
    return a | b


def to_arrays(rows):
    import numpy as np
    return {"nc": np.array([r["best_all_nc"] for r in rows]), "disc": np.array([r["discounted"] for r in rows]),
            "diff": np.array([r["diff"] for r in rows]),
            "N": np.array([r["N"] for r in rows]), "nw": np.array([r["nw"] for r in rows]),
            "x": np.array([r["x"] for r in rows]), "unk": np.array([r["unk"] for r in rows])}


def und_rates(F, p, t0_grid):
    """und rate for each b_t0 of the grid, the other parameters in p."""
    import numpy as np
    q = dict(p, b_t0=np.inf)
    a = und_mask(F, q)
    s = F["x"] + p["b_wk"] * F["unk"] - p["b_t1"] / np.sqrt(np.maximum(F["nw"], 1))
    s = np.sort(s[(F["nw"] >= B_MIN_WORDS) & ~a])
    b = len(s) - np.searchsorted(s, t0_grid, side="right")  # rows with s > b_t0
    return (a.sum() + b) / max(1, len(a))


def load_devset(root, model, cands):
    """Features of the development set's calibration half (first DEV_CAP lines of each
    file; texts the script decides, or that are mixed, are left out: the rules do not see
    them). -> dict(clean=[...], nodia=[...], out=[...], by_source={src: [...]})"""
    import glob
    if not os.path.isdir(root):
        return None
    out = {"clean": [], "nodia": [], "out": [], "by_source": {}, "out_by_source": {}}
    for path in sorted(glob.glob(os.path.join(root, "*", "*.txt"))):
        src = os.path.basename(os.path.dirname(path))
        tag = os.path.basename(path)[:-4]
        with open(path, encoding="utf-8") as fh:
            lines = [x.strip() for x in fh if x.strip()][:DEV_CAP]
        for text in lines:
            runs, weights = textproc.words(text)
            total = sum(weights.values())
            group = max(textproc.GROUP_ORDER, key=lambda g: (weights.get(g, 0), -textproc.GROUP_ORDER.index(g)))
            if total == 0 or group not in textproc.NGRAM_GROUPS or weights[group] * 1000 < MIX_PERMILLE * total:
                continue
            if not any(w for s, w in runs if textproc.SCRIPT_GROUP[s] == group):
                continue
            row = features(model, text, cands) | {"tag": tag}
            if tag not in cands:
                out["out"].append(row)
                out["out_by_source"].setdefault(f"{src}/{tag}", []).append(row)
            elif src == "nodiacritics":
                out["nodia"].append(row)
            else:
                out["clean"].append(row)
                out["by_source"].setdefault(src, []).append(row)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--devset", default=DEFAULT_DEVSET,
                    help="calibration half of the development set ('' to calibrate without it)")
    args = ap.parse_args()
    import numpy as np
    t_start = time.time()
    log = lambda *a: print(*a, flush=True)  # noqa: E731
    from importlib.metadata import version
    log(f"train.py: {len(sources.CLASSES)} n-gram classes; wordfreq {version('wordfreq')}, "
        f"langdetect {version('langdetect')}, opencc-python-reimplemented {version('opencc-python-reimplemented')}, "
        f"regex {version('regex')}")

    # 1. counts (LANGID_CACHE=path reuses them between runs while developing)
    cache = os.environ.get("LANGID_CACHE")
    if cache and os.path.exists(cache):
        import pickle
        with open(cache, "rb") as fh:
            res = pickle.load(fh)
    else:
        with Pool(args.jobs) as pool:
            res = dict(pool.map(class_job, range(len(sources.CLASSES)), chunksize=1))
        if cache:
            import pickle
            with open(cache, "wb") as fh:
                pickle.dump(res, fh, protocol=5)
    for k, (tag, group, src) in enumerate(sources.CLASSES):
        r = res[k]
        ng, wc, oov, mo = r["full"]
        log(f"  {tag:3s} {group} {src:22s} words={len(r['words'] or {}):6d} ngrams={len(ng):6d} "
            f"wordkeys={len(wc):5d} max_order={mo} ({r['secs']:.1f}s)")
    log(f"counted in {time.time() - t_start:.0f}s")
    hans, hant = zh_charsets()
    log(f"zh character sets: {len(hans)} Simplified-only, {len(hant)} Traditional-only")

    # 2. calibration on held-out material
    rnd = random.Random(SEED)
    tests = make_tests(res, rnd)
    zero = dict(a_short=1e9, a_abs=1e9, a_rel=1e9, b_wk=0.0, b_t0=1e9, b_t1=0.0, conf_s0=1.0, conf_gamma=0.5)

    def model_from(which, exclude=(), mus=None, params=zero):
        q = [(t, g, res[k][which]) for k, (t, g, s) in enumerate(sources.CLASSES) if t not in exclude]
        return reference.Model(build_bytes(q, class_meta(q, mus or {}), params, hans, hant))

    m0 = model_from("train")
    mus = {}
    for k, t in tests.items():
        tag, group, _ = sources.CLASSES[k]
        vals = []
        for text in t["long"]:
            cost, N, _ = m0.score(group, [w for s, w in textproc.words(text)[0] if textproc.SCRIPT_GROUP[s] == group])
            ci = next(i for i, c in enumerate(m0.classes) if c["tag"] == tag and c["group"] == group)
            vals.append(cost[ci] / (N * Q))
        mus[(tag, group)] = sum(vals) / len(vals)
    # Classes without a frequency list of real text (sw: dictionary words, mr: langdetect
    # n-grams, gl: counts from interface strings and a dictionary) have no held-out text that
    # resembles real text: rule B is disabled for them by a mu no text reaches.
    for tag, group, src in sources.CLASSES:
        if not src.startswith("wordfreq"):
            mus[(tag, group)] = MU_DISABLED
    log("mu (mean nats per position on held-out text): " + " ".join(f"{t}/{g}={v:.2f}" for (t, g), v in mus.items()))
    mh = model_from("train", mus=mus)
    cands21 = set(EVAL21)
    inset = {"sent": [], "pair": [], "word": [], "oov": []}
    inset_all = []
    for k, t in tests.items():
        tag, group, _ = sources.CLASSES[k]
        for text in t["short"] + t["long"]:
            inset_all.append(features(mh, text, None) | {"tag": tag})
        if tag not in cands21:
            continue
        for text in t["short"] + t["long"]:
            inset["sent"].append(features(mh, text, cands21) | {"tag": tag})
        for kind in ("pair", "word", "oov"):
            for text in t[kind]:
                inset[kind].append(features(mh, text, cands21) | {"tag": tag})
    unknown = []
    for lang in UNKNOWN_STANDINS:
        mu_lo = model_from("train", exclude=(lang,), mus=mus)
        cands = cands21 - {lang}
        for k, t in tests.items():
            if sources.CLASSES[k][0] == lang:
                for text in t["short"] + t["long"]:
                    unknown.append(features(mu_lo, text, cands) | {"tag": lang})
    # Languages the model knows that are not candidates: their sentences should be und too
    # (rule A's case, as Catalan and Galician are for a workspace of the 21).
    outside = []
    for k, t in tests.items():
        tag = sources.CLASSES[k][0]
        if tag not in cands21:
            for text in t["short"] + t["long"]:
                outside.append(features(mh, text, cands21) | {"tag": tag})
    A = {kind: to_arrays(rows) for kind, rows in inset.items()}
    Aall = to_arrays(inset_all)
    U = to_arrays(unknown)
    K = to_arrays(outside)
    # Real text that is not training data: the calibration half of the development set
    # (devset/SOURCES.md), scored by the model that ships. Its in-set sentences are held to
    # the same und target as the held-out material, its diacritic-free chat to its own, and
    # its Catalan and Galician (outside the 21 candidates) should be und.
    dev = load_devset(args.devset, model_from("full", mus=mus), cands21) if args.devset else None
    if dev:
        D = {k: to_arrays(v) for k, v in dev.items() if not k.endswith("by_source") and v}
        log("development set (calibration half): " + ", ".join(f"{k} {len(v)}" for k, v in dev.items() if not k.endswith("by_source")))
    else:
        D = {}
        log("development set: none (--devset '')")
    limits = [(A[kd], TARGET_INSET_UND) for kd in A] + [(Aall, TARGET_INSET_UND)]
    if "clean" in D:
        limits.append((D["clean"], TARGET_DEV_UND))
        for src_rows in dev["by_source"].values():
            limits.append((to_arrays(src_rows), TARGET_DEV_SOURCE_UND))
    if "nodia" in D:
        limits.append((D["nodia"], TARGET_DEV_NODIA_UND))
    out_each = [to_arrays(rows) for rows in dev["out_by_source"].values()] if dev else []
    t0_grid = np.round(np.arange(-1.0, 8.0001, 0.05), 2)
    best = None
    closest = None  # the parameters whose worst ca/gl source is most often und, for the message above
    # The shortest texts rule A judges (two words) get their own margin: in-set word pairs
    # are often fitted better by a neighbouring language (pt pairs by gl), in-set sentences
    # rarely, so one margin for both would be set by the pairs. The margin per position
    # keeps a floor of 0.2 nats: nearly identical pairs (id/ms, hr/sr, da/nb) are told apart
    # by their word lists' sources as much as by the languages, so held-out text drawn from
    # each list separates them better than real text does, and would let the margin drop to 0.
    for a_discount, a_short, a_abs, a_rel, b_wk, b_t1 in itertools.product(DISCOUNTS,
            (6.0, 8.0, 10.0), (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0), (0.2, 0.3, 0.4, 0.5, 0.6),
            (0.0, 0.5, 1.0, 1.5, 2.0), (0.0, 0.5, 1.0, 2.0, 3.0)):
        p = dict(a_discount=a_discount, a_short=a_short, a_abs=a_abs, a_rel=a_rel, b_wk=b_wk, b_t1=b_t1)
        # smallest b_t0 (on a 0.05 grid) keeping every in-set rate within its target
        ok = np.ones(len(t0_grid), dtype=bool)
        for F, target in limits:
            ok &= und_rates(F, p, t0_grid) <= target
        if not ok.any():
            continue
        p["b_t0"] = float(t0_grid[np.argmax(ok)])
        outs = [und_mask(F, p).mean() for F in out_each]
        if outs and (closest is None or min(outs) > closest[0]):
            closest = (min(outs), dict(p), [round(x, 3) for x in outs])
        if any(x < TARGET_DEV_OUT_UND for x in outs):
            continue
        u = (und_mask(U, p).mean() + und_mask(K, p).mean()) / 2
        if "out" in D:
            u = (u + und_mask(D["out"], p).mean()) / 2
        score = (round(u, 4), -a_discount, -a_rel, -a_abs, -a_short)
        if best is None or score > best[0]:
            best = (score, dict(p))
    if best is None:
        raise SystemExit("no rule parameters keep the in-set und rate within target"
                         + (f" and ca and gl at {TARGET_DEV_OUT_UND}: closest {closest}" if closest else ""))
    params = best[1]
    log(f"und rules: {params}; held-out unknown {UNKNOWN_STANDINS} (each left out) -> und {best[0][0]:.3f}")
    for lang in UNKNOWN_STANDINS:
        sel = np.array([r["tag"] == lang for r in unknown])
        log(f"  unknown stand-in {lang}: und {und_mask(U, params)[sel].mean():.3f}")
    log(f"  known languages outside the candidates: und {und_mask(K, params).mean():.3f}")
    for tag in sorted({r["tag"] for r in outside}):
        sel = np.array([r["tag"] == tag for r in outside])
        log(f"    {tag}: und {und_mask(K, params)[sel].mean():.3f}")
    for kd in A:
        log(f"  in-set {kd}: und rate {und_mask(A[kd], params).mean():.4f}")
    for kd, F in D.items():
        log(f"  development set {kd}: und rate {und_mask(F, params).mean():.4f}")
    if dev:
        for src, src_rows in dev["by_source"].items():
            log(f"    {src}: und rate {und_mask(to_arrays(src_rows), params).mean():.4f}")
        for tag in ("ca", "gl"):
            sel = [r for r in dev["out"] if r["tag"] == tag]
            if sel:
                log(f"    {tag} (outside the candidates): und rate {und_mask(to_arrays(sel), params).mean():.4f}")
    log(f"  all classes, no candidates, sentences: und rate {und_mask(Aall, params).mean():.4f}")

    # confidence temperature: minimise the log loss of the true class on held-out material
    rows = []
    for kd in ("sent", "pair", "word", "oov"):
        rows += inset[kd]
    rows += inset_all
    tag_of = [c["tag"] for c in mh.classes]
    width = max(len(r["cs"]) for r in rows)
    D = np.full((len(rows), width), np.inf)
    T = np.zeros(len(rows), dtype=int)
    has_true = np.zeros(len(rows), dtype=bool)
    Nv = np.array([r["N"] for r in rows], dtype=float)
    for i, r in enumerate(rows):
        costs = np.array([r["cost"][c] for c in r["cs"]], dtype=float)
        D[i, :len(costs)] = costs - costs.min()
        for j, c in enumerate(r["cs"]):
            if tag_of[c] == r["tag"]:
                T[i] = j
                has_true[i] = True
    best_c = None
    for gamma in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        for s0 in [round(0.05 * 1.25 ** i, 5) for i in range(30)]:
            s = s0 * Nv ** (-gamma) / Q
            P = np.exp(-D * s[:, None])
            pt = np.where(has_true, P[np.arange(len(rows)), T] / P.sum(axis=1), 1e-9)
            nll = float(-np.log(np.maximum(pt, 1e-9)).sum())
            if best_c is None or nll < best_c[0]:
                best_c = (nll, s0, gamma)
    params["conf_s0"], params["conf_gamma"] = best_c[1], best_c[2]
    log(f"confidence: s0={best_c[1]} gamma={best_c[2]} (mean log loss {best_c[0] / len(rows):.4f})")

    # held-out accuracy report (held-out model, final parameters)
    mh = model_from("train", mus=mus, params=params)
    log("held-out accuracy with the 21 candidates (n-gram languages; und counts as wrong):")
    tot = {}
    for k, t in tests.items():
        tag, group, _ = sources.CLASSES[k]
        if tag not in cands21:
            continue
        line = []
        for kd in ("word", "oov", "pair", "short", "long"):
            ok = sum(reference.detect_details(mh, x, EVAL21)[0][0][0] == tag for x in t[kd])
            line.append(f"{kd}={ok / len(t[kd]):.2f}")
            a = tot.setdefault(kd, [0, 0]); a[0] += ok; a[1] += len(t[kd])
        log(f"  {tag}: " + " ".join(line))
    log("  all: " + " ".join(f"{kd}={a / b:.4f}" for kd, (a, b) in tot.items()))

    # 3. the shipped model
    q = [(t, g, res[k]["full"]) for k, (t, g, s) in enumerate(sources.CLASSES)]
    data = build_bytes(q, class_meta(q, mus), params, hans, hant, log=log)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as fh:
        fh.write(data)
    log(f"wrote {args.out}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    log(f"total {time.time() - t_start:.0f}s")


if __name__ == "__main__":
    main()
