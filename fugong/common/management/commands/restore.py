from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fugong.common.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's content with a backup written by `fugong backup`."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--database", default="default")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, database="default", yes=False, **options):
        if (
            not yes
            and input(f"Replace the '{database}' database with {path}? [y/N] ").lower() != "y"
        ):
            raise CommandError("Cancelled.")
        try:
            restore(Path(path), database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored from {path}.")
