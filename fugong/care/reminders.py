"""Reminder rules of community care, registered with messaging's registry."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def overdue_health_checks(now):
    """Each overdue quarantine, to the cadres deployed to its community, once per due day."""
    from fugong.care.selectors import check_due_date, overdue_checks_for_system
    from fugong.community.selectors import community_cadres_for_system
    from fugong.messaging.reminders import Reminding

    due = check_due_date(now)
    cadres = {}
    for quarantine in overdue_checks_for_system(now):
        community = quarantine.community
        if community.pk not in cadres:
            cadres[community.pk] = list(community_cadres_for_system(community, due))
        yield Reminding(
            recipients=cadres[community.pk],
            title=gettext("Health check overdue: %(name)s") % {"name": quarantine.resident.name},
            body=gettext("No health check recorded for %(day)s.") % {"day": due.isoformat()},
            link=quarantine.get_absolute_url(),
            key=f"care-check-overdue:{quarantine.pk}:{due.isoformat()}",
            kind="care_check_overdue",
            group="overdue",
        )


def register_reminders() -> None:
    from django.apps import apps

    if not apps.is_installed("fugong.messaging"):
        return
    from fugong.messaging.reminders import every, register_reminder

    register_reminder(
        "care.health_check_overdue",
        collect=overdue_health_checks,
        schedule=every(minutes=60),
        label=_("Quarantine health check overdue"),
    )
