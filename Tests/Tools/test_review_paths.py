"""Only reviewers produce `approved`: a translator's import, push, batch and rollback yield texts
that wait for review, whatever state they ask for."""

import pytest

import tools
from harness import WORKSPACE, EXTENSIONS, text_name

KEY = "general.escalate_to_specialist"


def state_of(server, key, channel="default"):
    return server.text(key, "de", channel)["state"]


def approve_in_file(fmt, path, name, message, locale="de"):
    """Edits one text and marks it approved/final as a reviewer's tool would."""
    tools.set_text(fmt, path, name, locale, message)
    if fmt in ("xliff2", "xliff12"):
        store = tools.xliff2_store(path) if fmt == "xliff2" else tools.xliff12_store(path)
        unit = tools.xliff_units(store)[name]
        if fmt == "xliff2":
            unit.xmlelement.set("state", "final")
        else:
            unit.markapproved(True)
            unit.get_target_dom().set("state", "final")
        path.write_bytes(bytes(store))


@pytest.mark.parametrize("fmt", ["po", "xliff2", "xliff12", "json", "csv"])
def test_translator_import_never_approves(server, out, fmt):
    message = tools.edited(server.text(KEY, "de")["message"])
    path = server.export(fmt, "de", out / f"support.de.{EXTENSIONS[fmt]}", role="translator_de")
    approve_in_file(fmt, path, KEY, message)
    summary = server.import_file(path, "translator_de")
    assert summary["updated"] == 1, summary
    text = server.text(KEY, "de")
    assert text["message"] == message
    assert text["state"] == "needs_review", f"a translator's import of an approved/final text: {text['state']}"


def changes(server, role, items, dry_run=False):
    body = {"changes": items}
    if dry_run:
        body["dryRun"] = True
    return server.api("POST", f"/v1/workspaces/{WORKSPACE}/changes", role, body)


def test_translator_push_of_approved_waits_for_review(server):
    current = server.text(KEY, "de")
    message = tools.edited(current["message"])
    item = {"key": KEY, "locale": "de", "message": message, "state": "approved", "baseVersion": current["version"]}

    dry = changes(server, "translator_de", [item], dry_run=True)
    assert dry.status == 200, f"a translator's push asking for approved is written as needs_review: {dry.status} {dry.body}"
    assert [c["state"] for c in dry.body.get("changes", [])] == ["needs_review"], dry.body
    assert server.text(KEY, "de")["version"] == current["version"], "a dry run writes nothing"

    response = changes(server, "translator_de", [item])
    assert response.status == 200, f"{response.status} {response.body}"
    assert [w["state"] for w in response.body["written"]] == ["needs_review"], response.body
    assert state_of(server, KEY) == "needs_review"


def test_translator_batch_never_approves(server):
    names = [("general.greeting", "default"), ("general.greeting", "email"), ("account.suspended_appeal", "default")]
    states = ["approved", None, "needs_review"]
    items = []
    for (key, channel), state in zip(names, states):
        current = server.text(key, "de", channel)
        item = {"key": key, "locale": "de", "channel": channel, "message": tools.edited(current["message"]),
                "baseVersion": current["version"]}
        if state:
            item["state"] = state
        items.append(item)
    # And one text that is unchanged but asks for approved: it stays as it is.
    unchanged = server.text("account.password_reset", "de")
    items.append({"key": "account.password_reset", "locale": "de", "message": unchanged["message"],
                  "state": "approved", "baseVersion": unchanged["version"]})

    response = changes(server, "translator_de", items)
    assert response.status == 200, f"{response.status} {response.body}"
    assert (response.body["created"], response.body["updated"]) == (0, 3), response.body
    for key, channel in names:
        assert state_of(server, key, channel) == "needs_review", text_name(key, channel)
    after = server.text("account.password_reset", "de")
    assert (after["version"], after["state"]) == (unchanged["version"], unchanged["state"]), "unchanged text untouched"


def test_translator_put_of_approved_never_approves(server):
    # A single write asking for approved is either refused (403, nothing written) or waits for review.
    current = server.text(KEY, "de")
    message = tools.edited(current["message"])
    response = server.put_text(KEY, "de", message, "translator_de", "approved")
    after = server.text(KEY, "de")
    if response.status == 403:
        assert after == current, "a refused write writes nothing"
    else:
        assert response.status == 200, f"{response.status} {response.body}"
        assert (after["message"], after["state"]) == (message, "needs_review")


def test_translator_rollback_never_approves(server):
    # Revision 1 is the seed's approved text; a translator edits it, then rolls back to it.
    seed_revision = server.revisions(KEY, "de")[-1]
    assert seed_revision["state"] == "approved"
    current = server.text(KEY, "de")
    assert server.put_text(KEY, "de", tools.edited(current["message"]), "translator_de").status == 200
    assert state_of(server, KEY) == "needs_review"

    result = server.cli("rollback", KEY, "--locale", "de", "--to", str(seed_revision["id"]), role="translator_de")
    assert result.returncode == 0, result.stdout + result.stderr
    text = server.text(KEY, "de")
    assert text["message"] == seed_revision["message"], "the old wording is restored"
    assert text["state"] == "needs_review", f"a translator's rollback waits for review, got {text['state']}"

    # A reviewer's rollback restores the revision's approved state.
    result = server.cli("rollback", KEY, "--locale", "de", "--to", str(seed_revision["id"]), role="reviewer")
    assert result.returncode == 0, result.stdout + result.stderr
    assert state_of(server, KEY) == "approved"


def test_reviewer_import_may_approve(server, out):
    # The other side of the rule: a reviewer's file keeps the approved state it gives.
    message = tools.edited(server.text(KEY, "de")["message"])
    path = server.export("xliff2", "de", out / "support.de.xlf", role="reviewer")
    approve_in_file("xliff2", path, KEY, message)
    summary = server.import_file(path, "reviewer")
    assert summary["updated"] == 1, summary
    assert state_of(server, KEY) == "approved"


def test_translator_of_fr_edits_fr_and_may_not_import_de(server, out):
    before = server.snapshot()
    # A German file is denied as a whole (exit 3), and nothing is written.
    de = server.export("po", "de", out / "support.de.po", role="translator_fr")
    tools.set_text("po", de, KEY, "de", tools.edited(before[(KEY, "de", "default")]["message"]))
    denied = server.cli("import", de, role="translator_fr")
    assert denied.returncode == 3, f"exit {denied.returncode}: {denied.stdout}{denied.stderr}"
    assert server.snapshot() == before

    # Their own locale: exactly the edited text, waiting for review.
    fr = server.export("xliff2", "fr", out / "support.fr.xlf", role="translator_fr")
    message = before[(KEY, "fr", "default")]["message"] + " À bientôt !"
    approve_in_file("xliff2", fr, KEY, message, "fr")
    summary = server.import_file(fr, "translator_fr")
    assert (summary["created"], summary["updated"]) == (0, 1), summary
    text = server.text(KEY, "fr")
    assert (text["message"], text["state"]) == (message, "needs_review")
