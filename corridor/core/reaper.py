"""A lease for background tasks, which django-tasks-db does not have.

``db_worker`` marks a task RUNNING when it claims it and nothing else ever looks at it
again: a worker killed mid-task (SIGKILL, out of memory, the machine gone) leaves the
task RUNNING for ever. ``corridor worker`` (what ``make serve`` starts) therefore names
itself ``<host>:<pid>:<random>`` and refreshes a heartbeat in the shared cache; the reaper
(``corridor reap-tasks``, also run by every worker at start and periodically) takes each
task that is still RUNNING ``TASKS_REAP_AFTER`` seconds after it started and whose worker
is gone — no heartbeat and, when the worker ran on this machine, no such process — and
puts it back in the queue, or marks it FAILED once it has been tried
``TASKS_MAX_ATTEMPTS`` times (a task that kills its worker must not loop for ever).

Corridor's tasks are written to be safe to run twice (imports run in one transaction per
batch; drives and recomputations start over), which is what makes re-queueing right.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = 15  # seconds
HEARTBEAT_TTL = 60  # a worker silent this long is gone


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker died under it too often."""


def new_worker_id() -> str:
    """``<host>:<pid>:<random>``, at most 64 characters (db_worker's limit)."""
    host = socket.gethostname()[:40]
    return f"{host}:{os.getpid()}:{get_random_string(8)}"


def heartbeat_key(worker_id: str) -> str:
    return f"corridor:task-worker:{worker_id}"


def beat(worker_id: str) -> None:
    """Tell the reapers that this worker is alive for the next ``HEARTBEAT_TTL`` seconds."""
    cache.set(heartbeat_key(worker_id), timezone.now().isoformat(), HEARTBEAT_TTL)


def _local_process_alive(worker_id: str) -> bool | None:
    """True/False for a worker of this machine; None when the id says nothing about it."""
    parts = worker_id.split(":")
    if len(parts) != 3 or parts[0] != socket.gethostname()[:40] or not parts[1].isdigit():
        return None
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def worker_alive(worker_id: str) -> bool:
    """Whether the worker that claimed a task may still be working on it."""
    local = _local_process_alive(worker_id)
    if local is not None:  # this machine's process table is the truth (a heartbeat lags)
        return local
    return cache.get(heartbeat_key(worker_id)) is not None


@dataclass
class ReapReport:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    alive: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.requeued)} re-queued, {len(self.failed)} failed, "
            f"{len(self.alive)} still running with a live worker"
        )


def reap(
    *,
    older_than: int | None = None,
    max_attempts: int | None = None,
    fail: bool = False,
    dry_run: bool = False,
) -> ReapReport:
    """Re-queue (or fail) RUNNING tasks older than ``older_than`` seconds whose worker is gone."""
    older_than = settings.TASKS_REAP_AFTER if older_than is None else older_than
    max_attempts = settings.TASKS_MAX_ATTEMPTS if max_attempts is None else max_attempts
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than)
    report = ReapReport()
    stale = DBTaskResult.objects.running().filter(started_at__lte=cutoff)
    for task_id in stale.values_list("id", flat=True):
        with transaction.atomic():
            row = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(id=task_id, status="RUNNING")
                .first()
            )
            if row is None:  # finished meanwhile, or another reaper holds it
                continue
            last_worker = row.worker_ids[-1] if row.worker_ids else ""
            if last_worker and worker_alive(last_worker):
                report.alive.append(str(row.id))
                continue
            attempts = len(row.worker_ids)
            if fail or attempts >= max_attempts:
                report.failed.append(str(row.id))
                if not dry_run:
                    row.status = "FAILED"
                    row.finished_at = timezone.now()
                    row.return_value = None
                    row.exception_class_path = f"{__name__}.WorkerLost"
                    row.traceback = (
                        f"WorkerLost: worker {last_worker or '?'} stopped while running this "
                        f"task (attempt {attempts} of {max_attempts}); failed by the task reaper."
                    )
                    row.save(
                        update_fields=[
                            "status",
                            "finished_at",
                            "return_value",
                            "exception_class_path",
                            "traceback",
                        ]
                    )
            else:
                report.requeued.append(str(row.id))
                if not dry_run:
                    row.status = "READY"
                    row.started_at = None
                    row.save(update_fields=["status", "started_at"])
            logger.warning(
                "task reaper: task %s (%s) of lost worker %s %s",
                row.id,
                row.task_path,
                last_worker or "?",
                "failed" if str(row.id) in report.failed else "re-queued",
            )
    return report


class Lease(threading.Thread):
    """Beside a worker: its heartbeat every ``HEARTBEAT_EVERY`` s, and a reap every ``reap_every`` s."""

    def __init__(self, worker_id: str, *, reap_every: float = 60.0) -> None:
        super().__init__(name="task-lease", daemon=True)
        self.worker_id = worker_id
        self.reap_every = reap_every
        self.stopped = threading.Event()

    def run(self) -> None:
        since_reap = self.reap_every  # reap at once
        while not self.stopped.is_set():
            try:
                close_old_connections()
                beat(self.worker_id)
                if since_reap >= self.reap_every:
                    since_reap = 0.0
                    report = reap()
                    if report.requeued or report.failed:
                        logger.warning("task reaper: %s", report)
            except Exception:  # the database may be away for a while; keep beating
                logger.warning("task lease: heartbeat or reap failed", exc_info=True)
            self.stopped.wait(HEARTBEAT_EVERY)
            since_reap += HEARTBEAT_EVERY
