"""Demo data of supervision: a checklist per field, the inspector registry drawn from the
demo's station staff, and three inspections: a passed safety check of 中原路, a quality
inspection of 东海大道 with a rectification notice to 中建三局, and a dust-control spot
check of 和祥小区 (already suspended for its false commitment) with a stop-work order.

Through the services, looked up before created (idempotent). The checklists' wording
follows common Chinese site-inspection practice; the findings and certificate numbers
are invented."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fugong.supervision.choices import InspectionField, InspectionKind
from fugong.supervision.models import Inspection, InspectionChecklist, Inspector

# field → (title, [(code, what is checked, how)])
CHECKLISTS = {
    InspectionField.QUALITY: (
        "工程质量监督检查表",
        [
            ("materials", "进场材料见证取样送检", "查送检台账与检测报告"),
            ("rebar", "钢筋规格、间距与保护层符合设计", "抽测三处"),
            ("concrete", "商品混凝土进场验收与试块留置", "查小票与试块记录"),
            ("records", "隐蔽工程验收记录完整", ""),
        ],
    ),
    InspectionField.SAFETY: (
        "施工安全监督检查表",
        [
            ("scaffold", "脚手架搭设验收挂牌", ""),
            ("crane", "塔吊附着装置与限位有效", "查维保记录"),
            ("edges", "临边洞口防护到位", ""),
            ("electric", "临时用电一机一闸一漏保", ""),
        ],
    ),
    InspectionField.DUST: (
        "扬尘污染防治检查表",
        [
            ("fence", "施工现场连续硬质围挡", ""),
            ("cover", "裸土、物料堆放全部覆盖", ""),
            ("wash", "出入口车辆冲洗设施运行", ""),
            ("spray", "喷淋降尘设施运行", ""),
        ],
    ),
    InspectionField.EPIDEMIC: (
        "工地疫情防控检查表",
        [
            ("closed", "封闭管理，出入口测温登记", ""),
            ("isolation", "设置临时隔离观察室", ""),
            ("supplies", "防疫物资储备不少于7天", ""),
            ("dormitory", "宿舍每间不超过6人", ""),
            ("disinfection", "每日消杀并有记录", ""),
        ],
    ),
}

# (username, field, station name, invented certificate number)
INSPECTORS = [
    ("quality", InspectionField.QUALITY, "质量监督站", "豫焦质监2020001"),
    ("zhangjianguo", InspectionField.QUALITY, "质量监督站", "豫焦质监2020002"),
    ("yanghaitao", InspectionField.QUALITY, "质量监督站", "豫焦质监2020003"),
    ("lihongmei", InspectionField.SAFETY, "安全监督站", "豫焦安监2020001"),
    ("heqingkun", InspectionField.SAFETY, "安全监督站", "豫焦安监2020002"),
    ("sunguoqing", InspectionField.SAFETY, "安全监督站", "豫焦安监2020003"),
    ("wangzhiqiang", InspectionField.DUST, "扬尘治理办公室", "豫焦尘防2020001"),
    ("huangweidong", InspectionField.DUST, "扬尘治理办公室", "豫焦尘防2020002"),
    ("wuxiulan", InspectionField.EPIDEMIC, "疫情防控专项工作领导小组", "豫焦防疫2020001"),
    ("guoaihua", InspectionField.EPIDEMIC, "疫情防控专项工作领导小组", "豫焦防疫2020002"),
]

# An 8×8 JPEG standing in for a site photo.
DEMO_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a1816"
    "16183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c6567"
    "63ffdb0043011112121815182f1a1a2f63423842636363636363636363636363636363636363636363636363"
    "6363636363636363636363636363636363636363636363636363ffc000110800080008030122000211010311"
    "01ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303"
    "020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f024"
    "33627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63646566"
    "6768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7"
    "b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc400"
    "1f0100030101010101010101010000000000000102030405060708090a0bffc400b511000201020404030407"
    "05040400010277000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a"
    "162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a63646566676869"
    "6a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9"
    "bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c030100"
    "02110311003f00a34514579e7d11ffd9"
)


def ensure_checklists(actor=None) -> list[tuple[InspectionChecklist, bool]]:
    """The offered checklist of every field (created and offered when missing)."""
    from fugong.supervision.services.checklists import checklist_activate, checklist_create

    result = []
    for field, (title, items) in CHECKLISTS.items():
        current = InspectionChecklist.objects.filter(field=field, is_active=True).first()
        if current is not None:
            result.append((current, False))
            continue
        checklist = checklist_create(
            actor=actor,
            field=field,
            title=title,
            items=[{"code": c, "text": t, "guidance": g} for c, t, g in items],
        )
        result.append((checklist_activate(actor=actor, checklist=checklist), True))
    return result


def _inspectors(loader) -> dict[str, Inspector]:
    from fugong.accounts.models import User
    from fugong.organisations.models import Organisation
    from fugong.supervision.services.registry import inspector_create

    found = {}
    for username, field, station, certificate in INSPECTORS:
        user = User.objects.filter(username=username).first()
        organisation = Organisation.objects.filter(name=station, parent__kind="bureau").first()
        if user is None or organisation is None:
            continue
        inspector = Inspector.objects.filter(user=user, field=field, archived_at__isnull=True)
        inspector = inspector.first()
        loader.tally("inspectors", inspector is None)
        if inspector is None:
            inspector = inspector_create(
                actor=None,
                user=user,
                organisation=organisation,
                field=field,
                certificate_number=certificate,
            )
        found[username] = inspector
    return found


def _photo(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_JPEG, content_type="image/jpeg")


# (project, kind, field, inspectors, findings: [(severity, what, actions, days, stop work)])
DEMO_INSPECTIONS = [
    ("中原路", InspectionKind.PLANNED, InspectionField.SAFETY, ["lihongmei", "heqingkun"], []),
    (
        "东海大道",
        InspectionKind.PLANNED,
        InspectionField.QUALITY,
        ["quality", "zhangjianguo"],
        [
            (
                "general",
                "K3+200段钢筋保护层厚度抽测不足设计值",
                "返工调整垫块，报监理复验并提交复验记录",
                7,
                False,
            )
        ],
    ),
    (
        "和祥小区",
        InspectionKind.LEADER_SPOT_CHECK,
        InspectionField.DUST,
        ["wangzhiqiang", "huangweidong"],
        [
            (
                "major",
                "裸土大面积未覆盖，出入口冲洗设施停用，车辆带泥上路",
                "全部裸土覆盖，恢复冲洗设施并清扫周边道路",
                5,
                True,
            )
        ],
    ),
]


def load_supervision_demo(loader) -> None:
    from fugong.accounts.models import User
    from fugong.construction.models import Project
    from fugong.supervision.services.inspections import (
        finding_add,
        inspection_complete,
        inspection_create,
        inspection_record_answers,
    )

    for _checklist, created in ensure_checklists():
        loader.tally("inspection checklists", created)
    inspectors = _inspectors(loader)
    leader = User.objects.filter(username="leader").first()
    for name, kind, field, names, findings in DEMO_INSPECTIONS:
        project = Project.objects.filter(name=name).first()
        chosen = [inspectors[n] for n in names if n in inspectors]
        if project is None or len(chosen) < len(names):
            continue
        exists = Inspection.objects.filter(project=project, field=field, kind=kind).exists()
        loader.tally("inspections", not exists)
        if exists:
            continue
        # A leader orders the spot check; the stations record their own.
        orderer = leader if kind == InspectionKind.LEADER_SPOT_CHECK else None
        inspection = inspection_create(
            actor=orderer,
            project=project,
            kind=kind,
            field=field,
            inspectors=chosen,
            planned_on=timezone.localdate() - datetime.timedelta(days=1),
        )
        failed = {f[0] for f in findings}
        items = list(inspection.checklist.items.all())
        answers = {item.pk: "pass" for item in items}
        if failed:
            answers[items[1].pk] = "fail"
        inspection_record_answers(actor=None, inspection=inspection, answers=answers)
        for severity, what, actions, days, stop in findings:
            finding_add(
                actor=None,
                inspection=inspection,
                severity=severity,
                description=what,
                required_actions=actions,
                deadline=timezone.localdate() + datetime.timedelta(days=days),
                item=items[1],
                photos=[_photo("现场照片.jpg")],
                stop_work=stop,
            )
        inspection_complete(actor=None, inspection=inspection)
        loader.tally("findings", bool(findings))
