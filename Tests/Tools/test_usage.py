"""Usage counts and translation demand, with replicas as processes: exact counts through two
replicas and a SIGTERM, bounded loss through a SIGKILL, demand ranked by renders (API and
`parley missing --by-demand`), `parley usage`, and bounds against made-up locales and keys."""

from __future__ import annotations

import json
import random
import secrets
import threading
import time
import urllib.request
from collections import Counter

import pytest

import harness
from harness import WORKSPACE, Server

RENDER = f"/v1/workspaces/{WORKSPACE}/render"
BATCH = f"/v1/workspaces/{WORKSPACE}/render/batch"
# Flushes only at shutdown or before a usage report, unless a test says otherwise.
QUIET = {"PARLEY_USAGE_FLUSH": "3600", "PARLEY_RATE_LIMITS": "off"}


@pytest.fixture
def database(postgres, seeded):
    name = f"pytools_{secrets.token_hex(6)}"
    url = postgres.create(name, template=seeded["template"])
    yield url
    postgres.drop(name)


@pytest.fixture
def replicas(database, seeded, tmp_path):
    """Starts servers on the test's database; stops whatever is still running at the end."""
    started = []

    def start(settings: dict = QUIET) -> Server:
        workdir = tmp_path / f"replica{len(started)}"
        workdir.mkdir()
        server = Server(database, seeded["admin_key"], seeded["keys"], workdir, settings=dict(settings))
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def sql(url: str, statement: str) -> list:
    result = harness.run(["psql", url, "-X", "-At", "-F", "|", "-v", "ON_ERROR_STOP=1", "-c", statement], check=True)
    return [line.split("|") for line in result.stdout.splitlines() if line]


def render_batch(server: Server, requests: list) -> list:
    response = server.api("POST", BATCH, body={"requests": requests})
    assert response.status == 200, response.body
    return response.body["results"]


def usage(server: Server, by: str) -> dict:
    body = server.get(f"/v1/workspaces/{WORKSPACE}/usage?by={by}")
    return {group["key"]: group["renders"] for group in body["groups"]}


def test_two_replicas_and_a_sigterm_count_every_render_exactly_once(replicas, database):
    first, second = replicas(), replicas()
    templates = ["payments.refund_status", "account.hacked_recovery", "general.greeting"]
    locales = ["en", "de", "es-MX", "sw"]  # es-MX is served from es-419, sw (not a workspace locale) from en
    channels = ["default", "email"]
    each = 12
    work = [(t, l, c) for t in templates for l in locales for c in channels for _ in range(each)]
    random.Random(7).shuffle(work)
    served = Counter()
    lock = threading.Lock()
    errors = []

    def send(server: Server, part: list):
        try:
            for start in range(0, len(part), 25):
                chunk = part[start:start + 25]
                if start % 50 == 0:  # single renders too, not only batches
                    answers = []
                    for key, locale, channel in chunk:
                        response = server.api("POST", RENDER, body={"key": key, "locale": locale, "channel": channel})
                        assert response.status == 200, response.body
                        answers.append(response.body)
                else:
                    answers = [r["result"] for r in render_batch(server, [{"key": k, "locale": l, "channel": c} for k, l, c in chunk])]
                with lock:
                    for (key, locale, channel), answer in zip(chunk, answers):
                        served[(key, locale, answer["locale"], channel)] += 1
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=send, args=(server, work[i::4])) for i, server in enumerate([first, second, first, second])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert sum(served.values()) == len(work)
    assert {(l, s) for (_, l, s, _) in served} == {("en", "en"), ("de", "de"), ("es-MX", "es-419"), ("sw", "en")}

    assert first.stop() == 0, first.log_tail()  # SIGTERM: flushes before it exits
    flushed = sql(database, "SELECT sum(renders) FROM usage_renders")
    assert flushed[0][0] and int(flushed[0][0]) > 0, "the stopped replica wrote nothing"

    # The survivor adds its own counts before it answers: every render is there exactly once.
    assert usage(second, "template") == {key: each * len(locales) * len(channels) for key in templates}
    assert usage(second, "locale") == {locale: each * len(templates) * len(channels) for locale in locales}
    assert usage(second, "channel") == {channel: each * len(templates) * len(locales) for channel in channels}
    rows = sql(database, """SELECT t.key, u.requested_locale, u.served_locale, u.channel, sum(u.renders)
                            FROM usage_renders u JOIN templates t ON t.workspace_id = u.workspace_id AND t.id = u.template_id
                            GROUP BY 1, 2, 3, 4""")
    assert {(k, l, s, c): int(n) for k, l, s, c, n in rows} == dict(served)
    body = second.get(f"/v1/workspaces/{WORKSPACE}/usage?by=template")
    assert body["total"] == {"renders": len(work), "fallbacks": each * len(templates) * len(channels) * 2}


def test_a_sigkill_loses_at_most_one_flush_interval_and_counts_nothing_twice(replicas, database):
    interval = 1.0
    crashing = replicas({"PARLEY_USAGE_FLUSH": str(interval), "PARLEY_RATE_LIMITS": "off"})
    counted = lambda: int(sql(database, "SELECT coalesce(sum(renders), 0) FROM usage_renders WHERE requested_locale = 'vi'")[0][0])
    before = [{"key": "tech.app_crash", "locale": "vi"}] * 40
    render_batch(crashing, before)
    deadline = time.monotonic() + 30
    while counted() < len(before) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert counted() == len(before), "renders older than the flush interval were not written"
    time.sleep(interval * 2.5)  # flushes with nothing new write nothing (and count nothing twice)
    assert counted() == len(before)
    after = [{"key": "tech.app_crash", "locale": "vi"}] * 30
    render_batch(crashing, after)
    crashing.kill()
    lost_at_most = counted()
    assert len(before) <= lost_at_most <= len(before) + len(after)
    # A new replica on the same data counts on from there.
    survivor = replicas()
    render_batch(survivor, [{"key": "tech.app_crash", "locale": "vi"}] * 5)
    assert usage(survivor, "locale")["vi"] == lost_at_most + 5


def add_template_in_two_locales(server: Server, key: str):
    response = server.api("POST", f"/v1/workspaces/{WORKSPACE}/templates", body={"key": key, "sourceLocale": "en"})
    assert response.status == 201, response.body
    for locale, message in (("en", "Your ticket {id} is open."), ("es-419", "Tu ticket {id} está abierto.")):
        response = server.api("PUT", f"/v1/workspaces/{WORKSPACE}/templates/{key}/translations/{locale}", body={"message": message},
                              headers={"If-None-Match": "*"})
        assert response.status in (200, 201), response.body


def test_demand_ranks_missing_texts_and_locales_by_renders(replicas, database):
    server = replicas()
    add_template_in_two_locales(server, "usage.ticket_open")
    render_batch(server, [{"key": "payments.refund_status", "locale": "es-MX"}] * 30      # es-MX: not a workspace locale
                 + [{"key": "usage.ticket_open", "acceptLanguage": "ko-KR,ko;q=0.9"}] * 20  # ko: a workspace locale it lacks
                 + [{"key": "usage.ticket_open", "locale": "fr"}] * 7
                 + [{"key": "usage.ticket_open", "locale": "es-MX"}] * 3                  # served from es-419: no text missing
                 + [{"key": "usage.ticket_open", "locale": "en"}] * 2)
    demand = server.get(f"/v1/workspaces/{WORKSPACE}/demand")
    assert demand["locales"] == [{"locale": "es-MX", "servedFrom": "es-419", "renders": 33}]
    assert demand["missing"] == [
        {"key": "usage.ticket_open", "locale": "ko", "servedFrom": "en", "renders": 20},
        {"key": "usage.ticket_open", "locale": "fr", "servedFrom": "en", "renders": 7},
    ]
    unused = {item["key"] for item in demand["unused"]}
    assert "payments.refund_status" not in unused and "usage.ticket_open" not in unused and "tech.upload_failed" in unused

    result = server.cli("missing", "--by-demand", "--json", role="admin")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [(i["kind"], i["locale"], i.get("key"), i["renders"]) for i in items] == [
        ("locale", "es-MX", None, 33), ("missing", "ko", "usage.ticket_open", 20), ("missing", "fr", "usage.ticket_open", 7)]
    text = server.cli("missing", "--by-demand", "--locale", "ko").stdout
    assert text.splitlines() == ["ko\tusage.ticket_open\tmissing: 20 renders served from en"]

    # Translated: no longer missing, whatever the past renders.
    response = server.api("PUT", f"/v1/workspaces/{WORKSPACE}/templates/usage.ticket_open/translations/ko",
                          body={"message": "티켓 {id}이(가) 열려 있습니다."}, headers={"If-None-Match": "*"})
    assert response.status in (200, 201), response.body
    assert [m["locale"] for m in server.get(f"/v1/workspaces/{WORKSPACE}/demand")["missing"]] == ["fr"]

    # Prometheus: fallbacks by the locale asked for and the one served.
    with urllib.request.urlopen(server.base_url + "/metrics", timeout=harness.HTTP_TIMEOUT) as response:
        metrics = response.read().decode()
    assert 'parley_render_fallbacks_total{requested="es-MX",served="es-419"} 33' in metrics
    assert 'parley_render_fallbacks_total{requested="ko",served="en"} 20' in metrics


def test_parley_usage_reports_what_the_api_does(replicas):
    server = replicas()
    render_batch(server, [{"key": "general.greeting", "locale": "ja"}] * 4 + [{"key": "privacy.data_download", "locale": "th"}] * 2)
    shown = server.api("POST", f"/v1/workspaces/{WORKSPACE}/suggest", body={"text": "where is my refund", "locale": "en"})
    assert shown.status == 200 and shown.body["suggestions"]
    result = server.cli("usage", "--by", "locale", "--since", "1d", "--json")
    assert result.returncode == 0, result.stderr
    cli = json.loads(result.stdout)
    assert {g["key"]: g["renders"] for g in cli["groups"]} == {"ja": 4, "th": 2}
    assert {s["key"]: s["shown"] for s in cli["suggestions"]} == {s["key"]: 1 for s in shown.body["suggestions"]}
    table = server.cli("usage", "--since", "24h").stdout
    assert table.splitlines()[0].startswith("6 renders")
    assert any(line.split()[:2] == ["general.greeting", "4"] for line in table.splitlines())
    assert server.cli("usage", "--since", "tomorrow").returncode != 0


def test_made_up_locales_and_keys_create_no_series_or_rows_beyond_the_catalog(replicas, database):
    server = replicas()
    rng = random.Random(11)
    letters = "abcdefghijklmnopqrstuvwxyz"
    made_up = set()
    while len(made_up) < 100_000:  # private-use languages (qaa-qtz) with any region: valid tags, no data
        made_up.add(f"q{rng.choice(letters[:20])}{rng.choice(letters)}-{rng.choice(letters).upper()}{rng.choice(letters).upper()}")
    made_up = sorted(made_up)
    keys = ["general.greeting", "tech.app_crash"]
    for start in range(0, len(made_up), 950):  # and 50 made-up keys: the batch's 1000
        chunk = made_up[start:start + 950]
        requests = [{"key": keys[i % 2], "locale": tag} if i % 3 else {"key": keys[i % 2], "acceptLanguage": f"{tag}, {tag[:3]}"}
                    for i, tag in enumerate(chunk)]
        requests += [{"key": f"made.up_{start}_{i}", "locale": "en"} for i in range(50)]  # no such template
        results = render_batch(server, requests)
        assert all("result" in r for r in results[:len(chunk)]) and all(r["error"]["code"] == "not-found" for r in results[len(chunk):])
    assert sum(usage(server, "template").values()) == len(made_up)
    rows = sql(database, "SELECT DISTINCT requested_locale, served_locale FROM usage_renders")
    assert rows == [["und", "en"]], rows
    templates = int(sql(database, "SELECT count(DISTINCT template_id) FROM usage_renders")[0][0])
    assert templates == 2
    with urllib.request.urlopen(server.base_url + "/metrics", timeout=harness.HTTP_TIMEOUT) as response:
        series = [line for line in response.read().decode().splitlines() if line.startswith("parley_render_fallbacks_total{")]
    assert series == ['parley_render_fallbacks_total{requested="und",served="en"} 100000'], series


def test_with_usage_off_the_server_serves_and_counts_nothing(replicas, database):
    server = replicas({"PARLEY_USAGE": "off", "PARLEY_RATE_LIMITS": "off"})
    render_batch(server, [{"key": "general.greeting", "locale": "de"}] * 10)
    time.sleep(1)
    assert server.process.poll() is None, server.log_tail()
    assert usage(server, "template") == {}
    assert sql(database, "SELECT count(*) FROM usage_renders") == [["0"]]
    assert server.stop() == 0
