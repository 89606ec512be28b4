"""Benchmark: the production server under a mixed load of page views and API calls.

Creates a throw-away PostgreSQL database (``BENCH_DATABASE_URL`` or
postgres://postgres@127.0.0.1:5432) holding 100,000 talent profiles and 20,000 positions
with their skills and languages (the synthetic world of ``bench_recommend.py``), starts
the production server (``CORRIDOR_ENV=production``, gunicorn gthread, ``--workers``
processes) on 127.0.0.1, and runs ``--clients`` concurrent clients (keep-alive
http.client, spread over several processes) for ``--seconds``: list and detail pages of
positions, profiles and organisations, and API lists, signed in as a platform
administrator (who sees every row: the largest lists). Traffic goes to 127.0.0.1 only.

Prints ``figure load.p95_list_ms``, ``load.p95_detail_ms``, ``load.p95_api_ms``,
``load.requests``, ``load.errors`` (budget: p95 <= 200 ms, no errors). ``--quick``: 10,000
profiles, 2,000 positions, 20 s. The database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common
import numpy as np
from bench_import import _admin, _server_url, _with_db

ROOT = _common.ROOT
PORT = 18431


def _env(database_url: str, data_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_"))}
    env.update(
        DATABASE_URL=database_url,
        CORRIDOR_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="corridor.settings",
        CORRIDOR_ENV="production",
        SECRET_KEY="bench-load-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_HOST="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        DEBUG="false",
    )
    return env


# --- set-up child: migrate, data, a signed-in administrator, sample URLs --------------


def setup_child(args) -> None:
    import django

    django.setup()
    from bench_recommend import write_synthetic
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from corridor.accounts.models import Role, User
    from corridor.accounts.services import grant_role
    from corridor.directory.models import Organization
    from corridor.jobs.models import Position
    from corridor.talent.models import TalentProfile

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    t0 = time.perf_counter()
    write_synthetic(args.profiles, args.positions, seed=args.seed)
    seconds = time.perf_counter() - t0
    # Four students in five let every signed-in user see their profile (the rest: nobody).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE talent_talentprofile SET visibility = CASE WHEN id % 5 = 0 "
            "THEN 'nobody' ELSE 'signed_in' END"
        )
        cursor.execute("ANALYZE")
    admin = User.objects.create_user(email="load-admin@example.org", password=None)
    admin.is_staff = True
    admin.save()
    grant_role(admin, Role.PLATFORM_ADMIN, None)  # a platform administrator, as in production
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    rng = random.Random(args.seed)

    def sample(model, n=300):
        visible = model.objects.for_user(admin, "view")  # the policy: consent decides
        pks = list(visible.values_list("pk", flat=True).order_by("?")[:n])
        return [model.objects.get(pk=pk).get_absolute_url() for pk in pks[:n]]

    out = {
        "data_seconds": seconds,
        "session": client.cookies["sessionid"].value,
        "token": Token.objects.create(user=admin).key,
        "detail": sample(Position) + sample(TalentProfile) + sample(Organization, 50),
        "profiles": TalentProfile.objects.count(),
        "positions": Position.objects.count(),
    }
    rng.shuffle(out["detail"])
    # How many pages each API list has (beyond the last one the API answers 404), and the
    # queries each kind of page makes, single-threaded (an N+1 shows here on any machine).
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {out['token']}")
    out["api_pages"] = {}
    for path in APIS:
        count = api.get(path).json()["count"]
        out["api_pages"][path] = max(1, -(-count // 50))
    probes = {
        "list_positions": LISTS[0] + "?page=3",
        "list_profiles": LISTS[1] + "?page=3",
        "list_organisations": LISTS[2],
        "detail_position": Position.objects.order_by("pk").last().get_absolute_url(),
        "detail_profile": TalentProfile.objects.for_user(admin, "view")
        .order_by("pk")
        .last()
        .get_absolute_url(),
        "detail_organisation": Organization.objects.order_by("pk").last().get_absolute_url(),
        "api_positions": APIS[0] + "?page=3",
        "api_profiles": APIS[1],
        "api_organisations": APIS[2],
    }
    out["probes"] = {}
    for label, path in probes.items():
        c = api if label.startswith("api") else client
        c.get(path)  # warm
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            status = c.get(path).status_code
            ms = (time.perf_counter() - t0) * 1000
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]
        out["probes"][label] = {
            "status": status,
            "queries": len(queries),
            "ms": ms,
            "slowest_sql": [(float(q["time"]) * 1000, q["sql"][:600]) for q in slowest],
        }
    Path(args.out).write_text(json.dumps(out))


# --- load clients ----------------------------------------------------------------


LISTS = ["/jobs/positions/", "/talent/profiles/", "/directory/organisations/"]
APIS = ["/api/positions/", "/api/profiles/", "/api/organisations/"]


def client_process(index: int, threads: int, seconds: float, plan: dict, queue) -> None:
    import threading

    results: dict[str, list[float]] = {"list": [], "detail": [], "api": []}
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        cookie = f"sessionid={plan['session']}"
        while time.monotonic() < stop_at:
            roll = rng.random()
            headers = {"Host": "127.0.0.1", "Cookie": cookie}
            if roll < 0.35:
                kind, path = "list", rng.choice(LISTS) + f"?page={rng.randint(1, 20)}"
            elif roll < 0.75:
                kind, path = "detail", rng.choice(plan["detail"])
            else:
                kind = "api"
                api = rng.choice(APIS)
                path = api + f"?page={rng.randint(1, min(20, plan['api_pages'][api]))}"
                headers = {"Host": "127.0.0.1", "Authorization": f"Token {plan['token']}"}
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = f"{type(error).__name__}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            elapsed = time.perf_counter() - t0
            with lock:
                results[kind].append(elapsed)
                if status != 200:
                    errors.append(f"{status} {path}")
        conn.close()

    pool = [
        threading.Thread(target=worker, args=(index * 1000 + i,), daemon=True)
        for i in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    queue.put((results, errors))


def run_load(plan: dict, clients: int, seconds: float) -> tuple[dict, list[str]]:
    processes = min(5, clients)
    per = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=client_process, args=(i, n, seconds, plan, queue))
        for i, n in enumerate(per)
    ]
    for proc in procs:
        proc.start()
    merged: dict[str, list[float]] = {"list": [], "detail": [], "api": []}
    errors: list[str] = []
    for _ in procs:
        results, errs = queue.get(timeout=seconds + 120)
        for key, values in results.items():
            merged[key] += values
        errors += errs
    for proc in procs:
        proc.join()
    return merged, errors


def wait_healthy(deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not come up")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--profiles", type=int, default=None)
    ap.add_argument("--positions", type=int, default=None)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--setup-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.setup_child:
        setup_child(args)
        return
    args.profiles = args.profiles or (10_000 if args.quick else 100_000)
    args.positions = args.positions or (2_000 if args.quick else 20_000)
    seconds = args.seconds or (20 if args.quick else 60)

    server = _server_url()
    if server is None:
        print("PostgreSQL: no server (set BENCH_DATABASE_URL); load benchmark skipped")
        return
    figs = _common.Figures(
        "load",
        {
            "profiles": args.profiles,
            "positions": args.positions,
            "clients": args.clients,
            "seconds": seconds,
            "workers": args.workers,
            "threads": args.threads,
        },
    )
    name = f"corridor_bench_load_{os.getpid()}"
    data_dir = tempfile.mkdtemp(prefix="corridor-bench-load-")
    _admin(server, f'CREATE DATABASE "{name}"')
    gunicorn = None
    try:
        env = _env(_with_db(server, name), data_dir)
        out = Path(data_dir) / "plan.json"
        subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--setup-child", "--out", str(out),
             "--profiles", str(args.profiles), "--positions", str(args.positions),
             "--seed", str(args.seed)],
            env={**env, "PYTHONPATH": str(ROOT / "bench")}, cwd=ROOT, check=True,
        )  # fmt: skip
        plan = json.loads(out.read_text())
        figs.add("load.data_profiles", plan["profiles"], "rows")
        figs.add("load.data_positions", plan["positions"], "rows")
        figs.add("load.data_seconds", plan["data_seconds"], "s")
        for label, probe in plan["probes"].items():
            figs.add(f"load.single.{label}.queries", probe["queries"], "queries")
            figs.add(f"load.single.{label}.ms", probe["ms"], "ms")
            for sql_ms, sql in probe["slowest_sql"]:
                print(f"  {label}: {sql_ms:.0f} ms  {sql}")
            if probe["status"] != 200:
                print(f"error: single request {label} answered {probe['status']}", file=sys.stderr)
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).with_name("gunicorn")), "corridor.wsgi",
             "--workers", str(args.workers), "--worker-class", "gthread",
             "--threads", str(args.threads), "--bind", f"127.0.0.1:{PORT}",
             "--log-level", "warning", "--timeout", "60"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        wait_healthy(time.monotonic() + 240)
        run_load(plan, min(args.clients, 10), 5)  # warm-up: connections, caches
        latencies, errors = run_load(plan, args.clients, seconds)
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)

    total = sum(len(v) for v in latencies.values())
    for kind in ("list", "detail", "api"):
        values = np.asarray(latencies[kind]) * 1000
        if len(values):
            figs.add(f"load.p50_{kind}_ms", float(np.percentile(values, 50)), "ms")
            figs.add(f"load.p95_{kind}_ms", float(np.percentile(values, 95)), "ms")
    figs.add("load.requests", total, "requests")
    figs.add("load.throughput", total / seconds, "requests/s")
    figs.add("load.errors", len(errors), "errors")
    for line in sorted(set(errors))[:20]:
        print(f"error: {line}", file=sys.stderr)
    print(f"wrote {figs.write()}")


if __name__ == "__main__":
    main()
