"""`fugong purge_passages [--days N] [--enqueue]`: anonymise expired passages (and the
other apps' registered personal records), outside open contact-tracing cases."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Anonymise passages and health checks older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="retention in days")
        parser.add_argument(
            "--enqueue", action="store_true", help="leave it to the background worker"
        )

    def handle(self, *args, days=None, enqueue=False, **options):
        if enqueue:
            from fugong.gates.tasks import purge_expired_personal_data

            result = purge_expired_personal_data.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        from fugong.gates.services.retention import purge_expired

        run = purge_expired(days=days)
        self.stdout.write(f"cutoff {run.cutoff:%Y-%m-%d %H:%M}: {run.counts}")
