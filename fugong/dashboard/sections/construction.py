"""The work resumption panels (复工复产): resumption, workers on site, output value —
construction's figures (`construction.selectors.figures`) labelled, tabled, linked to the
lists behind them and charted."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fugong.construction.choices import ProjectKind, ProjectStatus
from fugong.construction.selectors.figures import TREND_DAYS, Cell, resumption_figures
from fugong.dashboard.panels import Chart, Figure, Panel, Point, Series, Table, link


def _dashboard(view, **params) -> str:
    return link("dashboard:home", date=view.date.isoformat(), **params)


def resumption_panels(view) -> list[Panel]:
    """Three panels: resumption, workers, output — empty list without the permission."""
    f = resumption_figures(view.user, date=view.date, area=view.area)
    if f is None:
        return []
    total, areas, by_area = f.total, f.areas, f.by_area
    area_order, kind_order = f.area_order, f.kind_order
    panels = [
        _resumption(view, total, f.by_status, areas, area_order, by_area, f.by_kind, kind_order)
    ]
    if f.reports:
        panels[0].tables = [
            _table("by_district", _("By district"), _("District"),
                   [(areas[pk][0], by_area[pk]) for pk in area_order], total),
            _table("by_kind", _("By kind"), _("Kind"),
                   [(str(ProjectKind(k).label), f.by_kind[k]) for k in kind_order], total),
        ]  # fmt: skip
        panels[0].figures.append(
            Figure(
                "missing",
                _("Reports missing"),
                f.missing_total,
                link(
                    "construction:report_missing",
                    date=view.date.isoformat(),
                    region=view.area.pk if view.area and view.area.level == "district" else "",
                ),
                tone="warn" if f.missing_total else "",
            )
        )
        panels.append(_workers(view, total, f.trend, areas, area_order, by_area))
        panels.append(_output(view, total, areas, area_order, by_area))
    return panels


COLUMNS = (
    ("projects", gettext_lazy("projects"), ""),
    ("resumed", gettext_lazy("resumed"), ""),
    ("rate", gettext_lazy("resumption rate"), "percent"),
    ("reported", gettext_lazy("reported"), ""),
    ("people", gettext_lazy("workers and managers on site"), ""),
    ("returned", gettext_lazy("returned today"), ""),
    ("outside", gettext_lazy("from outside the province"), ""),
    ("observation", gettext_lazy("under medical observation"), ""),
    ("fevers", gettext_lazy("fevers"), ""),
    ("output_today", gettext_lazy("output today (10,000 yuan)"), "money"),
    ("output_cumulative", gettext_lazy("cumulative output (10,000 yuan)"), "money"),
    ("target", gettext_lazy("target (10,000 yuan)"), "money"),
    ("share", gettext_lazy("of target"), "percent"),
)


def _values(c: Cell) -> list:
    values = {
        "rate": c.rate,
        "share": c.share,
        **{
            n: round(float(getattr(c, n) or 0), 2)
            for n in ("output_today", "output_cumulative", "target")
        },
    }
    return [values[n] if n in values else getattr(c, n) for n, _t, _f in COLUMNS]


def _table(key, title, first, rows, total) -> Table:
    return Table(
        key,
        title,
        headers=[first, *(str(t) for _n, t, _f in COLUMNS)],
        rows=[[label, *_values(c)] for label, c in rows] + [[_("Total"), *_values(total)]],
        formats=[f for _n, _t, f in COLUMNS],
        has_total=True,
    )


def _resumption(view, total, by_status, areas, area_order, by_area, by_kind, kind_order):
    date = view.date.isoformat()
    region = view.area.pk if view.area and view.area.level == "district" else ""
    plist = "construction:project_list"
    panel = Panel("resumption", _("Work resumption"))
    panel.figures = [
        Figure("projects", _("Projects"), total.projects, link(plist, region=region)),
        Figure(
            "resumed",
            _("Resumed"),
            total.resumed,
            link(plist, status=ProjectStatus.RESUMED, region=region),
        ),
        Figure("rate", _("Resumption rate"), total.rate, link(plist, region=region), unit="%"),
        Figure(
            "suspended",
            _("Stopped"),
            total.suspended,
            link(plist, status=ProjectStatus.SUSPENDED, region=region),
            tone="warn" if total.suspended else "",
        ),
    ]
    panel.headline = _(
        "%(resumed)s of %(active)s projects have resumed work (%(rate)s%%), %(reported)s "
        "sites reported on %(date)s."
    ) % {
        "resumed": total.resumed,
        "active": total.active,
        "rate": total.rate if total.rate is not None else 0,
        "reported": total.reported,
        "date": date,
    }
    panel.charts.append(
        Chart(
            "status",
            _("Projects by status"),
            "pie",
            [
                Series(
                    _("Projects"),
                    [
                        Point(
                            str(label), by_status[value], link(plist, status=value, region=region)
                        )
                        for value, label in ProjectStatus.choices
                        if by_status.get(value)
                    ],
                )
            ],
        )
    )
    panel.charts.append(
        Chart(
            "rate_by_area",
            _("Resumption rate by district"),
            "bar",
            [
                Series(
                    _("Resumption rate"),
                    [
                        Point(areas[pk][0], by_area[pk].rate, _dashboard(view, area=pk))
                        for pk in area_order
                    ],
                )
            ],
            unit="%",
            percent=True,
        )
    )
    panel.charts.append(
        Chart(
            "rate_by_kind",
            _("Resumption rate by kind"),
            "bar",
            [
                Series(
                    _("Resumption rate"),
                    [
                        Point(
                            str(ProjectKind(k).label),
                            by_kind[k].rate,
                            link(plist, kind=k, status=ProjectStatus.RESUMED, region=region),
                        )
                        for k in kind_order
                    ],
                )
            ],
            unit="%",
            percent=True,
        )
    )
    return panel


def _workers(view, total, trend, areas, area_order, by_area):
    date = view.date.isoformat()
    reports = "construction:report_list"
    region = view.area.pk if view.area and view.area.level == "district" else ""
    panel = Panel("workers", _("Workers on site"))
    day = link(reports, date_from=date, date_to=date, region=region)  # the day's reports
    panel.figures = [
        Figure(
            "reported",
            _("Sites reported"),
            total.reported,
            day,
        ),
        Figure(
            "people",
            _("Workers and managers on site"),
            total.people,
            day,
        ),
        Figure(
            "returned",
            _("Returned today"),
            total.returned,
            day,
        ),
        Figure(
            "outside",
            _("From outside the province"),
            total.outside,
            day,
        ),
        Figure(
            "observation",
            _("Under medical observation"),
            total.observation,
            day,
            tone="warn" if total.observation else "",
        ),
        Figure(
            "fevers",
            _("Fevers"),
            total.fevers,
            link(reports, date_from=date, date_to=date, region=region, fevers="true"),
            tone="danger" if total.fevers else "",
        ),
    ]
    if not total.reported:
        panel.note = _("No daily reports for %(date)s.") % {"date": date}
    panel.headline = _(
        "%(people)s workers and managers on %(reported)s sites, %(returned)s returned today."
    ) % {"people": total.people, "reported": total.reported, "returned": total.returned}

    def day_link(day):
        return link(reports, date_from=day.isoformat(), date_to=day.isoformat(), region=region)

    series = {
        "people": Series(_("On site")),
        "returned": Series(_("Returned")),
        "reported": Series(_("Sites reported")),
    }
    for row in trend:
        for key, s in series.items():
            s.points.append(
                Point(row["date"].strftime("%m-%d"), row[key] or 0, day_link(row["date"]))
            )
    panel.charts.append(
        Chart(
            "workers_trend",
            _("Workers on site and returned, last %(days)s days") % {"days": TREND_DAYS},
            "line",
            [series["people"], series["returned"]],
        )
    )
    panel.charts.append(
        Chart(
            "reported_trend",
            _("Sites reporting, last %(days)s days") % {"days": TREND_DAYS},
            "line",
            [series["reported"]],
        )
    )
    panel.charts.append(
        Chart(
            "workers_by_area",
            _("Workers on site by district"),
            "bar",
            [
                Series(
                    _("On site"),
                    [
                        Point(areas[pk][0], by_area[pk].people, _dashboard(view, area=pk))
                        for pk in area_order
                    ],
                )
            ],
        )
    )
    return panel


def _output(view, total, areas, area_order, by_area):
    share = total.share
    region = view.area.pk if view.area and view.area.level == "district" else ""
    plist = "construction:project_list"
    panel = Panel("output", _("Output value"))
    panel.figures = [
        Figure(
            "output_today",
            _("Output today"),
            float(Decimal(total.output_today or 0)),
            link(plist, region=region),
            unit=_("10,000 yuan"),
        ),
        Figure(
            "output_cumulative",
            _("Cumulative output"),
            float(Decimal(total.output_cumulative or 0)),
            link(plist, region=region),
            unit=_("10,000 yuan"),
        ),
        Figure(
            "target",
            _("Target"),
            float(Decimal(total.target or 0)),
            link(plist, region=region),
            unit=_("10,000 yuan"),
        ),
        Figure("share", _("Of target"), share, link(plist, region=region), unit="%"),
    ]
    panel.charts.append(
        Chart(
            "output_by_area",
            _("Output against targets by district (10,000 yuan)"),
            "bar",
            [
                Series(
                    _("Cumulative output"),
                    [
                        Point(
                            areas[pk][0],
                            round(float(by_area[pk].output_cumulative or 0), 2),
                            _dashboard(view, area=pk),
                        )
                        for pk in area_order
                    ],
                ),
                Series(
                    _("Target"),
                    [
                        Point(
                            areas[pk][0],
                            round(float(by_area[pk].target or 0), 2),
                            _dashboard(view, area=pk),
                        )
                        for pk in area_order
                    ],
                ),
            ],
        )
    )
    return panel
