"""A survey of more than a few tens of thousands of rows is committed by the worker
(`fugong worker`), as the uploading user, with the same checks; the outcome goes to their
inbox."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from fugong.construction.importing import storage


@task()
def commit_resident_import(user_id: int, token: str, area_id: int, filename: str) -> dict:
    from fugong.accounts.models import User
    from fugong.community.importing.residents import commit_import, import_areas
    from fugong.messaging.services import notify

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return {"committed": False, "reason": "no such user"}
    path = storage.upload_path(user, token)
    area = import_areas(user).filter(pk=area_id).first()
    key = f"resident-import:{token}"
    with override(settings.LANGUAGE_CODE):
        if path is None or area is None:
            notify(
                recipients=[user],
                kind="resident_import",
                title=_("The import of %(file)s could not run") % {"file": filename},
                body=_("The uploaded file had expired. Upload it again."),
                link=reverse("community:resident_import"),
                key=key,
            )
            return {"committed": False, "reason": "expired"}
        plan = commit_import(path, actor=user, area=area, filename=filename)
        counts = plan.counts
        if plan.committed:
            storage.discard_upload(user, token)
            title = _("%(file)s is imported") % {"file": filename}
            body = (
                _(
                    "%(create)d residents registered, %(update)d updated, %(unchanged)d "
                    "unchanged, %(households)d new households."
                )
                % counts
            )
            link = reverse("community:resident_list")
        else:
            title = _("%(file)s was not imported") % {"file": filename}
            body = (
                _("%(errors)d errors were found; nothing was saved. Open the preview to see them.")
                % counts
            )
            link = reverse("community:resident_import_preview", kwargs={"token": token})
        notify(
            recipients=[user], kind="resident_import", title=title, body=body, link=link, key=key
        )
    return {"committed": plan.committed, "counts": counts}
