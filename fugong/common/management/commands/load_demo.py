from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fugong.common.demo.loader import load_demo
from fugong.common.demo.report import report_lines


class Command(BaseCommand):
    help = (
        "Load the Jiaozuo demo data (regions, organisations, people, projects) and the demo "
        "accounts. Idempotent: what exists already is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even when DEBUG is off (demo servers only: the password is public)",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: the demo accounts have a published password. "
                "Use --force only on a demo server."
            )
        result = load_demo()
        for line in report_lines(result):
            self.stdout.write(line)
