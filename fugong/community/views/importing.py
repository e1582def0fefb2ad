"""Excel import of the survey: template, upload, preview with every error by row and
column, then an all-or-nothing commit (large files by the background worker)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from fugong.common.errors import FugongError
from fugong.community.forms import ResidentImportForm
from fugong.community.importing.residents import (
    COLUMNS,
    IMPORT_PERMISSION,
    MAX_BYTES,
    MAX_ROWS,
    commit_import,
    import_areas,
    plan_import,
)
from fugong.community.importing.template import resident_template_xlsx
from fugong.construction.importing import storage
from fugong.construction.importing.reading import (
    XLSX_CONTENT_TYPE,
    ImportFileError,
    check_signature,
)

PREVIEW_ROWS = 500
SYNC_ROWS = 20_000  # a few seconds at `bench --only residents` rates; more go to the worker
SESSION_KEY = "resident_import"


def check_upload(name: str, size: int) -> None:
    if not str(name).lower().endswith(".xlsx"):
        if str(name).lower().endswith((".xls", ".et", ".csv")):
            raise ImportFileError(
                _("Save the sheet as an Excel workbook (.xlsx) first, then upload it.")
            )
        raise ImportFileError(_("Only Excel workbooks (.xlsx) can be imported."))
    if size > MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size)s MB; at most %(limit)s MB can be imported at once.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024}
        )


class ImportPermissionMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ResidentImportTemplateView(ImportPermissionMixin, View):
    def get(self, request):
        data = resident_template_xlsx(import_areas(request.user))
        response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, f"居民摸排导入模板-{timezone.localdate():%Y%m%d}.xlsx"
        )
        return response


class ResidentImportView(ImportPermissionMixin, View):
    template_name = "community/import_upload.html"

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
        return self.page(ResidentImportForm(user=request.user))

    def post(self, request):
        form = ResidentImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                check_upload(uploaded.name, uploaded.size)
                check_signature(uploaded)
            except FugongError as exc:
                form.add_error("file", exc.message)
            else:
                token = storage.save_upload(request.user, uploaded)
                uploads = request.session.get(SESSION_KEY, {})
                uploads = dict(list(uploads.items())[-9:])
                uploads[token] = {
                    "name": uploaded.name[:100],
                    "area": form.cleaned_data["area"].pk,
                }
                request.session[SESSION_KEY] = uploads
                return redirect("community:resident_import_preview", token=token)
        return self.page(form, status=400)


class ResidentImportPreviewView(ImportPermissionMixin, View):
    template_name = "community/import_preview.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.token = kwargs["token"]

    def upload(self):
        info = self.request.session.get(SESSION_KEY, {}).get(self.token)
        path = storage.upload_path(self.request.user, self.token)
        if info is None or path is None:
            raise Http404(_("This upload has expired; upload the file again."))
        area = import_areas(self.request.user).filter(pk=info["area"]).first()
        if area is None:
            raise Http404
        return path, area, info["name"]

    def page(self, plan, area, filename, status=200):
        rows = plan.rows[:PREVIEW_ROWS]
        return render(
            self.request,
            self.template_name,
            {
                "plan": plan,
                "counts": plan.counts,
                "rows": rows,
                "more_rows": len(plan.rows) - len(rows),
                "filename": filename,
                "area": area,
                "token": self.token,
            },
            status=status,
        )

    def get(self, request, token):
        path, area, filename = self.upload()
        return self.page(plan_import(path, actor=request.user, area=area), area, filename)

    def post(self, request, token):
        path, area, filename = self.upload()
        plan = plan_import(path, actor=request.user, area=area)
        if plan.ok and len(plan.rows) > SYNC_ROWS:
            from fugong.community.importing.tasks import commit_resident_import

            storage.touch_upload(request.user, token)
            commit_resident_import.enqueue(request.user.pk, token, area.pk, filename)
            messages.info(
                request,
                _(
                    "%(rows)d rows are being imported in the background; you will find the "
                    "outcome in your messages."
                )
                % {"rows": len(plan.rows)},
            )
            return redirect("community:resident_list")
        plan = commit_import(path, actor=request.user, area=area, filename=filename)
        if not plan.committed:
            return self.page(plan, area, filename, status=400)
        storage.discard_upload(request.user, token)
        messages.success(
            request,
            _(
                "Imported: %(create)d residents registered, %(update)d updated, %(unchanged)d "
                "unchanged, %(households)d new households."
            )
            % plan.counts,
        )
        return redirect("community:resident_list")
