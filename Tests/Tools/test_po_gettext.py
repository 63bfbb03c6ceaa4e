"""PO exports as gettext's own tools check and merge them: `msgfmt --check` passes for every
locale; an outdated text is `#, fuzzy` with `#| msgid` holding the source it was translated
from; `msgmerge` with a POT of the current sources keeps the file importable, unchanged."""

import polib

import tools
from harness import describe, diff, parse_name


def msgfmt_check_all(server, folder):
    server.export("po", None, folder)  # every locale into the folder
    files = sorted(folder.glob("*.po"))
    assert len(files) == len(server.coverage()), "one PO file per locale"
    failures = []
    for path in files:
        result = tools.gettext("msgfmt", "--check", "-o", "/dev/null", path)
        if result.returncode != 0:
            failures.append(f"{path.name}: {result.stderr.strip()[:500]}")
    assert not failures, "msgfmt --check failed:\n" + "\n".join(failures)


def test_msgfmt_checks_every_locale(server, out):
    msgfmt_check_all(server, out / "all")


def test_outdated_text_is_fuzzy_with_previous_msgid_and_survives_msgmerge(server, out):
    setup = server.mixed_states()  # a text waiting for review, a draft, and an outdated one
    key, old_source, new_source = setup["outdated"][0], setup["old_source"], setup["new_source"]
    assert server.text(key, "de")["outdated"], "the German text is outdated once its source changed"
    msgfmt_check_all(server, out / "all")  # with `#|` lines in the files now

    de_po = server.export("po", "de", out / "support.de.po", role="translator_de")
    entries = tools.po_entries(de_po)
    entry = entries[key]
    assert entry.msgid == new_source, "msgid is the current source"
    assert "fuzzy" in entry.flags, "an outdated text is #, fuzzy"
    assert entry.previous_msgid == old_source, "#| msgid holds the source it was translated from"
    assert entry.msgstr == server.text(key, "de")["message"]

    snapshot = server.snapshot()
    # Every other entry: fuzzy exactly when it is a draft or outdated, no #| unless outdated.
    wrong = []
    for name, other in entries.items():
        text = snapshot.get((parse_name(name)[0], "de", parse_name(name)[1]))
        if text is None:
            continue
        fuzzy = text["state"] == "draft" or text["outdated"]
        if ("fuzzy" in other.flags) != fuzzy or (other.previous_msgid is not None) != text["outdated"]:
            wrong.append(f"{name}: {text['state']} outdated={text['outdated']} flags={other.flags} "
                         f"previous={other.previous_msgid!r}")
    assert not wrong, "\n".join(wrong)
    assert "fuzzy" in entries["account.password_reset"].flags, "a draft is fuzzy"
    assert "fuzzy" not in entries["general.greeting"].flags, "a text waiting for review is not"

    # A POT of the current sources (from the source locale's export), merged as a translator's
    # tool (Poedit, msgmerge) does.
    en_po = server.export("po", "en", out / "support.en.po")
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    for source in polib.pofile(str(en_po)):
        if source.msgid:
            pot.append(polib.POEntry(msgctxt=source.msgctxt, msgid=source.msgid, msgstr="",
                                     comment=source.comment))
    pot_path = out / "support.pot"
    pot.save(str(pot_path))
    merged = out / "support.de.merged.po"
    result = tools.gettext("msgmerge", "--previous", "--quiet", "-o", merged, de_po, pot_path)
    assert result.returncode == 0, result.stderr
    assert tools.gettext("msgfmt", "--check", "-o", "/dev/null", merged).returncode == 0

    merged_entry = tools.po_entries(merged)[key]
    assert "fuzzy" in merged_entry.flags and merged_entry.previous_msgid == old_source, \
        "msgmerge keeps the outdated entry fuzzy with its previous msgid"

    before = server.snapshot()
    summary = server.import_file(merged, "translator_de")
    assert (summary["created"], summary["updated"]) == (0, 0), f"the merged, untouched file changes nothing: {summary}"
    changed = diff(before, server.snapshot())
    assert not changed, f"changed texts:\n{describe(changed)}"
    assert server.text(key, "de")["outdated"], "still outdated"
