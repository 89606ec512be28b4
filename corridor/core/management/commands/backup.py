"""``corridor backup FILE``: the database to FILE, uploaded files to FILE.media.tar.gz."""

from django.core.management.base import BaseCommand, CommandError

from corridor.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database to FILE (SQLite: online backup; PostgreSQL: pg_dump custom "
        "format) and the uploaded files (MEDIA_ROOT) to FILE.media.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--no-media", action="store_true", help="Skip the uploaded files.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, no_media, database, **options):
        try:
            result = backup(file, alias=database, media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from None
        line = (
            f"{result['database']} database backed up to {result['file']} ({result['bytes']} bytes)"
        )
        if "media_files" in result:
            line += f"; {result['media_files']} uploaded files to {result['file']}.media.tar.gz"
        self.stdout.write(line)
