"""Pages of coordination tickets: raise (enterprise), the three inboxes (ours, routed to
us, all), a ticket with its timeline and the actions its reader may take, the routing
table (bureau admin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from fugong.common.errors import FugongError
from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin
from fugong.coordination.choices import TicketStatus
from fugong.coordination.filters import TicketFilter
from fugong.coordination.forms.tickets import (
    AssignForm,
    ConfirmForm,
    ReasonForm,
    ResolveForm,
    TicketRaiseForm,
    TicketRouteForm,
    TransferForm,
)
from fugong.coordination.models import Ticket, TicketRoute
from fugong.coordination.models.tickets import HANDLE_PERMISSION, OPEN_STATUSES
from fugong.coordination.selectors.tickets import routes, ticket_with_details, tickets_visible_to
from fugong.coordination.services import tickets as services
from fugong.coordination.services.base import acts_for
from fugong.coordination.services.routes import route_create, route_update
from fugong.coordination.tables import TicketRouteTable, TicketTable


def apply_errors(form, exc: FugongError) -> None:
    for name, message in exc.fields.items():
        form.add_error(name if name in form.fields else None, str(message))
    if not exc.fields or any(name not in form.fields for name in exc.fields):
        form.add_error(None, str(exc.message))


class TicketViewMixin:
    """Department officers see what is routed to them without the region-wide view."""

    def check_permission(self):
        if not services.may_view(self.request.user):
            raise PermissionDenied


class TicketListView(TicketViewMixin, ObjectListView):
    model = Ticket
    table_class = TicketTable
    filterset_class = TicketFilter
    template_name = "coordination/ticket_list.html"
    box = "all"
    titles = {
        "all": gettext_lazy("All tickets"),
        "mine": gettext_lazy("Our tickets"),
        "routed": gettext_lazy("Routed to us"),
    }

    def get_queryset(self):
        qs = tickets_visible_to(self.request.user, self.action)
        organisation = self.request.user.organisation_id
        if self.box == "mine":
            qs = qs.filter(self._own_enterprises())
        elif self.box == "routed":
            qs = qs.filter(department_id=organisation)
        return qs

    def _own_enterprises(self) -> Q:
        """Raised by the enterprises the user raises tickets for (their grants' organisations)."""
        user = self.request.user
        q = Q(enterprise_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])
        for grant in user.scope_grants():
            if services.ADD_TICKET in grant.permissions and grant.organisation_path:
                q |= Q(enterprise__path__startswith=grant.organisation_path)
        return q

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            box=self.box,
            heading=self.titles[self.box],
            overdue=self.get_queryset().overdue().count(),
            can_raise=self.request.user.has_perm(services.ADD_TICKET),
        )
        return ctx


class TicketRaiseView(ScopedViewMixin, FormView):
    model = Ticket
    action = "add"
    form_class = TicketRaiseForm
    template_name = "coordination/ticket_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {
            "project": self.request.GET.get("project"),
            "category": self.request.GET.get("category"),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            ticket = services.ticket_raise(
                actor=self.request.user,
                project=data["project"],
                category=data["category"],
                title=data["title"],
                description=data["description"],
                submission_key=data.get("submission_key") or "",
            )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Submitted as %(ref)s and sent to %(department)s.")
            % {"ref": ticket.reference, "department": ticket.department},
        )
        return HttpResponseRedirect(ticket.get_absolute_url())


class TicketDetailView(TicketViewMixin, ObjectDetailView):
    model = Ticket
    template_name = "coordination/ticket_detail.html"
    detail_fields = (
        "category",
        "enterprise",
        "raised_by",
        "department",
        "assignee",
        "due_at",
        "description",
        "resolution",
        "resolved_by",
        "resolved_at",
        "confirmed_at",
        "rating_comment",
    )

    def get_queryset(self):
        return ticket_with_details(tickets_visible_to(self.request.user, "view"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        handles = services.may_handle(user) and (
            Ticket.objects.visible_to(user, HANDLE_PERMISSION).filter(pk=obj.pk).exists()
        )
        confirms = user.has_perm(services.CONFIRM_TICKET) and acts_for(
            user, obj.enterprise, services.CONFIRM_TICKET
        )
        ctx.update(
            can_change=False,
            can_delete=False,
            url_base="",
            events=list(obj.events.all()),
            can_assign=handles and obj.status in OPEN_STATUSES,
            can_start=handles and obj.status in (TicketStatus.OPEN, TicketStatus.REOPENED),
            can_resolve=handles and obj.status == TicketStatus.IN_PROGRESS,
            can_transfer=handles and obj.status in OPEN_STATUSES,
            can_confirm=confirms and obj.status == TicketStatus.RESOLVED,
            assign_form=kwargs.get("assign_form") or AssignForm(ticket=obj),
            transfer_form=kwargs.get("transfer_form") or TransferForm(ticket=obj),
            resolve_form=kwargs.get("resolve_form") or ResolveForm(),
            confirm_form=kwargs.get("confirm_form") or ConfirmForm(),
            reopen_form=kwargs.get("reopen_form") or ReasonForm(),
        )
        return ctx


class TicketActionView(TicketViewMixin, ScopedViewMixin, View):
    """POST one transition; a refusal re-renders the ticket with the form's errors."""

    model = Ticket
    operation = ""

    def post(self, request, pk):
        ticket = get_object_or_404(tickets_visible_to(request.user, "view"), pk=pk)
        version = request.POST.get("version")
        expected = int(version) if (version or "").isdigit() else None
        form_name, form = self._form(ticket)
        try:
            if not form.is_valid():
                raise FugongError(_("Check the form."), fields={})
            self._run(ticket, form.cleaned_data, expected)
        except FugongError as exc:
            apply_errors(form, exc)
            if self.operation == "start":  # a button without fields: say it at the top
                messages.error(request, exc.message)
            view = TicketDetailView()
            view.setup(request, pk=pk)
            view.object = view.get_object()
            ctx = view.get_context_data(object=view.object, **{form_name: form})
            return view.render_to_response(ctx, status=400)
        messages.success(request, self.done)
        if not tickets_visible_to(request.user, "view").filter(pk=pk).exists():
            # Passed on to a department the sender does not see: back to their inbox.
            return HttpResponseRedirect(reverse("coordination:ticket_routed"))
        return HttpResponseRedirect(reverse("coordination:ticket_detail", args=[pk]))

    def _form(self, ticket):
        data = self.request.POST
        return {
            "assign": ("assign_form", AssignForm(data, ticket=ticket)),
            "transfer": ("transfer_form", TransferForm(data, ticket=ticket)),
            "start": ("resolve_form", ResolveForm(data)),
            "resolve": ("resolve_form", ResolveForm(data)),
            "confirm": ("confirm_form", ConfirmForm(data)),
            "reopen": ("reopen_form", ReasonForm(data)),
        }[self.operation]

    @property
    def done(self):
        return {
            "assign": _("Assigned."),
            "transfer": _("Passed on to the other department."),
            "start": _("Marked in progress."),
            "resolve": _("Marked resolved; the enterprise is asked to confirm."),
            "confirm": _("Thank you: confirmed and rated."),
            "reopen": _("Reopened; the department was told."),
        }[self.operation]

    def _run(self, ticket, data, expected):
        actor = self.request.user
        op = self.operation
        if op == "assign":
            services.ticket_assign(
                actor=actor, ticket=ticket, assignee=data["assignee"], expected_version=expected
            )
        elif op == "transfer":
            services.ticket_transfer(
                actor=actor,
                ticket=ticket,
                department=data["department"],
                reason=data.get("reason", ""),
                expected_version=expected,
            )
        elif op == "start":
            services.ticket_start(actor=actor, ticket=ticket, expected_version=expected)
        elif op == "resolve":
            services.ticket_resolve(
                actor=actor, ticket=ticket, resolution=data["resolution"], expected_version=expected
            )
        elif op == "confirm":
            services.ticket_confirm(
                actor=actor,
                ticket=ticket,
                rating=data.get("rating") or None,
                comment=data.get("rating_comment", ""),
                expected_version=expected,
            )
        else:
            services.ticket_reopen(
                actor=actor, ticket=ticket, reason=data.get("reason", ""), expected_version=expected
            )


# --- the routing table ---------------------------------------------------------------------


class TicketRouteListView(ObjectListView):
    model = TicketRoute
    table_class = TicketRouteTable
    filterset_class = None
    url_base = "coordination:route"

    def get_queryset(self):
        return routes()

    def get_filterset_class(self):
        from fugong.common.filters import ScopedFilterSet

        class RouteFilter(ScopedFilterSet):
            class Meta:
                model = TicketRoute
                fields = ["target"]

        return RouteFilter


class TicketRouteEditView(ObjectEditView):
    model = TicketRoute
    form_class = TicketRouteForm

    def create(self, form):
        return route_create(actor=self.request.user, data=form.service_data())

    def update(self, instance, form, version):
        return route_update(
            actor=self.request.user,
            route=instance,
            data=form.service_data(),
            expected_version=version,
        )

    def get_success_url(self, obj=None):
        return reverse("coordination:route_list")
