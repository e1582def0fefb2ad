"""Demo notices from the seed report: on the first day of the Lunar New Year the bureau
issued an urgent notice on epidemic control, then an implementation plan and management
rules, and pushed information to residents through building groups."""

from __future__ import annotations


def load_notices_demo(loader) -> None:
    from fugong.accounts.models import User
    from fugong.messaging.choices import NoticeKind, NoticeStatus
    from fugong.messaging.models import Channel, Notice
    from fugong.messaging.services.notices import notice_create, notice_publish
    from fugong.regions.models import Region

    city = Region.objects.filter(parent__isnull=True).order_by("path").first()
    if city is None:
        return
    admin = User.objects.filter(username="admin").first()
    for kind, title, body, public in DEMO_NOTICES:
        if Notice.objects.filter(title=title).exists():
            loader.tally("notices", False)
            continue
        notice = notice_create(
            actor=None,
            kind=kind,
            title=title,
            body=body,
            region=city,
            organisation=admin.organisation if admin else None,
            is_public=public,
        )
        Notice.objects.filter(pk=notice.pk).update(author=admin)
        notice_publish(actor=None, notice_id=notice.pk)
        loader.tally("notices", True)
    assert Notice.objects.filter(status=NoticeStatus.PUBLISHED, kind=NoticeKind.URGENT).exists()
    _demo_channel(loader, Channel)


def _demo_channel(loader, Channel) -> None:
    """The building group of 郝庄新村 (SMS to its building leader: the demo sends nothing)."""
    from fugong.messaging.services.channels import channel_create
    from fugong.regions.models import Region

    community = (
        Region.objects.filter(name__contains="郝杰").first()
        or Region.objects.filter(level="community").first()
    )
    if community is None or Channel.objects.filter(name="郝庄新村楼栋群（短信）").exists():
        loader.tally("channels", False)
        return
    channel_create(
        actor=None,
        name="郝庄新村楼栋群（短信）",
        kind="sms",
        address="13800000001",
        owner=community,
    )
    loader.tally("channels", True)


DEMO_NOTICES = [
    (
        "urgent",
        "关于全力做好新型冠状病毒感染的肺炎疫情防控工作的紧急通知",
        "<p>各科室、各站、各区住建局：</p>"
        "<p>为坚决遏制疫情扩散，现就有关事项紧急通知如下：</p>"
        "<ol><li>即日起成立疫情防控专项工作领导小组，实行每日报告制度；</li>"
        "<li>党员领导干部率先垂范，佩戴党徽，按社区安排下沉一线；</li>"
        "<li>各在建工地一律暂停施工，复工须按承诺制办理；</li>"
        "<li>利用楼栋微信群加强与群众联系，实时宣传防控信息和政策。</li></ol>"
        "<p>请各单位收到后立即确认。</p>",
        False,
    ),
    (
        "plan",
        "焦作市住建局疫情防控和复工复产工作实施方案",
        "<h3>一、工作目标</h3><p>一手抓疫情防控，一手抓复工复产。</p>"
        "<h3>二、主要措施</h3><ul><li>39名党员干部下沉12个街道23个社区；</li>"
        "<li>以承诺制取代开复工审批，工地每日上报；</li>"
        "<li>质监站、安监站、扬尘办事中事后监管。</li></ul>",
        False,
    ),
    (
        "rule",
        "下沉干部社区值守管理制度",
        "<p>下沉干部须按排班到岗值守，做好卡点登记、体温检测、居民摸排和代购代办，"
        "每日在平台签到并填写值守记录。</p>",
        False,
    ),
    (
        "publicity",
        "致全市居民的一封信：科学防控，从我做起",
        "<p>居民朋友们：请减少外出、佩戴口罩、勤洗手、常通风；"
        "出入小区请配合卡点登记和体温检测。</p>",
        True,
    ),
]
