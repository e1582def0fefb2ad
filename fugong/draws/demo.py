"""Demo data: one published draw of the seed's city (焦作市) — an epidemic-control spot
check of two sites, weighted by risk, drawn by the deputy director (`leader`) and with
its inspections created. Through the services; found by its title before it is made (idempotent)."""

from __future__ import annotations

from fugong.draws.choices import DrawStatus, SelectionMode, Weighting
from fugong.draws.models import Draw
from fugong.supervision.choices import InspectionField

TITLE = "2020年第1期防疫双随机抽查"
CITY_CODE = "410800"


def load_draws_demo(loader) -> None:
    from fugong.accounts.models import User
    from fugong.draws import services
    from fugong.regions.models import Region

    city = Region.objects.filter(code=CITY_CODE).first()
    # The deputy director runs it (supervision records who ordered each inspection).
    leader = User.objects.filter(username="leader", is_active=True).first()
    if city is None or leader is None:
        return
    draw = Draw.objects.filter(title=TITLE, archived_at__isnull=True).first()
    loader.tally("draws", draw is None)
    if draw is None:
        draw = services.draw_prepare(
            actor=leader,
            title=TITLE,
            region=city,
            field=InspectionField.EPIDEMIC,
            mode=SelectionMode.COUNT,
            count=2,
            weighting=Weighting.RISK,
        )
    steps = {
        DrawStatus.PREPARED: services.draw_publish,
        DrawStatus.PUBLISHED: services.draw_run,
        DrawStatus.DRAWN: services.draw_assign,
    }
    while draw.status in steps:
        draw = steps[draw.status](actor=leader, draw=draw)
