"""Cadres in communities: deployments, who is where today, the duty check-in from a
phone, duty logs with their photos, and a cadre's record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from fugong.accounts.models import User
from fugong.common.errors import FugongError
from fugong.common.scoping import user_can
from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin
from fugong.community.filters import DeploymentFilter, DutyLogFilter
from fugong.community.forms import DeploymentEndForm, DeploymentForm, DutyCheckInForm, DutyEditForm
from fugong.community.models import Deployment, DutyLog, Feedback
from fugong.community.selectors import (
    cadre_rating,
    cover_today,
    current_streak,
    deployments_visible_to,
    duty_logs_visible_to,
    feedback_visible_to,
    longest_compound_streak,
    longest_streak,
    who_is_where,
)
from fugong.community.services import (
    deployment_create,
    deployment_end,
    deployment_update,
    duty_check_in,
    duty_update,
)
from fugong.community.services.cadres import active_deployments
from fugong.community.tables import DeploymentTable, DutyLogTable


def add_errors(form, exc: FugongError) -> None:
    for name, message in exc.fields.items():
        form.add_error(name if name in form.fields else None, message)
    if not exc.fields:
        form.add_error(None, exc.message)


class DeploymentListView(ObjectListView):
    model = Deployment
    table_class = DeploymentTable
    filterset_class = DeploymentFilter
    url_base = "community:deployment"

    def get_queryset(self):
        return deployments_visible_to(self.request.user)


class DeploymentDetailView(ObjectDetailView):
    model = Deployment
    url_base = "community:deployment"
    template_name = "community/deployment_detail.html"
    detail_fields = ("cadre", "community", "starts_on", "ends_on", "duty", "note", "created_by")

    def get_queryset(self):
        return deployments_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["end_form"] = DeploymentEndForm(initial={"ends_on": timezone.localdate()})
        ctx["is_open"] = self.object.ends_on is None or self.object.ends_on >= timezone.localdate()
        return ctx


class DeploymentEditView(ObjectEditView):
    model = Deployment
    form_class = DeploymentForm
    url_base = "community:deployment"

    def create(self, form):
        return deployment_create(actor=self.request.user, **form.service_data())

    def update(self, instance, form, version):
        return deployment_update(
            actor=self.request.user,
            deployment=instance,
            data=form.service_data(),
            expected_version=version,
        )


class DeploymentEndView(ScopedViewMixin, View):
    model = Deployment
    action = "change"

    def post(self, request, pk):
        deployment = get_object_or_404(self.get_queryset(), pk=pk)
        form = DeploymentEndForm(request.POST)
        if form.is_valid():
            try:
                deployment_end(
                    actor=request.user,
                    deployment=deployment,
                    ends_on=form.cleaned_data["ends_on"],
                    note=form.cleaned_data["note"],
                )
            except FugongError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The deployment ends on the day given."))
        else:
            messages.error(request, _("Give the last day of the deployment."))
        return redirect(deployment.get_absolute_url())


class CoverTodayView(ScopedViewMixin, View):
    """Who is where today, and which communities lack cover."""

    model = Deployment

    def get(self, request):
        day = timezone.localdate()
        rows = cover_today(request.user, day)
        return render(
            request,
            "community/cover_today.html",
            {
                "day": day,
                "rows": rows,
                "uncovered": [r for r in rows if not r.deployed],
                "unchecked": [r for r in rows if r.deployed and r.checked_in < r.deployed],
                "deployments": who_is_where(request.user, day),
            },
        )


class DutyCheckInView(LoginRequiredMixin, View):
    """The phone page: today's activities, a note, a photo; one check-in a day."""

    template_name = "community/duty_check_in.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_can(request.user, DutyLog, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, form, status=200):
        user = self.request.user
        today = timezone.localdate()
        log = DutyLog.objects.filter(cadre=user, date=today).first()
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "today": today,
                "log": log,
                "edit_form": DutyEditForm(
                    initial={
                        "activities": log.activities,
                        "notes": log.notes,
                        "version": log.version,
                    }
                )
                if log
                else None,
                "streak": current_streak(user, today),
                "deployments": list(active_deployments(user, today)),
            },
            status=status,
        )

    def communities(self):
        return [d.community for d in active_deployments(self.request.user, timezone.localdate())]

    def get(self, request):
        return self.context(DutyCheckInForm(communities=self.communities()))

    def post(self, request):
        if "version" in request.POST:
            return self.edit(request)
        form = DutyCheckInForm(request.POST, request.FILES, communities=self.communities())
        if form.is_valid():
            data = form.cleaned_data
            try:
                log = duty_check_in(
                    actor=request.user,
                    activities=data["activities"],
                    notes=data["notes"],
                    compound=data.get("compound"),
                    community=data.get("community"),
                    photo=data.get("photo"),
                )
            except FugongError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Checked in. %(days)d days in a row on duty.") % {"days": log.streak_days},
                )
                return redirect("community:duty_check_in")
        return self.context(form, status=400)

    def edit(self, request):
        log = DutyLog.objects.filter(cadre=request.user, date=timezone.localdate()).first()
        if log is None:
            raise Http404
        form = DutyEditForm(request.POST)
        if form.is_valid():
            try:
                duty_update(
                    actor=request.user,
                    log=log,
                    data=form.cleaned_data,
                    expected_version=form.cleaned_data.get("version"),
                )
            except FugongError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Today's check-in was corrected."))
        else:
            messages.error(request, _("Choose at least one activity."))
        return redirect("community:duty_check_in")


class DutyLogListView(ObjectListView):
    model = DutyLog
    table_class = DutyLogTable
    filterset_class = DutyLogFilter
    url_base = "community:duty"

    def get_queryset(self):
        return duty_logs_visible_to(self.request.user).filter(archived_at__isnull=True)


class DutyLogDetailView(ObjectDetailView):
    model = DutyLog
    url_base = "community:duty"
    template_name = "community/duty_detail.html"
    detail_fields = (
        "cadre",
        "community",
        "compound",
        "date",
        "notes",
        "streak_days",
        "compound_streak_days",
        "checked_in_at",
    )

    def get_queryset(self):
        return duty_logs_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = False  # corrected by the cadre on the check-in page, that day
        return ctx


class DutyPhotoView(ScopedViewMixin, View):
    """The photo of a duty log, to those who may see the log (never a public URL)."""

    model = DutyLog

    def get(self, request, pk):
        log = get_object_or_404(self.get_queryset(), pk=pk)
        if not log.photo:
            raise Http404
        response = FileResponse(log.photo.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        return response


class CadreRecordView(LoginRequiredMixin, View):
    """A cadre's record: deployments, days on duty in a row, ratings and comments."""

    def get(self, request, pk):
        user = request.user
        if not user_can(user, Deployment, "view"):
            raise PermissionDenied
        deployments = deployments_visible_to(user).filter(cadre_id=pk).order_by("-starts_on")
        if not deployments.exists() and not (user.pk == pk):
            raise Http404
        cadre = get_object_or_404(User, pk=pk)
        logs = duty_logs_visible_to(user).filter(cadre=cadre).order_by("-date")
        feedback = (
            feedback_visible_to(user).filter(cadre=cadre, hidden=False).order_by("-date")
            if user_can(user, Feedback, "view")
            else Feedback.objects.none()
        )
        return render(
            request,
            "community/cadre_record.html",
            {
                "cadre": cadre,
                "deployments": deployments,
                "logs": logs[:30],
                "days_on_duty": logs.count(),
                "streak": current_streak(cadre),
                "longest": longest_streak(cadre),
                "longest_compound": longest_compound_streak(cadre),
                "rating": cadre_rating(user, cadre),
                "feedback": feedback[:30],
            },
        )
