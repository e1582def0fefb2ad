"""Demo data of coordination, after the seed: the chairs "到现场协调解决人员、防疫物资、车辆
通行、商砼等原材料一些具体问题" at 解放路15号. The routing table, a 商砼 (ready-mixed
concrete) supply ticket from 中建三局 on 东海大道, workers' and supplies' tickets from
怀川建设 on 解放路15号 (one solved and rated), and a few vehicle passes.

Everything goes through the services and is looked up first (idempotent). The ticket
texts, plates and drivers are INVENTED; the project and company names are the seed's.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from fugong.coordination.choices import DeadlineUnit, RouteTarget, TicketCategory, TicketStatus
from fugong.coordination.models import Ticket, TicketRoute, VehiclePass

# category: (target, city department name or None, deadline, unit)
ROUTES = {
    TicketCategory.WORKERS: (RouteTarget.DISTRICT_DEPARTMENT, None, 2, DeadlineUnit.DAYS),
    TicketCategory.EPIDEMIC_SUPPLIES: (
        RouteTarget.CITY_DEPARTMENT,
        "疫情防控专项工作领导小组",
        24,
        DeadlineUnit.HOURS,
    ),
    TicketCategory.VEHICLE_PASS: (RouteTarget.DISTRICT_DEPARTMENT, None, 24, DeadlineUnit.HOURS),
    TicketCategory.MATERIALS: (RouteTarget.CITY_DEPARTMENT, "建设管理科", 48, DeadlineUnit.HOURS),
    TicketCategory.FUNDING: (RouteTarget.CITY_DEPARTMENT, "建设管理科", 5, DeadlineUnit.DAYS),
    TicketCategory.APPROVALS: (RouteTarget.DISTRICT_DEPARTMENT, None, 3, DeadlineUnit.DAYS),
    TicketCategory.OTHER: (RouteTarget.DISTRICT_DEPARTMENT, None, 3, DeadlineUnit.DAYS),
}

# (username, project, category, title, description, end state)
TICKETS = [
    (
        "enterprise",
        "东海大道",
        TicketCategory.MATERIALS,
        "商砼供应不足，搅拌站尚未复产",
        "东海大道二标段每日需商砼约300立方米，合作搅拌站因运输车辆和人员未到位只能供应三分之一，请协调周边搅拌站复产供应。",
        TicketStatus.OPEN,
    ),
    (
        "huaichuan",
        "解放路15号",
        TicketCategory.WORKERS,
        "28名返岗工人需办理进场手续",
        "外地返岗工人28名已居家观察满14天，需社区出具证明后进场，请协调民生街道办理。",
        TicketStatus.CONFIRMED,
    ),
    (
        "huaichuan",
        "解放路15号",
        TicketCategory.EPIDEMIC_SUPPLIES,
        "口罩和消毒液储备不足7天",
        "现有口罩约800只、消毒液200升，按在岗人数仅够5天，请协调采购渠道。",
        TicketStatus.IN_PROGRESS,
    ),
]

# (username, project, plate, driver, phone, route, purpose, days valid, end state)
PASSES = [
    (
        "enterprise",
        "东海大道",
        "豫H52871",
        "王立新",
        "13939100401",
        "焦作恒达商砼站—丰收路—东海大道工地",
        "运输商品混凝土",
        30,
        "approved",
    ),
    (
        "enterprise",
        "东海大道",
        "豫HD30217",
        "赵海涛",
        "13939100402",
        "中站区钢材市场—人民路—东海大道工地",
        "运输钢筋",
        14,
        "pending",
    ),
    (
        "huaichuan",
        "解放路15号",
        "豫H71536",
        "刘永刚",
        "13939100403",
        "解放区建材市场—解放路—解放路15号工地",
        "运输砌块和防疫物资",
        30,
        "approved",
    ),
    (
        "huaichuan",
        "解放路15号",
        "豫H2837挂",
        "孙红军",
        "13939100404",
        "焦作港—焦作大道—解放路15号工地",
        "运输塔吊标准节",
        7,
        "revoked",
    ),
]


def load_coordination_demo(loader) -> None:
    from fugong.accounts.models import User
    from fugong.construction.models import Project
    from fugong.organisations.models import Organisation

    _routes(loader, Organisation)
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["enterprise", "huaichuan", "district", "admin"])
    }
    projects = {p.name: p for p in Project.objects.filter(name__in=["东海大道", "解放路15号"])}
    for spec in TICKETS:
        _ticket(loader, users, projects, *spec)
    for spec in PASSES:
        _pass(loader, users, projects, *spec)


def _routes(loader, Organisation) -> None:
    from fugong.coordination.services.routes import route_create

    for category, (target, department_name, value, unit) in ROUTES.items():
        exists = TicketRoute.objects.filter(category=category).exists()
        loader.tally("ticket routes", not exists)
        if exists:
            continue
        department = (
            Organisation.objects.filter(name=department_name).first() if department_name else None
        )
        if department_name and department is None:
            target = RouteTarget.DISTRICT_DEPARTMENT
        route_create(
            actor=None,
            data={
                "category": category,
                "target": target,
                "department": department,
                "deadline_value": value,
                "deadline_unit": unit,
            },
        )


def _ticket(loader, users, projects, username, project_name, category, title, description, state):
    from fugong.coordination.services import tickets as services

    raiser, project = users.get(username), projects.get(project_name)
    if raiser is None or project is None:
        return
    exists = Ticket.objects.filter(project=project, title=title).exists()
    loader.tally("coordination tickets", not exists)
    if exists:
        return
    ticket = services.ticket_raise(
        actor=raiser, project=project, category=category, title=title, description=description
    )
    if state == TicketStatus.OPEN:
        return
    officer = next(
        (
            u
            for u in ticket.department.members.filter(is_active=True).order_by("id")
            if services.may_handle(u)
        ),
        None,
    )
    if officer is not None:
        ticket = services.ticket_assign(actor=None, ticket=ticket, assignee=officer)
    ticket = (
        services.ticket_start(actor=officer, ticket=ticket)
        if officer
        else services.ticket_start(actor=None, ticket=ticket)
    )
    if state == TicketStatus.IN_PROGRESS:
        return
    ticket = services.ticket_resolve(
        actor=None,
        ticket=ticket,
        resolution="已协调民生街道为28名工人出具居家观察期满证明，工人已于次日全部进场。",
    )
    services.ticket_confirm(
        actor=raiser, ticket=ticket, rating=5, comment="协调及时，一天就办好了。"
    )


def _pass(
    loader,
    users,
    projects,
    username,
    project_name,
    plate,
    driver,
    phone,
    route,
    purpose,
    days,
    state,
):
    from fugong.coordination.services import passes as services

    applicant, project = users.get(username), projects.get(project_name)
    if applicant is None or project is None:
        return
    exists = VehiclePass.objects.filter(project=project, plate_number=plate).exists()
    loader.tally("vehicle passes", not exists)
    if exists:
        return
    today = timezone.localdate()
    vehicle_pass = services.pass_apply(
        actor=applicant,
        project=project,
        plate_number=plate,
        driver_name=driver,
        driver_phone=phone,
        route=route,
        purpose=purpose,
        valid_from=today,
        valid_until=today + datetime.timedelta(days=days - 1),
    )
    if state == "pending":
        return
    vehicle_pass = services.pass_approve(actor=None, vehicle_pass=vehicle_pass)
    if state == "revoked":
        services.pass_revoke(
            actor=None, vehicle_pass=vehicle_pass, reason="塔吊进场方案调整，该车辆本周不再通行。"
        )
