"""Quarantine pages: the list (and the overdue list), start, the person's page with the
health checks, the timeline and what the reader may do (record a check, extend or
shorten, issue or revoke the personal link, release)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from fugong.care.filters import QuarantineFilter
from fugong.care.forms import (
    CadreCheckForm,
    ChangeEndForm,
    EmptyForm,
    NoteForm,
    QuarantineStartForm,
)
from fugong.care.models import HealthCheck, Quarantine
from fugong.care.selectors import overdue_q, quarantines_visible_to
from fugong.care.services import quarantine as services
from fugong.care.tables import QuarantineTable
from fugong.care.views import ActionMixin, apply_errors, posted_version
from fugong.common.errors import FugongError
from fugong.common.scoping import user_can
from fugong.common.views import ObjectDetailView, ObjectListView, ScopedViewMixin


class QuarantineListView(ObjectListView):
    model = Quarantine
    table_class = QuarantineTable
    filterset_class = QuarantineFilter
    template_name = "care/quarantine_list.html"
    only_overdue = False

    def get_queryset(self):
        qs = quarantines_visible_to(self.request.user, self.action)
        return qs.filter(overdue_q()) if self.only_overdue else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = (
            gettext_lazy("Overdue health checks")
            if self.only_overdue
            else gettext_lazy("Quarantine")
        )
        ctx["only_overdue"] = self.only_overdue
        return ctx


class QuarantineStartView(ScopedViewMixin, FormView):
    model = Quarantine
    action = "add"
    form_class = QuarantineStartForm
    template_name = "care/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"resident": self.request.GET.get("resident")}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Start a quarantine")}

    def form_valid(self, form):
        import datetime

        data = form.cleaned_data
        starts_on = data["starts_on"]
        try:
            quarantine = services.quarantine_start(
                actor=self.request.user,
                resident=data["resident"],
                kind=data["kind"],
                starts_on=starts_on,
                planned_end_on=starts_on + datetime.timedelta(days=data["days"] - 1),
                place=data["place"],
                reason=data["reason"],
            )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Quarantine registered."))
        return HttpResponseRedirect(quarantine.get_absolute_url())


class QuarantineDetailView(ObjectDetailView):
    model = Quarantine
    template_name = "care/quarantine_detail.html"
    detail_fields = ("kind", "place", "reason", "starts_on", "planned_end_on", "status",
                     "started_by", "released_at", "released_by", "release_note")  # fmt: skip

    def get_queryset(self):
        return quarantines_visible_to(self.request.user, "view")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        today = timezone.localdate()
        can_change = user_can(user, Quarantine, "change")
        see_checks = user_can(user, HealthCheck, "view")
        ctx.update(
            can_change=False,
            can_delete=False,
            today=today,
            day_number=obj.day_number(today),
            events=list(obj.events.select_related("actor")),
            checks=list(obj.checks.select_related("recorded_by")) if see_checks else None,
            errands=list(obj.resident.household.errands.order_by("-requested_at")[:10]),
            active=obj.is_active,
            may_check=obj.is_active and user_can(user, HealthCheck, "add"),
            may_change=obj.is_active and can_change,
            may_release=obj.is_active and user_can(user, Quarantine, "release"),
            new_link=kwargs.get("new_link"),
            check_form=kwargs.get("check_form") or CadreCheckForm(initial={"date": today}),
            end_form=kwargs.get("end_form")
            or ChangeEndForm(initial={"planned_end_on": obj.planned_end_on}),
            release_form=kwargs.get("release_form") or NoteForm(),
        )
        return ctx


class QuarantineActionView(ActionMixin, ScopedViewMixin, View):
    model = Quarantine
    detail_view = QuarantineDetailView

    def post(self, request, pk):
        quarantine = get_object_or_404(quarantines_visible_to(request.user, "view"), pk=pk)
        form_name, form = {
            "check": ("check_form", CadreCheckForm(request.POST)),
            "change_end": ("end_form", ChangeEndForm(request.POST)),
            "release": ("release_form", NoteForm(request.POST)),
            "issue_link": ("link_form", EmptyForm(request.POST)),
            "revoke_link": ("link_form", EmptyForm(request.POST)),
        }[self.operation]
        try:
            if not form.is_valid():
                raise FugongError(_("Check the form."))
            result = self._run(quarantine, form.cleaned_data, posted_version(request))
        except FugongError as exc:
            apply_errors(form, exc)
            return self.refuse(request, pk, form_name, form)
        if self.operation == "issue_link":
            # The token is kept only as a hash: the link is shown now, once.
            view = self.detail_view()
            view.setup(request, pk=pk)
            view.object = view.get_object()
            link = request.build_absolute_uri(reverse("care:personal", args=[result]))
            ctx = view.get_context_data(object=view.object, new_link=link)
            response = view.render_to_response(ctx)
            response["Cache-Control"] = "no-store"
            return response
        messages.success(request, self.done)
        return HttpResponseRedirect(reverse("care:quarantine_detail", args=[pk]))

    @property
    def done(self):
        return {
            "check": _("Health check recorded."),
            "change_end": _("Planned end changed."),
            "release": _("Released from quarantine."),
            "revoke_link": _("The personal link no longer works."),
        }[self.operation]

    def _run(self, quarantine, data, version):
        actor, op = self.request.user, self.operation
        if op == "check":
            return services.health_check_record(
                actor=actor,
                quarantine=quarantine,
                temperature=data["temperature"],
                symptoms=data["symptoms"],
                note=data["note"],
                date=data.get("date") or None,
            )
        if op == "change_end":
            return services.quarantine_change_end(
                actor=actor,
                quarantine=quarantine,
                planned_end_on=data["planned_end_on"],
                reason=data["reason"],
                expected_version=version,
            )
        if op == "release":
            return services.quarantine_release(
                actor=actor, quarantine=quarantine, note=data["note"], expected_version=version
            )
        if op == "issue_link":
            return services.quarantine_issue_link(actor=actor, quarantine=quarantine)[1]
        return services.quarantine_revoke_link(actor=actor, quarantine=quarantine)

    def check_permission(self):
        from django.core.exceptions import PermissionDenied

        needed = {
            "check": (HealthCheck, "add"),
            "release": (Quarantine, "release"),
        }.get(self.operation, (Quarantine, "change"))
        if not user_can(self.request.user, *needed):
            raise PermissionDenied
