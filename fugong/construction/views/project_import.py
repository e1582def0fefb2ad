"""Excel import of the project list: template, upload, preview with every error, commit.

Upload → the file is kept for the user under a random token (see `importing.storage`) →
the preview re-reads it and lists every error by row and column, and what each row would
do → "Import" plans again and commits all rows in one transaction, or nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from fugong.common.errors import FugongError
from fugong.construction.forms.projects import ProjectImportForm
from fugong.construction.importing import storage
from fugong.construction.importing.projects import COLUMNS, commit_import, plan_import
from fugong.construction.importing.reading import (
    MAX_BYTES,
    MAX_ROWS,
    XLSX_CONTENT_TYPE,
    check_signature,
    check_upload,
)
from fugong.construction.importing.template import project_template_xlsx
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

IMPORT_PERMISSION = "construction.import_project"
PREVIEW_ROWS = 1000  # rows listed on the preview; errors are always listed in full
# Rows written within the request (~30 ms each through the services); more go to the worker.
SYNC_ROWS = 500
SESSION_NAMES = "project_import_names"


class ImportPermissionMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def import_districts(user):
    """The districts the user may put projects in (for the template's lists)."""
    return (
        Region.objects.filter(level=RegionLevel.DISTRICT)
        .visible_to(user, "construction.add_project")
        .order_by("code")
    )


class ProjectImportTemplateView(ImportPermissionMixin, View):
    def get(self, request):
        data = project_template_xlsx(import_districts(request.user))
        response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, f"项目清单导入模板-{timezone.localdate():%Y%m%d}.xlsx"
        )
        return response


class ProjectImportView(ImportPermissionMixin, View):
    template_name = "construction/import_upload.html"

    def page(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "columns": COLUMNS,
                "max_mb": MAX_BYTES // 1024 // 1024,
                "max_rows": MAX_ROWS,
            },
            status=status,
        )

    def get(self, request):
        return self.page(ProjectImportForm())

    def post(self, request):
        form = ProjectImportForm(request.POST, request.FILES)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                check_upload(uploaded.name, uploaded.size)
                check_signature(uploaded)
            except FugongError as exc:
                form.add_error("file", exc.message)
            else:
                token = storage.save_upload(request.user, uploaded)
                names = request.session.get(SESSION_NAMES, {})
                names = dict(list(names.items())[-9:])  # the last few uploads only
                names[token] = uploaded.name[:100]
                request.session[SESSION_NAMES] = names
                return redirect("construction:project_import_preview", token=token)
        return self.page(form, status=400)


class ProjectImportPreviewView(ImportPermissionMixin, View):
    template_name = "construction/import_preview.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.token = kwargs["token"]

    def stored(self):
        path = storage.upload_path(self.request.user, self.token)
        if path is None:
            raise Http404(_("This upload has expired; upload the file again."))
        return path

    def filename(self) -> str:
        return self.request.session.get(SESSION_NAMES, {}).get(self.token, "")

    def page(self, plan, status=200):
        rows = plan.rows[:PREVIEW_ROWS]
        return render(
            self.request,
            self.template_name,
            {
                "plan": plan,
                "counts": plan.counts,
                "rows": rows,
                "more_rows": len(plan.rows) - len(rows),
                "filename": self.filename(),
                "token": self.token,
            },
            status=status,
        )

    def get(self, request, token):
        return self.page(plan_import(self.stored(), actor=request.user))

    def post(self, request, token):
        path = self.stored()
        plan = plan_import(path, actor=request.user)
        if plan.ok and len(plan.rows) > SYNC_ROWS:
            return self.in_background(plan)
        plan = commit_import(path, actor=request.user, filename=self.filename())
        if not plan.committed:
            return self.page(plan, status=400)
        storage.discard_upload(request.user, token)
        counts = plan.counts
        messages.success(
            request,
            _(
                "Imported: %(create)d projects created, %(update)d updated, %(unchanged)d "
                "unchanged, %(enterprises)d enterprises registered."
            )
            % counts,
        )
        return redirect(reverse("construction:project_list"))

    def in_background(self, plan):
        """Thousands of rows outlast a web request: the worker commits them (all or none)
        and the outcome arrives in the user's inbox."""
        from fugong.construction.importing.tasks import commit_project_import

        storage.touch_upload(self.request.user, self.token)  # the hour starts again
        commit_project_import.enqueue(self.request.user.pk, self.token, self.filename())
        messages.info(
            self.request,
            _(
                "%(rows)d rows are being imported in the background; you will find the "
                "outcome in your messages."
            )
            % {"rows": len(plan.rows)},
        )
        return redirect(reverse("construction:project_list"))
