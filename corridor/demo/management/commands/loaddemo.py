from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from corridor.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Fill the database with the real organisations and people of the seed reports and one "
        "demo login per role. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo logins even with CORRIDOR_ENV=production (never on a real site).",
        )

    def handle(self, *args, allow_production=False, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError(
                "Refusing to load demo logins (known password) in production. "
                "Pass --allow-production for a throw-away staging site."
            )
        tally, logins = load_demo()
        if tally.changed_anything:
            for kind, n in sorted(tally.created.items()):
                self.stdout.write(f"created {n} {kind}")
            for kind, n in sorted(tally.updated.items()):
                self.stdout.write(f"updated {n} {kind}")
        else:
            self.stdout.write("demo data already up to date: nothing changed")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {DEMO_PASSWORD}):"))
        for email, role in logins:
            self.stdout.write(f"  {role:<24} {email}")
