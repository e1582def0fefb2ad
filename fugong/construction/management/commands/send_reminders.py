"""`fugong send_reminders [--date YYYY-MM-DD] [--now]`: queue the missing-report reminders.

Run it once a day from cron or a systemd timer, at any time before the reminder is due,
e.g. every morning at 06:00:

    0 6 * * *  cd /srv/fugong && .venv/bin/fugong send_reminders

It enqueues the background task `send_missing_report_reminders` to run at the deadline
minus the reminder lead of the reporting settings (default 17:00 − 60 min = 16:00), or at
once if that time has passed, when --now or --date is given, or when the task backend
cannot defer. `fugong worker` runs it. Each person is told once per project and day,
however often the command runs, so running it again (or from two timers) is harmless.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fugong.construction.models import ReportingSettings
from fugong.construction.selectors.reports import local_datetime
from fugong.construction.tasks import send_missing_report_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders to sites that have not sent their daily report (and a count to "
        "each authority). Without --date: today's, to run at the deadline minus the reminder "
        "lead of the reporting settings (from cron or a systemd timer once a day, before "
        "then), e.g. `0 6 * * * fugong send_reminders`. `fugong worker` must be running to "
        "send them. Running it twice sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="the day to remind about (YYYY-MM-DD); implies --now. Default: today"
        )
        parser.add_argument(
            "--now", action="store_true", help="run as soon as the worker picks it up"
        )

    def handle(self, *args, date=None, now=False, **options):
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date {date!r} is not YYYY-MM-DD") from None
            now = True
        else:
            day = timezone.localdate()
        task = send_missing_report_reminders
        when = None
        if not now:
            settings = ReportingSettings.current()
            when = local_datetime(day, settings.deadline) - datetime.timedelta(
                minutes=settings.reminder_lead_minutes
            )
            if when <= timezone.now() or not task.get_backend().supports_defer:
                when = None
        if when is not None:
            task = task.using(run_after=when)
        result = task.enqueue(day.isoformat())
        at = timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else "now"
        self.stdout.write(f"queued reminders for {day.isoformat()} (run at {at}): {result.id}")
