"""Export, change exactly one text with the format's tool, import: exactly that text changes,
to the new wording, and a translator's text waits for review."""

import pytest

import tools
from harness import EXTENSIONS, describe, diff, parse_name

# Which text each format's edit touches: chat texts and email texts (with their newlines).
EDITS = {
    "po": "general.greeting",
    "xliff2": "general.greeting:email",
    "xliff12": "tech.app_crash:email",
    "json": "account.password_reset",
    "csv": "payments.refund_status:email",
}


def edit_and_import(server, out, fmt, role, name):
    key, channel = parse_name(name)
    before = server.snapshot()
    current = before[(key, "de", channel)]
    assert current["state"] == "approved", "the seed's text is approved"
    revisions = len(server.revisions(key, "de", channel))
    new_message = tools.edited(current["message"])
    assert new_message != current["message"]

    path = server.export(fmt, "de", out / f"support.de.{EXTENSIONS[fmt]}", role=role)
    tools.set_text(fmt, path, name, "de", new_message)

    dry = server.import_file(path, role, dry_run=True)
    assert (dry["created"], dry["updated"]) == (0, 1), f"dry run of a file with one edit: {dry}"
    assert not diff(before, server.snapshot()), "a dry run writes nothing"

    summary = server.import_file(path, role)
    assert (summary["created"], summary["updated"]) == (0, 1), f"import of a file with one edit: {summary}"
    assert summary["unchanged"] == summary["texts"] - 1, summary

    changed = diff(before, server.snapshot())
    assert set(changed) == {(key, "de", channel)}, f"exactly {name} (de) changes; changed:\n{describe(changed)}"
    old, new = changed[(key, "de", channel)]
    assert new["message"] == new_message, "the new wording, byte for byte"
    assert new["version"] == old["version"] + 1, "one new version"
    assert len(server.revisions(key, "de", channel)) == revisions + 1, "one new revision"
    return new


@pytest.mark.parametrize("fmt", list(EDITS))
def test_translator_edit_changes_one_text_and_waits_for_review(server, out, fmt):
    new = edit_and_import(server, out, fmt, "translator_de", EDITS[fmt])
    assert new["state"] == "needs_review", f"a translator's edit waits for review, got {new['state']}"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_reviewer_edit_without_state_is_approved(server, out, fmt):
    # JSON and CSV carry no state: a reviewer's changed text is approved.
    new = edit_and_import(server, out, fmt, "reviewer", EDITS[fmt])
    assert new["state"] == "approved", f"a reviewer's edit in {fmt} is approved, got {new['state']}"
