"""Reading and editing exported files with the translators' own tools: polib for PO,
translate-toolkit for XLIFF 2.0 and 1.2, Python's json and csv for the flat formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import polib
from translate.storage import xliff as xliff1
from translate.storage import xliff2

import harness

# The converters are installed next to the Python running the tests (the venv).
VENV_BIN = Path(sys.executable).parent


# MARK: Units as the tools see them: name (KEY or KEY:CHANNEL) -> unit


def po_entries(path: Path) -> dict:
    po = polib.pofile(str(path), wrapwidth=0)
    return {entry.msgctxt: entry for entry in po if entry.msgid != "" or entry.msgctxt}


def xliff2_store(path: Path) -> xliff2.Xliff2File:
    return xliff2.Xliff2File.parsestring(Path(path).read_bytes())


def xliff12_store(path: Path) -> xliff1.xlifffile:
    return xliff1.xlifffile.parsestring(Path(path).read_bytes())


def unit_name(unit) -> str:
    """The unit's own id, without the `original` prefix translate-toolkit adds in XLIFF 1.x."""
    return unit.getid().split(xliff1.ID_SEPARATOR)[-1]


def xliff_units(store) -> dict:
    return {unit_name(unit): unit for unit in store.units if not unit.isheader()}


# MARK: Editing exactly one text


def edited(message: str) -> str:
    """A new wording that keeps the arguments and the lines of the text."""
    if "Mit freundlichen Grüßen" in message:
        return message.replace("Mit freundlichen Grüßen", "Viele Grüße", 1)
    return message + " Bis bald!"


def set_text(fmt: str, path: Path, name: str, locale: str, message: str) -> None:
    """Changes one text's wording in the file, as the format's tool does, and saves the file."""
    if fmt == "po":
        po = polib.pofile(str(path))
        entries = [e for e in po if e.msgctxt == name]
        assert len(entries) == 1, f"{path}: {len(entries)} entries with msgctxt {name}"
        entries[0].msgstr = message
        if "fuzzy" in entries[0].flags:
            entries[0].flags.remove("fuzzy")
        entries[0].previous_msgid = None
        po.save(str(path))
    elif fmt in ("xliff2", "xliff12"):
        store = xliff2_store(path) if fmt == "xliff2" else xliff12_store(path)
        units = [u for u in store.units if unit_name(u) == name]
        assert len(units) == 1, f"{path}: {len(units)} units named {name}"
        units[0].target = message
        Path(path).write_bytes(bytes(store))
    elif fmt == "json":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        assert name in data, f"{path}: no {name}"
        data[name] = message
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    elif fmt == "csv":
        key, channel = harness.parse_name(name)
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        header = rows[0]
        k, l, c, m = (header.index(column) for column in ("key", "locale", "channel", "message"))
        hits = [row for row in rows[1:] if row[k] == key and row[l] == locale and (row[c] or "default") == channel]
        assert len(hits) == 1, f"{path}: {len(hits)} rows for {name} ({locale})"
        hits[0][m] = message
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)  # RFC 4180: CRLF, quoted where needed
        Path(path).write_text(buffer.getvalue(), encoding="utf-8", newline="")
    else:
        raise ValueError(fmt)


# MARK: Command-line tools


def toolkit(command: str, *args) -> subprocess.CompletedProcess:
    """A translate-toolkit converter from the venv (xliff2po, po2xliff)."""
    return harness.run([VENV_BIN / command, "--progress=none", *args], check=True)


def gettext(*args) -> subprocess.CompletedProcess:
    return harness.run(list(args))
