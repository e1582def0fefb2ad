"""The project registry's pages: list, detail with its sections (responsible persons,
output-value targets against reported output, timeline), edit, and "mark completed".

Sections that are edited in place answer htmx requests with the section alone (the form,
then the refreshed section); without JavaScript the same URLs work as ordinary pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.errors import FugongError
from fugong.common.pii.display import personal_display
from fugong.common.scoping import user_can
from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView
from fugong.construction import hooks
from fugong.construction.choices import ContactRole, ProjectStatus
from fugong.construction.filters.projects import ProjectFilter
from fugong.construction.forms.projects import (
    ProjectCompleteForm,
    ProjectContactForm,
    ProjectForm,
    ProjectTargetForm,
)
from fugong.construction.models import Project, ProjectContact, ProjectEvent, ProjectTarget
from fugong.construction.selectors.projects import (
    project_contacts,
    project_output_summary,
    project_timeline,
    projects_visible_to,
)
from fugong.construction.services.projects import (
    TRANSITIONS,
    project_complete,
    project_contact_archive,
    project_contact_save,
    project_create,
    project_target_add,
    project_target_archive,
    project_update,
)
from fugong.construction.tables.projects import ProjectTable, status_badge

SECTION_PAGE = "construction/project_section_page.html"


class ProjectListView(ObjectListView):
    model = Project
    table_class = ProjectTable
    filterset_class = ProjectFilter
    url_base = "construction:project"

    def get_queryset(self):
        return projects_visible_to(self.request.user, self.action)


# --- the sections of the project page -------------------------------------------------------


def contacts_context(request, project: Project) -> dict:
    """The responsible persons, phones masked unless the viewer may see them in full (and
    then the full view is recorded, as on every detail page)."""
    user = request.user
    shown = user_can(user, ProjectContact, "view")
    rows = []
    for contact in project_contacts(project, user=user) if shown else ():
        phone = personal_display(contact.phone, user) if contact.phone else ""
        full = bool(contact.phone) and phone == contact.phone.full
        if full:
            record_change(
                actor=user,
                instance=contact,
                action=ChangeAction.VIEW_PERSONAL,
                after={},
                message="phone",
            )
        rows.append({"contact": contact, "phone": phone, "tel": phone if full else ""})
    return {
        "project": project,
        "show_contacts": shown,
        "contacts": rows,
        "can_add_contact": user_can(user, ProjectContact, "add")
        and len(rows) < len(ContactRole.values),
        "can_change_contact": user_can(user, ProjectContact, "change"),
        "can_archive_contact": user_can(user, ProjectContact, "delete"),
    }


def targets_context(request, project: Project) -> dict:
    user = request.user
    shown = user_can(user, ProjectTarget, "view")
    return {
        "project": project,
        "show_targets": shown,
        "summary": project_output_summary(project) if shown else None,
        "can_add_target": user_can(user, ProjectTarget, "add"),
        "can_archive_target": user_can(user, ProjectTarget, "delete"),
    }


def timeline_context(request, project: Project) -> dict:
    shown = user_can(request.user, ProjectEvent, "view")
    return {
        "project": project,
        "show_timeline": shown,
        "events": list(project_timeline(project)) if shown else [],
    }


def can_complete(user, project: Project) -> bool:
    return user_can(user, Project, "change") and ProjectStatus.COMPLETED in TRANSITIONS.get(
        project.status, set()
    )


class ProjectDetailView(ObjectDetailView):
    model = Project
    url_base = "construction:project"
    template_name = "construction/project_detail.html"
    detail_fields = (
        "name",
        "kind",
        "is_city_key",
        "status",
        "region",
        "address",
        "builder",
        "contractor",
        "supervisor",
        "contract_value",
        "responsible_person",
        "responsible_phone",
    )

    def get_queryset(self):
        return projects_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project = self.object
        ctx.update(contacts_context(self.request, project))
        ctx.update(targets_context(self.request, project))
        ctx.update(timeline_context(self.request, project))
        ctx["status_badge"] = status_badge(project.status, project.get_status_display())
        ctx["can_complete"] = can_complete(self.request.user, project)
        ctx["panels"] = hooks.project_panels(self.request, project)
        return ctx


class ProjectEditView(ObjectEditView):
    model = Project
    form_class = ProjectForm
    url_base = "construction:project"

    def create(self, form):
        return project_create(actor=self.request.user, **form.service_data())

    def update(self, instance, form, version):
        return project_update(
            actor=self.request.user,
            project=instance,
            data=form.service_data(),
            expected_version=version,
        )


# --- inline editing of a section ------------------------------------------------------------


def add_service_errors(form, exc) -> None:
    """A service's refusal shown on the form: on its field when it names one."""
    if isinstance(exc, FugongError):
        for name, message in exc.fields.items():
            form.add_error(name if name in form.fields else None, message)
        if not exc.fields:
            form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        form.add_error(None, exc)


class ProjectSectionView(LoginRequiredMixin, View):
    """A section of one project's page. The project is looked up within the user's scope
    (404 outside it); holding no `model`/`action` permission at all is 403."""

    model = None
    action = "view"
    section_template = ""
    anchor = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_can(request.user, self.model, self.action):
            raise PermissionDenied
        self.project = get_object_or_404(projects_visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def is_htmx(self) -> bool:
        return bool(getattr(self.request, "htmx", False))

    def section_context(self) -> dict:
        raise NotImplementedError

    def render_section(self, notice: str = ""):
        return render(
            self.request, self.section_template, {**self.section_context(), "notice": notice}
        )

    def done(self, notice: str):
        if self.is_htmx:
            return self.render_section(notice)
        messages.success(self.request, notice)
        return redirect(f"{self.project.get_absolute_url()}#{self.anchor}")

    def get(self, request, *args, **kwargs):
        if not self.is_htmx:
            return redirect(f"{self.project.get_absolute_url()}#{self.anchor}")
        return self.render_section()


class SectionFormView(ProjectSectionView):
    form_class = None
    form_template = ""
    title = ""

    def get_instance(self):
        return None

    def make_form(self, data=None):
        instance = self.get_instance()
        kwargs = {"user": self.request.user, "data": data}
        if instance is not None:
            kwargs["instance"] = instance
        return self.form_class(**kwargs)

    def render_form(self, form):
        ctx = {
            **self.section_context(),
            "form": form,
            "form_url": self.request.path,
            "title": self.title,
            "instance": self.get_instance(),
        }
        if self.is_htmx:
            return render(self.request, self.form_template, ctx)
        return render(self.request, SECTION_PAGE, {**ctx, "partial": self.form_template})

    def get(self, request, *args, **kwargs):
        return self.render_form(self.make_form())

    def post(self, request, *args, **kwargs):
        form = self.make_form(data=request.POST)
        if form.is_valid():
            try:
                notice = self.save(form)
            except (FugongError, ValidationError) as exc:
                add_service_errors(form, exc)
            else:
                return self.done(notice)
        return self.render_form(form)

    def save(self, form) -> str:
        raise NotImplementedError


class ContactSectionMixin:
    model = ProjectContact
    section_template = "construction/project_contacts.html"
    form_template = "construction/project_contact_form.html"
    anchor = "project-contacts"

    def section_context(self):
        return contacts_context(self.request, self.project)


class ProjectContactsView(ContactSectionMixin, ProjectSectionView):
    """GET: the responsible persons section (htmx), e.g. after "cancel"."""


class ProjectContactEditView(ContactSectionMixin, SectionFormView):
    form_class = ProjectContactForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.action = "change" if "contact_pk" in kwargs else "add"
        self._contact = None

    def get_instance(self):
        if "contact_pk" not in self.kwargs:
            return None
        if self._contact is None:
            self._contact = get_object_or_404(
                ProjectContact.objects.visible_to(self.request.user, "change"),
                pk=self.kwargs["contact_pk"],
                project=self.project,
                archived_at__isnull=True,
            )
        return self._contact

    @property
    def title(self):
        return _("Edit responsible person") if self.get_instance() else _("Add responsible person")

    def save(self, form) -> str:
        data = form.service_data()
        project_contact_save(
            actor=self.request.user,
            project=self.project,
            role=data["role"],
            name=data["name"],
            phone=data.get("phone"),
            contact=self.get_instance(),
            expected_version=form.cleaned_data.get("version"),
        )
        return _("Saved.")


class ProjectContactArchiveView(ContactSectionMixin, ProjectSectionView):
    action = "delete"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        contact = get_object_or_404(
            ProjectContact.objects.visible_to(request.user, "delete"),
            pk=kwargs["contact_pk"],
            project=self.project,
        )
        project_contact_archive(actor=request.user, contact=contact)
        return self.done(
            _("%(name)s was removed from the responsible persons.") % {"name": contact.name}
        )


class TargetSectionMixin:
    model = ProjectTarget
    section_template = "construction/project_targets.html"
    form_template = "construction/project_target_form.html"
    anchor = "project-targets"

    def section_context(self):
        return targets_context(self.request, self.project)


class ProjectTargetsView(TargetSectionMixin, ProjectSectionView):
    """GET: the output-value section (htmx)."""


class ProjectTargetAddView(TargetSectionMixin, SectionFormView):
    form_class = ProjectTargetForm
    action = "add"

    @property
    def title(self):
        return _("Add output-value target")

    def save(self, form) -> str:
        data = form.service_data()
        project_target_add(
            actor=self.request.user,
            project=self.project,
            due_date=data["due_date"],
            value=data["value"],
            note=data.get("note", ""),
        )
        return _("Target added.")


class ProjectTargetArchiveView(TargetSectionMixin, ProjectSectionView):
    action = "delete"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        target = get_object_or_404(
            ProjectTarget.objects.visible_to(request.user, "delete"),
            pk=kwargs["target_pk"],
            project=self.project,
        )
        project_target_archive(actor=request.user, target=target)
        return self.done(_("Target withdrawn."))


class ProjectCompleteView(ProjectSectionView):
    """An authority marks a resumed project completed (竣工)."""

    model = Project
    action = "change"
    template_name = "construction/project_complete.html"

    def page(self, form):
        return render(self.request, self.template_name, {"project": self.project, "form": form})

    def get(self, request, *args, **kwargs):
        return self.page(ProjectCompleteForm())

    def post(self, request, *args, **kwargs):
        form = ProjectCompleteForm(request.POST)
        if form.is_valid():
            try:
                project_complete(
                    actor=request.user, project=self.project, message=form.cleaned_data["message"]
                )
            except FugongError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The project is marked completed."))
                return redirect(self.project.get_absolute_url())
        return self.page(form)
