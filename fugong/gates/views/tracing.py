"""Contact tracing pages: find the person, run the trace (recorded), export it, open a
case that holds the records; the cases and the log of runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from fugong.common.errors import FugongError
from fugong.common.excel import rows_to_xlsx
from fugong.common.views import ObjectDetailView, ObjectListView
from fugong.community.selectors import find_residents
from fugong.gates.choices import CaseStatus
from fugong.gates.filters import CaseFilter, TracingRunFilter
from fugong.gates.forms import CaseCloseForm, CaseOpenForm, TraceForm
from fugong.gates.models import ContactTracingCase, TracingRun
from fugong.gates.selectors import cases_visible_to, runs_visible_to
from fugong.gates.services import tracing as services
from fugong.gates.tables import CaseTable, TracingRunTable


def export_rows(result):
    yield [
        str(_("Name")),
        str(_("Address")),
        str(_("Phone")),
        str(_("Encounters")),
        str(_("First")),
        str(_("Last")),
        str(_("Gates")),
        str(_("Fever")),
    ]
    for c in result.contacts:
        yield [
            c.name,
            c.address,
            c.phone,
            c.encounters,
            timezone.localtime(c.first_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(c.last_at).strftime("%Y-%m-%d %H:%M"),
            "、".join(c.gates),
            str(_("Yes")) if c.fever else "",
        ]


class TraceView(LoginRequiredMixin, View):
    def get(self, request):
        if not request.user.has_perm(services.TRACE):
            raise PermissionDenied
        form = TraceForm(request.GET or None)
        query = request.GET.get("q", "").strip()
        context = {"form": form, "q": query, "result": None, "error": None}
        if query:
            context["candidates"] = find_residents(request.user, query)
        wants = request.GET.get("resident") or request.GET.get("passage")
        if wants and form.is_valid():
            data = form.cleaned_data
            try:
                result = services.contact_trace(
                    actor=request.user,
                    resident_id=data.get("resident"),
                    passage_id=data.get("passage"),
                    minutes=data["minutes"],
                    days=data["days"],
                )
            except FugongError as exc:
                if exc.status in (403, 404):
                    raise
                context["error"] = exc
                return render(request, "gates/trace.html", context, status=400)
            if request.GET.get("export") == "xlsx":
                services.tracing_export_recorded(actor=request.user, run=result.run)
                data = rows_to_xlsx(export_rows(result), title=str(_("Contacts")))
                response = HttpResponse(
                    data,
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
                name = f"contacts-{result.run.pk}.xlsx"
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
            context.update(
                result=result,
                open_form=CaseOpenForm(),
                can_open=request.user.has_perm("gates.add_contacttracingcase"),
            )
        elif wants:
            context["error"] = FugongError(_("Check the window: minutes and days."))
        return render(request, "gates/trace.html", context)


class CaseOpenView(LoginRequiredMixin, View):
    def post(self, request):
        if not request.user.has_perm("gates.add_contacttracingcase"):
            raise PermissionDenied
        trace = TraceForm(request.POST)
        form = CaseOpenForm(request.POST)
        if not (trace.is_valid() and form.is_valid()):
            messages.error(request, _("Say why the case is opened."))
            return HttpResponseRedirect(request.META.get("HTTP_REFERER") or "/gates/trace/")
        try:
            case = services.case_open(
                actor=request.user,
                resident_id=trace.cleaned_data.get("resident"),
                passage_id=trace.cleaned_data.get("passage"),
                minutes=trace.cleaned_data["minutes"],
                days=trace.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
            )
        except FugongError as exc:
            if exc.status in (403, 404):
                raise
            messages.error(request, exc.message)
            return HttpResponseRedirect("/gates/trace/")
        messages.success(request, _("Case opened: its records are kept until it is closed."))
        return HttpResponseRedirect(case.get_absolute_url())


class CaseListView(ObjectListView):
    model = ContactTracingCase
    table_class = CaseTable
    filterset_class = CaseFilter

    def get_queryset(self):
        return cases_visible_to(self.request.user)


class CaseDetailView(ObjectDetailView):
    model = ContactTracingCase
    template_name = "gates/case_detail.html"
    detail_fields = (
        "status",
        "community",
        "subject_label",
        "reason",
        "minutes",
        "days",
        "opened_by",
        "created_at",
        "closed_by",
        "closed_at",
        "close_note",
    )

    def get_queryset(self):
        return cases_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx.update(
            url_base="",
            can_change=False,
            can_close=obj.status == CaseStatus.OPEN
            and ContactTracingCase.objects.visible_to(self.request.user, "change")
            .filter(pk=obj.pk)
            .exists(),
            close_form=CaseCloseForm(),
        )
        return ctx


class CaseCloseView(LoginRequiredMixin, View):
    def post(self, request, pk):
        if not request.user.has_perm("gates.change_contacttracingcase"):
            raise PermissionDenied
        case = get_object_or_404(
            ContactTracingCase.objects.visible_to(request.user, "change"), pk=pk
        )
        form = CaseCloseForm(request.POST)
        form.is_valid()
        version = request.POST.get("version")
        try:
            services.case_close(
                actor=request.user,
                case=case,
                note=form.cleaned_data.get("note", ""),
                expected_version=int(version) if (version or "").isdigit() else None,
            )
        except FugongError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Case closed."))
        return HttpResponseRedirect(case.get_absolute_url())


class TracingRunListView(ObjectListView):
    model = TracingRun
    table_class = TracingRunTable
    filterset_class = TracingRunFilter

    def get_queryset(self):
        return runs_visible_to(self.request.user)
