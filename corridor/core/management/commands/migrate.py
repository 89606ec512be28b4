"""``corridor migrate``: Django's migrate, then the database cache table.

The default cache (sign-in rate limits, API throttles) is a table in the database so that
every web process shares it; ``createcachetable`` is idempotent.
"""

from django.core.management import call_command
from django.core.management.commands.migrate import Command as MigrateCommand


class Command(MigrateCommand):
    def handle(self, *args, **options):
        super().handle(*args, **options)
        if not options.get("plan") and not options.get("check_unapplied"):
            call_command("createcachetable", database=options["database"], verbosity=0)
