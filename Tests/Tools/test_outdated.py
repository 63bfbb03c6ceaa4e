"""An outdated text stays outdated when an untouched file is imported: only an update or an
approval against the current source clears it."""

import pytest

from harness import EXTENSIONS, describe, diff

KEY = "tech.app_crash"


@pytest.mark.parametrize("exported", ["before the source edit", "after the source edit"])
@pytest.mark.parametrize("fmt", ["po", "xliff2", "xliff12"])
def test_untouched_import_keeps_outdated(server, out, fmt, exported):
    path = out / f"support.de.{EXTENSIONS[fmt]}"
    if exported == "before the source edit":
        server.export(fmt, "de", path, role="translator_de")  # its source is the old English
    server.edit_source(KEY)
    if exported == "after the source edit":
        server.export(fmt, "de", path, role="translator_de")
    outdated = {ident for ident, text in server.snapshot().items() if ident[1] == "de" and text["outdated"]}
    assert (KEY, "de", "default") in outdated

    before = server.snapshot()
    summary = server.import_file(path, "translator_de")
    changed = diff(before, server.snapshot())
    assert server.text(KEY, "de")["outdated"] is True, f"GET {KEY} (de) still says outdated"
    still = {ident for ident, text in server.snapshot().items() if ident[1] == "de" and text["outdated"]}
    assert still == outdated, f"no longer outdated: {sorted(outdated - still)}"
    assert (summary["created"], summary["updated"]) == (0, 0), \
        f"an untouched file writes nothing: {summary}\nchanged texts:\n{describe(changed)}"
    assert not changed, f"changed texts:\n{describe(changed)}"
