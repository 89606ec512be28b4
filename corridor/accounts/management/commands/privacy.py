"""``corridor privacy purge``: apply the retention rules now (or ``--enqueue`` them)."""

from django.core.management.base import BaseCommand

from corridor.accounts import privacy


class Command(BaseCommand):
    help = (
        "Privacy chores. 'purge': anonymise rejected/withdrawn applications older than "
        "REJECTED_APPLICATION_RETENTION_DAYS and delete import files older than "
        "IMPORT_FILE_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("chore", choices=["purge"])
        parser.add_argument(
            "--enqueue", action="store_true", help="run it in the background task worker"
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            from corridor.accounts.tasks import purge_expired_personal_data

            result = purge_expired_personal_data.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        report = privacy.purge()
        applications = report["applications_anonymised"]
        if applications is None:
            self.stdout.write("Applications: the pipeline app has no applications; skipped.")
        else:
            self.stdout.write(f"Applications anonymised: {applications}")
        self.stdout.write(f"Import files deleted: {report['import_files_deleted']}")
