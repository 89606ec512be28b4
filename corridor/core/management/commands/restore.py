"""``corridor restore FILE``: replace the database (and uploaded files) with a backup."""

from django.core.management.base import BaseCommand, CommandError

from corridor.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with the backup in FILE (made by `corridor backup`) and "
        "the uploaded files with FILE.media.tar.gz. Everything written since is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--no-media", action="store_true", help="Leave uploaded files alone.")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="Do not ask for confirmation.",
        )  # fmt: skip

    def handle(self, *args, file, no_media, database, interactive, **options):
        if interactive:
            answer = input(
                f"This replaces every row of the '{database}' database"
                + ("" if no_media else " and every uploaded file")
                + f" with the backup {file}. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            result = restore(file, alias=database, media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from None
        line = f"{result['database']} database restored from {result['file']}"
        if "media_files" in result:
            line += f"; {result['media_files']} uploaded files restored"
        self.stdout.write(line)
