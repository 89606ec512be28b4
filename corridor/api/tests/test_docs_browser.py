"""The API documentation pages in a real Chromium: they render, and break no rule of the
Content-Security-Policy (no inline script or style without the page's nonce, no CDN).

Marked ``browser`` (skipped by ``make test-fast``); needs Debian's chromium
(``scripts/install-browser``) or ``CORRIDOR_CHROMIUM``.
"""

import os
import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop vs the ORM

#: Redoc's sidebar footer always shows its vendor's logo from cdn.redoc.ly; the CSP blocks
#: it (no third-party requests), which Chromium reports. Nothing else may be blocked.
EXPECTED_BLOCKS = ("https://cdn.redoc.ly/redoc/logo-mini.svg",)

CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation(e.effectiveDirective + " blocked " + e.blockedURI + " (" + e.sample + ")");
});
"""


@pytest.fixture(scope="module")
def browser():
    executable = os.environ.get("CORRIDOR_CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.skip("Chromium not found: run scripts/install-browser or set CORRIDOR_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    problems = []
    context.expose_function("__cspViolation", lambda text: problems.append(f"CSP: {text}"))
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.on(
        "console",
        lambda m: m.type == "error" and problems.append(f"console error: {m.text}"),
    )
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    external = []  # requests that left the site (a CSP-blocked one never gets a response)
    page.on(
        "response",
        lambda r: (
            (not r.url.startswith(live_server.url) and not r.url.startswith(("data:", "blob:")))
            and external.append(r.url)
        ),
    )
    yield page
    context.close()
    problems = [p for p in problems if not any(url in p for url in EXPECTED_BLOCKS)]  # noqa: B023
    assert not problems, "\n".join(problems)
    assert not external, f"requests outside the site: {external}"


def test_swagger_ui_renders_under_the_csp(page):
    from playwright.sync_api import expect

    response = page.goto("/api/docs/")
    assert response.status == 200
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Corridor API", timeout=30_000)
    # Operations are rendered (Swagger UI draws the first sections of this long page first).
    expect(page.locator(".opblock-tag", has_text="agreements").first).to_be_visible(timeout=30_000)


def test_redoc_renders_under_the_csp(page):
    from playwright.sync_api import expect

    response = page.goto("/api/redoc/")
    assert response.status == 200
    expect(page.locator("h1", has_text="Corridor API")).to_be_visible(timeout=30_000)
    # Redoc's generated styles applied (they need the nonce): the menu is laid out.
    expect(page.locator(".menu-content")).to_be_visible()
