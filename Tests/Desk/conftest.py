"""Fixtures of the desk's browser tests: one PostgreSQL, the seed catalog served by one `parley
serve` for the whole run (the tests change little in it: a template of their own, feedback), a
second server with a 10 000-template workspace (made in the background while the first tests run,
used by the timing tests at the end), and a fresh headless Chromium for each test."""

from __future__ import annotations

import secrets
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tools"))

import harness  # noqa: E402
from harness import Postgres, Server  # noqa: E402

import bigcatalog  # noqa: E402
from desk import ARTEFACTS, Browser  # noqa: E402

KEYS = {"agent": "agent", "agent_es": "agent", "render": "render", "revoked": "agent"}


@pytest.fixture(scope="session")
def postgres():
    server = Postgres.from_environment()
    yield server
    server.stop()


class Background:
    """The big workspace's server, started in a thread at the beginning of the run."""

    def __init__(self, postgres: Postgres, workdir: Path):
        self.postgres, self.workdir = postgres, workdir
        self.server: Server | None = None
        self.error: BaseException | None = None
        self.name = f"desk_{secrets.token_hex(4)}_big"
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        try:
            folder = bigcatalog.write(self.workdir / "Locales")
            url = self.postgres.create(self.name)
            server = Server(url, harness.new_secret(), {}, self.workdir, locales=folder, ready_timeout=400)
            server.start()
            self.server = server
        except BaseException as error:  # reported by result()
            self.error = error

    def result(self, timeout: float = 420) -> Server:
        self.thread.join(timeout)
        if self.thread.is_alive():
            raise harness.HarnessError(f"the big workspace was not served within {timeout}s")
        if self.error:
            raise self.error
        return self.server

    def stop(self):
        self.thread.join(420)
        if self.server:
            self.server.stop()
        self.postgres.drop(self.name)


@pytest.fixture(scope="session")
def big_background(postgres, tmp_path_factory):
    background = Background(postgres, tmp_path_factory.mktemp("big"))
    yield background
    background.stop()


@pytest.fixture(scope="session")
def server(postgres, tmp_path_factory, big_background):
    """The seed catalog (and the desk's texts) on a database of its own, with the tests' keys."""
    workdir = tmp_path_factory.mktemp("seed")
    name = f"desk_{secrets.token_hex(4)}"
    url = postgres.create(name)
    instance = Server(url, harness.new_secret(), {}, workdir)
    try:
        instance.start()  # migrates, loads Locales/ (support and desk)
        for key_name, role in KEYS.items():
            answer = instance.api("POST", "/v1/keys", body={"name": f"desk {key_name}", "role": role})
            assert answer.status == 201, answer.body
            instance.keys[key_name] = answer.body["secret"]
            if key_name == "revoked":
                revoked = instance.api("DELETE", f"/v1/keys/{answer.body['key']['id']}")
                assert revoked.status in (200, 204), revoked.body
        yield instance
    finally:
        instance.stop()
        postgres.drop(name)


@pytest.fixture
def big_server(big_background):
    return big_background.result()


@pytest.fixture
def browser(request):
    """A new headless Chromium (its own profile) for each test; its screenshots go to
    .build-pytools/desk-artefacts/<test>/."""
    folder = ARTEFACTS / request.node.name
    instance = Browser(folder, **getattr(request, "param", {}))
    try:
        yield instance
    finally:
        instance.quit()
