from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.taxonomy.loaders import EscoFormatError, import_esco, load_curated


class Command(BaseCommand):
    help = "Load the curated taxonomy, or import an official ESCO CSV release."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "load-curated", help="Load the English/Chinese taxonomy shipped with Corridor."
        )
        esco = sub.add_parser(
            "import-esco",
            help="Import an ESCO CSV release downloaded from the ESCO portal (English).",
        )
        esco.add_argument("classification", type=Path, help="esco-...-classification-en-csv.zip")
        esco.add_argument("relations", type=Path, nargs="?", help="esco-...-relations-csv.zip")

    def handle(self, *args, action, **options):
        progress = lambda message: self.stdout.write(f"… {message}")  # noqa: E731
        if action == "load-curated":
            counts = load_curated(progress=progress)
        else:
            for path in (options["classification"], options.get("relations")):
                if path is not None and not path.is_file():
                    raise CommandError(f"{path}: no such file")
            try:
                counts = import_esco(options["classification"], options.get("relations"), progress)
            except EscoFormatError as exc:
                raise CommandError(str(exc)) from exc
        for line in counts.lines():
            self.stdout.write(line)
