"""The personal page of a person in quarantine, opened through their link without login
(rate-limited by `public_endpoint` in the URLconf): today's health check, errands asked
for and their confirmation on delivery. An unknown, revoked or released link is a 404."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fugong.care.choices import ErrandStatus
from fugong.care.forms import ErrandFields, HealthCheckForm
from fugong.care.services import errands as errand_services
from fugong.care.services import quarantine as services
from fugong.care.views import apply_errors
from fugong.common.errors import FugongError, NotFound


def _masked(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1)


@require_http_methods(["GET", "POST"])
def personal_page(request, token: str):
    quarantine = services.quarantine_for_token(token)
    if quarantine is None:
        raise Http404
    check_form = HealthCheckForm()
    errand_form = ErrandFields()
    status = 200
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "check":
                check_form = HealthCheckForm(request.POST)
                if not check_form.is_valid():
                    raise FugongError(_("Check the form."))
                data = check_form.cleaned_data
                services.health_check_self_report(
                    token=token,
                    temperature=data["temperature"],
                    symptoms=data["symptoms"],
                    note=data["note"],
                )
                messages.success(request, _("Thank you: today's health check is recorded."))
            elif op == "errand":
                errand_form = ErrandFields(request.POST)
                if not errand_form.is_valid():
                    raise FugongError(_("Check the form."))
                data = errand_form.cleaned_data
                errand_services.errand_request_via_link(
                    token=token,
                    kind=data["kind"],
                    items=data["items"],
                    contact_note=data["contact_note"],
                    submission_key=data.get("submission_key") or "",
                )
                messages.success(request, _("Your request was sent to the community."))
            elif op == "confirm":
                errand_services.errand_confirm_via_link(
                    token=token, errand_id=request.POST.get("errand")
                )
                messages.success(request, _("Thank you for confirming."))
            else:
                raise FugongError(_("The request could not be carried out."))
            return HttpResponseRedirect(request.path)
        except NotFound:
            raise Http404 from None
        except FugongError as exc:
            form = errand_form if op == "errand" else check_form
            apply_errors(form, exc)
            status = 400
    today = timezone.localdate()
    household = quarantine.resident.household
    context = {
        "name": _masked(quarantine.resident.name),
        "quarantine": quarantine,
        "day_number": quarantine.day_number(today),
        "checked_today": quarantine.checks.filter(date=today).first(),
        "check_form": check_form,
        "errand_form": errand_form,
        "errands": list(
            household.errands.exclude(status=ErrandStatus.CANCELLED).order_by("-requested_at")[:10]
        ),
    }
    response = render(request, "care/personal.html", context, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    # Not "no-referrer": the browser would then send "Origin: null" and CSRF refuse the form.
    response["Referrer-Policy"] = "same-origin"
    return response
