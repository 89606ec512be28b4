"""``corridor reap-tasks``: re-queue (or fail) background tasks whose worker died."""

from django.conf import settings
from django.core.management.base import BaseCommand

from corridor.core.reaper import reap


class Command(BaseCommand):
    help = (
        "Re-queue background tasks still RUNNING long after they started whose worker is gone "
        "(no heartbeat; on this machine: no such process). A task tried TASKS_MAX_ATTEMPTS "
        "times is marked FAILED instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="SECONDS",
            help=f"Only tasks started this long ago (default TASKS_REAP_AFTER, "
            f"now {settings.TASKS_REAP_AFTER}).",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=None,
            help=f"Fail instead of re-queueing after this many attempts (default "
            f"TASKS_MAX_ATTEMPTS, now {settings.TASKS_MAX_ATTEMPTS}).",
        )
        parser.add_argument("--fail", action="store_true", help="Fail them, never re-queue.")
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")

    def handle(self, *args, older_than, max_attempts, fail, dry_run, **options):
        report = reap(older_than=older_than, max_attempts=max_attempts, fail=fail, dry_run=dry_run)
        for task_id in report.requeued:
            self.stdout.write(f"re-queued {task_id}")
        for task_id in report.failed:
            self.stdout.write(f"failed {task_id}")
        self.stdout.write(("would be: " if dry_run else "") + str(report))
