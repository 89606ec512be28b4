"""Background tasks of the cooperation app (``django.tasks``; run by ``corridor db_worker``).

``snapshot_targets_daily`` writes today's value of every target and queues itself for the
next day, so one enqueue (``corridor cooperation snapshot-targets --schedule``) keeps the
history going; ``remind_expiring_agreements`` does the same for expiry reminders.
"""

import datetime

from django.tasks import task
from django.utils import timezone

from corridor.cooperation import progress, services


def _tomorrow_early() -> datetime.datetime:
    now = timezone.localtime()
    tomorrow = (now + datetime.timedelta(days=1)).replace(hour=2, minute=0, second=0, microsecond=0)
    return tomorrow


def _already_queued(task_obj) -> bool:
    """Whether a run of ``task_obj`` is waiting in the database queue (no double chains)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: let it decide
        return False
    return DBTaskResult.objects.filter(task_path=task_obj.module_path, status="READY").exists()


def schedule_next(task_obj) -> None:
    backend = task_obj.get_backend()
    if not getattr(backend, "supports_defer", False) or _already_queued(task_obj):
        return
    task_obj.using(run_after=_tomorrow_early()).enqueue(reschedule=True)


@task()
def snapshot_targets_daily(reschedule: bool = False) -> int:
    """Write today's snapshot of every target (idempotent); then queue tomorrow's run."""
    written = progress.snapshot_targets()
    if reschedule:
        schedule_next(snapshot_targets_daily)
    return written


@task()
def remind_expiring_agreements(reschedule: bool = False, days: int = services.REMINDER_DAYS) -> int:
    """Remind the parties of agreements ending within ``days`` days (once per end date)."""
    reminded = services.remind_expiring(days=days)
    if reschedule:
        schedule_next(remind_expiring_agreements)
    return reminded
