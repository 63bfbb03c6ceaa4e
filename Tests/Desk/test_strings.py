"""The desk's interface texts: every key the pages use is a template of Locales/desk, translated
in every locale of that workspace (no browser needed)."""

from __future__ import annotations

import re

from desk import ROOT

DESK = ROOT / "Desk"
LOCALES = ROOT / "Locales" / "desk"
PREFIXES = "desk|signin|message|detected|suggestions|search|reply|problem|insights"
PAGES = {"index.html": "desk.js", "insights.html": "insights.js"}  # each page and its script
SHARED = "common.js"  # what both use


def keys_in(path) -> set:
    return set(re.findall(r"^  ([a-z0-9_.-]+):$", path.read_text(), re.M))


def test_every_interface_text_exists_in_every_locale():
    used = set()
    for page, script in PAGES.items():
        used |= set(re.findall(rf"'((?:{PREFIXES})\.[a-z_]+)'", (DESK / script).read_text() + (DESK / SHARED).read_text()))
        used |= set(re.findall(r'data-t(?:-label|-placeholder)?="([a-z_.]+)"', (DESK / page).read_text()))
    workspace = (LOCALES / "workspace.yaml").read_text()
    locales = [tag.strip() for tag in re.search(r"locales: \[(.*)\]", workspace).group(1).split(",")]
    assert {"en", "es", "zh-Hans", "ar"} <= set(locales)
    for locale in locales:
        defined = keys_in(LOCALES / f"{locale}.yaml")
        assert used <= defined, f"{locale} lacks {sorted(used - defined)}"
        assert defined <= used, f"{locale} has texts the page does not use: {sorted(defined - used)}"
