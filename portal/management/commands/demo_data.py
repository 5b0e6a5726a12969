import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data of every app (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            logins = self._load()
        # Printed after the commit, so the mails the demo data causes (console backend) come first and
        # the logins stay the last thing on the screen.
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo logins:"))
        for email, password, role in logins:
            self.stdout.write(f"  {email:<40} {password:<22} {role}")
        self.stdout.write("Portal: http://localhost:8000/   Admin: http://localhost:8000/admin/")
        # Browsers make passkeys only for a host name, not for 127.0.0.1.
        self.stdout.write("Passkeys work under http://localhost:8000/ (not 127.0.0.1).")
        self.stdout.write("Mails (activation links) appear in this console.")

    def _load(self) -> list[tuple[str, str, str]]:
        logins = []
        # Each app that has demo data keeps it in `<app>/demo.py` with a `load()` function;
        # accounts first, because the others refer to its users.
        for app_config in sorted(apps.get_app_configs(), key=lambda c: c.name != "accounts"):
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            logins.extend(module.load() or [])
        return logins
