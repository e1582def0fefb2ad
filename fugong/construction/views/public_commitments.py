"""No-login pages (wrapped in `public_endpoint` in the URLconf: rate-limited per address).

A site's QR sign (公示牌) opens `/public/sites/<token>/`: the project's status, its
commitment, the responsible person with a masked phone, and a form to report a concern.
The list of commitments is public too. Nothing else personal is shown.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fugong.common.errors import FugongError
from fugong.common.pii.masking import mask_mobile
from fugong.construction.forms.commitments import PublicConcernForm
from fugong.construction.hooks import sign_notices
from fugong.construction.selectors.commitments import (
    commitment_in_force,
    project_for_sign_token,
    public_commitments,
)
from fugong.construction.services.concerns import concern_report

PUBLIC_PAGE_SIZE = 50


def _page(request, project, form, status=200):
    commitment = commitment_in_force(project)
    context = {
        "project": project,
        "commitment": commitment,
        "masked_phone": mask_mobile(commitment.responsible_phone) if commitment else "",
        "form": form,
        "reported": request.GET.get("reported") == "1",
        "token": request.resolver_match.kwargs["token"],
        "sign_notices": sign_notices(project),
    }
    response = render(request, "construction/sign_public.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def site_public(request, token: str):
    project = project_for_sign_token(token)
    if project is None:
        raise Http404
    return _page(request, project, PublicConcernForm())


@require_http_methods(["POST"])
def site_concern(request, token: str):
    project = project_for_sign_token(token)
    if project is None:
        raise Http404
    form = PublicConcernForm(request.POST)
    done = HttpResponseRedirect(f"{reverse('public:site', args=[token])}?reported=1")
    if form.is_robot:
        return done  # a robot is told it worked, and nothing is stored
    if form.is_valid():
        try:
            concern_report(
                project=project,
                text=form.cleaned_data["text"],
                contact=form.cleaned_data["contact"] or None,
            )
        except FugongError as exc:
            for name, message in exc.fields.items():
                form.add_error(name if name in form.fields else None, str(message))
        else:
            return done
    return _page(request, project, form, status=400)


@require_GET
def commitment_list_public(request):
    paginator = Paginator(public_commitments(), PUBLIC_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "construction/commitment_public_list.html", {"page": page})
