"""Fixtures: one PostgreSQL for the session, a seeded database made once (the seed catalog and the
keys), and for each test a copy of it (CREATE DATABASE … TEMPLATE) served by its own
`parley serve` on 127.0.0.1, stopped with SIGTERM when the test ends."""

from __future__ import annotations

import secrets

import pytest

import harness
from harness import Postgres, Server

# The roles the tests act as: key name -> (role, locales). Every key names its locales.
KEYS = {
    "translator_de": ("translator", "de"),
    "translator_fr": ("translator", "fr"),
    "reviewer": ("reviewer", None),  # every locale of the workspace, listed
}


def workspace_locales() -> list:
    for line in (harness.SEED / harness.WORKSPACE / "workspace.yaml").read_text().splitlines():
        if line.startswith("locales:"):
            return [tag.strip() for tag in line.split(":", 1)[1].strip(" []").split(",")]
    raise harness.HarnessError("workspace.yaml lists no locales")


@pytest.fixture(scope="session")
def postgres():
    server = Postgres.from_environment()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seeded(postgres, tmp_path_factory):
    """A database holding the seed catalog and the test keys; each test serves a copy of it."""
    workdir = tmp_path_factory.mktemp("seed")
    name = f"pytools_{secrets.token_hex(4)}_seed"
    url = postgres.create(name)
    admin_key = harness.new_secret()
    server = Server(url, admin_key, {}, workdir)
    try:
        server.start()  # migrates, loads Locales/, stores the admin key
        status = server.stop()
        assert status == 0, f"parley serve exited {status} on SIGTERM; log:\n{server.log_tail()}"
        keys = {}
        for key_name, (role, locales) in KEYS.items():
            keys[key_name] = harness.create_key(url, workdir, f"tools {key_name}", role,
                                                locales or ",".join(workspace_locales()))
    except BaseException:
        server.stop()
        postgres.drop(name)
        raise
    yield {"template": name, "admin_key": admin_key, "keys": keys}
    postgres.drop(name)


@pytest.fixture
def server(postgres, seeded, tmp_path):
    """A fresh copy of the seeded catalog, served on a free port of 127.0.0.1."""
    name = f"pytools_{secrets.token_hex(6)}"
    url = postgres.create(name, template=seeded["template"])
    instance = Server(url, seeded["admin_key"], seeded["keys"], tmp_path)
    try:
        instance.start()
        yield instance
    finally:
        instance.stop()
        postgres.drop(name)


@pytest.fixture
def out(tmp_path):
    """Where a test keeps the files it exports and edits (kept by pytest for inspection)."""
    folder = tmp_path / "files"
    folder.mkdir()
    return folder
