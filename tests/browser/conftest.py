"""End-to-end tests: a real Chromium (Debian's, see ``scripts/install-browser``) driven by
Playwright's sync API against pytest-django's in-process ``live_server``.

Every test here is marked ``browser`` and runs against a transactional database (the live
server thread must see the rows the test creates). Each test gets a fresh browser context
(no cookies, English UI) and fails if any page it visited logged a console error, threw
an uncaught exception or violated the Content-Security-Policy.
"""

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from corridor.core.testing import PASSWORD, make_personas

# Playwright's sync API keeps an asyncio loop running in this thread, which makes Django
# refuse ORM calls from the test body ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]
#: Generous for a cold start, short enough that a broken page fails fast.
TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class KnownProblem:
    pattern: re.Pattern
    url: str  # where it reproduces: a page to load, or (http_probe) a URL that must not fail
    reason: str  # what is wrong, which file is responsible, how to fix it
    http_probe: bool = False


#: Problems already reported and awaiting a fix in the application, tolerated so that the
#: rest of the suite stays meaningful. Each entry has a strict-xfail test in
#: ``test_page_hygiene.py`` that is listed as XFAIL on every run and turns into a failure
#: once the fix lands, as a reminder to delete the entry here. Keep this empty if possible.
KNOWN_PROBLEMS: dict[str, KnownProblem] = {}


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser/ is a browser test, whether or not it says so."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str | None:
    return os.environ.get("CORRIDOR_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if not executable:
        pytest.skip(
            "Chromium not found: run scripts/install-browser (installs Debian's chromium) "
            "or set CORRIDOR_CHROMIUM=/path/to/chrome"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProblems:
    """Console errors, uncaught exceptions and CSP violations seen by one page."""

    def __init__(self, known=None):
        self.problems: list[str] = []
        self.tolerated: list[str] = []
        self._allowed: list[re.Pattern] = []
        self._known = [k.pattern for k in (KNOWN_PROBLEMS if known is None else known).values()]

    def allow(self, pattern: str):
        """Expect (and ignore) console errors matching ``pattern``, e.g. a deliberate 404."""
        self._allowed.append(re.compile(pattern))

    def on_console(self, message):
        if message.type not in ("error", "warning"):
            return
        text = message.text
        is_csp = "Content Security Policy" in text or "Content-Security-Policy" in text
        if message.type == "warning" and not is_csp:
            return
        if any(p.search(text) for p in self._allowed):
            return
        where = message.location.get("url", "") if message.location else ""
        self._record(f"console {message.type}: {text} (at {where})")

    def on_page_error(self, error):
        self._record(f"uncaught exception: {error}")

    def _record(self, problem: str):
        if any(p.search(problem) for p in self._known):
            self.tolerated.append(problem)
        else:
            self.problems.append(problem)

    def on_csp_violation(self, source, violation):
        # Reported by the init script below: catches violations even when Chromium's
        # console message is suppressed (e.g. report-only policies).
        self._record(
            "CSP violation: {directive} blocked {blocked} on {document}"
            " (from {source}:{line}, sample {sample!r})".format(**violation)
        )


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__corridorCspViolation && window.__corridorCspViolation({
    directive: e.effectiveDirective, blocked: e.blockedURI, document: e.documentURI,
    source: e.sourceFile, line: e.lineNumber, sample: e.sample,
  });
});
"""


@pytest.fixture
def page_problems():
    return PageProblems()


@pytest.fixture
def context(browser, live_server, page_problems):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.expose_binding("__corridorCspViolation", page_problems.on_csp_violation)
    context.add_init_script(CSP_LISTENER)
    yield context
    context.close()


@pytest.fixture
def page(context, page_problems):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    page.on("console", page_problems.on_console)
    page.on("pageerror", page_problems.on_page_error)
    yield page
    problems = page_problems.problems
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts failed sign-ins in the (process-wide, locmem) cache; start clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def personas(transactional_db):
    """Overrides the root ``personas``: the live server needs committed rows."""
    return make_personas()


@pytest.fixture
def sign_in(page):
    """``sign_in(user)``: sign in through the real form at /accounts/login/."""

    def sign_in(user, password=PASSWORD, next_url=None):
        url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
        page.goto(url)
        page.get_by_role("textbox", name=re.compile("e-?mail", re.I)).fill(user.email)
        page.get_by_label(re.compile("^Password", re.I)).fill(password)
        page.get_by_role("button", name="Sign In").click()
        return page

    return sign_in


@pytest.fixture
def taxonomy(transactional_db):
    """The curated English/Chinese skills and occupations shipped in the repository (what
    the skill pickers and the importer look words up in)."""
    from corridor.taxonomy.loaders import load_curated

    load_curated()


@pytest.fixture
def fresh_matching_world():
    """The matching engine keeps one warm "world" per process, keyed on table versions
    that a flushed database can repeat: start every test that ranks from a cold one."""
    from corridor.matching import world

    world.clear_cache()
    yield
    world.clear_cache()
