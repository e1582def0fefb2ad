"""Demo data of the commitment system: the checklist the bureau offers, the default
routing rules (seed: city key projects commit to the city department, the others to their
district's department), and a few commitments so the demo shows resumed sites, one
verified on site and one revoked for a false commitment.

Everything goes through the services, and is looked up before it is created (idempotent).
The checklist's wording follows the notices Chinese housing bureaus issued in February
2020; its details are not from the seed report.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fugong.construction.choices import ItemKind, RouteTarget
from fugong.construction.models import ChecklistTemplate, Commitment, Concern, Project, RoutingRule

FAMILY = "epidemic"
TITLE = "建设工地疫情防控复工承诺事项清单"
STATEMENT = "本单位承诺以上内容真实有效，如有虚假，愿承担相应责任并接受信用惩戒。"

# (code, condition, kind, limit, unit, hint)
ITEMS = [
    ("closed-site", "施工现场实行封闭管理、围挡完整", ItemKind.YES_NO, None, "", ""),
    ("gate-duty", "出入口24小时值守并测温登记", ItemKind.YES_NO, None, "", "体温≥37.3℃者不得进场"),
    ("isolation-room", "设置临时隔离观察室", ItemKind.YES_NO, None, "", ""),
    ("mask-days", "口罩储备天数", ItemKind.NUMBER_MIN, "7", "天", "按在岗人数计算"),
    ("disinfectant-days", "消毒液储备天数", ItemKind.NUMBER_MIN, "7", "天", ""),
    ("dormitory", "宿舍每间居住人数", ItemKind.NUMBER_MAX, "6", "人", "按人数最多的一间填写"),
    ("canteen", "食堂分餐错峰就餐", ItemKind.YES_NO, None, "", ""),
    ("health-records", "建立工人健康档案（一人一档）", ItemKind.YES_NO, None, "", ""),
    (
        "returnees",
        "外地返岗人员按规定居家观察14天后上岗",
        ItemKind.YES_NO,
        None,
        "",
        "",
    ),
    (
        "disinfection-plan",
        "每日消杀计划",
        ItemKind.TEXT,
        None,
        "",
        "写明消杀区域、频次和责任人",
    ),
    ("emergency-plan", "疫情应急预案", ItemKind.ATTACHMENT, None, "", "PDF、JPG或PNG，不超过10MB"),
    ("epidemic-officer", "疫情防控专员姓名", ItemKind.TEXT, None, "", ""),
]

CITY_RULE = "市重点项目报市住建局建设管理科"
DISTRICT_RULE = "其他项目报属地区住建部门"
CITY_DEPARTMENT = "建设管理科"

# An invented site manager of 怀川建设 (the contractor of 解放路15号 and 和祥小区), so that
# the demo has commitments sent to 解放区's department, whose officer is a demo account.
# Not a demo login: no password.
HUAICHUAN_USER = {
    "username": "huaichuan",
    "full_name": "张卫民",
    "phone": "13939100303",
    "id_body": "41080219850612055",  # invented, as the platform demo's people
    "organisation": "焦作怀川建设工程有限公司",
}

DISINFECTION_PLAN = (
    "每日7:00、12:00、18:00对宿舍、食堂、卫生间、办公区消杀三次，由安全员负责并登记。"
)


def template_items() -> list[dict]:
    return [
        {
            "code": code,
            "text": text,
            "kind": kind,
            "threshold": Decimal(limit) if limit else None,
            "unit": unit,
            "required": True,
            "help_text": hint,
        }
        for code, text, kind, limit, unit, hint in ITEMS
    ]


def ensure_default_template(actor=None) -> tuple[ChecklistTemplate, bool]:
    """The checklist v1, offered for new commitments (created once)."""
    from fugong.construction.services.checklists import checklist_activate, checklist_create

    template = ChecklistTemplate.objects.filter(family=FAMILY, version_number=1).first()
    created = template is None
    if created:
        template = checklist_create(
            actor=actor,
            family=FAMILY,
            data={"title": TITLE, "statement": STATEMENT},
            items=template_items(),
        )
    if not ChecklistTemplate.objects.filter(family=FAMILY, is_active=True).exists():
        template = checklist_activate(actor=actor, template=template)
    return template, created


def ensure_default_rules(city_department, actor=None) -> list[tuple[RoutingRule, bool]]:
    from fugong.construction.services.checklists import routing_rule_create

    specs = [
        {
            "priority": 10,
            "name": CITY_RULE,
            "match_city_key": True,
            "target": RouteTarget.CITY_DEPARTMENT,
            "department": city_department,
        },
        {"priority": 100, "name": DISTRICT_RULE, "target": RouteTarget.DISTRICT_DEPARTMENT},
    ]
    result = []
    for spec in specs:
        rule = RoutingRule.objects.filter(name=spec["name"]).first()
        created = rule is None
        if created:
            rule = routing_rule_create(actor=actor, **spec)
        result.append((rule, created))
    return result


def demo_attachment(name: str = "疫情应急预案.pdf") -> SimpleUploadedFile:
    """A one-page PDF standing in for an uploaded emergency plan."""
    from fpdf import FPDF

    from fugong.construction.pdf import FONT_FAMILY, add_font

    pdf = FPDF()
    add_font(pdf)
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, size=16)
    pdf.cell(text="疫情应急预案（演示）")
    buffer = io.BytesIO(bytes(pdf.output()))
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def demo_answers(template: ChecklistTemplate, **overrides) -> dict:
    values = {
        "closed-site": True,
        "gate-duty": True,
        "isolation-room": True,
        "mask-days": "10",
        "disinfectant-days": "14",
        "dormitory": "6",
        "canteen": True,
        "health-records": True,
        "returnees": True,
        "disinfection-plan": DISINFECTION_PLAN,
        "emergency-plan": None,
        "epidemic-officer": "李建军",
    }
    values.update(overrides)
    answers = {}
    for item in template.items.all():
        value = values.get(item.code)
        if item.kind == ItemKind.ATTACHMENT and value is None:
            value = demo_attachment()
        answers[item.pk] = value
    return answers


def _epidemic_officer(project_name: str) -> str | None:
    """The project's epidemic officer in the registry's demo, when there is one."""
    try:
        from fugong.construction.demo_projects import EPIDEMIC_OFFICERS
    except ImportError:
        return None
    return EPIDEMIC_OFFICERS.get(project_name, (None,))[0]


def _site_manager(loader):
    from fugong.accounts.models import Role, RoleGrant, User
    from fugong.accounts.services import grant_role, user_create
    from fugong.common.demo.ids import identity_number
    from fugong.organisations.models import Organisation

    spec = HUAICHUAN_USER
    organisation = Organisation.objects.filter(name=spec["organisation"]).first()
    if organisation is None:
        return None
    user = User.objects.filter(username=spec["username"]).first()
    loader.tally("users", user is None)
    if user is None:
        user = user_create(
            actor=None,
            username=spec["username"],
            password=None,
            full_name=spec["full_name"],
            phone=spec["phone"],
            id_number=identity_number(spec["id_body"]),
            organisation=organisation,
        )
    role = Role.objects.get(code="enterprise_user")
    granted = RoleGrant.objects.filter(
        user=user, role=role, organisation=organisation, revoked_at__isnull=True
    ).exists()
    if not granted:
        grant_role(actor=None, user=user, role=role, organisation=organisation)
    loader.tally("role grants", not granted)
    return user


# (project, filer, responsible person, phone, what the authority did: "", "verify", "revoke")
# City key projects go to the bureau's 建设管理科, the others to their district's department
# (解放路15号 and 和祥小区 to 解放区's, whose officer revokes the false one).
DEMO_FILINGS = [
    ("东海大道", "enterprise", "吴闯", "13939100301", ""),
    ("中原路", "xulaibin", "周海军", "13939100312", "verify"),
    ("群英河桥", "xulaibin", "孙立国", "13939100316", ""),
    ("解放路15号", "huaichuan", "赵明辉", "13939100315", ""),
    ("和祥小区", "huaichuan", "崔建华", "13939100320", "revoke"),
]
REVOKE_REASON = "现场核查发现工人宿舍每间居住10人，与承诺“每间不超过6人”不符，属虚假承诺。"
CONCERN = "和祥小区工地东门晚上无人值守，工人进出没有测温。"


def load_commitments_demo(loader) -> None:
    from fugong.accounts.models import User
    from fugong.construction.services.commitments import (
        commitment_file,
        commitment_revoke,
        commitment_verify,
    )
    from fugong.construction.services.concerns import concern_report
    from fugong.organisations.models import Organisation

    template, created = ensure_default_template()
    loader.tally("checklist templates", created)
    city_department = Organisation.objects.filter(
        name=CITY_DEPARTMENT, parent__kind="bureau"
    ).first()
    if city_department is None:
        return
    for _rule, created in ensure_default_rules(city_department):
        loader.tally("routing rules", created)
    _site_manager(loader)
    template = ChecklistTemplate.objects.get(family=FAMILY, is_active=True)
    officials = {
        "verify": User.objects.filter(username="admin").first(),
        "revoke": User.objects.filter(username="district").first(),
    }
    for name, username, person, phone, outcome in DEMO_FILINGS:
        project = Project.objects.filter(name=name).first()
        filer = User.objects.filter(username=username).first()
        if project is None or filer is None:
            continue
        exists = Commitment.objects.filter(project=project).exists()
        loader.tally("commitments", not exists)
        if exists:
            continue
        overrides = {"epidemic-officer": _epidemic_officer(name) or person}
        commitment = commitment_file(
            actor=filer,
            project=project,
            template=template,
            answers=demo_answers(template, **overrides),
            responsible_person=person,
            responsible_phone=phone,
            signed_name=person,
            signed_on=timezone.localdate(),
            statement_accepted=True,
        )
        official = officials.get(outcome)
        if outcome == "verify" and official is not None:
            commitment_verify(actor=official, commitment=commitment, note="现场核查与承诺一致。")
        elif outcome == "revoke" and official is not None:
            commitment_revoke(actor=official, commitment=commitment, reason=REVOKE_REASON)
            if not Concern.objects.filter(project=project).exists():
                concern_report(project=project, text=CONCERN)
                loader.tally("public concerns", True)
