"""Usage and translation demand (/desk/insights) in a real browser: renders of a known mix are made
through the API first, then every number the page shows must be the usage and demand API's, the
charts drawn (SVG bars with a table of the same numbers), the known mix visible in them, in English
and in Arabic (right to left), with axe-core finding nothing serious. Screenshots go to
.build-pytools/desk-artefacts/<test>/, and the English one to docs/desk/insights-en.png."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.support.select import Select

import harness
from desk import ROOT

WORKSPACE = "support"
PROBE = "probe.insights_english_only"  # a reply with an English text only (and an outdated French one)
# Renders made by the tests, by template and locale: the first is rendered far more than any reply
# the other tests render, es-MX (not a locale of the workspace) is served from es-419.
MIX = {
    "tech.upload_failed": {"es-MX": 150, "en": 130, "ar": 80, "ja": 40},
    "account.deletion_request": {"fr": 60, "es-MX": 40, "en": 20},
    "privacy.data_download": {"de": 30, "zh-Hans": 15, "es-MX": 10},
    PROBE: {"ko": 25, "fr": 15},  # ko: missing, served from en; fr: outdated
}
TOP = 10
DEMAND = 12
ROWS = 20


def strings(server, locale: str) -> dict:
    with urllib.request.urlopen(f"{server.base_url}/desk/strings?locale={locale}", timeout=harness.HTTP_TIMEOUT) as response:
        return json.loads(response.read())["strings"]


def assert_accessible(browser, state: str):
    violations = browser.axe(state)
    assert not violations, f"axe-core, {state}:\n" + "\n".join(violations)


def render(server, key: str, locale: str) -> dict:
    answer = server.api("POST", f"/v1/workspaces/{WORKSPACE}/render", role="render", body={"key": key, "locale": locale})
    assert answer.status == 200, answer.body
    return answer.body


@pytest.fixture(scope="module")
def usage(server):
    """Makes the mix's renders (once for the module), each counted once by the usage API; returns the
    last answer of each (template, locale)."""
    created = server.api("POST", f"/v1/workspaces/{WORKSPACE}/templates",
                         body={"key": PROBE, "category": "probe", "message": "Your request {ticket} is being handled."})
    assert created.status == 201, created.body
    french = server.api("PUT", f"/v1/workspaces/{WORKSPACE}/templates/{PROBE}/translations/fr",
                        body={"message": "Votre demande {ticket} est en cours de traitement.", "state": "approved"},
                        headers={"If-None-Match": "*"})
    assert french.status in (200, 201), french.body
    server.edit_source(PROBE, "Your request {ticket} is being handled by our team.")
    assert server.text(PROBE, "fr")["outdated"], "the French text is not outdated after the source changed"
    counted = {g["key"]: g["renders"] for g in api(server, "usage", by="template")["groups"]}
    served = {}
    for key, locales in MIX.items():
        for locale, count in locales.items():
            for _ in range(count):
                answer = render(server, key, locale)
            served[(key, locale)] = answer
    after = {g["key"]: g["renders"] for g in api(server, "usage", by="template")["groups"]}
    for key, locales in MIX.items():
        assert after.get(key, 0) - counted.get(key, 0) == sum(locales.values()), (key, counted.get(key), after.get(key))
    # Suggestions shown to an agent and one accepted.
    for text in ("my upload keeps failing", "please delete my account"):
        shown = server.api("POST", f"/v1/workspaces/{WORKSPACE}/suggest", role="agent", body={"text": text, "limit": 3})
        assert shown.status == 200, shown.body
    accepted = server.api("POST", f"/v1/workspaces/{WORKSPACE}/suggest/feedback", role="agent",
                          body={"text": "my upload keeps failing", "key": "tech.upload_failed", "accepted": True, "locale": "en"})
    assert accepted.status in (200, 201), accepted.body
    return served


def api(server, path: str, **query) -> dict:
    answer = server.api("GET", f"/v1/workspaces/{WORKSPACE}/{path}?{urllib.parse.urlencode(query)}", role="agent")
    assert answer.status == 200, f"{path}: {answer.status} {answer.body}"
    return answer.body


def page_window(browser) -> dict:
    return {"from": browser.body("from"), "to": browser.body("to")}


def open_insights(browser, server, query: str = "", key: str = "agent"):
    browser.base = server.base_url
    browser.driver.get(f"{server.base_url}/desk/insights{query}")
    browser.wait(lambda: browser.body("state") in ("signin", "insights"), "the page to start")
    if browser.body("state") == "signin":
        field = browser.element("api-key")
        field.send_keys(server.keys[key], "\n")
    browser.wait(lambda: int(browser.body("loaded") or 0) >= 1, "the numbers to be shown")


def wait_reload(browser, before: int):
    browser.wait(lambda: int(browser.body("loaded") or 0) > before and browser.body("loading") is None, "the numbers again")


def bars(browser, chart: str) -> list:
    return browser.js("""return [...document.querySelectorAll(`#${arguments[0]} g.row`)].map(g => ({
        key: g.getAttribute('data-key'), locale: g.getAttribute('data-locale'), served: g.getAttribute('data-served'),
        renders: Number(g.getAttribute('data-renders')), rects: g.querySelectorAll('rect').length,
        label: g.querySelector('title').textContent}))""", chart)


def table_rows(browser, table: str) -> list:
    return browser.js("""return [...document.querySelectorAll(`#${arguments[0]} tbody tr`)].map(tr =>
        Object.assign({cells: [...tr.cells].map(c => c.textContent)}, tr.dataset))""", table)


def demand_ranking(demand: dict) -> list:
    """The demand chart's items as the page ranks them: asked-for locales and missing texts by renders."""
    items = [{"key": None, "locale": d["locale"], "served": d["servedFrom"], "renders": d["renders"]} for d in demand["locales"]]
    items += [{"key": d["key"], "locale": d["locale"], "served": d["servedFrom"], "renders": d["renders"]} for d in demand["missing"]]
    return sorted(items, key=lambda item: -item["renders"])[:DEMAND]


def assert_numbers_equal_the_api(browser, server, usage):
    window = page_window(browser)
    every = "hour" if browser.body("period") == "day" else "day"
    templates = api(server, "usage", by="template", every=every, **window)
    languages = api(server, "usage", by="locale", every=every, **window)
    demand = api(server, "demand", unusedDays=30, **window)

    # Headline numbers.
    number = lambda element_id, name: int(browser.element(element_id).get_attribute(f"data-{name}"))  # noqa: E731
    assert number("total-renders", "renders") == templates["total"]["renders"]
    assert number("total-fallbacks", "fallbacks") == templates["total"]["fallbacks"]
    assert number("suggestions-accepted", "accepted") == sum(s["accepted"] for s in templates["suggestions"])
    assert number("suggestions-shown", "shown") == sum(s["shown"] for s in templates["suggestions"])
    assert templates["total"]["renders"] >= sum(sum(locales.values()) for locales in MIX.values())
    assert templates["total"]["fallbacks"] >= MIX[PROBE]["ko"]

    # Top questions: one bar each, in the API's order, with its numbers; the same in the table.
    top = bars(browser, "top-chart")
    assert [(b["key"], b["renders"]) for b in top] == [(g["key"], g["renders"]) for g in templates["groups"][:TOP]]
    assert all(b["rects"] == 1 for b in top)
    assert top[0]["key"] == "tech.upload_failed" and top[0]["renders"] >= sum(MIX["tech.upload_failed"].values())
    assert [r["cells"][0] for r in table_rows(browser, "top-table")] == [b["key"] for b in top]

    # Renders by language over time: each language's bars add up to its renders.
    groups = [g for g in languages["groups"] if g["renders"] > 0]
    legend = browser.js("return [...document.querySelectorAll('#legend li')].map(li => li.dataset.locale)")
    assert legend[:6] == [g["key"] for g in groups[:6]] and len(legend) == min(len(groups), 6) + (len(groups) > 6)
    segments = browser.js("""const sums = {}; for (const r of document.querySelectorAll('#languages-chart rect.segment'))
        sums[r.getAttribute('data-locale')] = (sums[r.getAttribute('data-locale')] || 0) + Number(r.getAttribute('data-renders'));
        return sums;""")
    for group in groups[:6]:
        assert segments.get(group["key"]) == group["renders"] == sum(p["renders"] for p in group["series"]), group["key"]
    if len(groups) > 6:
        assert segments["other"] == sum(g["renders"] for g in groups[6:])
    spanish = next(g for g in groups if g["key"] == "es-MX")
    assert spanish["renders"] >= sum(locales.get("es-MX", 0) for locales in MIX.values())
    table = table_rows(browser, "languages-table")
    assert table and len(table[0]["cells"]) == len(legend) + 2  # when, each language, total

    # Translation demand: the same items, in the same order, with the same numbers.
    shown = bars(browser, "demand-chart")
    assert [{k: b[k] for k in ("key", "locale", "served", "renders")} for b in shown] == demand_ranking(demand)
    mexican = next(b for b in shown if b["locale"] == "es-MX" and b["key"] is None)
    assert mexican["served"] == usage[("tech.upload_failed", "es-MX")]["locale"] == "es-419"
    assert mexican["renders"] >= sum(locales.get("es-MX", 0) for locales in MIX.values())
    missing = next(b for b in shown if b["key"] == PROBE and b["locale"] == "ko")
    assert missing["served"] == "en" and missing["renders"] >= MIX[PROBE]["ko"]
    outdated = table_rows(browser, "outdated")
    assert [(r["key"], r["locale"], int(r["renders"])) for r in outdated] == \
        [(d["key"], d["locale"], d["renders"]) for d in demand["outdated"][:ROWS]]
    assert (PROBE, "fr") in [(r["key"], r["locale"]) for r in outdated]
    unused = table_rows(browser, "unused")
    assert [(r["key"], r["lastUsed"] or None) for r in unused] == [(d["key"], d.get("lastUsed")) for d in demand["unused"][:ROWS]]
    return templates


def test_numbers_equal_the_api_and_the_mix_shows(browser, server, usage):
    before = api(server, "usage", by="template")
    open_insights(browser, server)
    assert browser.body("period") == "week" and browser.body("workspace") == WORKSPACE
    templates = assert_numbers_equal_the_api(browser, server, usage)
    assert templates["total"]["renders"] >= before["total"]["renders"]
    assert browser.element("top-empty").get_attribute("hidden") is not None
    assert browser.no_horizontal_scroll()
    assert not browser.errors(), browser.errors()
    # The screenshot of the README: the page at 1280 × 900.
    browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    drawn = int(browser.body("drawn"))
    browser.js("window.scrollTo(0, 0); window.dispatchEvent(new Event('resize'))")
    browser.wait(lambda: int(browser.body("drawn")) > drawn, "the charts drawn for 1280 px")
    (ROOT / "docs" / "desk").mkdir(parents=True, exist_ok=True)
    browser.driver.save_screenshot(str(ROOT / "docs" / "desk" / "insights-en.png"))
    browser.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.resize(1440, 2600)  # the whole page in one picture
    browser.shot("insights-en")
    assert_accessible(browser, "insights-en")


def test_period_of_24_hours_counts_by_hour(browser, server, usage):
    open_insights(browser, server)
    before = int(browser.body("loaded"))
    Select(browser.element("period")).select_by_value("day")
    wait_reload(browser, before)
    assert browser.body("period") == "day"
    assert browser.element("top-heading").text == strings(server, "en")["insights.top_heading_day"]
    assert_numbers_equal_the_api(browser, server, usage)
    hours = browser.js("return [...document.querySelectorAll('#languages-chart rect.segment')].map(r => r.getAttribute('data-at'))")
    assert hours and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:00:00Z", at) for at in hours), hours[:5]
    browser.shot("insights-24h")
    assert_accessible(browser, "insights-24h")


def test_arabic_is_right_to_left(browser, server, usage):
    texts = strings(server, "ar")
    open_insights(browser, server, "?lang=ar")
    assert browser.js("return document.documentElement.lang") == "ar"
    assert browser.js("return document.documentElement.dir") == "rtl"
    assert browser.js("return document.title") == texts["insights.title"]
    assert browser.element("demand-heading").text == texts["insights.demand_heading"]
    assert_numbers_equal_the_api(browser, server, usage)
    # The bars start on the right: each one's right edge at the chart's right edge.
    edges = browser.js("""const svg = document.getElementById('top-chart'); const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('g.row rect')].map(r => { const b = r.getBoundingClientRect();
            return [Math.round(box.right - b.right), Math.round(b.left - box.left)]; });""")
    assert edges and all(right <= 4 and left > 4 for right, left in edges[1:]), edges
    assert browser.no_horizontal_scroll()
    browser.resize(1440, 2600)
    browser.shot("insights-ar")
    assert_accessible(browser, "insights-ar")


def test_a_workspace_without_renders_says_so(browser, server, usage):
    created = server.api("POST", "/v1/workspaces", body={"name": "quiet", "defaultLocale": "en", "locales": ["en", "fr"]})
    assert created.status == 201, created.body
    en = strings(server, "en")
    open_insights(browser, server)
    before = int(browser.body("loaded"))
    Select(browser.element("workspace")).select_by_value("quiet")
    wait_reload(browser, before)
    assert browser.js("return localStorage.getItem('parley.desk.workspace')") == "quiet"
    assert browser.element("total-renders").get_attribute("data-renders") == "0"
    for name in ("top", "languages"):
        assert browser.element(f"{name}-figure").get_attribute("hidden") is not None
        assert browser.element(f"{name}-empty").text == en["insights.empty"]
    assert browser.element("demand-empty").text == en["insights.demand_none"]
    assert browser.js("return document.querySelectorAll('svg rect').length") == 0
    browser.shot("insights-empty")
    assert_accessible(browser, "insights-empty")


def test_sign_in_is_shared_with_the_desk(browser, server):
    en = strings(server, "en")
    browser.driver.get(f"{server.base_url}/desk/insights")
    browser.wait(lambda: browser.body("state") == "signin", "the sign-in form")
    assert browser.element("insights-view").get_attribute("hidden") is not None
    browser.element("api-key").send_keys(server.keys["render"], "\n")
    browser.wait(lambda: browser.element("signin-error").text == en["signin.role"], "the render key refused")
    assert_accessible(browser, "insights-signin")
    field = browser.element("api-key")
    field.clear()
    field.send_keys(server.keys["agent"], "\n")
    browser.wait(lambda: int(browser.body("loaded") or 0) >= 1, "the numbers")
    # The desk uses the same key, and links to this page.
    browser.driver.get(f"{server.base_url}/desk")
    browser.wait(lambda: browser.body("state") == "desk", "the desk, signed in with the same key")
    link = browser.driver.find_element("css selector", "header a[href='/desk/insights']")
    assert link.text == en["desk.insights"]
    link.click()
    browser.wait(lambda: browser.body("state") == "insights" and int(browser.body("loaded") or 0) >= 1, "the page again")
    browser.element("sign-out").click()
    assert browser.body("state") == "signin" and browser.js("return sessionStorage.getItem('parley.desk.key')") is None


def test_insights_script_writes_no_markup_and_every_text_is_translated():
    source = re.sub(r"//[^\n]*", "", (ROOT / "Desk" / "insights.js").read_text())
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setTimeout('",
                 "setTimeout(\"", "srcdoc", "style="):
        assert sink not in source, sink
    html = (ROOT / "Desk" / "insights.html").read_text()
    assert "<script>" not in html and "<style" not in html and not re.search(r"<[^>]+\s(on[a-z]+|style)=", html)
    used = set(re.findall(r"'((?:desk|signin|problem|insights)\.[a-z_]+)'", source))
    used |= set(re.findall(r'data-t(?:-label)?="([a-z_.]+)"', html))
    for locale in ("en", "es", "ar", "zh-Hans"):
        defined = set(re.findall(r"^  ([a-z0-9_.-]+):$", (ROOT / "Locales" / "desk" / f"{locale}.yaml").read_text(), re.M))
        assert used <= defined, f"{locale} lacks {sorted(used - defined)}"
        assert {k for k in defined if k.startswith("insights.")} <= used, f"{locale} has insights texts the page does not use"
