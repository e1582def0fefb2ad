"""The community care panel (居家隔离、代购代办、消杀、防疫物资): care's figures
(`care.selectors.figures`) labelled, linked to the lists behind them and charted."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fugong.dashboard.panels import Chart, Figure, Panel, Point, Series, link


def care_panel(view) -> Panel | None:
    from fugong.care.selectors.figures import care_figures

    s = care_figures(view.user, date=view.date, area=view.area)
    if s is None:
        return None
    fevers, coverage = s["fevers"], s["coverage"]
    panel = Panel("care", _("Community care"))
    panel.figures = [
        Figure("in_quarantine", _("People in quarantine"), s["in_quarantine"],
               link("care:quarantine_list", status="active")),
        Figure("fevers", _("Fevers today"), fevers, link("care:quarantine_list", status="active"),
               tone="danger" if fevers else ""),
        Figure("overdue_checks", _("Health checks overdue"), s["overdue_checks"],
               link("care:quarantine_list", overdue="true"),
               tone="warn" if s["overdue_checks"] else ""),
        Figure("errands_open", _("Errands open"), s["errands_open"],
               link("care:errand_list", status="requested")),
        Figure("errands_done", _("Errands done"), s["errands_done"],
               link("care:errand_list", status="delivered")),
        Figure("disinfection", _("Disinfection coverage"), coverage,
               link("care:disinfection_coverage"), unit="%",
               tone="warn" if s["buildings_flagged"] else ""),
        Figure("low_supplies", _("Supplies running low"), s["low_supplies"],
               link("care:supply_list", low="true"), tone="warn" if s["low_supplies"] else ""),
    ]  # fmt: skip
    panel.headline = _(
        "%(quarantine)s people in quarantine (%(fevers)s fevers today, %(overdue)s checks "
        "overdue); %(open)s errands open; %(covered)s of %(buildings)s buildings disinfected."
    ) % {
        "quarantine": s["in_quarantine"],
        "fevers": fevers,
        "overdue": s["overdue_checks"],
        "open": s["errands_open"],
        "covered": s["buildings_disinfected"],
        "buildings": s["buildings"],
    }
    panel.charts.append(
        Chart(
            "errands",
            _("Errands"),
            "pie",
            [
                Series(
                    _("Errands"),
                    [
                        Point(
                            _("Open"),
                            s["errands_open"],
                            link("care:errand_list", status="requested"),
                        ),
                        Point(
                            _("Done"),
                            s["errands_done"],
                            link("care:errand_list", status="delivered"),
                        ),
                    ],
                )
            ],
        )
    )
    return panel
