"""Community figures (社区防控): cadres deployed and on duty, the communities and
sub-districts they cover, residents surveyed — and the headline sentence of the seed
("39 cadres in 23 communities of 12 sub-districts"). Counted here over community's public
querysets (`visible_to`) narrowed to the area; they belong in `community/selectors.py`
beside `cover_today` (see the report of issue 7). Three queries."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from fugong.dashboard.panels import Chart, Figure, Panel, Point, Series, link


def community_panel(view) -> Panel | None:
    from fugong.community.models import Deployment, DutyLog, Resident
    from fugong.community.selectors import active_on, vulnerable_q

    user, date = view.user, view.date
    if not user.has_perm("community.view_deployment"):
        return None
    deployments = view.within(Deployment.objects.visible_to(user), "community").filter(
        active_on(date)
    )
    cover = deployments.aggregate(
        cadres=Count("cadre", distinct=True),
        communities=Count("community", distinct=True),
        subdistricts=Count("community__parent", distinct=True),
    )
    by_subdistrict = list(
        deployments.order_by()
        .values("community__parent_id", "community__parent__name", "community__parent__path")
        .annotate(cadres=Count("cadre", distinct=True))
        .order_by("community__parent__path")
    )
    on_duty = 0
    if user.has_perm("community.view_dutylog"):
        on_duty = (
            view.within(DutyLog.objects.visible_to(user), "community")
            .filter(date=date, archived_at__isnull=True)
            .aggregate(n=Count("cadre", distinct=True))["n"]
        )
    residents = {"residents": None, "vulnerable": None}
    if user.has_perm("community.view_resident"):
        residents = view.within(Resident.objects.visible_to(user), "household__building").aggregate(
            residents=Count("id"), vulnerable=Count("id", filter=vulnerable_q())
        )
    panel = Panel("community", _("Communities"))
    panel.figures = [
        Figure("cadres", _("Cadres deployed"), cover["cadres"],
               link("community:deployment_list", active="true")),
        Figure("on_duty", _("On duty today"), on_duty,
               link("community:duty_list", date=date.isoformat()),
               tone="warn" if on_duty < cover["cadres"] else ""),
        Figure("communities", _("Communities covered"), cover["communities"],
               link("community:cover_today")),
        Figure("subdistricts", _("Sub-districts"), cover["subdistricts"],
               link("community:cover_today")),
    ]  # fmt: skip
    if residents["residents"] is not None:
        panel.figures += [
            Figure("residents", _("Residents surveyed"), residents["residents"],
                   link("community:resident_list")),
            Figure("vulnerable", _("Vulnerable residents"), residents["vulnerable"],
                   link("community:resident_list", vulnerable="true")),
        ]  # fmt: skip
    panel.headline = _(
        "%(cadres)s cadres in %(communities)s communities of %(subdistricts)s sub-districts; "
        "%(on_duty)s on duty today."
    ) % {**cover, "on_duty": on_duty}
    panel.charts.append(
        Chart(
            "cadres_by_subdistrict",
            _("Cadres by sub-district"),
            "bar",
            [
                Series(
                    _("Cadres deployed"),
                    [
                        Point(
                            row["community__parent__name"],
                            row["cadres"],
                            link(
                                "dashboard:home",
                                date=date.isoformat(),
                                area=row["community__parent_id"],
                            ),
                        )  # fmt: skip
                        for row in by_subdistrict
                    ],
                )
            ],
        )
    )
    return panel
