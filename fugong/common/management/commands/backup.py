from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fugong.common.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent copy of the database (SQLite backup API, or pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="target file (default: var/backups/fugong-<time>.<ext>)"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, path=None, database="default", **options):
        if not path:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = settings.VAR_DIR / "backups" / f"fugong-{stamp}.backup"
        try:
            written = backup(Path(path), database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{written} ({written.stat().st_size} bytes)")
