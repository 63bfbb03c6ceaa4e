"""A real `parley serve` on 127.0.0.1 over a real PostgreSQL, and the CLI and API around it.

Every subprocess has a timeout and every wait is bounded in tries and time. Nothing talks to
anything but 127.0.0.1 and the local PostgreSQL socket.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("PARLEY_BINARY", ROOT / ".build" / "debug" / "parley"))
SEED = ROOT / "Locales"
WORKSPACE = "support"
FORMATS = ["po", "xliff2", "xliff12", "json", "csv"]
EXTENSIONS = {"po": "po", "xliff2": "xlf", "xliff12": "xlf", "json": "json", "csv": "csv"}

COMMAND_TIMEOUT = 120  # seconds, any one CLI or tool run
HTTP_TIMEOUT = 30
READY_TIMEOUT = 90
STOP_TIMEOUT = 30


class HarnessError(Exception):
    pass


BINARY_WAIT = 300  # seconds to wait for a binary being linked (missing or busy) before giving up


def starting(start):
    """Calls start() (which runs a program), waiting while the binary is being rebuilt: a link in
    progress makes it missing or busy for a while (ENOENT, ETXTBSY). Bounded in time."""
    deadline = time.monotonic() + BINARY_WAIT
    for _ in range(BINARY_WAIT):
        try:
            return start()
        except OSError as error:
            if error.errno not in (errno.ETXTBSY, errno.ENOENT) or time.monotonic() > deadline:
                raise
            time.sleep(1)
    return start()


def run(args, *, timeout=COMMAND_TIMEOUT, env=None, cwd=None, check=False, input=None) -> subprocess.CompletedProcess:
    """A subprocess with a timeout, its output captured as text."""
    try:
        result = starting(lambda: subprocess.run([str(a) for a in args], capture_output=True, text=True,
                                                 timeout=timeout, env=env, cwd=cwd, input=input))
    except subprocess.TimeoutExpired as error:
        raise HarnessError(f"timed out after {timeout}s: {' '.join(map(str, args))}") from error
    if check and result.returncode != 0:
        raise HarnessError(f"exit {result.returncode}: {' '.join(map(str, args))}\n"
                           f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result


# MARK: PostgreSQL


@dataclass
class Postgres:
    """A PostgreSQL server named by a libpq URL (the one scripts/test starts, or one started here)."""

    url: str
    folder: str | None = None  # set when started here (scripts/test-database), stopped at the end

    @classmethod
    def from_environment(cls) -> "Postgres":
        url = os.environ.get("DATABASE_URL", "")
        if url:
            return cls(url)
        # Run alone (not from scripts/test): a throwaway server of our own.
        result = run([ROOT / "scripts" / "test-database", "start"], timeout=180, check=True)
        values = {}
        for line in result.stdout.splitlines():
            if line.startswith("export "):
                name, _, value = line[len("export "):].partition("=")
                values[name] = value.strip("'")
        if "DATABASE_URL" not in values:
            raise HarnessError(f"scripts/test-database start printed no DATABASE_URL:\n{result.stdout}{result.stderr}")
        return cls(values["DATABASE_URL"], values.get("PARLEY_TEST_PG"))

    def stop(self) -> None:
        if self.folder:
            run([ROOT / "scripts" / "test-database", "stop", self.folder], timeout=120)

    def url_for(self, database: str) -> str:
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))

    def sql(self, statement: str) -> str:
        """Runs one statement in the maintenance database named by the URL."""
        result = run(["psql", self.url, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-At", "-c", statement], timeout=120)
        if result.returncode != 0:
            raise HarnessError(f"psql failed ({statement}): {result.stderr.strip()}")
        return result.stdout

    def create(self, name: str, template: str | None = None) -> str:
        clause = f' TEMPLATE "{template}"' if template else ""
        # A template may still be held for a moment by a connection that is closing.
        for attempt in range(20):
            try:
                self.sql(f'CREATE DATABASE "{name}"{clause}')
                return self.url_for(name)
            except HarnessError as error:
                if "being accessed by other users" not in str(error) or attempt == 19:
                    raise
                time.sleep(0.5)
        raise HarnessError("unreachable")

    def drop(self, name: str) -> None:
        try:
            self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except HarnessError:
            pass


# MARK: The server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    body: object
    headers: dict
    raw: bytes = b""


@dataclass
class Server:
    """`parley serve` on a database of its own, with an admin key and the keys the tests use."""

    database_url: str
    admin_key: str
    keys: dict
    workdir: Path
    port: int = 0
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    locales: Path = SEED  # the seed catalog loaded into an empty database
    ready_timeout: int = READY_TIMEOUT  # seconds; more for a large catalog to load
    settings: dict = field(default_factory=dict)  # PARLEY_* variables for this server

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
        env.update(DATABASE_URL=self.database_url, PARLEY_ADMIN_KEY=self.admin_key, LOG_LEVEL="warning",
                   HOME=str(self.workdir), NO_COLOR="1")
        env.update(self.settings)
        return env

    def start(self) -> None:
        last = ""
        for _ in range(3):  # a port taken between choosing and binding: try another
            self.port = free_port()
            self.log_path = self.workdir / f"serve-{self.port}.log"
            log = open(self.log_path, "wb")
            self.process = starting(lambda: subprocess.Popen(
                [str(BINARY), "serve", "--port", str(self.port), "--host", "127.0.0.1", "--locales", str(self.locales)],
                env=self.environment(), cwd=str(self.workdir), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True))
            log.close()
            if self.wait_ready():
                return
            last = self.log_tail()
            self.stop()
        raise HarnessError(f"parley serve did not become ready in {self.ready_timeout}s; log:\n{last}")

    def wait_ready(self) -> bool:
        deadline = time.monotonic() + self.ready_timeout
        for _ in range(self.ready_timeout * 10):
            if time.monotonic() > deadline or self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.base_url + "/readyz", timeout=2) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.1)
        return False

    def kill(self) -> None:
        """SIGKILL: a crash, with no chance to finish anything."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL if it does not stop in time; returns its exit status."""
        process, self.process = self.process, None
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                return process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                return process.wait(timeout=STOP_TIMEOUT)
        return process.returncode

    # MARK: HTTP

    def api(self, method: str, path: str, role: str = "admin", body=None, headers: dict | None = None) -> Response:
        request = urllib.request.Request(self.base_url + path, method=method)
        request.add_header("Authorization", "Bearer " + self.key(role))
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, data=data, timeout=HTTP_TIMEOUT) as response:
                raw, status, response_headers = response.read(), response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            raw, status, response_headers = error.read(), error.code, dict(error.headers)
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode(errors="replace")
        return Response(status, parsed, response_headers, raw)

    def get(self, path: str, role: str = "admin"):
        response = self.api("GET", path, role)
        if response.status != 200:
            raise HarnessError(f"GET {path}: {response.status} {response.body}")
        return response.body

    def key(self, role: str) -> str:
        return self.admin_key if role == "admin" else self.keys[role]

    def snapshot(self) -> dict:
        """(key, locale, channel) -> the text as the snapshot gives it."""
        body = self.get(f"/v1/workspaces/{WORKSPACE}/snapshot")
        return {(t["key"], t["locale"], t["channel"]): t for t in body["texts"]}

    def coverage(self) -> dict:
        body = self.get(f"/v1/workspaces/{WORKSPACE}/locales")
        return {c["locale"]: c for c in body["locales"]}

    def text(self, key: str, locale: str, channel: str = "default") -> dict:
        query = "" if channel == "default" else "?channel=" + urllib.parse.quote(channel)
        return self.get(f"/v1/workspaces/{WORKSPACE}/templates/{key}/translations/{locale}{query}")

    def revisions(self, key: str, locale: str, channel: str = "default") -> list:
        query = "?channel=" + urllib.parse.quote(channel)
        return self.get(f"/v1/workspaces/{WORKSPACE}/templates/{key}/translations/{locale}/revisions{query}")["revisions"]

    def revision_counts(self, locale: str, snapshot: dict | None = None) -> dict:
        snapshot = snapshot or self.snapshot()
        return {ident: len(self.revisions(ident[0], ident[1], ident[2]))
                for ident in snapshot if ident[1] == locale}

    def edit_source(self, key: str, message: str | None = None, channel: str = "default") -> tuple:
        """An admin edits the English source text (the server marks translations of it outdated).
        Returns (old source, new source)."""
        old = self.text(key, "en", channel)["message"]
        new = message or old + " Thank you."
        response = self.put_text(key, "en", new, "admin", channel=channel)
        if response.status != 200:
            raise HarnessError(f"editing the source of {key}: {response.status} {response.body}")
        return old, new

    def put_text(self, key: str, locale: str, message: str, role: str, state: str | None = None,
                 channel: str = "default") -> Response:
        """PUT a text at its current version, as the given role."""
        current = self.text(key, locale, channel)
        query = "" if channel == "default" else "?channel=" + urllib.parse.quote(channel)
        body = {"message": message} | ({"state": state} if state else {})
        return self.api("PUT", f"/v1/workspaces/{WORKSPACE}/templates/{key}/translations/{locale}{query}", role,
                        body, {"If-Match": f'"{current["version"]}"'})

    def mixed_states(self) -> dict:
        """Moves three of the seed's approved German texts away from approved: one waits for
        review (a translator's edit), one is a draft (a reviewer's), one is outdated (its English
        source edited). Returns their (key, channel) and the outdated one's old and new source."""
        review = ("general.greeting", "default")
        draft = ("account.password_reset", "default")
        outdated = ("tech.app_crash", "default")
        for (key, channel), role, state in ((review, "translator_de", None), (draft, "reviewer", "draft")):
            current = self.text(key, "de", channel)
            response = self.put_text(key, "de", current["message"] + " Bis bald!", role, state, channel)
            if response.status != 200:
                raise HarnessError(f"PUT {key} (de) as {role}: {response.status} {response.body}")
        old_source, new_source = self.edit_source(outdated[0])
        texts = {name: self.text(name[0], "de", name[1]) for name in (review, draft, outdated)}
        if texts[review]["state"] != "needs_review" or texts[draft]["state"] != "draft" or not texts[outdated]["outdated"]:
            raise HarnessError(f"the states were not set up as expected: {texts}")
        return {"needs_review": review, "draft": draft, "outdated": outdated,
                "old_source": old_source, "new_source": new_source}

    # MARK: The CLI

    def cli(self, *args, role: str = "admin", timeout: int = COMMAND_TIMEOUT) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_") and k != "DATABASE_URL"}
        env.update(PARLEY_URL=self.base_url, PARLEY_API_KEY=self.key(role), PARLEY_WORKSPACE=WORKSPACE,
                   HOME=str(self.workdir), NO_COLOR="1")
        return run([BINARY, *args], env=env, cwd=self.workdir, timeout=timeout)

    def export(self, fmt: str, locale: str | None, path: Path, role: str = "admin") -> Path:
        args = ["export", "--format", fmt, "-o", path]
        if locale:
            args += ["--locale", locale]
        result = self.cli(*args, role=role)
        if result.returncode != 0 or not Path(path).exists():
            raise HarnessError(f"parley export --format {fmt} --locale {locale} ({role}) exit {result.returncode}:\n"
                               f"{result.stdout}{result.stderr}")
        return Path(path)

    def import_file(self, path: Path, role: str, *extra, dry_run: bool = False) -> dict:
        """`parley import FILE --json`; the file's summary, or an error naming what the CLI said."""
        args = ["import", path, "--json", *extra] + (["--dry-run"] if dry_run else [])
        result = self.cli(*args, role=role)
        if result.returncode != 0:
            raise HarnessError(f"parley {' '.join(map(str, args))} ({role}) exit {result.returncode}:\n"
                               f"{result.stdout}{result.stderr}")
        try:
            summaries = json.loads(result.stdout)
        except ValueError as error:
            raise HarnessError(f"parley import printed no JSON:\n{result.stdout}{result.stderr}") from error
        if isinstance(summaries, dict):
            summaries = [summaries]
        if len(summaries) != 1:
            raise HarnessError(f"expected one file's summary, got {summaries}")
        return summaries[0]


def create_key(database_url: str, workdir: Path, name: str, role: str, locales: str | None) -> str:
    """`parley keys create` on the database directly; returns the secret it prints once."""
    args = [BINARY, "keys", "create", "--name", name, "--role", role]
    if locales:
        args += ["--locales", locales]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(DATABASE_URL=database_url, HOME=str(workdir), LOG_LEVEL="warning")
    result = run(args, env=env, cwd=workdir, check=True)
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    if not lines or " " in lines[-1]:
        raise HarnessError(f"no secret in the output of keys create:\n{result.stdout}{result.stderr}")
    return lines[-1]


def new_secret() -> str:
    return "pk_test_" + secrets.token_hex(16)


# MARK: Comparing states


def diff(before: dict, after: dict) -> dict:
    """Texts whose snapshot entry changed, appeared or disappeared: ident -> (before, after)."""
    changed = {}
    for ident in set(before) | set(after):
        if before.get(ident) != after.get(ident):
            changed[ident] = (before.get(ident), after.get(ident))
    return changed


def describe(changes: dict, limit: int = 8) -> str:
    lines = []
    for ident, (old, new) in sorted(changes.items())[:limit]:
        def short(t):
            return None if t is None else {k: t.get(k) for k in ("version", "state", "outdated")}
        lines.append(f"  {ident}: {short(old)} -> {short(new)}")
    if len(changes) > limit:
        lines.append(f"  … and {len(changes) - limit} more")
    return "\n".join(lines)


def text_name(key: str, channel: str) -> str:
    """The name files give a text: KEY, or KEY:CHANNEL for a channel's wording."""
    return key if channel == "default" else f"{key}:{channel}"


def parse_name(name: str) -> tuple:
    key, _, channel = name.partition(":")
    return key, channel or "default"
