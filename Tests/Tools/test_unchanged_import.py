"""An untouched export, imported back by any role, writes nothing: no revision, no state change."""

import pytest

from harness import EXTENSIONS, FORMATS, describe, diff

ROLES = ["translator_de", "reviewer", "admin"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_untouched_export_imports_as_unchanged(server, out, fmt, role):
    before = server.snapshot()
    coverage_before = server.coverage()["de"]
    revisions_before = server.revision_counts("de", before)
    de_texts = sum(1 for ident in before if ident[1] == "de")
    assert de_texts > 0 and coverage_before["approved"] > 0, "the seed has approved German texts"

    path = server.export(fmt, "de", out / f"support.de.{EXTENSIONS[fmt]}", role=role)

    for dry_run in (True, False):
        summary = server.import_file(path, role, dry_run=dry_run)
        what = f"{'dry run' if dry_run else 'import'} of the untouched {fmt} export as {role}: {summary}"
        assert summary["texts"] == de_texts, what
        assert summary["created"] == 0, what
        assert summary["updated"] == 0, what
        assert summary["unchanged"] == de_texts, what
        if "changes" in summary:
            assert summary["changes"] == [], what

        after = server.snapshot()
        changed = diff(before, after)
        assert not changed, f"{what}\nchanged texts:\n{describe(changed)}"
        assert server.coverage()["de"] == coverage_before, what

    assert server.revision_counts("de", after) == revisions_before, "no revision was written"
