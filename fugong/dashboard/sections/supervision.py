"""The supervision panel (监督检查): supervision's figures
(`supervision.selectors.figures`) labelled, linked to the lists behind them and charted."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fugong.dashboard.panels import Chart, Figure, Panel, Point, Series, link


def supervision_panel(view) -> Panel | None:
    from fugong.supervision.choices import (
        FindingStatus,
        InspectionResult,
        InspectionStatus,
        StopWorkStatus,
    )
    from fugong.supervision.selectors.figures import supervision_figures

    figures = supervision_figures(view.user, date=view.date, area=view.area)
    if figures is None:
        return None
    counts, findings, orders = figures["inspections"], figures["findings"], figures["orders"]
    district = view.area.pk if view.area and view.area.level == "district" else ""
    ilist = "supervision:inspection_list"
    panel = Panel("supervision", _("Inspections"))
    panel.figures = [
        Figure("inspections_today", _("Inspections done today"), counts["today"],
               link(ilist, status=InspectionStatus.COMPLETED, district=district)),
        Figure("inspections_week", _("Inspections in the last 7 days"), counts["week"],
               link(ilist, status=InspectionStatus.COMPLETED, district=district)),
        Figure("findings_open", _("Findings open"), findings["open"],
               link("supervision:finding_list", status=FindingStatus.NOTICE_ISSUED,
                    district=district), tone="warn" if findings["open"] else ""),
        Figure("findings_overdue", _("Findings overdue"), findings["overdue"],
               link("supervision:finding_list", overdue="true", district=district),
               tone="danger" if findings["overdue"] else ""),
        Figure("stop_work", _("Stop-work orders in force"), orders["in_force"],
               link("supervision:stopwork_list", status=StopWorkStatus.IN_FORCE,
                    district=district), tone="danger" if orders["in_force"] else ""),
        Figure("stop_work_issued", _("Stop-work orders issued today"), orders["issued"],
               link("supervision:stopwork_list", district=district)),
    ]  # fmt: skip
    panel.headline = _(
        "%(week)s inspections in the last 7 days, %(open)s findings open (%(overdue)s "
        "overdue), %(orders)s stop-work orders in force."
    ) % {
        "week": counts["week"],
        "open": findings["open"],
        "overdue": findings["overdue"],
        "orders": orders["in_force"],
    }
    panel.charts.append(
        Chart(
            "inspection_results",
            _("Inspection results"),
            "pie",
            [
                Series(
                    _("Inspections"),
                    [
                        Point(
                            str(label),
                            counts[f"result_{value}"],
                            link(ilist, result=value, district=district),
                        )
                        for value, label in InspectionResult.choices
                        if counts[f"result_{value}"]
                    ],
                )
            ],
        )
    )
    return panel
