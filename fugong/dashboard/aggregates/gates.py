"""Gate figures (门岗/卡点、出入登记): gates in use, passages of the day, fevers and
quarantine alerts at the gates. Counted here over gates' public querysets (`visible_to`),
narrowed to the area, through the passages' time index: one range of the day, however
many millions of passages are kept. The counts belong in `gates/selectors.py` (see the
report of issue 7). Two queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.dashboard.panels import Figure, Panel, link


def day_bounds(date: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def gates_panel(view) -> Panel | None:
    from fugong.gates.models import Checkpoint, Passage

    user = view.user
    if not user.has_perm("gates.view_checkpoint"):
        return None
    gates = (
        view.within(Checkpoint.objects.visible_to(user), "compound").filter(is_active=True).count()
    )
    counts = {"passages": None, "fevers": None, "alerts": None}
    if user.has_perm("gates.view_passage"):
        start, end = day_bounds(view.date)
        counts = (
            view.within(Passage.objects.visible_to(user), "checkpoint__compound")
            .filter(at__gte=start, at__lt=end)
            .aggregate(
                passages=Count("id"),
                fevers=Count("id", filter=Q(fever=True)),
                alerts=Count("id", filter=Q(quarantine_alert=True)),
            )
        )
    day = view.date.isoformat()
    panel = Panel("gates", _("Gates"))
    panel.figures = [
        Figure("gates", _("Gates in use"), gates, link("gates:checkpoint_list")),
        Figure("passages", _("Passages today"), counts["passages"],
               link("gates:passage_list", date=day)),
        Figure("fevers", _("Fevers at the gates"), counts["fevers"],
               link("gates:passage_list", date=day, alert="true"), tone="danger" if counts["fevers"] else ""),
        Figure("alerts", _("Left under quarantine"), counts["alerts"],
               link("gates:passage_list", date=day, alert="true"), tone="danger" if counts["alerts"] else ""),
    ]  # fmt: skip
    if counts["passages"] is not None:
        panel.headline = _(
            "%(passages)s passages through %(gates)s gates today, %(fevers)s with a fever."
        ) % {"passages": counts["passages"], "gates": gates, "fevers": counts["fevers"]}
    return panel
