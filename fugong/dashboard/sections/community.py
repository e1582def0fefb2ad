"""The communities panel (社区防控): community's figures (`community.selectors.figures`)
labelled, linked to the lists behind them, charted, and the headline sentence of the seed
("39 cadres in 23 communities of 12 sub-districts")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fugong.dashboard.panels import Chart, Figure, Panel, Point, Series, link


def community_panel(view) -> Panel | None:
    from fugong.community.selectors.figures import community_figures

    date = view.date
    figures = community_figures(view.user, date=date, area=view.area)
    if figures is None:
        return None
    cover, on_duty, residents = figures["cover"], figures["on_duty"], figures["residents"]
    by_subdistrict = figures["by_subdistrict"]
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
                            row["name"],
                            row["cadres"],
                            link(
                                "dashboard:home",
                                date=date.isoformat(),
                                area=row["id"],
                            ),
                        )  # fmt: skip
                        for row in by_subdistrict
                    ],
                )
            ],
        )
    )
    return panel
