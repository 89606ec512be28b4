"""Tasks whose worker died are picked up again: ``corridor reap-tasks`` and ``corridor worker``."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from corridor.core import reaper
from corridor.core.tests.slow_task import sleep_then_mark

ROOT = Path(__file__).resolve().parents[3]


def dead_pid() -> int:
    """The id of a process of this machine that has really exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    child.wait()
    return child.pid


def claimed(tmp_path, worker_id: str, minutes_ago: int, attempts: int = 1) -> DBTaskResult:
    """A task claimed by ``worker_id`` ``minutes_ago`` minutes ago, as db_worker leaves it."""
    result = sleep_then_mark.enqueue(str(tmp_path / "marker"), 0)
    row = DBTaskResult.objects.get(id=result.id)
    for _ in range(attempts):
        row.claim(worker_id)
    DBTaskResult.objects.filter(id=row.id).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    row.refresh_from_db()
    return row


def local_id(pid: int) -> str:
    return f"{reaper.socket.gethostname()[:40]}:{pid}:abcdefgh"


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_a_task_of_a_dead_worker_is_requeued_and_then_runs(tmp_path):
    row = claimed(tmp_path, local_id(dead_pid()), minutes_ago=30)
    report = reaper.reap(older_than=600)
    assert report.requeued == [str(row.id)]
    row.refresh_from_db()
    assert row.status == "READY" and row.started_at is None
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert (tmp_path / "marker").read_text() == "done"


@pytest.mark.django_db
def test_a_task_whose_worker_still_lives_is_left_alone(tmp_path):
    row = claimed(tmp_path, local_id(os.getpid()), minutes_ago=30)
    report = reaper.reap(older_than=600)
    assert report.requeued == [] and report.alive == [str(row.id)]
    row.refresh_from_db()
    assert row.status == "RUNNING"


@pytest.mark.django_db
def test_a_young_task_is_left_alone_even_if_its_worker_died(tmp_path):
    row = claimed(tmp_path, local_id(dead_pid()), minutes_ago=2)
    assert (
        str(reaper.reap(older_than=600))
        == "0 re-queued, 0 failed, 0 still running with a live worker"
    )
    row.refresh_from_db()
    assert row.status == "RUNNING"


@pytest.mark.django_db
def test_a_worker_of_another_machine_counts_as_alive_while_its_heartbeat_lasts(tmp_path):
    other = "another-machine:123:abcdefgh"
    row = claimed(tmp_path, other, minutes_ago=30)
    reaper.beat(other)
    assert reaper.reap(older_than=600).alive == [str(row.id)]
    reaper.cache.delete(reaper.heartbeat_key(other))
    assert reaper.reap(older_than=600).requeued == [str(row.id)]


@pytest.mark.django_db
def test_a_task_that_lost_its_worker_too_often_is_failed_with_a_reason(tmp_path):
    row = claimed(tmp_path, local_id(dead_pid()), minutes_ago=30, attempts=3)
    report = reaper.reap(older_than=600, max_attempts=3)
    assert report.failed == [str(row.id)]
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.exception_class_path == "corridor.core.reaper.WorkerLost"
    assert "attempt 3 of 3" in row.traceback


@pytest.mark.django_db
def test_the_command_reports_and_dry_run_changes_nothing(tmp_path, capsys):
    row = claimed(tmp_path, local_id(dead_pid()), minutes_ago=30)
    call_command("reap-tasks", "--dry-run", "--older-than", "60")
    assert "would be: 1 re-queued" in capsys.readouterr().out
    row.refresh_from_db()
    assert row.status == "RUNNING"
    call_command("reap-tasks", "--older-than", "60")
    assert f"re-queued {row.id}" in capsys.readouterr().out
    row.refresh_from_db()
    assert row.status == "READY"


def _corridor(data_dir, *args, **kwargs):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CORRIDOR_ENV"}}
    env.update(CORRIDOR_DATA_DIR=str(data_dir), DEBUG="0", LOG_LEVEL="WARNING")
    command = [sys.executable, "-m", "corridor.cli", *args, "--skip-checks"]
    return subprocess.Popen(command, env=env, cwd=ROOT, **kwargs)  # noqa: S603


ENQUEUE = """
import django, sys
django.setup()
from corridor.core.tests.slow_task import sleep_then_mark
print(sleep_then_mark.enqueue(sys.argv[1], float(sys.argv[2])).id)
"""


def test_killing_a_worker_mid_task_then_reaping_completes_the_task(tmp_path):
    """The real thing: SIGKILL a ``corridor worker`` while it runs a task."""
    data = tmp_path / "data"
    data.mkdir()
    assert _corridor(data, "migrate", "--noinput", "-v0").wait(timeout=120) == 0
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CORRIDOR_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="corridor.settings")
    marker = tmp_path / "marker"
    task_id = subprocess.run(  # noqa: S603
        [sys.executable, "-c", ENQUEUE, str(marker), "60"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]

    worker = _corridor(data, "worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")
    try:
        for _ in range(300):
            if Path(str(marker) + ".started").exists():
                break
            time.sleep(0.1)
        else:
            pytest.fail("the worker never started the task")
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()

    def status():
        import sqlite3

        with sqlite3.connect(data / "corridor.sqlite3") as conn:
            return conn.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                (task_id.replace("-", ""),),
            ).fetchone()[0]

    assert status() == "RUNNING"  # what django-tasks-db leaves behind on its own
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "corridor.cli", "reap-tasks", "--older-than", "0", "--skip-checks"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "1 re-queued" in out, out
    assert status() == "READY"

    # A fresh worker runs it to the end.
    Path(str(marker) + ".release").touch()
    assert _corridor(data, "worker", "--batch", "--no-reload", "--no-startup-delay").wait(60) == 0
    assert status() == "SUCCESSFUL"
    assert marker.read_text() == "done"
