"""A file that went through translate-toolkit's po2xliff (XLIFF 1.1, numeric ids, no msgctxt,
the target language maybe missing) imports with `--locale`, changing exactly what was edited."""

import re

import pytest

import tools
from harness import describe, diff, parse_name

EDITED = "general.closing_survey"


@pytest.mark.parametrize("target_language", ["kept", "removed"])
def test_po2xliff_file_imports_with_locale(server, out, target_language):
    key, channel = parse_name(EDITED)
    before = server.snapshot()
    new_message = tools.edited(before[(key, "de", channel)]["message"])

    po_path = server.export("po", "de", out / "support.de.po", role="translator_de")
    tools.set_text("po", po_path, EDITED, "de", new_message)
    xlf = out / "support.de.po2xliff.xlf"
    tools.toolkit("po2xliff", po_path, xlf)
    content = xlf.read_text(encoding="utf-8")
    assert 'version="1.1"' in content, "po2xliff writes XLIFF 1.1"
    ids = re.findall(r'<trans-unit[^>]*\sid="([^"]*)"', content)
    assert ids and all(i.isdigit() for i in ids), f"po2xliff's numeric ids, not the keys: {ids[:5]}"
    if target_language == "removed":
        content = re.sub(r'\s+target-language="[^"]*"', "", content)
        xlf.write_text(content, encoding="utf-8")
        assert "target-language" not in content

    for args in (["--format", "xliff12", "--locale", "de"], ["--locale", "de"]):
        dry = server.import_file(xlf, "translator_de", *args, dry_run=True)
        assert (dry["created"], dry["updated"]) == (0, 1), f"{args}: {dry}"
        assert not diff(before, server.snapshot())

    summary = server.import_file(xlf, "translator_de", "--locale", "de")
    assert (summary["created"], summary["updated"]) == (0, 1), summary
    changed = diff(before, server.snapshot())
    assert set(changed) == {(key, "de", channel)}, f"exactly {EDITED} changes:\n{describe(changed)}"
    assert changed[(key, "de", channel)][1]["message"] == new_message
    assert changed[(key, "de", channel)][1]["state"] == "needs_review"
