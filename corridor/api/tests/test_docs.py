"""The documentation pages under the site's Content-Security-Policy (served from
drf-spectacular-sidecar, no CDN, no inline script). tests in test_docs_browser.py load
them in Chromium."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


def static_paths(html):
    return re.findall(r'(?:src|href)="/static/([^"]+)"', html)


def policy(response):
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def test_swagger_ui_renders_under_the_site_csp(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), "inline script: the CSP would block it"
    assert "<style" not in html and "style=" not in html
    assert "//cdn" not in html and "googleapis" not in html and "unpkg" not in html
    assert 'id="swagger-config"' in html  # settings travel as JSON data, not code
    csp = policy(response)
    assert csp["script-src"][0] == "'self'"
    assert csp["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    for path in static_paths(html):
        assert finders.find(path), f"missing static file {path}"
    assert any("swagger-ui-bundle.js" in p for p in static_paths(html))


def test_redoc_renders_with_a_nonce_for_its_styles(client):
    response = client.get("/api/redoc/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert "googleapis" not in html and "//cdn" not in html
    csp = policy(response)
    nonce = re.search(r'nonce="([^"]+)"', html).group(1)
    assert f"'nonce-{nonce}'" in csp["style-src"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert csp["worker-src"] == ["'self'", "blob:"]
    for path in static_paths(html):
        assert finders.find(path), f"missing static file {path}"


def test_other_pages_keep_the_strict_policy(client):
    csp = policy(client.get("/api/organisations/"))
    assert csp["style-src"] == ["'self'"]
    assert "worker-src" not in csp
