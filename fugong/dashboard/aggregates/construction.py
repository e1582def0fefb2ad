"""Work resumption figures (复工复产): projects by status, resumption rate by area and by
kind, sites reporting per day, workers on site and returned, output value against
targets, reports missing.

Aggregates written here over construction's public querysets (`visible_to`) because
construction's selectors offer the per-city summary (`construction.summary`) but not one
narrowed to an area nor a trend; they belong in `construction/selectors` (see the report
of issue 7). Six queries, whatever the number of projects and reports: the projects, their
reports up to the day grouped per project (the order of the (project, date) index, no
sort), the trend grouped per day, the targets, the missing reports grouped per area.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fugong.construction.choices import ProjectKind, ProjectStatus
from fugong.construction.models import DailyReport, Project, ProjectTarget
from fugong.construction.selectors.reports import missing_reports
from fugong.dashboard.panels import Chart, Figure, Panel, Point, Series, Table, link

TREND_DAYS = 30
VIEW_PROJECT = "construction.view_project"
VIEW_REPORTS = "construction.view_dailyreport"


class _Cell:
    __slots__ = (
        "projects",
        "resumed",
        "completed",
        "suspended",
        "reported",
        "people",
        "returned",
        "outside",
        "observation",
        "fevers",
        "output_today",
        "output_cumulative",
        "target",
    )

    def __init__(self):
        for name in self.__slots__:
            setattr(self, name, 0)

    @property
    def active(self) -> int:
        return self.projects - self.completed

    @property
    def rate(self) -> float | None:
        return round(100 * self.resumed / self.active, 1) if self.active else None


def _dashboard(view, **params) -> str:
    return link("dashboard:home", date=view.date.isoformat(), **params)


def resumption_panels(view) -> list[Panel]:
    """Three panels: resumption, workers, output — empty list without the permission."""
    user = view.user
    if not user.has_perm(VIEW_PROJECT):
        return []
    projects = view.within(Project.objects.visible_to(user, "view"), "region")
    projects = projects.filter(archived_at__isnull=True).order_by()
    date = view.date
    by_status: dict[str, int] = defaultdict(int)
    areas: dict[int, tuple[str, str]] = {}
    by_area: dict[int, _Cell] = defaultdict(_Cell)
    by_kind: dict[str, _Cell] = defaultdict(_Cell)
    total = _Cell()
    cells_of: dict[int, tuple[_Cell, _Cell]] = {}
    for pk, region_id, name, path, kind, status in projects.values_list(
        "pk", "region_id", "region__name", "region__path", "kind", "status"
    ):
        areas[region_id] = (name, path)
        by_status[status] += 1
        pair = (by_area[region_id], by_kind[kind])
        cells_of[pk] = pair
        for c in (*pair, total):
            c.projects += 1
            c.resumed += status == ProjectStatus.RESUMED
            c.completed += status == ProjectStatus.COMPLETED
            c.suspended += status == ProjectStatus.SUSPENDED

    can_reports = user.has_perm(VIEW_REPORTS)
    trend: list[dict] = []
    if can_reports and cells_of:
        reports = DailyReport.objects.filter(
            project__in=projects.values("pk"), archived_at__isnull=True
        )
        today = Q(date=date)
        for row in (
            reports.filter(date__lte=date)
            .values("project_id")
            .annotate(
                reported=Count("id", filter=today),
                people=Sum(F("workers_on_site") + F("managers_on_site"), filter=today),
                returned=Sum("returned_today", filter=today),
                outside=Sum("from_outside_province", filter=today),
                observation=Sum("under_observation", filter=today),
                fevers=Sum("fevers", filter=today),
                output_today=Sum("output_value", filter=today),
                output_cumulative=Sum("output_value"),
            )
            .order_by()
        ):
            for c in (*cells_of[row["project_id"]], total):
                c.reported += row["reported"]
                c.people += row["people"] or 0
                c.returned += row["returned"] or 0
                c.outside += row["outside"] or 0
                c.observation += row["observation"] or 0
                c.fevers += row["fevers"] or 0
                c.output_today += row["output_today"] or 0
                c.output_cumulative += row["output_cumulative"] or 0
        start = date - datetime.timedelta(days=TREND_DAYS - 1)
        trend = list(
            reports.filter(date__gte=start, date__lte=date)
            .values("date")
            .annotate(
                reported=Count("id"),
                people=Sum(F("workers_on_site") + F("managers_on_site")),
                returned=Sum("returned_today"),
                fevers=Sum("fevers"),
            )
            .order_by("date")
        )
        nearest_due = (
            ProjectTarget.objects.filter(
                project=OuterRef("project"), archived_at__isnull=True, due_date__gte=date
            )
            .order_by("due_date")
            .values("due_date")[:1]
        )
        for project_id, value in ProjectTarget.objects.filter(
            project__in=projects.values("pk"),
            archived_at__isnull=True,
            due_date__gte=date,
            due_date=Subquery(nearest_due),
        ).values_list("project_id", "value"):
            for c in (*cells_of[project_id], total):
                c.target += value or 0

    area_order = sorted(areas, key=lambda pk: areas[pk][1])
    kind_order = [k for k in ProjectKind.values if k in by_kind]
    panels = [_resumption(view, total, by_status, areas, area_order, by_area, by_kind, kind_order)]
    if can_reports:
        panels[0].tables = [
            _table("by_district", _("By district"), _("District"),
                   [(areas[pk][0], by_area[pk]) for pk in area_order], total),
            _table("by_kind", _("By kind"), _("Kind"),
                   [(str(ProjectKind(k).label), by_kind[k]) for k in kind_order], total),
        ]  # fmt: skip
    if can_reports:
        missing = _missing(view, areas)
        panels[0].figures.append(
            Figure(
                "missing",
                _("Reports missing"),
                sum(missing.values()),
                link(
                    "construction:report_missing",
                    date=date.isoformat(),
                    region=view.area.pk if view.area and view.area.level == "district" else "",
                ),
                tone="warn" if sum(missing.values()) else "",
            )
        )
        panels.append(_workers(view, total, trend, areas, area_order, by_area))
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


def _values(c: _Cell) -> list:
    share = round(float(100 * c.output_cumulative / c.target), 1) if c.target else None
    values = {
        "rate": c.rate,
        "share": share,
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
    panel.figures = [
        Figure(
            "reported",
            _("Sites reported"),
            total.reported,
            link(reports, date_from=date, date_to=date, region=region),
        ),
        Figure(
            "people",
            _("Workers and managers on site"),
            total.people,
            link(reports, date_from=date, date_to=date, region=region),
        ),
        Figure(
            "returned",
            _("Returned today"),
            total.returned,
            link(reports, date_from=date, date_to=date, region=region),
        ),
        Figure(
            "outside",
            _("From outside the province"),
            total.outside,
            link(reports, date_from=date, date_to=date, region=region),
        ),
        Figure(
            "observation",
            _("Under medical observation"),
            total.observation,
            link(reports, date_from=date, date_to=date, region=region),
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
    share = round(float(100 * total.output_cumulative / total.target), 1) if total.target else None
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


def _missing(view, areas) -> dict[int, int]:
    qs = view.within(missing_reports(view.user, view.date), "region")
    return dict(
        qs.order_by().values("region_id").annotate(n=Count("id")).values_list("region_id", "n")
    )
