"""``corridor export <kind> <file>``: the export pages' files, from the console."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.accounts.models import User
from corridor.imports import exporters
from corridor.imports.schemas import KIND_ALIASES, SCHEMAS, schema_for


class Command(BaseCommand):
    help = "Export organisations, talent profiles or positions as CSV or XLSX (by file suffix)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted([*SCHEMAS, *KIND_ALIASES]))
        parser.add_argument("file", type=Path, help="ends in .csv or .xlsx")
        parser.add_argument(
            "--as", dest="as_email", metavar="EMAIL", help="export what this user may see"
        )

    def handle(self, *args, **options):
        kind = schema_for(options["kind"]).kind
        path: Path = options["file"]
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in exporters.CONTENT_TYPES:
            raise CommandError("The file name must end in .csv or .xlsx")
        user = None
        if options["as_email"]:
            user = User.objects.filter(email__iexact=options["as_email"]).first()
            if user is None:
                raise CommandError(f"No user with the e-mail {options['as_email']}")
        queryset = exporters.export_queryset(kind, user)
        exporters.audit_export(kind, queryset, user, fmt=fmt, channel="command")
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as handle:
                rows = exporters.write_csv(kind, queryset, handle)
        else:
            rows = exporters.write_xlsx(kind, queryset, str(path))
        self.stdout.write(f"{kind}: {rows} rows written to {path}")
