"""Settings come from the environment and fail loudly; /healthz tells the truth."""

import json
import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "CORRIDOR_ENV": "production",
    "SECRET_KEY": "a-long-enough-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "corridor.example.org",
    "EMAIL_HOST": "smtp.example.org",
}


def run_corridor(*args, env=None, timeout=60):
    """Run the ``corridor`` command in a fresh interpreter with a controlled environment."""
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DATABASE_URL"}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "corridor.cli", *args],
        env=base,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST"])
def test_production_refuses_to_start_without_required_settings(missing, tmp_path):
    env = {**PRODUCTION, "CORRIDOR_DATA_DIR": str(tmp_path)}
    del env[missing]
    result = run_corridor("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_refuses_debug(tmp_path):
    env = {**PRODUCTION, "DEBUG": "true", "CORRIDOR_DATA_DIR": str(tmp_path)}
    result = run_corridor("check", env=env)
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_malformed_boolean_is_an_error_not_a_guess(tmp_path):
    result = run_corridor("check", env={"DEBUG": "maybe", "CORRIDOR_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {**PRODUCTION, "CORRIDOR_DATA_DIR": str(tmp_path)}
    result = run_corridor("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


HEALTH_WITH_DEAD_DATABASE = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="127.0.0.1")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    env = {
        # Nothing listens on port 1: the connection is refused at once.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/corridor",
        "DJANGO_SETTINGS_MODULE": "corridor.settings",
        "CORRIDOR_DATA_DIR": str(tmp_path),
        "LOG_LEVEL": "CRITICAL",
    }
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    result = subprocess.run(
        [sys.executable, "-c", HEALTH_WITH_DEAD_DATABASE],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 503
    assert outcome["body"]["status"] == "unavailable"
    assert "127.0.0.1" not in json.dumps(outcome["body"])  # no connection details leak


def test_security_headers_on_every_page(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_every_setting_read_from_the_environment_is_documented():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    read = set(re.findall(r'env_\w+\("([A-Z_]+)"', (root / "corridor/settings.py").read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (root / ".env.example").read_text(), re.M))
    assert read, "settings.py reads no variables?"
    assert read - documented == set()
