"""Generic list/detail/edit/archive views built once: a domain view is configuration.

Every one starts from `Model.objects.visible_to(user, action)`: no permission at all →
403, in scope → allowed, out of scope → 404 (the same as "does not exist").
"""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from fugong.audit.choices import ChangeAction
from fugong.audit.models import ChangeLog
from fugong.audit.services import record_change
from fugong.common.errors import Conflict, FugongError
from fugong.common.excel import rows_to_xlsx
from fugong.common.pii.display import personal_display
from fugong.common.pii.values import PersonalValue
from fugong.common.scoping import user_can


def ratelimited(request, exception=None):
    """django-ratelimit's refusal: a translated 429, in JSON for the API."""
    message = _("Too many requests. Please wait a minute and try again.")
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"error": {"code": "rate_limited", "message": message}}, status=429)
    return render(request, "common/error.html", {"message": message, "status": 429}, status=429)


class ScopedViewMixin(LoginRequiredMixin):
    model = None
    action = "view"

    def check_permission(self):
        if not user_can(self.request.user, self.model, self.action):
            raise PermissionDenied

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model._default_manager.visible_to(self.request.user, self.action)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meta = self.model._meta
        ctx.update(
            verbose_name=meta.verbose_name,
            verbose_name_plural=meta.verbose_name_plural,
            can_add=user_can(self.request.user, self.model, "add"),
            can_change=user_can(self.request.user, self.model, "change"),
            can_delete=user_can(self.request.user, self.model, "delete"),
            url_base=getattr(self, "url_base", ""),
        )
        return ctx


class ObjectListView(ScopedViewMixin, SingleTableMixin, FilterView):
    """A filtered, searchable, paginated list with xlsx export and htmx partial updates."""

    template_name = "common/object_list.html"
    partial_template_name = "common/_object_table.html"
    # The table paginates (one COUNT); the ListView side must not paginate a second time.
    paginate_by = None
    table_pagination = {"per_page": 25}
    export_action = "view"
    export_max_rows = 100_000

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export_xlsx()
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return [self.template_name]

    def filtered_queryset(self):
        filterset = self.get_filterset(self.get_filterset_class())
        return filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset

    def export_xlsx(self):
        if not user_can(self.request.user, self.model, self.export_action):
            raise PermissionDenied
        table = self.get_table_class()(
            self.filtered_queryset(), order_by=self.request.GET.get("sort")
        )
        exclude = getattr(self, "export_exclude", ("actions",))
        rows = itertools.islice(table.as_values(exclude_columns=exclude), self.export_max_rows + 1)
        data = rows_to_xlsx(rows, title=str(self.model._meta.verbose_name_plural))
        name = f"{self.model._meta.model_name}-{timezone.localdate():%Y%m%d}.xlsx"
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ObjectDetailView(ScopedViewMixin, DetailView):
    template_name = "common/object_detail.html"
    detail_fields: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        rows = []
        revealed = []
        for name in self.detail_fields:
            field = obj._meta.get_field(name)
            display = getattr(obj, f"get_{name}_display", None)
            value = display() if display else getattr(obj, name)
            if isinstance(value, PersonalValue):
                # Masked unless the viewer's role grants full view of personal data.
                shown = personal_display(value, self.request.user)
                if shown == value.full:
                    revealed.append(name)
                value = shown
            rows.append({"label": field.verbose_name, "value": value, "name": name})
        ctx["detail_rows"] = rows
        if revealed:
            # PIPL: who saw which personal data in full, and when.
            record_change(
                actor=self.request.user,
                instance=obj,
                action=ChangeAction.VIEW_PERSONAL,
                after={},
                message=", ".join(revealed),
            )
        if self.request.user.has_perm("audit.view_changelog"):
            ctx["history"] = ChangeLog.objects.for_object(obj).select_related("actor")[:20]
        return ctx


class ObjectEditView(ScopedViewMixin, FormView):
    """Create (no pk) or edit (pk): validate the form, call the domain service, report
    rule violations inline. Subclasses provide `create(form)` and `update(instance, form)`."""

    template_name = "common/object_form.html"
    success_message = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None
        self.action = "change" if "pk" in kwargs else "add"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.check_permission()
            from django.shortcuts import get_object_or_404

            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def form_valid(self, form):
        try:
            if self.object is None:
                obj = self.create(form)
            else:
                version = form.cleaned_data.get("version")
                obj = self.update(self.object, form, version)
        except Conflict as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        except FugongError as exc:
            for name, msg in exc.fields.items():
                form.add_error(name if name in form.fields else None, msg)
            if not exc.fields:
                form.add_error(None, exc.message)
            return self.form_invalid(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errs in exc.error_dict.items():
                    for err in errs:
                        form.add_error(name if name in form.fields else None, err)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message or _("Saved."))
        return HttpResponseRedirect(self.get_success_url(obj))

    def get_success_url(self, obj=None):
        return obj.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.object
        return ctx
