"""``corridor worker``: the background-task worker with a lease.

``db_worker`` of django-tasks-db, plus a heartbeat in the shared cache and the task
reaper (see ``corridor.core.reaper``) run at start and every ``--reap-every`` seconds, so
a task whose worker was killed is picked up again. Same options as ``db_worker``.
"""

from django_tasks_db.management.commands import db_worker

from corridor.core.reaper import Lease, beat, new_worker_id


class Command(db_worker.Command):
    help = "Run the background-task worker with a heartbeat and the task reaper."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)
        parser.add_argument(
            "--reap-every",
            type=float,
            default=60.0,
            help="Seconds between two runs of the task reaper (default 60).",
        )

    def handle(self, *args, reap_every, worker_id=None, **options):
        worker_id = worker_id or new_worker_id()
        beat(worker_id)
        lease = Lease(worker_id, reap_every=reap_every)
        lease.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            lease.stopped.set()
