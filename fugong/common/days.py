"""Local days as ranges of time."""

from __future__ import annotations

import datetime

from django.utils import timezone


def day_bounds(date: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of `date` in the installation's time zone and that of the next
    day: `at__gte=start, at__lt=end` selects the local day through an index on `at` (a
    `__date` lookup casts every row instead, on SQLite in a Python function)."""
    start = timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))
    return start, timezone.make_aware(
        datetime.datetime.combine(date + datetime.timedelta(days=1), datetime.time.min)
    )
