"""The cumulative output of closed days (累计产值), kept for the command dashboard.

Summing every daily report of every project on each dashboard view grows with the days
(a city: 3,000 projects × 120 days); the days before yesterday are closed (past their
cut-off, changed only under an authority's `ReportUnlock`), so their sum per project is
kept here and only the open days are summed live. `OutputRollup` holds one row per
project, `ReportDayTotal` one per closed day (the city-wide trend), `OutputRollupRun`
says what those rows sum (one row, written with them in one transaction by
`output_rollup_refresh`); the dashboard's figures
(`construction.selectors.figures`) add to it what the rows cannot hold: the reports of
later days, reports written after the refresh, and every report of a project unlocked
since. No write of a daily report touches these tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutputRollup(models.Model):
    """A project's output value summed over its reports of `OutputRollupRun.through` and
    before, with ids up to `OutputRollupRun.last_report` (archived reports left out)."""

    project = models.OneToOneField(
        "construction.Project",
        verbose_name=_("project"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    output = models.DecimalField(
        _("cumulative output (10,000 yuan)"), max_digits=16, decimal_places=2
    )

    class Meta:
        verbose_name = _("cumulative output of closed days")
        verbose_name_plural = _("cumulative output of closed days")
        default_permissions = ()

    def __str__(self):
        return f"{self.project_id}: {self.output}"


class OutputRollupRun(models.Model):
    """What the `OutputRollup` rows sum: at most one row (the latest refresh)."""

    through = models.DateField(_("reports of days up to"))
    last_report = models.BigIntegerField(_("highest report id summed"))
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("cumulative output refresh")
        verbose_name_plural = _("cumulative output refreshes")
        default_permissions = ()

    def __str__(self):
        return f"{self.through} (#{self.last_report}, {self.refreshed_at:%Y-%m-%d %H:%M})"


class ReportDayTotal(models.Model):
    """The city-wide totals of one closed day's reports (the trend of a viewer who sees
    every project): reports of projects and reports not archived, with ids up to
    `OutputRollupRun.last_report`; a day without reports has no row."""

    date = models.DateField(_("date"), primary_key=True)
    reported = models.PositiveIntegerField(_("reported"))
    people = models.BigIntegerField(_("workers and managers on site"))
    returned = models.BigIntegerField(_("returned today"))
    fevers = models.BigIntegerField(_("fevers"))

    class Meta:
        verbose_name = _("day's report totals")
        verbose_name_plural = _("days' report totals")
        default_permissions = ()

    def __str__(self):
        return f"{self.date}: {self.reported}"
