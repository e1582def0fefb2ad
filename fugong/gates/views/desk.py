"""The gate volunteer's page (值守登记): find a resident of the compound by name, phone,
identity number or room, one tap records in or out with the temperature; a visitor is
recorded with the reason and whom they visit."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from fugong.common.errors import FugongError
from fugong.gates.choices import Direction
from fugong.gates.models import Checkpoint
from fugong.gates.selectors import recent_passages, residents_at_gate
from fugong.gates.services.passages import fever_threshold, gate_for_actor, passage_record


class DeskView(LoginRequiredMixin, View):
    def _checkpoint(self, request, pk) -> Checkpoint:
        gate_for_actor(request.user, pk)  # 403 / 404 / not in use
        return Checkpoint.objects.select_related("compound__parent").get(pk=pk)

    def get(self, request, pk, *, error=None, posted=None, status=200):
        try:
            checkpoint = self._checkpoint(request, pk)
        except FugongError as exc:
            if exc.status in (403, 404):
                raise
            messages.error(request, exc.message)
            return HttpResponseRedirect(reverse("gates:checkpoint_detail", args=[pk]))
        query = request.GET.get("q", "").strip()
        residents = residents_at_gate(request.user, checkpoint, query) if query else []
        context = {
            "checkpoint": checkpoint,
            "q": query,
            "residents": residents,
            "key": secrets.token_urlsafe(16),
            "directions": Direction.choices,
            "threshold": fever_threshold(),
            "recent": recent_passages(checkpoint, 10),
            "error": error,
            "posted": posted or {},
        }
        return render(request, "gates/desk.html", context, status=status)

    def post(self, request, pk):
        data = request.POST
        visitor = data.get("kind") == "visitor"
        try:
            passage = passage_record(
                actor=request.user,
                checkpoint_id=pk,
                direction=data.get("direction", ""),
                temperature=data.get("temperature"),
                resident_id=None if visitor else (data.get("resident") or None),
                visitor_name=data.get("visitor_name", ""),
                visitor_phone=data.get("visitor_phone", ""),
                visit_reason=data.get("visit_reason", ""),
                visiting=data.get("visiting", ""),
                request_key=data.get("key"),
            )
        except FugongError as exc:
            if exc.status in (403, 404):
                raise
            return self.get(request, pk, error=exc, posted=data, status=400)
        if passage.fever:
            messages.error(
                request,
                _("Fever: %(who)s %(t)s °C. The community's cadres have been alerted.")
                % {"who": passage.person_label, "t": passage.temperature},
            )
        elif passage.quarantine_alert:
            messages.error(
                request,
                _("%(who)s is under quarantine: the community's cadres have been alerted.")
                % {"who": passage.person_label},
            )
        else:
            messages.success(
                request,
                _("Recorded: %(who)s, %(dir)s.")
                % {"who": passage.person_label, "dir": passage.get_direction_display()},
            )
        url = reverse("gates:desk", args=[pk])
        query = data.get("q", "")
        return HttpResponseRedirect(f"{url}?{urlencode({'q': query})}" if query else url)
