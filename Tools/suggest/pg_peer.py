#!/usr/bin/env python3
"""Peer baseline for reply suggestion: PostgreSQL's own full-text search on Parley's catalog.

Parley ranks a workspace's templates for a customer's chat message with its own index (ICU word
breaking and collation, BM25, see Sources/Search). This script does the same task with what a
team would reach for instead, PostgreSQL 15, and reports top-1/top-3 accuracy on a labelled set
so the two can be compared on the same messages.

Documents. One row per (template key, locale), holding what Parley indexes for it (see
SearchTemplate.fields): the examples, the chat message and every channel text reduced to their
literal words (placeholders dropped, the words of every plural/select variant kept), and the
template's own fields (key words, category, tags, shortcut, and in the source locale the
description). The fields are weighted as Parley weighs them (example 3, message/tags/category/
shortcut 1, key 0.5, channel text 0.3, description 0.2), mapped onto tsvector weights A-D.

Ranking, per message, over the templates of the message's locale:
  * fts: to_tsvector(config, unaccent(text)) on both sides with the locale's text-search
    configuration (english, spanish, ... when pg_ts_config has it, else simple). The query is an
    OR of the message's own lexemes (plainto_tsquery ANDs every word, which almost never matches a
    chat message), ranked by ts_rank or ts_rank_cd with Parley's field weights.
  * trgm: pg_trgm word_similarity(message, document) or similarity; used for locales written
    without spaces (ja, zh, th), where the default text-search parser cannot break words.
Every variant is computed for every message; the reported figure per locale is fts with
--rank for spaced locales and trgm with --trigram for the others, and the table and --json also
give each variant's figures in every locale. The defaults, ts_rank and similarity, were the
better ones on Tools/suggest/dev.jsonl: ts_rank put the expected key first for 129 of the 132
messages of spaced locales (ts_rank_cd 121), similarity for 42 of the 44 in ja, th and zh
(word_similarity 39).

Hits: templates that do not match at all (no shared lexeme, zero similarity) are not ranked;
the rest are ordered by score desc, then key asc. A message counts for top-1 when its expected
key comes first in that order (so a tie it loses on key order is a miss, an empty result too)
and for top-3 when it is among the first three.

Everything runs in one psql invocation: the catalog and the messages are inserted into a scratch
schema `peer` (dropped and recreated on each run) and one SELECT with LATERAL joins returns the
expected key's position per message and variant.

Usage (DATABASE_URL is a libpq URL psql accepts, a Unix socket one works):
    eval "$(scripts/test-database start)"
    Tools/suggest/pg_peer.py --catalog Locales/support --set Tools/suggest/dev.jsonl [--json]
    scripts/test-database stop "$PARLEY_TEST_PG"
Needs Python 3 with PyYAML, the psql client, and a superuser (CREATE EXTENSION unaccent, pg_trgm).
"""
import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import yaml

# The PostgreSQL 15 configurations for the catalog's languages (by primary language subtag).
# Languages absent here, or whose configuration the server lacks, fall back to `simple`.
TS_CONFIGS = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "fi": "finnish", "fr": "french", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "nl": "dutch", "no": "norwegian", "nb": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}

# Languages written without spaces between words: the default parser reads a whole run of
# letters as one word, so lexemes never match and trigrams are the only fair tool.
UNSPACED = {"ja", "zh", "th", "lo", "km", "my"}

# Parley's field weights (Sources/Search/SearchTemplate.swift, Field.weight) and the tsvector
# weight class each field is put in. ts_rank's weights array is {D, C, B, A}; each class gets
# its Parley weight divided by the example weight (description, 0.2, shares D with channel
# text, 0.3, as tsvector has only four classes).
FIELD_CLASS = {"example": "A", "message": "B", "naming": "B", "key": "C", "channel": "D", "description": "D"}
RANK_WEIGHTS = "{0.1, 0.1667, 0.3333, 1.0}"

FTS_RANKS = ("ts_rank", "ts_rank_cd")
TRIGRAM_SCORES = ("word_similarity", "similarity")
DEFAULT_RANK = "ts_rank"
DEFAULT_TRIGRAM = "similarity"


# MARK: Catalog

class MessageFormatError(ValueError):
    pass


def literal_text(source):
    """The words of an ICU MessageFormat text as a customer reads them, as Parley's
    MessageWords.literalText: literal text and every variant of a plural/select, a space for
    each placeholder and `#`. A text that does not parse is kept whole, as Parley does."""
    try:
        text, end = _pattern(source, 0, in_plural=False)
        if end != len(source):
            raise MessageFormatError(f"unmatched '}}' at {end}")
        return text
    except MessageFormatError:
        return source


def _pattern(s, i, in_plural):
    """Reads message text from i up to an unmatched '}' (left unread) or the end."""
    out = []
    while i < len(s):
        c = s[i]
        if c == "}":
            break
        if c == "{":
            text, i = _argument(s, i + 1)
            out.append(text)
        elif c == "'":
            text, i = _apostrophe(s, i + 1, in_plural)
            out.append(text)
        elif c == "#" and in_plural:
            out.append(" ")
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out), i


def _apostrophe(s, i, in_plural):
    """ICU's default DOUBLE_OPTIONAL rule: `''` is one apostrophe, a `'` before a syntax
    character quotes up to the next lone `'`, any other `'` is itself."""
    if i < len(s) and s[i] == "'":
        return "'", i + 1
    if i >= len(s) or not (s[i] in "{}" or (s[i] == "#" and in_plural)):
        return "'", i
    out = []
    while i < len(s):
        if s[i] == "'":
            if i + 1 < len(s) and s[i + 1] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), i + 1
        out.append(s[i])
        i += 1
    return "".join(out), i


def _argument(s, i):
    """Reads an argument after its '{', through its closing '}'."""
    close = _find_any(s, i, ",}")
    if s[close] == "}":
        return " ", close + 1
    i = close + 1
    close = _find_any(s, i, ",}")
    kind = s[i:close].strip()
    if kind in ("plural", "selectordinal", "select"):
        if s[close] != ",":
            raise MessageFormatError(f"{kind} without variants")
        return _variants(s, close + 1, in_plural=kind != "select")
    # number, date, time, ...: the rendered value is no word of the template; skip the style,
    # which may nest braces and quote with apostrophes.
    depth, i = 1, close
    while depth:
        if i >= len(s):
            raise MessageFormatError("unclosed argument")
        c = s[i]
        if c == "'":
            end = s.find("'", i + 1)
            if end < 0:
                raise MessageFormatError("unclosed quote in style")
            i = end
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    return " ", i


def _variants(s, i, in_plural):
    """Reads `[offset:n] selector {pattern} ...}`: every variant's words, through the '}'."""
    out = []
    while True:
        while i < len(s) and s[i].isspace():
            i += 1
        if i >= len(s):
            raise MessageFormatError("unclosed selection")
        if s[i] == "}":
            return "".join(out), i + 1
        brace = s.find("{", i)
        if brace < 0 or "}" in s[i:brace]:
            raise MessageFormatError("variant without a pattern")
        # The selector (and a leading `offset:n`) names no word of the text.
        text, i = _pattern(s, brace + 1, in_plural)
        if i >= len(s):
            raise MessageFormatError("unclosed variant")
        out.append(" " + text)
        i += 1


def _find_any(s, i, chars):
    for j in range(i, len(s)):
        if s[j] in chars:
            return j
    raise MessageFormatError("unclosed argument")


def load_catalog(folder):
    """Per locale, per key, the weighted fields of its document: [(field, text)].
    The source locale's file holds the template's own fields (category, tags, shortcut,
    description); Parley indexes them in every locale, the description in the source only."""
    folder = Path(folder)
    files = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(data.get("templates"), dict):
            files[data.get("locale", path.stem)] = data["templates"]
    workspace = folder / "workspace.yaml"
    source = "en"
    if workspace.exists():
        source = (yaml.safe_load(workspace.read_text(encoding="utf-8")) or {}).get("default_locale", source)
    own = files.get(source, {})

    documents = {}
    for locale, templates in files.items():
        for key, template in templates.items():
            template = template or {}
            base = own.get(key) or {}
            fields = [("key", " ".join(key.replace("-", ".").replace("_", ".").split(".")))]
            shortcut = str(base.get("shortcut") or "").lstrip("/")
            for naming in [shortcut, base.get("category") or ""] + list(base.get("tags") or []):
                if str(naming).strip():
                    fields.append(("naming", str(naming)))
            if locale == source and base.get("description"):
                fields.append(("description", str(base["description"])))
            if template.get("message"):
                fields.append(("message", literal_text(str(template["message"]))))
            for channel in sorted(template.get("channels") or {}):
                text = template["channels"][channel]
                if isinstance(text, dict):
                    text = text.get("message")
                if text:
                    fields.append(("channel", literal_text(str(text))))
            for example in template.get("examples") or []:
                fields.append(("example", str(example)))
            documents.setdefault(locale, {})[key] = fields
    return documents


def load_set(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


# MARK: SQL

def literal(text):
    """A standard SQL string literal (the script sets standard_conforming_strings on)."""
    return "'" + str(text).replace("\x00", "").replace("'", "''") + "'"


def language(locale):
    return locale.replace("_", "-").split("-")[0].lower()


def build_sql(documents, messages):
    locales = sorted(set(documents) | {m["locale"] for m in messages})
    locale_rows = ",\n".join(
        f"({literal(loc)}, {literal(TS_CONFIGS.get(language(loc), 'simple'))}, {'false' if language(loc) in UNSPACED else 'true'})"
        for loc in locales)
    field_rows = ",\n".join(
        f"({literal(loc)}, {literal(key)}, {place}, {literal(FIELD_CLASS[field])}, {literal(text)})"
        for loc, templates in sorted(documents.items())
        for key, fields in sorted(templates.items())
        for place, (field, text) in enumerate(fields))
    message_rows = ",\n".join(
        f"({n}, {literal(m['locale'])}, {literal(m['key'])}, {literal(m['text'])})" for n, m in enumerate(messages))
    fts_variants = ", ".join(f"({literal(r)})" for r in FTS_RANKS)
    trgm_variants = ", ".join(f"({literal(t)})" for t in TRIGRAM_SCORES)
    return f"""
SET client_min_messages = warning;
SET standard_conforming_strings = on;
DROP SCHEMA IF EXISTS peer CASCADE;
CREATE SCHEMA peer;
-- In public (the server's usual place), so that dropping peer keeps them for other users.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
-- An extension installed earlier may live in another schema: look there too.
DO $$ BEGIN
  PERFORM set_config('search_path', 'peer, public, ' || string_agg(DISTINCT quote_ident(n.nspname), ', '), false)
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  WHERE e.extname IN ('unaccent', 'pg_trgm');
END $$;

-- The configuration each locale's text goes through: its language's when the server has it.
CREATE TABLE locales (locale text PRIMARY KEY, wanted text, config regconfig, spaced boolean);
INSERT INTO locales (locale, wanted, spaced)
SELECT v.locale, v.wanted, v.spaced FROM (VALUES
{locale_rows}
) AS v(locale, wanted, spaced);
UPDATE locales SET config = (CASE WHEN EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = wanted)
                                  THEN wanted ELSE 'simple' END)::regconfig;

CREATE TABLE fields (locale text, key text COLLATE "C", place int, class "char", body text);
INSERT INTO fields VALUES
{field_rows};

-- tsvector's ||, as an aggregate: it shifts the right side's positions past the left's, so the
-- fields stay apart (a text cast and string_agg would merge their positions).
CREATE AGGREGATE concat_tsvector(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

-- One document per (key, locale): a weighted tsvector, and the plain text for trigrams.
CREATE TABLE documents AS
SELECT f.locale, f.key,
       concat_tsvector(setweight(to_tsvector(l.config, unaccent(f.body)), f.class) ORDER BY f.place) AS tsv,
       string_agg(f.body, E'\\n' ORDER BY f.place) AS body
FROM fields f JOIN locales l USING (locale)
GROUP BY f.locale, f.key;

CREATE TABLE messages (id int PRIMARY KEY, locale text, expected text COLLATE "C", body text);
INSERT INTO messages VALUES
{message_rows};

-- The OR of a text's own lexemes: plainto_tsquery would AND them. Lexemes are quoted as
-- tsquery input wants ('' for a quote, \\\\ for a backslash); NULL when none is left.
CREATE FUNCTION or_query(config regconfig, body text) RETURNS tsquery LANGUAGE sql STABLE AS $$
  SELECT string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | ')::tsquery
  FROM unnest(tsvector_to_array(to_tsvector(config, unaccent(body)))) AS lexeme
$$;

\\pset format unaligned
\\pset tuples_only on
\\pset fieldsep '\\t'
SELECT 'config', locale, config::text, spaced FROM locales ORDER BY locale;

-- Per message and variant, the expected key's place among the matching documents (by score
-- desc, key asc), NULL when it does not match at all.
WITH asked AS (
  SELECT m.*, l.config, or_query(l.config, m.body) AS query
  FROM messages m JOIN locales l USING (locale)
), fts AS (
  SELECT a.id, 'fts:' || v.rank AS variant, hit.place
  FROM asked a CROSS JOIN (VALUES {fts_variants}) AS v(rank)
  LEFT JOIN LATERAL (
    SELECT ranked.place FROM (
      SELECT d.key, row_number() OVER (ORDER BY score DESC, d.key) AS place
      FROM documents d
      CROSS JOIN LATERAL (SELECT CASE v.rank
          WHEN 'ts_rank' THEN ts_rank('{RANK_WEIGHTS}', d.tsv, a.query)
          ELSE ts_rank_cd('{RANK_WEIGHTS}', d.tsv, a.query) END AS score) s
      WHERE d.locale = a.locale AND d.tsv @@ a.query
    ) ranked WHERE ranked.key = a.expected
  ) hit ON true
), trgm AS (
  SELECT a.id, 'trgm:' || v.score AS variant, hit.place
  FROM asked a CROSS JOIN (VALUES {trgm_variants}) AS v(score)
  LEFT JOIN LATERAL (
    SELECT ranked.place FROM (
      SELECT d.key, row_number() OVER (ORDER BY score DESC, d.key) AS place
      FROM documents d
      CROSS JOIN LATERAL (SELECT CASE v.score
          WHEN 'word_similarity' THEN word_similarity(a.body, d.body)
          ELSE similarity(a.body, d.body) END AS score) s
      WHERE d.locale = a.locale AND s.score > 0
    ) ranked WHERE ranked.key = a.expected
  ) hit ON true
)
SELECT 'place', id, variant, coalesce(place::text, '') FROM fts
UNION ALL
SELECT 'place', id, variant, coalesce(place::text, '') FROM trgm;
"""


def run_psql(url, sql):
    result = subprocess.run(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
                            input=sql, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"psql failed ({result.returncode}):\n{result.stderr.strip()}")
    return result.stdout


# MARK: Scoring

def tally(messages, places, chosen):
    """{"n", "top1", "top3"} overall and per locale, for `chosen(locale) -> variant`."""
    counts = defaultdict(lambda: [0, 0, 0])
    for n, message in enumerate(messages):
        place = places.get((n, chosen(message["locale"])))
        for group in (message["locale"], None):
            counts[group][0] += 1
            counts[group][1] += place == 1
            counts[group][2] += place is not None and place <= 3

    def figures(group):
        total, top1, top3 = counts[group]
        return {"n": total, "top1": round(top1 / total, 4) if total else 0.0,
                "top3": round(top3 / total, 4) if total else 0.0}

    locales = sorted({m["locale"] for m in messages})
    return figures(None), {loc: figures(loc) for loc in locales}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalog", required=True, help="folder of <locale>.yaml catalog files")
    parser.add_argument("--set", required=True, help="JSON lines of {locale, key, text}")
    parser.add_argument("--json", action="store_true", help="print a JSON summary instead of a table")
    parser.add_argument("--rank", choices=FTS_RANKS, default=DEFAULT_RANK,
                        help=f"rank function reported for spaced locales (default {DEFAULT_RANK})")
    parser.add_argument("--trigram", choices=TRIGRAM_SCORES, default=DEFAULT_TRIGRAM,
                        help=f"pg_trgm score reported for unspaced locales (default {DEFAULT_TRIGRAM})")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("DATABASE_URL is not set (eval \"$(scripts/test-database start)\")")

    documents = load_catalog(args.catalog)
    messages = load_set(args.set)
    missing = sorted({m["locale"] for m in messages} - set(documents))
    if missing:
        sys.exit(f"no catalog for locale(s): {', '.join(missing)}")

    configs, places = {}, {}
    for line in run_psql(url, build_sql(documents, messages)).splitlines():
        kind, *values = line.split("\t")
        if kind == "config":
            locale, config, spaced = values
            configs[locale] = (config, spaced == "t")
        elif kind == "place":
            n, variant, place = values
            places[(int(n), variant)] = int(place) if place else None

    def reported(locale):
        return f"fts:{args.rank}" if configs[locale][1] else f"trgm:{args.trigram}"

    def describe(locale):
        config, spaced = configs[locale]
        return f"fts {args.rank} ({config})" if spaced else f"pg_trgm {args.trigram}"

    overall, locales = tally(messages, places, reported)
    for locale, figures in locales.items():
        figures["method"] = describe(locale)
    variants = sorted({variant for _, variant in places})
    method = (f"PostgreSQL full-text search: OR of the message's to_tsvector(config, unaccent(text)) lexemes, "
              f"{args.rank} with weights {RANK_WEIGHTS} (Parley's field weights) for spaced locales; "
              f"pg_trgm {args.trigram}(message, document) for "
              + ", ".join(sorted(loc for loc in locales if not configs[loc][1])))

    if args.json:
        summary = {"overall": overall, "locales": locales, "method": method, "variants": {}}
        for variant in variants:
            v_overall, v_locales = tally(messages, places, lambda _: variant)
            summary["variants"][variant] = {"overall": v_overall, "locales": v_locales}
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return

    print(method)
    print()
    header = f"{'locale':<9} {'n':>4} {'top1':>6} {'top3':>6}  {'method':<26}| " + "  ".join(f"{v:>22}" for v in variants)
    print(header)
    print("-" * len(header))
    per_variant = {v: tally(messages, places, lambda _, v=v: v) for v in variants}
    for locale, figures in locales.items():
        others = "  ".join(f"{per_variant[v][1][locale]['top1']:>10.3f} / {per_variant[v][1][locale]['top3']:<9.3f}"
                           for v in variants)
        print(f"{locale:<9} {figures['n']:>4} {figures['top1']:>6.3f} {figures['top3']:>6.3f}  "
              f"{figures['method']:<26}| {others}")
    others = "  ".join(f"{per_variant[v][0]['top1']:>10.3f} / {per_variant[v][0]['top3']:<9.3f}" for v in variants)
    print(f"{'overall':<9} {overall['n']:>4} {overall['top1']:>6.3f} {overall['top3']:>6.3f}  {'':<26}| {others}")
    print("\n(right of |: top1 / top3 of each variant used for every locale)")


if __name__ == "__main__":
    main()
