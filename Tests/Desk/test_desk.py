"""The agent desk in a real browser: sign-in, the flow from a customer's message to a copied reply,
search, keyboard, every script, security and accessibility. Screenshots of each step go to
.build-pytools/desk-artefacts/<test>/."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import harness
from desk import ROOT

# Customers' messages (from Tools/suggest/dev.jsonl and the README) and the reply each needs.
MESSAGES = {
    "pt-BR": ("ainda não recebi meu reembolso, já faz duas semanas", "payments.refund_status"),
    "th": ("เงินคืนยังไม่เข้าบัตรเลยค่ะแจ้งว่าคืนแล้วตั้งแต่วันที่3นี่ก็อาทิตย์นึงแล้ว", "payments.refund_status"),
    "ar": ("طلبت سماعة من الشوب اللي جوا التطبيق من أسبوعين، رقم الطلب SH-448201، ولسه موصلتش ولا في أي تحديث للشحن",
           "shop.order_not_delivered"),
}


def strings(server, locale: str) -> dict:
    return server_get(server, f"/desk/strings?locale={locale}")["strings"]


def server_get(server, path: str) -> dict:
    with urllib.request.urlopen(server.base_url + path, timeout=harness.HTTP_TIMEOUT) as response:
        return json.loads(response.read())


def assert_accessible(browser, state: str):
    violations = browser.axe(state)
    assert not violations, f"axe-core, {state}:\n" + "\n".join(violations)


def signed_in(browser, server, key: str = "agent", query: str = ""):
    browser.open(server, query)
    browser.sign_in(server.keys[key])


def latest_feedback(server) -> list:
    result = harness.run(["psql", server.database_url, "-X", "-At", "-F", "|", "-c",
                          "SELECT t.key, f.accepted, f.locale, f.text FROM suggestion_feedback f "
                          "JOIN templates t ON t.workspace_id = f.workspace_id AND t.id = f.template_id ORDER BY f.id DESC LIMIT 1"],
                         check=True)
    return result.stdout.strip().split("|", 3)


def test_sign_in_refuses_wrong_revoked_and_render_keys(browser, server):
    en = strings(server, "en")
    browser.open(server)
    assert browser.element("desk-view").get_attribute("hidden") is not None, "the desk shows before signing in"
    assert_accessible(browser, "signin")
    for key, reason in (("pk_not_a_real_key_0000000000000000", "signin.invalid"), (server.keys["revoked"], "signin.invalid"),
                        (server.keys["render"], "signin.role")):
        browser.sign_in(key, expect="error")
        assert browser.element("signin-error").text == en[reason], key
        assert browser.body("state") == "signin"
        assert browser.js("return sessionStorage.getItem('parley.desk.key')") is None
    browser.shot("wrong-key")
    assert_accessible(browser, "signin-refused")
    browser.sign_in(server.keys["agent"])
    assert browser.js("return sessionStorage.getItem('parley.desk.key')") == server.keys["agent"]
    assert browser.js("return localStorage.getItem('parley.desk.key')") is None, "the key outlives the tab"
    assert browser.active().get_attribute("id") == "message"
    browser.shot("signed-in")
    assert_accessible(browser, "desk-empty")
    # Without a key the API gives nothing.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.base_url + "/v1/workspaces", timeout=harness.HTTP_TIMEOUT)
    assert refused.value.code == 401


def test_messages_in_three_languages_get_their_reply_in_that_language(browser, server):
    en = strings(server, "en")
    signed_in(browser, server)
    for locale, (message, key) in MESSAGES.items():
        browser.paste(message)
        suggestions = browser.suggestions()
        assert suggestions and suggestions[0]["key"] == key, f"{locale}: {[s['key'] for s in suggestions]}"
        first = suggestions[0]
        expected = server.api("POST", "/v1/workspaces/support/render", body={"key": key, "locale": locale}).body["text"]
        assert first["text"] == expected and first["lang"] == locale, f"{locale}: {first}"
        assert first["dir"] == ("rtl" if locale == "ar" else "ltr")
        assert first["terms"], f"{locale}: no matched terms shown"
        detected = browser.element("detected").text
        assert en["detected.label"] in detected and f"({locale})" in detected, detected
        assert browser.element("message").get_attribute("lang") == locale
        assert browser.no_horizontal_scroll()
        assert_accessible(browser, f"suggestions-{locale}")
    # A message in no language Parley knows is said to be unknown, plainly.
    browser.paste("?? 12345 !!")
    assert browser.element("detected").text == en["detected.unknown"]
    assert_accessible(browser, "suggestions-und")


def template_usage(server, key: str) -> tuple:
    """(renders, shown, accepted) of a template in the last day, as the usage API reports them."""
    usage = server.get("/v1/workspaces/support/usage?by=template")
    renders = next((g["renders"] for g in usage["groups"] if g["key"] == key), 0)
    suggested = next((s for s in usage["suggestions"] if s["key"] == key), {"shown": 0, "accepted": 0})
    return renders, suggested["shown"], suggested["accepted"]


def test_arguments_preview_copy_and_feedback(browser, server):
    signed_in(browser, server)
    browser.grant_clipboard()
    message, key = MESSAGES["pt-BR"]
    renders_before, shown_before, accepted_before = template_usage(server, key)
    browser.paste(message)
    browser.pick_suggestion(0)
    assert browser.element("reply-key").text.startswith(key)
    types = browser.js("return [...document.querySelectorAll('#argument-fields input, #argument-fields select')].map(f => [f.id, f.type, f.step])")
    assert types == [["arg-name", "text", ""], ["arg-amount", "number", "0.01"], ["arg-when", "date", ""], ["arg-days", "number", "1"]]
    assert "{name}" in browser.preview() and "{amount}" in browser.preview()
    browser.shot("picked")
    browser.fill("name", "Ana")
    assert browser.preview().startswith("Oi, Ana.")
    browser.fill("amount", "12.5")
    assert "US$\u00a012,50" in browser.preview(), browser.preview()
    browser.set_value("when", "2026-11-20")
    assert "20 de novembro de 2026" in browser.preview()
    browser.fill("days", "1")
    assert "1 dia útil" in browser.preview(), browser.preview()
    browser.fill("days", "5")
    assert "5 dias úteis" in browser.preview(), browser.preview()
    # Beside it, the same reply in the agent's language (English here).
    assert browser.own().startswith("Hi Ana, your refund of $12.50 was issued on November 20, 2026"), browser.own()
    assert browser.element("fallback").text == ""
    browser.shot("arguments-filled")
    assert_accessible(browser, "arguments-filled")

    sent = browser.preview()
    browser.element("copy").click()
    browser.wait(lambda: browser.body("feedback") == key, "the feedback to be recorded")
    assert browser.clipboard() == sent
    assert latest_feedback(server) == [key, "t", "pt-BR", message]
    # Previews (every keystroke in the arguments, the suggestions while typing) are not usage; the
    # copied reply is one render, and the suggestions on screen count as shown once.
    renders, shown, accepted = template_usage(server, key)
    assert (renders - renders_before, accepted - accepted_before) == (1, 1)
    assert shown - shown_before == 1
    browser.shot("copied")
    assert_accessible(browser, "copied")


def test_channel_switch_shows_the_email_wording(browser, server):
    signed_in(browser, server)
    browser.paste("hello? anyone there")
    assert browser.suggestions()[0]["key"] == "general.greeting"
    browser.pick_suggestion(0)
    browser.fill("name", "Sam")
    chat = browser.preview()
    assert chat.startswith("Hi Sam, thanks for contacting us!")
    before = browser.previews()
    browser.driver.find_element(By.CSS_SELECTOR, "input[name=channel][value=email]").click()
    browser.wait_preview(before, contains="Hello Sam,")
    email = browser.preview()
    assert email != chat and email.count("\n") >= 4 and email.strip().endswith("The Support Team")
    assert browser.own() == email  # English is both the customer's and the agent's language here
    browser.shot("email")
    assert_accessible(browser, "email")
    before = browser.previews()
    browser.driver.find_element(By.CSS_SELECTOR, "input[name=channel][value=default]").click()
    browser.wait_preview(before)
    assert browser.preview() == chat


def test_search_unaccented_categories_and_shortcuts_in_the_agents_language(browser, server):
    signed_in(browser, server, key="agent_es")
    # The agent reads Spanish: chosen once, remembered.
    Select = __import__("selenium.webdriver.support.select", fromlist=["Select"]).Select
    Select(browser.element("own-locale")).select_by_value("es")
    assert browser.js("return localStorage.getItem('parley.desk.ownLocale')") == "es"
    search = browser.element("search")
    search.send_keys("contrasena olvidada")
    browser.wait(lambda: browser.results() and browser.results()[0]["key"] == "account.password_reset",
                 "the password reply first for an unaccented query")
    assert "contraseña" in browser.results()[0]["text"]
    assert search.get_attribute("aria-expanded") == "true"
    browser.shot("search-unaccented")
    assert_accessible(browser, "search")
    # Type-ahead: a prefix is enough.
    search.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    search.send_keys("reemb")
    browser.wait(lambda: browser.results() and browser.results()[0]["key"].startswith("payments."), "results for a prefix")
    # A shortcut jumps to its reply with Enter.
    search.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    before = browser.previews()
    search.send_keys("/refund", Keys.ENTER)
    browser.wait_preview(before)
    assert browser.element("reply-key").text.startswith("payments.refund_status")
    assert browser.own().startswith("Hola, {name}.") or "{name}" in browser.own(), browser.own()
    # The category browser lists a category's replies, in the agent's language.
    search.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    browser.wait(lambda: not browser.results(), "the results to clear")
    Select(browser.element("category")).select_by_value("account")
    browser.wait(lambda: len(browser.results()) >= 3, "the account category's replies")
    assert all(r["key"].startswith("account.") for r in browser.results())
    browser.shot("category")
    assert_accessible(browser, "category")
    # Remembered for the next visit.
    browser.driver.refresh()
    browser.wait(lambda: browser.body("state") == "desk", "the desk again (the key is kept for the tab)")
    assert browser.element("own-locale").get_attribute("value") == "es"


def test_keyboard_only(browser, server):
    browser.open(server)
    browser.grant_clipboard()
    assert browser.active().get_attribute("id") == "api-key"
    browser.keys(server.keys["agent"], Keys.ENTER)
    browser.wait(lambda: browser.body("state") == "desk", "the desk")
    assert browser.active().get_attribute("id") == "message"
    before = int(browser.body("suggestions") or 0)
    browser.keys("ainda não recebi meu reembolso")
    browser.wait_suggestions(before)
    browser.keys(Keys.TAB)
    assert browser.active().get_attribute("id") == "suggestions"
    browser.keys(Keys.ARROW_DOWN)
    assert browser.active().get_attribute("aria-activedescendant") == "suggestions-1"
    browser.keys(Keys.ARROW_UP)
    assert browser.active().get_attribute("aria-activedescendant") == "suggestions-0"
    first = browser.suggestions()[0]["key"]
    before = browser.previews()
    browser.keys(Keys.ENTER)
    browser.wait_preview(before)
    assert browser.element("reply-key").text.startswith(first)
    assert first == "payments.refund_status" and browser.active().get_attribute("id") == "arg-name"
    # Name, amount, the date (typed into the date field's parts), days: Tab between them.
    browser.keys("Ana", Keys.TAB, "12.5", Keys.TAB, "11202026")
    for _ in range(4):  # the date field's calendar button takes a Tab of its own
        browser.keys(Keys.TAB)
        if browser.active().get_attribute("id") == "arg-days":
            break
    browser.keys("5")
    browser.wait(lambda: all(part in browser.preview() for part in ("Ana", "12,50", "20 de novembro de 2026", "5 dias")),
                 "the arguments typed")
    browser.shot("keyboard-arguments")
    sent = browser.preview()
    browser.keys(Keys.CONTROL, Keys.ENTER)
    browser.wait(lambda: browser.body("feedback") == first, "the copy and its feedback")
    assert browser.clipboard() == sent
    # Escape goes back to the message; Tab leaves it; / jumps to the search; Enter takes a shortcut.
    browser.keys(Keys.ESCAPE)
    assert browser.active().get_attribute("id") == "message"
    browser.keys(Keys.TAB)
    browser.keys("/")
    assert browser.active().get_attribute("id") == "search"
    before = browser.previews()
    browser.keys("/hi", Keys.ENTER)
    browser.wait_preview(before)
    assert browser.element("reply-key").text.startswith("general.greeting")
    browser.keys("Bo", Keys.CONTROL, Keys.ENTER)
    browser.wait(lambda: browser.clipboard().startswith("Oi, Bo!"), "the greeting copied, in the customer's Portuguese")
    browser.shot("keyboard-done")


def test_catalog_markup_shows_as_text_and_a_fallback_is_announced(browser, server):
    markup = '<img src=x onerror="window.__pwned = true"> <script>window.__pwned = true</script>'
    probe = markup + " Hello {name}, {place, select, app {in the app} web {on the web} other {elsewhere}}."
    created = server.api("POST", "/v1/workspaces/support/templates",
                         body={"key": "security.markup_probe", "category": "security", "message": probe})
    assert created.status == 201, created.body
    phrase = "ทดสอบแท็กรูปภาพกับสคริปต์ในข้อความตอบกลับ"
    examples = server.api("PUT", "/v1/workspaces/support/templates/security.markup_probe/examples/th",
                          body={"phrases": [phrase]}, headers={"If-None-Match": "*"})
    assert examples.status in (200, 201), examples.body
    en = strings(server, "en")
    signed_in(browser, server)
    browser.paste(phrase)
    first = browser.suggestions()[0]
    assert first["key"] == "security.markup_probe" and first["text"].startswith(markup + " Hello {name}, "), first
    browser.pick_suggestion(0)
    browser.fill("name", "<b>Eve</b>")
    assert browser.preview().startswith(markup + " Hello <b>Eve</b>, "), browser.preview()
    # A select's keys are a list to choose from (and `other`).
    choices = browser.js("return [...document.getElementById('arg-place').options].map(o => o.value)")
    assert browser.element("arg-place").tag_name == "select" and choices == ["", "app", "web", "other"], choices
    browser.set_value("place", "web")
    assert browser.preview() == markup + " Hello <b>Eve</b>, on the web.", browser.preview()
    # Nothing of it became markup, and nothing ran.
    assert browser.js("return document.querySelectorAll('img, b, script:not([src])').length") == 0
    assert browser.js("return window.__pwned === undefined")
    # The customer writes Thai; the reply exists only in English: the desk says so.
    warning = browser.element("fallback").text
    thai, english = browser.js("const n = new Intl.DisplayNames(['en'], {type: 'language'}); return [n.of('th'), n.of('en')]")
    assert warning == en["reply.fallback"].replace("{requested}", thai).replace("{served}", f"{english} (en)"), warning
    browser.shot("markup-as-text-and-fallback")
    assert_accessible(browser, "fallback")


def test_content_security_policy_forbids_inline_script(browser, server):
    for path in ("/desk", "/desk/desk.js", "/desk/desk.css", "/desk/strings", "/desk/icon.svg"):
        with urllib.request.urlopen(server.base_url + path, timeout=harness.HTTP_TIMEOUT) as response:
            policy = response.headers["Content-Security-Policy"] or ""
            assert response.headers["X-Content-Type-Options"] == "nosniff" or path == "/desk/strings"
        directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in policy.split(";") if d.strip())
        assert directives.get("script-src") == "'self'" and directives.get("default-src") == "'none'", (path, policy)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (path, policy)
        assert directives.get("require-trusted-types-for") == "'script'", (path, policy)
    signed_in(browser, server)
    # Code the driver runs is not bound by the page's policy (DevTools may evaluate anything), so
    # each attempt is one the page itself would carry out: a script element, markup with a handler,
    # an inline handler, a javascript: URL. None may run. (The policy has no 'unsafe-eval', and
    # test_desk_script_writes_no_markup checks desk.js itself.)
    outcome = browser.driver.execute_async_script("""
        const done = arguments[0];
        window.__pwned = false;
        const seen = [];
        document.addEventListener('securitypolicyviolation', e => seen.push(e.violatedDirective));
        const target = document.getElementById('detected');
        const attempts = {
          scriptElement: () => { const s = document.createElement('script'); s.text = 'window.__pwned = true'; document.body.append(s); },
          markup: () => { target.innerHTML = '<img src=x onerror="window.__pwned = true">'; },
          insertedMarkup: () => { target.insertAdjacentHTML('beforeend', '<img src=x onerror="window.__pwned = true">'); },
          inlineHandler: () => { target.setAttribute('onclick', 'window.__pwned = true'); target.click(); },
          javascriptURL: () => { const a = document.createElement('a'); a.href = 'javascript:window.__pwned = true'; document.body.append(a); a.click(); },
        };
        const refused = {};
        for (const [name, attempt] of Object.entries(attempts)) {
          try { attempt(); refused[name] = 'no exception'; } catch (e) { refused[name] = e.name; }
        }
        setTimeout(() => done({refused, seen, pwned: window.__pwned}), 500);
    """)
    assert outcome["pwned"] is False, outcome
    assert outcome["refused"]["scriptElement"] == "TypeError" and outcome["refused"]["markup"] == "TypeError", outcome
    assert {"require-trusted-types-for", "script-src-attr", "script-src-elem"} & set(outcome["seen"]), outcome
    # The customer's message is text too.
    browser.paste('<img src=x onerror="window.__pwned = true"> my refund')
    assert browser.js("return document.querySelectorAll('img').length") == 0 and browser.js("return window.__pwned") is False
    assert not [e for e in browser.errors() if "desk.js" in e], browser.errors()


def test_desk_script_writes_no_markup():
    """desk.js puts every text in with textContent: no HTML sinks, no code from strings."""
    source = (ROOT / "Desk" / "desk.js").read_text()
    code = re.sub(r"//[^\n]*", "", source)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setTimeout('",
                 "setTimeout(\"", "srcdoc"):
        assert sink not in code, sink


@pytest.mark.parametrize("browser", [{"lang": "es-ES,es"}, {"lang": "ar-EG,ar"}, {"lang": "zh-CN,zh"}], indirect=True,
                         ids=["es", "ar", "zh-Hans"])
def test_interface_follows_the_browser_language(browser, server):
    language = browser.js("return navigator.language")
    locale = {"es": "es", "ar": "ar", "zh": "zh-Hans"}[language.split("-")[0]]
    texts = strings(server, locale)
    browser.open(server)
    assert browser.js("return document.documentElement.lang") == locale
    assert browser.js("return document.documentElement.dir") == ("rtl" if locale == "ar" else "ltr")
    assert browser.element("signin").find_element(By.TAG_NAME, "h2").text == texts["signin.heading"]
    browser.shot(f"signin-{locale}")
    browser.sign_in(server.keys["agent"])
    assert browser.js("return document.title") == texts["desk.title"]
    browser.paste(MESSAGES["ar"][0])
    browser.pick_suggestion(0)
    assert browser.element("preview").get_attribute("dir") == "rtl"
    browser.shot(f"desk-{locale}")
    assert_accessible(browser, f"desk-{locale}")


@pytest.mark.parametrize("width", [375, 1440])
def test_narrow_and_wide_screens(browser, server, width):
    browser.resize(width, 900)
    signed_in(browser, server)
    browser.paste(MESSAGES["th"][0])
    browser.pick_suggestion(0)
    browser.fill("name", "สมชาย")
    assert browser.no_horizontal_scroll(), f"the page scrolls sideways at {width} px"
    browser.resize(width, 1500)  # taller, so the screenshot shows the reply
    browser.js("document.getElementById('reply').scrollIntoView()")
    browser.shot(f"reply-{width}")
    # Long words and long texts wrap inside their boxes.
    browser.paste("a" * 400 + " my refund is late")
    assert browser.no_horizontal_scroll()
    browser.shot(f"width-{width}")
    assert_accessible(browser, f"width-{width}")
