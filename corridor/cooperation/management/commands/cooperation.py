from django.core.management.base import BaseCommand

from corridor.cooperation import progress, services, tasks


class Command(BaseCommand):
    help = "Alliance targets and agreements: daily snapshots of target progress, expiry reminders."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        snap = sub.add_parser(
            "snapshot-targets", help="Write today's value of every target (safe to re-run)."
        )
        remind = sub.add_parser(
            "remind-expiring",
            help="Notify the parties' staff of agreements that end soon (once per end date).",
        )
        remind.add_argument(
            "--days",
            type=int,
            default=services.REMINDER_DAYS,
            help="How many days before the end to remind (default %(default)s).",
        )
        for parser_ in (snap, remind):
            parser_.add_argument(
                "--schedule",
                action="store_true",
                help="Instead, queue the daily background task (run by `corridor db_worker`).",
            )

    def handle(self, *args, action, **options):
        if action == "snapshot-targets":
            if options["schedule"]:
                tasks.snapshot_targets_daily.enqueue(reschedule=True)
                self.stdout.write("Queued the daily target snapshot task.")
                return
            written = progress.snapshot_targets()
            self.stdout.write(f"Snapshots written: {written}")
        else:
            if options["schedule"]:
                tasks.remind_expiring_agreements.enqueue(reschedule=True, days=options["days"])
                self.stdout.write("Queued the daily expiry reminder task.")
                return
            reminded = services.remind_expiring(days=options["days"])
            self.stdout.write(f"Agreements reminded about: {reminded}")
