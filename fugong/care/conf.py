"""Settings of community care, with the defaults the issue names (each may be set in the
Django settings)."""

import datetime

from django.conf import settings


def quarantine_days() -> int:
    """The default length of a quarantine (14 days)."""
    return int(getattr(settings, "CARE_QUARANTINE_DAYS", 14))


def check_due_time() -> datetime.time:
    """The time of day by which the day's health check is due (local time)."""
    return getattr(settings, "CARE_CHECK_DUE_TIME", datetime.time(12, 0))


def disinfection_days() -> int:
    """A building not disinfected within this many days is flagged."""
    return int(getattr(settings, "CARE_DISINFECTION_DAYS", 3))
