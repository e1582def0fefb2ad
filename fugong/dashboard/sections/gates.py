"""The gates panel (门岗/卡点、出入登记): the gates' figures (`gates.selectors.figures`)
labelled and linked to the lists behind them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fugong.dashboard.panels import Figure, Panel, link


def gates_panel(view) -> Panel | None:
    from fugong.gates.selectors.figures import gate_figures

    counts = gate_figures(view.user, date=view.date, area=view.area)
    if counts is None:
        return None
    gates = counts["gates"]
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
