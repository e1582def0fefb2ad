"""A large project list is committed in the background (run by `fugong worker`): every
row goes through the services, ~30 ms a row, so thousands of rows outlast a web request.

The task commits as the uploading user, with the same checks (it plans again first), and
tells them the outcome in their inbox.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from fugong.construction.importing import storage
from fugong.construction.importing.projects import commit_import


@task()
def commit_project_import(user_id: int, token: str, filename: str) -> dict:
    from fugong.accounts.models import User
    from fugong.messaging.services import notify

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return {"committed": False, "reason": "no such user"}
    path = storage.upload_path(user, token)
    with override(settings.LANGUAGE_CODE):
        if path is None:
            notify(
                recipients=[user],
                kind="project_import",
                title=_("The import of %(file)s could not run") % {"file": filename},
                body=_("The uploaded file had expired. Upload it again."),
                link=reverse("construction:project_import"),
                key=f"project-import:{token}",
            )
            return {"committed": False, "reason": "expired"}
        plan = commit_import(path, actor=user, filename=filename)
        counts = plan.counts
        if plan.committed:
            storage.discard_upload(user, token)
            title = _("%(file)s is imported") % {"file": filename}
            body = (
                _(
                    "%(create)d projects created, %(update)d updated, %(unchanged)d unchanged, "
                    "%(enterprises)d enterprises registered."
                )
                % counts
            )
            link = reverse("construction:project_list")
        else:
            title = _("%(file)s was not imported") % {"file": filename}
            body = (
                _(
                    "%(errors)d errors were found when the rows were written; nothing was saved. "
                    "Open the preview to see them."
                )
                % counts
            )
            link = reverse("construction:project_import_preview", kwargs={"token": token})
        notify(
            recipients=[user],
            kind="project_import",
            title=title,
            body=body,
            link=link,
            key=f"project-import:{token}",
        )
    return {"committed": plan.committed, "counts": counts}
