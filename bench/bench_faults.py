"""Benchmark: faults — the database restarted under a write load, an import killed halfway.

Runs its own throw-away PostgreSQL cluster (initdb/pg_ctl of the installed server, in a
temporary folder, on port 55439; never the shared server) and the production server
(gunicorn) on 127.0.0.1.

(a) ``--writers`` clients create organisations through the API as fast as they can while
    a poller asks ``/healthz`` every 0.1 s; after ``--before`` seconds the cluster is
    stopped the hard way (``pg_ctl stop -m immediate``: a crash, recovered from the WAL on
    start), kept down ``--down`` seconds, started again, and the load goes on ``--after``
    seconds. Counted: writes answered 201, writes refused, 201 answers whose row is missing
    afterwards (must be 0), /healthz answers 503 while down and whether it answered 200
    again by itself, and how long after the database was back.
(b) ``corridor import profiles`` of a generated file (``--rows``, 5 % bad rows) is killed
    with SIGKILL once about 40 % of its rows are stored; stored profiles without their
    skills (partial rows) must be 0; a second run must complete the file.

Prints ``figure faults.*`` lines. ``--quick``: shorter phases and 4,000 rows.
"""

from __future__ import annotations

import argparse
import glob
import http.client
import json
import os
import pwd
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import _common
import bench_import

ROOT = _common.ROOT
DB_PORT = 55439
WEB_PORT = 18432


class Cluster:
    """A throw-away PostgreSQL cluster owned by the ``postgres`` user when we are root."""

    def __init__(self, base: Path) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            raise SystemExit("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.bin = Path(bins[-1]).parent
        self.base = base
        self.data = base / "data"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            self.prefix = ["runuser", "-u", "postgres", "--"]
            uid = pwd.getpwnam("postgres")
            os.chown(base, uid.pw_uid, uid.pw_gid)

    def _run(self, *args: str, check: bool = True) -> None:
        subprocess.run([*self.prefix, *args], check=check, capture_output=True)  # noqa: S603

    def init(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        opts = f"-p {DB_PORT} -k {self.base} -c listen_addresses=127.0.0.1 -c max_connections=100"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", opts, "-w", "-t", "60",
            "-l", str(self.base / "log"), "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{DB_PORT}/corridor"


def _env(cluster: Cluster, data_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_"))}
    env.update(
        DATABASE_URL=cluster.url,
        CORRIDOR_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="corridor.settings",
        CORRIDOR_ENV="production",
        SECRET_KEY="bench-faults-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_HOST="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="CRITICAL",
        DEBUG="false",
        PYTHONPATH=str(ROOT / "bench"),
    )
    return env


def _psql(sql: str, db: str = "corridor") -> list[tuple]:
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:{DB_PORT}/{db}", autocommit=True, connect_timeout=5
    ) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


SETUP = """
import django
django.setup()
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from corridor.accounts.models import User
from corridor.directory.models import Organization
from corridor.taxonomy.loaders import load_curated
from bench_import import INSTITUTIONS
call_command("migrate", verbosity=0)
call_command("collectstatic", "--noinput", verbosity=0)
load_curated()
for slug, kind, name in INSTITUTIONS:
    Organization.objects.create(slug=slug, kind=kind, name_en=name, country="CN")
from corridor.accounts.models import Role
from corridor.accounts.services import grant_role
admin = User.objects.create_user(email="faults-admin@example.org", password=None)
admin.is_staff = True
admin.save()
grant_role(admin, Role.PLATFORM_ADMIN, None)
print(Token.objects.create(user=admin).key)
"""


def _get(path: str, headers=None, timeout: float = 5) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        return conn.getresponse().status
    except OSError:
        return 0
    finally:
        conn.close()


def restart_under_writes(figs, cluster: Cluster, token: str, args) -> list[str]:
    acknowledged: list[str] = []
    refused = [0]
    health: list[tuple[float, int]] = []
    stop = threading.Event()
    lock = threading.Lock()

    def writer(n: int) -> None:
        i = 0
        conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=10)
        while not stop.is_set():
            slug = f"fault-{n}-{i}"
            i += 1
            body = json.dumps(
                {"name_en": slug, "slug": slug, "kind": "enterprise", "country": "CN"}
            )
            try:
                conn.request(
                    "POST", "/api/organisations/", body=body,
                    headers={"Host": "127.0.0.1", "Authorization": f"Token {token}",
                             "Content-Type": "application/json"},
                )  # fmt: skip
                response = conn.getresponse()
                payload = response.read()
                ok = response.status == 201
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=10)
                ok, payload = False, b""
            with lock:
                if ok:
                    acknowledged.append(json.loads(payload).get("slug", slug))
                else:
                    refused[0] += 1
            if not ok:
                time.sleep(0.05)

    def poller() -> None:
        while not stop.is_set():
            health.append((time.monotonic(), _get("/healthz", timeout=3)))
            time.sleep(0.1)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(args.writers)]
    threads.append(threading.Thread(target=poller))
    for thread in threads:
        thread.start()
    time.sleep(args.before)
    down_at = time.monotonic()
    cluster.stop("immediate")
    stopped_at = time.monotonic()
    time.sleep(args.down)
    start_at = time.monotonic()
    cluster.start()
    up_at = time.monotonic()
    time.sleep(args.after)
    stop.set()
    for thread in threads:
        thread.join()

    stored = {row[0] for row in _psql("SELECT slug FROM directory_organization")}
    missing = [slug for slug in acknowledged if slug not in stored]
    while_down = [s for t, s in health if stopped_at + 0.5 < t < start_at]
    after_up = [(t, s) for t, s in health if t >= up_at]
    first_ok = next((t for t, s in after_up if s == 200), None)
    figs.add("faults.restart.writes_acknowledged", len(acknowledged), "writes")
    figs.add("faults.restart.writes_refused", refused[0], "writes")
    figs.add("faults.restart.acknowledged_missing", len(missing), "writes")
    figs.add("faults.restart.down_seconds", up_at - down_at, "s")
    figs.add("faults.restart.healthz_polls_while_down", len(while_down), "polls")
    figs.add("faults.restart.healthz_503_while_down", while_down.count(503), "polls")
    figs.add("faults.restart.healthz_200_after", int(first_ok is not None), "bool")
    if first_ok is not None:
        figs.add("faults.restart.healthz_recovery", first_ok - up_at, "s")
    problems = []
    if missing:
        problems.append(f"{len(missing)} acknowledged writes missing, e.g. {missing[:3]}")
    if not while_down or any(s != 503 for s in while_down):
        problems.append(f"/healthz while down answered {sorted(set(while_down))}, not only 503")
    if first_ok is None:
        problems.append("/healthz did not answer 200 again by itself")
    if health and health[-1][1] != 200:
        problems.append(f"/healthz ended on {health[-1][1]}")
    return problems


def kill_import(figs, cluster: Cluster, env: dict, args, tmp: Path) -> list[str]:
    csv_path = tmp / "profiles.csv"
    injected = sum(bench_import.generate(csv_path, args.rows, seed=args.seed).values())
    good = args.rows - injected
    command = [str(Path(sys.executable).with_name("corridor")), "import", "profiles",
               str(csv_path), "--batch-size", "500"]  # fmt: skip
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    count = 0
    while proc.poll() is None:
        count = _psql("SELECT COUNT(*) FROM talent_talentprofile")[0][0]
        if count >= 0.4 * good:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait()
    killed = proc.returncode == -signal.SIGKILL
    at_kill = _psql("SELECT COUNT(*) FROM talent_talentprofile")[0][0]
    partial = _psql(
        "SELECT COUNT(*) FROM talent_talentprofile p WHERE NOT EXISTS "
        "(SELECT 1 FROM talent_profileskill s WHERE s.profile_id = p.id)"
    )[0][0]
    rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    final = _psql("SELECT COUNT(*) FROM talent_talentprofile")[0][0]
    partial_after = _psql(
        "SELECT COUNT(*) FROM talent_talentprofile p WHERE NOT EXISTS "
        "(SELECT 1 FROM talent_profileskill s WHERE s.profile_id = p.id)"
    )[0][0]
    figs.add("faults.import.rows", args.rows, "rows")
    figs.add("faults.import.killed", int(killed), "bool")
    figs.add("faults.import.profiles_at_kill", at_kill, "rows")
    figs.add("faults.import.partial_profiles_at_kill", partial, "rows")
    figs.add("faults.import.profiles_after_rerun", final, "rows")
    figs.add("faults.import.good_rows", good, "rows")
    figs.add("faults.import.partial_profiles_after_rerun", partial_after, "rows")
    problems = []
    if not killed:
        problems.append(f"the import ended (exit {proc.returncode}) before it could be killed")
    if partial or partial_after:
        problems.append(f"{partial} / {partial_after} profiles stored without their skills")
    if final != good:
        problems.append(f"after the re-run {final} profiles stored, {good} expected")
    if rerun.returncode not in (0, 1):  # 1: rows rejected (the injected bad rows)
        problems.append(f"the re-run failed ({rerun.returncode}): {rerun.stderr[-500:]}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--before", type=float, default=None)
    ap.add_argument("--down", type=float, default=None)
    ap.add_argument("--after", type=float, default=None)
    ap.add_argument("--rows", type=int, default=None)
    ap.add_argument("--seed", type=int, default=20261123)
    args = ap.parse_args()
    args.before = args.before or (4 if args.quick else 10)
    args.down = args.down or (3 if args.quick else 5)
    args.after = args.after or (6 if args.quick else 10)
    args.rows = args.rows or (4_000 if args.quick else 20_000)
    random.seed(args.seed)
    figs = _common.Figures("faults", vars(args))

    tmp = Path(tempfile.mkdtemp(prefix="corridor-bench-faults-"))
    tmp.chmod(0o755)
    (tmp / "pg").mkdir(mode=0o755)
    cluster = Cluster(tmp / "pg")
    data_dir = tmp / "var"
    data_dir.mkdir()
    env = _env(cluster, str(data_dir))
    gunicorn = None
    problems: list[str] = []
    try:
        cluster.init()
        cluster.start()
        _psql("CREATE DATABASE corridor", db="postgres")
        token = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SETUP], env=env, cwd=ROOT, check=True,
            stdout=subprocess.PIPE, text=True,
        ).stdout.split()[-1]  # fmt: skip
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).with_name("gunicorn")), "corridor.wsgi",
             "--workers", "2", "--worker-class", "gthread", "--threads", "4",
             "--bind", f"127.0.0.1:{WEB_PORT}", "--log-level", "critical"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while _get("/healthz") != 200:
            if time.monotonic() > deadline:
                raise SystemExit("the server did not come up")
            time.sleep(0.3)
        problems += restart_under_writes(figs, cluster, token, args)
        problems += kill_import(figs, cluster, env, args, tmp)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(20)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        cluster.stop("immediate") if (cluster.data / "postmaster.pid").exists() else None
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {figs.write()}")
    for problem in problems:
        print(f"FAILED {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
