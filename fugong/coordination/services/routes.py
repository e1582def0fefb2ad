"""The routing table of coordination tickets: category → department and deadline."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.common.errors import FugongError
from fugong.common.services import create_object, update_object
from fugong.coordination.choices import DeadlineUnit, RouteTarget
from fugong.coordination.models import TicketRoute
from fugong.organisations.choices import OrganisationKind
from fugong.organisations.models import Organisation
from fugong.regions.choices import RegionLevel

# A category without a route goes to the project's district department, due in 3 days.
DEFAULT_DEADLINE = datetime.timedelta(days=3)
MAX_DEADLINE_HOURS = 90 * 24


def _check(data: dict) -> None:
    errors = {}
    if data.get("target") == RouteTarget.CITY_DEPARTMENT and not data.get("department"):
        errors["department"] = _("Choose the city department that receives this category.")
    value = data.get("deadline_value") or 0
    hours = value * (24 if data.get("deadline_unit") == DeadlineUnit.DAYS else 1)
    if not 1 <= hours <= MAX_DEADLINE_HOURS:
        errors["deadline_value"] = _("The deadline must be between 1 hour and 90 days.")
    if errors:
        raise FugongError(_("The route was not saved."), fields=errors, code="invalid_route")


def route_create(*, actor, data: dict) -> TicketRoute:
    _check(data)
    if TicketRoute.objects.filter(category=data.get("category")).exists():
        raise FugongError(
            _("This category already has a route; edit it instead."),
            fields={"category": _("Already routed.")},
            code="duplicate",
        )
    return create_object(actor=actor, model=TicketRoute, data=data)


def route_update(*, actor, route: TicketRoute, data: dict, expected_version=None) -> TicketRoute:
    merged = {
        f: data.get(f, getattr(route, f))
        for f in ("category", "target", "department", "deadline_value", "deadline_unit")
    }
    _check(merged)
    data = {k: v for k, v in data.items() if k != "category"}  # the category is the key
    return update_object(actor=actor, instance=route, data=data, expected_version=expected_version)


def deadline_of(route: TicketRoute | None) -> datetime.timedelta:
    if route is None:
        return DEFAULT_DEADLINE
    unit = "days" if route.deadline_unit == DeadlineUnit.DAYS else "hours"
    return datetime.timedelta(**{unit: route.deadline_value})


def district_department(project) -> Organisation | None:
    region = project.region
    district = (
        region
        if region.level == RegionLevel.DISTRICT
        else region.ancestors().filter(level=RegionLevel.DISTRICT).first()
    )
    if district is None:
        return None
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.DISTRICT_DEPARTMENT, region=district, archived_at__isnull=True
        )
        .order_by("id")
        .first()
    )


def ticket_destination(
    project, category
) -> tuple[Organisation, TicketRoute | None, datetime.datetime]:
    """The department, the route that chose it (None: the default) and the due time."""
    route = (
        TicketRoute.objects.filter(category=category, is_active=True)
        .select_related("department")
        .first()
    )
    if route is not None and route.target == RouteTarget.CITY_DEPARTMENT:
        department = route.department
    else:
        department = district_department(project)
    if department is None:
        raise FugongError(
            _(
                "No department is registered to receive this problem for %(region)s; "
                "ask the bureau to set up the routing."
            )
            % {"region": project.region},
            code="no_route",
        )
    return department, route, timezone.now() + deadline_of(route)
