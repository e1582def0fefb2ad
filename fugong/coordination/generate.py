"""Bench-scale coordination tickets (协调事项) over the history (the days of daily
reports): raised by the sites' enterprises, routed to a bureau department, due in one to
three days; the older ones mostly resolved and confirmed, the recent ones open or in
progress, some past their deadline (city scale, 120 days: ~3,800 tickets).

`bulk_create` with the timestamps kept (`ctx.bulk_dated`): raised weeks ago, resolved
hours later. No timeline or change-log rows, as for every generated row.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from fugong.construction.choices import ProjectStatus
from fugong.coordination.choices import TicketCategory, TicketStatus
from fugong.coordination.models import Ticket

DAYS = {"tiny": 14, "city": 90, "province": 14}
PER_SITE_PER_DAY = 1 / 60  # a site asks for help about every two months
TITLES = {
    TicketCategory.WORKERS: "返岗工人不足，请协调劳务",
    TicketCategory.EPIDEMIC_SUPPLIES: "口罩、消毒液缺口",
    TicketCategory.VEHICLE_PASS: "材料运输车辆通行证",
    TicketCategory.MATERIALS: "商砼供应不足",
    TicketCategory.FUNDING: "工程款拨付",
    TicketCategory.APPROVALS: "施工许可办理",
    TicketCategory.OTHER: "其他需协调事项",
}


def generate_tickets(ctx) -> dict[str, int]:
    rng = random.Random(ctx.rng.getrandbits(64))
    sites = [
        p for p in ctx.projects if p.status in (ProjectStatus.RESUMED, ProjectStatus.SUSPENDED)
    ]
    if not sites:
        return {}
    now = timezone.now()
    today = timezone.localdate()
    days = ctx.history_days(DAYS.get(ctx.scale.name, 14))
    by_organisation: dict[int, object] = {}
    for user in ctx.users.get("enterprise_user", []):
        by_organisation.setdefault(user.organisation_id, user)
    fallback = (ctx.users.get("bureau_admin") or [None])[0]
    handlers = {u.organisation_id: u for u in ctx.users.get("district_officer", [])}
    city_of = {d.pk: d.parent_id for d in ctx.regions.get("district", [])}
    categories = list(TicketCategory)
    tickets = []
    per_day = max(1, round(len(sites) * PER_SITE_PER_DAY))
    for back in range(days - 1, -1, -1):
        day = today - datetime.timedelta(days=back)
        for _n in range(rng.randint(per_day // 2, per_day * 3 // 2 + 1)):
            project = rng.choice(sites)
            enterprise_id = rng.choice((project.builder_id, project.contractor_id))
            raised_by = by_organisation.get(enterprise_id, fallback)
            departments = ctx.departments.get(city_of.get(project.region_id), [])
            department = ctx.district_departments.get(project.region_id)
            if departments and rng.random() < 0.5:
                department = rng.choice(departments)
            created = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(rng.randint(7, 20), rng.randrange(60)))
            )
            if created > now:
                created = now - datetime.timedelta(minutes=rng.randint(1, 120))
            due = created + datetime.timedelta(hours=rng.choice((24, 48, 72)))
            age_hours = (now - created).total_seconds() / 3600
            category = rng.choice(categories)
            ticket = Ticket(
                project=project,
                enterprise_id=enterprise_id,
                category=category,
                title=TITLES[category],
                raised_by=raised_by,
                department=department,
                due_at=due,
                created_at=created,
                updated_at=created,
            )
            resolve_hours = rng.uniform(2, 96)
            if age_hours > resolve_hours and rng.random() < 0.95:
                resolved = created + datetime.timedelta(hours=resolve_hours)
                ticket.resolved_at = resolved
                ticket.resolved_by = handlers.get(department.pk, fallback)
                ticket.resolution = "已协调解决"
                ticket.updated_at = resolved
                if age_hours > resolve_hours + 24 and rng.random() < 0.8:
                    ticket.status = TicketStatus.CONFIRMED
                    ticket.confirmed_at = resolved + datetime.timedelta(hours=rng.uniform(1, 24))
                    ticket.rating = rng.choice((3, 4, 5, 5, 5))
                    ticket.updated_at = ticket.confirmed_at
                else:
                    ticket.status = TicketStatus.RESOLVED
            else:
                ticket.status = rng.choice((TicketStatus.OPEN, TicketStatus.IN_PROGRESS))
                if ticket.status == TicketStatus.IN_PROGRESS:
                    ticket.assignee = handlers.get(department.pk, fallback)
            tickets.append(ticket)
    ctx.bulk_dated(Ticket, tickets)
    return {"ticket": len(tickets)}
