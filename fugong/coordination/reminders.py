"""Reminders registered with messaging: an overdue ticket tells its department (and the
assignee) once per deadline; a pass ending tomorrow tells the applying enterprise."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def overdue_tickets(now):
    from fugong.coordination.models import Ticket
    from fugong.coordination.services.base import members
    from fugong.messaging.reminders import Reminding

    late = Ticket.objects.overdue(now).select_related("department", "assignee", "project")
    for ticket in late.iterator():
        yield Reminding(
            recipients=[*members(ticket.department), ticket.assignee],
            kind="ticket_overdue",
            title=_("Overdue: %(title)s") % {"title": ticket.title},
            body=_("%(project)s · due %(due)s")
            % {
                "project": ticket.project.name,
                "due": timezone.localtime(ticket.due_at).strftime("%Y-%m-%d %H:%M"),
            },
            link=ticket.get_absolute_url(),
            key=f"ticket-overdue:{ticket.pk}:{ticket.due_at.isoformat()}",
            group="overdue",
        )


def passes_ending(now):
    from fugong.coordination.choices import PassStatus
    from fugong.coordination.models import VehiclePass
    from fugong.coordination.services.base import members
    from fugong.messaging.reminders import Reminding

    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    ending = VehiclePass.objects.filter(
        status=PassStatus.APPROVED, valid_until=tomorrow
    ).select_related("enterprise", "applied_by", "project")
    for vehicle_pass in ending.iterator():
        yield Reminding(
            recipients=[vehicle_pass.applied_by, *members(vehicle_pass.enterprise)],
            kind="vehiclepass_ending",
            title=_("Vehicle pass %(plate)s ends tomorrow") % {"plate": vehicle_pass.plate_display},
            body=_("Apply for a new one in time if the vehicle still needs it."),
            link=vehicle_pass.get_absolute_url(),
            key=f"vehiclepass-ending:{vehicle_pass.pk}:{tomorrow.isoformat()}",
            group="passes",
        )


def register() -> None:
    from fugong.messaging.reminders import daily_at, every, register_reminder

    register_reminder(
        "coordination.ticket_overdue",
        collect=overdue_tickets,
        schedule=every(minutes=30),
        label=gettext_lazy("Coordination ticket overdue"),
    )
    register_reminder(
        "coordination.vehiclepass_ending",
        collect=passes_ending,
        schedule=daily_at(datetime.time(9, 0)),
        label=gettext_lazy("Vehicle pass ends tomorrow"),
    )
