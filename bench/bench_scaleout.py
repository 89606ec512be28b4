"""Check: web processes are stateless — two servers, one PostgreSQL, shared sessions and limits.

Creates a throw-away database on the PostgreSQL server (``BENCH_DATABASE_URL`` or
postgres://postgres@127.0.0.1:5432), starts two production servers (gunicorn, as
``make serve`` does) on two ports of 127.0.0.1 with the default configuration (no Redis:
sessions and the cache live in the database), then:

1. signs in on server A (the real sign-in form, CSRF token and all) and uses that session
   cookie on server B: ``/api/me/`` there must answer with the same account;
2. fails to sign in 5 times on A for one account (allauth's ``5/5m/key`` limit), then
   tries once more on B: B must refuse it as rate limited — the counters are shared;
3. signs out on B; the session must then be gone on A as well.

Prints ``figure scaleout.*`` lines (1 = holds) and exits 1 if any does not hold.
``CACHE_URL=redis://...`` runs the same check with the cache in Redis.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common
from bench_import import _admin, _server_url, _with_db

ROOT = _common.ROOT
PORTS = (18441, 18442)
EMAIL, PASSWORD = "scaleout@example.org", "scale-out-password-7"  # noqa: S105 - throw-away


class Browser:
    """Just enough of a browser: cookies by name, across servers (same site name)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": f"127.0.0.1:{port}", "Origin": f"http://127.0.0.1:{port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
                if self.cookies[key] in ("", '""'):
                    del self.cookies[key]
        conn.close()
        return response.status, text

    def form_token(self, port: int, path: str) -> str:
        status, text = self.request(port, "GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        assert status == 200 and match, f"no sign-in form at {path} ({status})"
        return match.group(1)

    def sign_in(self, port: int, password: str) -> tuple[int, str]:
        token = self.form_token(port, "/accounts/login/")
        return self.request(
            port, "POST", "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": EMAIL, "password": password},
        )  # fmt: skip


def main() -> None:
    server = _server_url()
    if server is None:
        print("PostgreSQL: no server (set BENCH_DATABASE_URL); scale-out check skipped")
        return
    figs = _common.Figures("scaleout", {"servers": len(PORTS)})
    name = f"corridor_bench_scaleout_{os.getpid()}"
    data_dir = tempfile.mkdtemp(prefix="corridor-bench-scaleout-")
    _admin(server, f'CREATE DATABASE "{name}"')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    env.update(
        DATABASE_URL=_with_db(server, name),
        CORRIDOR_DATA_DIR=data_dir,
        CORRIDOR_ENV="production",
        SECRET_KEY="bench-scaleout-" + "y" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_HOST="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="CRITICAL",
    )
    corridor = str(Path(sys.executable).with_name("corridor"))
    servers = []
    problems = []
    try:
        for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([corridor, *args], env=env, cwd=ROOT, check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [sys.executable, "-c",
             "import django; django.setup(); from corridor.accounts.models import User; "
             f"User.objects.create_user(email={EMAIL!r}, password={PASSWORD!r})"],
            env={**env, "DJANGO_SETTINGS_MODULE": "corridor.settings"}, cwd=ROOT, check=True,
        )  # fmt: skip
        for port in PORTS:
            servers.append(
                subprocess.Popen(  # noqa: S603
                    [
                        str(Path(sys.executable).with_name("gunicorn")),
                        "corridor.wsgi",
                        "--workers",
                        "2",
                        "--worker-class",
                        "gthread",
                        "--threads",
                        "2",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                    ],
                    env=env,
                    cwd=ROOT,
                )  # fmt: skip
            )
        for port in PORTS:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if Browser().request(port, "GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"the server on {port} did not come up")
                time.sleep(0.3)
        a, b = PORTS

        # 1. A session made on A works on B.
        browser = Browser()
        status, _ = browser.sign_in(a, PASSWORD)
        signed_in = status == 302 and "sessionid" in browser.cookies
        status, text = browser.request(b, "GET", "/api/me/")
        shared = status == 200 and json.loads(text).get("email") == EMAIL
        figs.add("scaleout.session_shared", int(signed_in and shared), "bool")
        if not (signed_in and shared):
            problems.append(f"session from A not valid on B ({status}: {text[:200]})")

        # 2. Failed sign-ins counted on A stop the next attempt on B.
        attacker = Browser()
        for _ in range(5):
            attacker.sign_in(a, "wrong-password")
        status, text = attacker.sign_in(b, "wrong-password")
        limited = status == 429 or "Too many failed" in text
        figs.add("scaleout.rate_limit_shared", int(limited), "bool")
        if not limited:
            problems.append(f"6th failed sign-in on B not rate limited ({status})")

        # 3. Signing out on B ends the session on A too.
        session = browser.cookies["sessionid"]
        token = browser.form_token(b, "/accounts/logout/")
        browser.request(b, "POST", "/accounts/logout/", {"csrfmiddlewaretoken": token})
        browser.cookies["sessionid"] = session  # replay the old cookie: the server must refuse
        status, _ = browser.request(a, "GET", "/api/me/")
        figs.add("scaleout.sign_out_shared", int(status in (401, 403)), "bool")
        if status not in (401, 403):
            problems.append(f"after signing out on B, A still answers /api/me/ with {status}")
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"wrote {figs.write()}")
    for problem in problems:
        print(f"FAILED {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
