"""What translate-toolkit makes of the review states in XLIFF exports: `xliff2po` of an XLIFF 1.2
export marks exactly the texts that are not approved, or outdated, fuzzy; its XLIFF 2.0 reader
sees approved texts as approved and drafts as fuzzy."""

import polib

import tools
from harness import text_name


def expected_unapproved(server, locale):
    """Names of the texts that are not approved against the current source: not approved, or outdated."""
    return {text_name(key, channel) for (key, loc, channel), text in server.snapshot().items()
            if loc == locale and (text["state"] != "approved" or text["outdated"])}


def test_xliff2po_marks_exactly_unapproved_and_outdated_fuzzy(server, out):
    setup = server.mixed_states()
    expected = expected_unapproved(server, "de")
    for name in ("needs_review", "draft", "outdated"):
        assert text_name(*setup[name]) in expected

    xlf = server.export("xliff12", "de", out / "support.de.xlf", role="translator_de")
    po_path = out / "support.de.po"
    tools.toolkit("xliff2po", xlf, po_path)

    # xliff2po keeps the units' order but not their ids: pair them up, checking the sources agree.
    units = [unit for unit in tools.xliff12_store(xlf).units if not unit.isheader()]
    entries = [entry for entry in polib.pofile(str(po_path)) if entry.msgid]
    assert len(entries) == len(units), "one PO entry per XLIFF unit"
    fuzzy = set()
    for unit, entry in zip(units, entries):
        assert entry.msgid == unit.source, f"{tools.unit_name(unit)}: entries and units in the same order"
        if entry.fuzzy:
            fuzzy.add(tools.unit_name(unit))
    assert fuzzy == expected, (f"fuzzy but approved and current: {sorted(fuzzy - expected)}; "
                               f"not fuzzy but unapproved or outdated: {sorted(expected - fuzzy)}")


def test_toolkit_reads_xliff2_states(server, out):
    setup = server.mixed_states()
    snapshot = server.snapshot()
    xlf = server.export("xliff2", "de", out / "support.de.xlf", role="translator_de")
    units = tools.xliff_units(tools.xliff2_store(xlf))
    wrong = []
    for (key, locale, channel), text in snapshot.items():
        if locale != "de":
            continue
        unit = units[text_name(key, channel)]
        current_approved = text["state"] == "approved" and not text["outdated"]
        if unit.isapproved() != current_approved or unit.isfuzzy() != (text["state"] == "draft"):
            wrong.append(f"{text_name(key, channel)}: {text['state']}{' outdated' if text['outdated'] else ''} "
                         f"read as approved={unit.isapproved()} fuzzy={unit.isfuzzy()}")
    assert not wrong, "\n".join(wrong)
    assert units[text_name(*setup["draft"])].isfuzzy()
