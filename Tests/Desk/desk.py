"""Driving the desk in Debian's headless Chromium through Debian's chromedriver (selenium), with
axe-core for accessibility. Every wait is bounded; every step can leave a screenshot."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / ".build-pytools" / "desk-artefacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WAIT = 20  # seconds, any one wait for the page


def axe_source() -> str:
    """axe-core as shipped in the axe-playwright-python wheel (only its JavaScript is used)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("axe-playwright-python is not installed (Tests/Desk/run installs it)")
    return (Path(spec.submodule_search_locations[0]) / "axe.min.js").read_text()


class Browser:
    """One headless Chromium with a fresh profile; `lang` is its Accept-Language."""

    def __init__(self, artefacts: Path, lang: str = "en-US,en", width: int = 1440, height: int = 1000):
        self.artefacts = artefacts
        shutil.rmtree(artefacts, ignore_errors=True)
        artefacts.mkdir(parents=True, exist_ok=True)
        self.step = 0
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--no-first-run", "--disable-extensions", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--metrics-recording-only",
                         f"--window-size={width},{height}", f"--lang={lang.split(',')[0]}"):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {"intl.accept_languages": lang})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(CHROMEDRIVER)
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_page_load_timeout(WAIT)
        self.driver.set_script_timeout(WAIT)

    def quit(self):
        try:
            self.driver.quit()
        except Exception:  # already gone
            pass

    # MARK: Waiting and looking

    def wait(self, condition, message: str, timeout: float = WAIT):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(lambda _: condition())
        except TimeoutException:
            self.shot("timeout")
            raise AssertionError(f"timed out after {timeout}s waiting for {message}") from None

    def element(self, element_id: str):
        return self.driver.find_element(By.ID, element_id)

    def body(self, name: str) -> str | None:
        return self.driver.find_element(By.TAG_NAME, "body").get_attribute(f"data-{name}")

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def shot(self, name: str) -> Path:
        self.step += 1
        path = self.artefacts / f"{self.step:02d}-{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def resize(self, width: int, height: int):
        self.driver.set_window_size(width, height)

    def active(self):
        return self.driver.switch_to.active_element

    def keys(self, *keys):
        """Types into whatever has the focus, as a keyboard would."""
        self.active().send_keys(*keys)

    def errors(self) -> list:
        """Messages the page logged at SEVERE (failed loads, exceptions, policy violations)."""
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]

    # MARK: The desk

    def open(self, server, query: str = ""):
        self.base = server.base_url
        self.driver.get(f"{server.base_url}/desk{query}")
        self.wait(lambda: self.body("state") in ("signin", "desk"), "the page to start")

    def sign_in(self, key: str, expect: str = "desk"):
        field = self.element("api-key")
        field.clear()
        field.send_keys(key, Keys.ENTER)
        if expect == "desk":
            self.wait(lambda: self.body("state") == "desk", "the desk after signing in")
        else:
            self.wait(lambda: self.element("signin-error").text.strip() != "", "a sign-in error")

    def paste(self, text: str):
        """Puts the text in the message box as a paste does: one input event."""
        before = int(self.body("suggestions") or 0)
        self.js("""const box = document.getElementById('message'); box.focus(); box.value = arguments[0];
                   box.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste', bubbles: true}));""", text)
        self.wait_suggestions(before)

    def type_message(self, text: str):
        """Types the text key by key into the message box (replacing what was there)."""
        before = int(self.body("suggestions") or 0)
        box = self.element("message")
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.DELETE)
        box.send_keys(text)
        self.wait_suggestions(before)

    def wait_suggestions(self, before: int):
        self.wait(lambda: int(self.body("suggestions") or 0) > before and self.js(
            "const box = document.getElementById('message'); return box.value === box.dataset.suggestedFor"),
            "suggestions for the whole message")

    def suggestions(self) -> list:
        return self.js("""return [...document.querySelectorAll('#suggestions [role=option]')].map(o => {
            const text = o.querySelector('.option-text');
            return {key: o.dataset.key, text: text.textContent, lang: text.lang, dir: text.dir,
                    terms: [...o.querySelectorAll('.term')].map(t => t.textContent)};
        })""")

    def results(self) -> list:
        return self.js("""return [...document.querySelectorAll('#results [role=option]')].map(o => ({
            key: o.dataset.key, text: o.querySelector('.option-text').textContent}))""")

    def previews(self) -> int:
        return int(self.body("previewed") or 0)

    def wait_preview(self, before: int, contains: str | None = None):
        self.wait(lambda: self.previews() > before and (contains is None or contains in self.preview()),
                  f"the preview to be rendered{f' with {contains!r}' if contains else ''}")

    def preview(self) -> str:
        return self.js("return document.getElementById('preview').textContent")

    def own(self) -> str:
        return self.js("return document.getElementById('own').textContent")

    def pick_suggestion(self, index: int = 0):
        before = self.previews()
        self.element("suggestions").find_elements(By.CSS_SELECTOR, "[role=option]")[index].click()
        self.wait_preview(before)

    def fill(self, name: str, value: str):
        """Types an argument's value (replacing what was there) and waits for the preview to follow."""
        field = self.element(f"arg-{name}")
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.DELETE)
        before = self.previews()
        field.send_keys(value)
        self.wait_preview(before)
        time.sleep(0.2)  # the last keystroke's render, which may follow an earlier one
        self.wait(lambda: self.js("return document.querySelector('#preview').textContent.length > 0"), "a preview")

    def set_value(self, name: str, value: str):
        """Sets a date or select field as its picker does, and waits for the preview."""
        before = self.previews()
        self.js("""const field = document.getElementById(arguments[0]); field.value = arguments[1];
                   field.dispatchEvent(new Event('input', {bubbles: true}));""", f"arg-{name}", value)
        self.wait_preview(before)

    def grant_clipboard(self):
        self.driver.execute_cdp_cmd("Browser.grantPermissions", {
            "origin": self.base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})

    def clipboard(self) -> str:
        return self.driver.execute_async_script(
            "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('clipboard error: ' + e));")

    def no_horizontal_scroll(self) -> bool:
        return self.js("return document.documentElement.scrollWidth <= window.innerWidth + 1")

    # MARK: Accessibility and speed

    def axe(self, state: str) -> list:
        """axe-core's serious and critical violations on the page as it is; a screenshot of the state."""
        self.shot(state)
        if not self.js("return typeof window.axe === 'object'"):
            self.js(axe_source())
        violations = self.driver.execute_async_script(
            "const done = arguments[0]; axe.run(document, {resultTypes: ['violations']})"
            ".then(r => done(r.violations), e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
        serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
        (self.artefacts / f"axe-{state}.json").write_text(json.dumps(violations, indent=1, ensure_ascii=False))
        return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(
            re.sub(r"\s+", " ", n.get("html", ""))[:120] for n in v.get("nodes", [])[:3]) for v in serious]

    def transfer(self) -> dict:
        """Bytes the page moved over the network so far, by the Performance API (navigation and resources)."""
        return self.js("""const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
            return {total: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0),
                    entries: entries.map(e => [e.name.replace(location.origin, ''), e.transferSize || 0])};""")

    def suggestion_times(self) -> list:
        """Each 'end of typing → suggestions shown' the page measured, in milliseconds."""
        return self.js("return performance.getEntriesByName('desk:suggestions-shown').map(e => e.duration)")
