"""``corridor import <kind> <file>``: the web importer's pipeline, from the console."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from corridor.accounts.models import User
from corridor.directory.models import Organization
from corridor.imports.pipeline import RejectedWriter, import_file
from corridor.imports.schemas import KIND_ALIASES, SCHEMAS, schema_for
from corridor.imports.services import record_command_run


class Command(BaseCommand):
    help = (
        "Import organisations, talent profiles or positions from a CSV or XLSX file. "
        "Exits 1 when rows were rejected, 2 when the file could not be imported at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted([*SCHEMAS, *KIND_ALIASES]))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and compare, store nothing"
        )
        parser.add_argument(
            "--as",
            dest="as_email",
            metavar="EMAIL",
            help="import with this user's rights (default: every right)",
        )
        org = parser.add_mutually_exclusive_group()
        org.add_argument("--institution", metavar="SLUG", help="default institution (profiles)")
        org.add_argument("--enterprise", metavar="SLUG", help="default enterprise (positions)")
        parser.add_argument("--errors-csv", type=Path, metavar="PATH", help="write rejected rows")
        parser.add_argument("--show", type=int, default=20, help="problems to print (default 20)")
        parser.add_argument("--language", default="en", help="language of messages (en, zh-hans)")
        parser.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args, **options):
        kind = schema_for(options["kind"]).kind
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=2)
        user = None
        if options["as_email"]:
            user = User.objects.filter(email__iexact=options["as_email"]).first()
            if user is None:
                raise CommandError(f"No user with the e-mail {options['as_email']}", returncode=2)
        default_org = None
        slug = options["institution"] or options["enterprise"]
        if slug:
            wanted = "profiles" if options["institution"] else "positions"
            if kind != wanted:
                flag = "--institution" if options["institution"] else "--enterprise"
                raise CommandError(f"{flag} applies to {wanted} imports only", returncode=2)
            default_org = Organization.objects.filter(slug=slug).first()
            if default_org is None:
                raise CommandError(f"No organisation has the key {slug}", returncode=2)

        with translation.override(options["language"]):
            sink = None
            if options["errors_csv"]:
                sink = options["errors_csv"].open("w", encoding="utf-8", newline="")
            try:
                with path.open("rb") as handle:
                    report = import_file(
                        kind,
                        handle,
                        user=user,
                        dry_run=options["dry_run"],
                        default_org=default_org,
                        progress=self._progress if options["verbosity"] > 1 else None,
                        rejected=RejectedWriter(sink) if sink else None,
                        batch_size=options["batch_size"],
                    )
            finally:
                if sink:
                    sink.close()
            record_command_run(
                user, kind, path, report, dry_run=options["dry_run"], organization=default_org
            )
        self._print(report, options["show"], options["errors_csv"])
        if report.file_error:
            raise CommandError(report.file_error, returncode=2)
        if report.rejected:
            raise CommandError(f"{report.rejected} row(s) rejected", returncode=1)

    def _progress(self, done, total):
        self.stderr.write(f"  {done} / {total or '?'} rows")

    def _print(self, report, show, errors_csv):
        mode = " (dry run: nothing stored)" if report.dry_run else ""
        self.stdout.write(
            f"{report.kind}: {report.total} rows: {report.created} created, "
            f"{report.updated} updated, {report.unchanged} unchanged, "
            f"{report.rejected} rejected{mode} in {report.seconds:.1f} s"
        )
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        for error in report.errors[:show]:
            where = error["column"] + (f" ({error['letter']})" if error["letter"] else "")
            value = f" [{error['value']}]" if error["value"] else ""
            self.stdout.write(f"row {error['row']}, {where}{value}: {error['message']}")
        hidden = report.error_count - min(show, len(report.errors))
        if hidden > 0:
            where = (
                f" in {errors_csv}" if errors_csv else " (use --errors-csv PATH to get them all)"
            )
            self.stdout.write(f"... and {hidden} more problem(s){where}")
