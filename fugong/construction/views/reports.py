"""Pages of daily reports: today's report (phone first), the list, a report, unlocking,
the missing reports, the daily summary, and the reporting settings."""

from __future__ import annotations

import datetime
import itertools

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from fugong.common.errors import Conflict, FugongError
from fugong.common.excel import rows_to_xlsx
from fugong.common.scoping import user_can
from fugong.common.views import ObjectDetailView, ObjectListView
from fugong.construction.filters.reports import DailyReportFilter, MissingReportFilter
from fugong.construction.forms.reports import (
    DailyReportForm,
    ReportingSettingsForm,
    ReportUnlockForm,
)
from fugong.construction.models import DailyReport, Project, ReportingSettings, ReportUnlock
from fugong.construction.selectors.reports import (
    ADD_REPORTS,
    NUMBER_FIELDS,
    REPORT_FIELDS,
    UNLOCK_REPORTS,
    VIEW_REPORTS,
    local_datetime,
    missing_reports,
    previous_report,
    report_window,
    reporting_projects,
    reports_visible_to,
)
from fugong.construction.services.reports import (
    daily_report_submit,
    report_unlock,
    reporting_settings_update,
)
from fugong.construction.summary import COLUMNS, daily_summary, summary_xlsx
from fugong.construction.tables.reports import DailyReportTable, MissingReportTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PermissionMixin(LoginRequiredMixin):
    """A page that needs one permission (anywhere); what it shows is scoped by the data."""

    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def requested_date(request, name: str = "date") -> datetime.date:
    """?date=YYYY-MM-DD, or today (Asia/Shanghai) when absent or malformed."""
    raw = request.GET.get(name) or request.POST.get(name) or ""
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return timezone.localdate()


def _short(date: datetime.date) -> str:
    return formats.date_format(date, "SHORT_DATE_FORMAT")


# --- the list and one report -------------------------------------------------------------------


class DailyReportListView(ObjectListView):
    model = DailyReport
    table_class = DailyReportTable
    filterset_class = DailyReportFilter
    url_base = "construction:report"

    def get_queryset(self):
        return reports_visible_to(self.request.user, self.action)


class DailyReportDetailView(ObjectDetailView):
    model = DailyReport
    template_name = "construction/report_detail.html"
    url_base = "construction:report"
    detail_fields = (
        "project",
        "date",
        *REPORT_FIELDS,
        "submitted_by",
        "submitted_at",
    )

    def get_queryset(self):
        return reports_visible_to(self.request.user, self.action)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        window = report_window(report.project, report.date)
        user = self.request.user
        ctx.update(
            window=window,
            people_on_site=report.people_on_site,
            edit_url=_form_url(report.project_id, report.date),
            can_unlock=user.has_perm(UNLOCK_REPORTS)
            and Project.objects.visible_to(user, UNLOCK_REPORTS)
            .filter(pk=report.project_id)
            .exists(),
            unlock_url=reverse("construction:report_unlock")
            + f"?project={report.project_id}&date={report.date.isoformat()}",
            unlocks=ReportUnlock.objects.filter(project=report.project, date=report.date)
            .select_related("unlocked_by")
            .order_by("-created_at")[:10],
        )
        return ctx


def _form_url(project_id, date: datetime.date | None = None) -> str:
    url = reverse("construction:report_today") + f"?project={project_id}"
    if date and date != timezone.localdate():
        url += f"&date={date.isoformat()}"
    return url


class DailyReportEditView(PermissionMixin, TemplateView):
    """/reports/<pk>/edit/: the phone form of that report's project and day."""

    permission = ADD_REPORTS

    def get(self, request, *args, **kwargs):
        report = get_object_or_404(reports_visible_to(request.user, "change"), pk=kwargs["pk"])
        return redirect(_form_url(report.project_id, report.date))


# --- today's report (phone first) ----------------------------------------------------------


class DailyReportFormView(PermissionMixin, FormView):
    """Pick the project (one of the user's resumed or suspended sites), then the day's
    numbers: pre-filled from the last report, saved through `daily_report_submit`.
    After the cut-off the page shows the report read-only, unless an authority unlocked it."""

    permission = ADD_REPORTS
    form_class = DailyReportForm
    template_name = "construction/report_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.project = None
        self.report = None
        self.previous = None
        self.window = None
        self.date = requested_date(request)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.has_perm(self.permission):
            return super().dispatch(request, *args, **kwargs)
        self.projects = reporting_projects(request.user)
        raw = request.GET.get("project") or request.POST.get("project")
        if raw:
            try:
                self.project = self.projects.get(pk=int(raw))
            except (Project.DoesNotExist, ValueError):
                # Not theirs, not resumed, or not there: the same answer.
                return self._render_picker(status=404)
        else:
            choices = list(self.projects[:2])
            if len(choices) != 1:
                return self._render_picker()
            self.project = choices[0]
        self.report = DailyReport.objects.filter(project=self.project, date=self.date).first()
        self.previous = previous_report(self.project, self.date)
        self.window = report_window(self.project, self.date)
        return super().dispatch(request, *args, **kwargs)

    def _render_picker(self, status=200):
        today = timezone.localdate()
        projects = list(self.projects)
        reported = set(
            DailyReport.objects.filter(project__in=projects, date=today).values_list(
                "project_id", flat=True
            )
        )
        return self.response_class(
            request=self.request,
            template="construction/report_pick.html",
            context={
                "projects": [(p, p.pk in reported, _form_url(p.pk)) for p in projects],
                "date": today,
                "not_found": status == 404,
            },
            status=status,
        )

    def get_initial(self):
        source = self.report or self.previous
        if source is None:
            return {"version": 0}
        initial = {name: getattr(source, name) for name in REPORT_FIELDS if name != "notes"}
        if self.report is not None:
            initial["notes"] = self.report.notes
        initial["version"] = self.report.version if self.report else 0
        return initial

    def post(self, request, *args, **kwargs):
        if not self.window.is_open:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        version = form.cleaned_data.get("version")
        try:
            report = daily_report_submit(
                actor=self.request.user,
                project=self.project,
                date=self.date,
                data=form.service_data(),
                expected_version=version,
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        except FugongError as exc:
            for name, message in exc.fields.items():
                form.add_error(name if name in form.fields else None, message)
            if not exc.fields:
                form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The report of %(project)s for %(date)s is saved.")
            % {"project": self.project, "date": _short(self.date)},
        )
        if report.copied_from_previous:
            messages.warning(self.request, _copy_warning())
        return HttpResponseRedirect(report.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        settings = ReportingSettings.current()
        form = ctx["form"]
        readonly_rows = []
        if self.report is not None:
            readonly_rows = [
                (DailyReport._meta.get_field(name).verbose_name, getattr(self.report, name))
                for name in REPORT_FIELDS
            ]
        ctx.update(
            project=self.project,
            date=self.date,
            is_today=self.date == timezone.localdate(),
            report=self.report,
            previous=self.previous,
            prefilled=self.report is None and self.previous is not None and not form.is_bound,
            identical=self.report is not None and self.report.copied_from_previous,
            copy_warning=_copy_warning(),
            window=self.window,
            settings=settings,
            deadline_at=local_datetime(self.date, settings.deadline),
            readonly_rows=readonly_rows,
            # For the live warning (report_form.js): the previous report's numbers.
            previous_numbers=(
                {name: str(getattr(self.previous, name)) for name in NUMBER_FIELDS}
                if self.previous is not None
                else {}
            ),
        )
        return ctx


def _copy_warning() -> str:
    return _(
        "Every number is identical to the previous report — please check that this is "
        "today's situation."
    )


# --- unlock --------------------------------------------------------------------------------


class ReportUnlockView(PermissionMixin, FormView):
    """An authority reopens one day's report of a project for some hours."""

    permission = UNLOCK_REPORTS
    form_class = ReportUnlockForm
    template_name = "construction/report_unlock.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["projects"] = Project.objects.visible_to(self.request.user, UNLOCK_REPORTS).filter(
            archived_at__isnull=True
        )
        return kwargs

    def get_initial(self):
        initial = {"hours": 24, "date": requested_date(self.request)}
        if self.request.GET.get("project", "").isdigit():
            initial["project"] = int(self.request.GET["project"])
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            unlock = report_unlock(
                actor=self.request.user,
                project=data["project"],
                date=data["date"],
                reason=data["reason"],
                hours=data["hours"],
            )
        except FugongError as exc:
            for name, message in exc.fields.items():
                form.add_error(name if name in form.fields else None, message)
            if not exc.fields:
                form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The report of %(project)s for %(date)s can be changed until %(until)s.")
            % {
                "project": unlock.project,
                "date": _short(unlock.date),
                "until": timezone.localtime(unlock.until).strftime("%Y-%m-%d %H:%M"),
            },
        )
        report = DailyReport.objects.filter(project=unlock.project, date=unlock.date).first()
        if report is not None:
            return redirect(report)
        return redirect(reverse("construction:report_missing") + f"?date={unlock.date}")


# --- missing reports -----------------------------------------------------------------------


class MissingReportListView(ObjectListView):
    """未上报: the resumed (or suspended) sites in scope without a report for the day."""

    model = Project
    action = VIEW_REPORTS
    export_action = VIEW_REPORTS
    table_class = MissingReportTable
    filterset_class = MissingReportFilter
    template_name = "construction/report_missing.html"
    partial_template_name = "construction/report_missing_table.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.date = requested_date(request)

    def get_queryset(self):
        return missing_reports(self.request.user, self.date)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not (kwargs.get("data") or {}).get("date"):
            data = (kwargs.get("data") or self.request.GET).copy()
            data["date"] = self.date.isoformat()  # the date picker shows the day listed
            kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        settings = ReportingSettings.current()
        deadline_at = local_datetime(self.date, settings.deadline)
        by_district = (
            self.filtered_queryset()
            .order_by()
            .values("region__name", "region__path")
            .annotate(n=Count("pk"))
            .order_by("region__path")
        )
        ctx.update(
            date=self.date,
            deadline=settings.deadline,
            before_deadline=timezone.now() < deadline_at,
            is_future=self.date > timezone.localdate(),
            by_district=by_district,
        )
        return ctx

    def export_xlsx(self):
        if not user_can(self.request.user, self.model, self.export_action):
            raise PermissionDenied
        table = self.get_table_class()(self.filtered_queryset())
        rows = itertools.islice(table.as_values(), self.export_max_rows + 1)
        title = _("Missing reports %(date)s") % {"date": self.date.isoformat()}
        response = HttpResponse(rows_to_xlsx(rows, title=title), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="missing-reports-{self.date:%Y%m%d}.xlsx"'
        )
        return response


# --- the daily summary ---------------------------------------------------------------------


class DailySummaryView(PermissionMixin, TemplateView):
    permission = VIEW_REPORTS
    template_name = "construction/summary.html"

    def get(self, request, *args, **kwargs):
        self.date = requested_date(request)
        self.summary = daily_summary(request.user, self.date)
        if request.GET.get("export") == "xlsx":
            response = HttpResponse(summary_xlsx(self.summary), content_type=XLSX)
            response["Content-Disposition"] = (
                f'attachment; filename="daily-summary-{self.date:%Y%m%d}.xlsx"'
            )
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(summary=self.summary, date=self.date, columns=COLUMNS)
        return ctx


# --- settings ------------------------------------------------------------------------------


class ReportingSettingsView(PermissionMixin, FormView):
    permission = "construction.change_reportingsettings"
    form_class = ReportingSettingsForm
    template_name = "construction/report_settings.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = ReportingSettings.load()
        return kwargs

    def form_valid(self, form):
        try:
            reporting_settings_update(actor=self.request.user, data=form.cleaned_data)
        except FugongError as exc:
            for name, message in exc.fields.items():
                form.add_error(name if name in form.fields else None, message)
            if not exc.fields:
                form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("construction:report_settings")
