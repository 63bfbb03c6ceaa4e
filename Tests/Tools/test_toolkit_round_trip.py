"""translate-toolkit reads every exported text byte for byte (newlines included), and a file it
parsed and wrote again imports as unchanged."""

import pytest

import tools
from harness import describe, diff, text_name

READERS = {"xliff2": tools.xliff2_store, "xliff12": tools.xliff12_store}


@pytest.mark.parametrize("fmt", list(READERS))
@pytest.mark.parametrize("locale", ["ru", "de"])
def test_toolkit_reads_and_writes_every_text_byte_for_byte(server, out, fmt, locale):
    before = server.snapshot()
    texts = {text_name(key, channel): text["message"] for (key, loc, channel), text in before.items() if loc == locale}
    multiline = [name for name, message in texts.items() if "\n" in message]
    assert multiline, f"the {locale} seed has texts with newlines"

    path = server.export(fmt, locale, out / f"support.{locale}.{fmt}.xlf", role="admin")
    store = READERS[fmt](path)
    units = tools.xliff_units(store)
    read = {name: unit.target for name, unit in units.items() if unit.target}
    assert set(read) == set(texts), "a unit with a target for every text, and no other"
    wrong = [name for name in texts if read[name] != texts[name]]
    assert not wrong, (f"{len(wrong)} of {len(texts)} texts read differently by translate-toolkit "
                       f"({sum(1 for n in wrong if n in multiline)} of them with newlines), e.g. "
                       f"{wrong[0]}: {read[wrong[0]]!r} != {texts[wrong[0]]!r}")

    # Written again by the toolkit (reindented, its own serialisation) and imported untouched.
    rewritten = out / f"support.{locale}.{fmt}.toolkit.xlf"
    rewritten.write_bytes(bytes(store))
    again = {name: unit.target for name, unit in tools.xliff_units(READERS[fmt](rewritten)).items() if unit.target}
    assert again == read, "the toolkit reads its own file as it read ours"
    summary = server.import_file(rewritten, "admin")
    assert (summary["created"], summary["updated"]) == (0, 0), f"the round trip changes nothing: {summary}"
    changed = diff(before, server.snapshot())
    assert not changed, f"changed texts:\n{describe(changed)}"
