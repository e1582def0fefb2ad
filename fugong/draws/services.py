"""The draw's life, one service function per step, each one transaction with its audit
row and timeline entry:

prepared (inputs frozen) → published (inputs and SHA-256 of a fresh seed) → drawn (seed
revealed, result computed by `engine.run`) → assigned (double-random inspections created
through supervision's `inspection_create`). A prepared draw may be cancelled; once its
seed hash is public it can only be drawn, so nobody can throw away an unwelcome result."""

from __future__ import annotations

import datetime
import math
import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.scoping import ensure_visible
from fugong.construction.choices import ProjectKind
from fugong.draws import engine, risk
from fugong.draws.choices import DrawEventKind, DrawStatus, SelectionMode, Weighting
from fugong.draws.eligibility import eligible_by_project
from fugong.draws.models import MAX_INSPECTORS, MIN_INSPECTORS, Draw, DrawEvent, DrawTarget
from fugong.draws.selectors import draws_for
from fugong.regions.models import Region
from fugong.supervision.choices import InspectionField, InspectionKind
from fugong.supervision.selectors.disclosure import mask_name
from fugong.supervision.selectors.registry import eligible_targets

RUN = "draws.run_draw"
NAMED_AT_MOST = 20


def _may_run(actor) -> None:
    if actor is not None and not (actor.has_perm(RUN) and actor.has_perm("draws.add_draw")):
        raise Forbidden()


def _snapshot(draw: Draw) -> dict:
    """What the change log keeps: never the seed before it is revealed, the inputs by hash."""
    return {
        "number": draw.number,
        "title": draw.title,
        "status": draw.status,
        "region": draw.region_id,
        "field": draw.field,
        "project_kind": draw.project_kind,
        "selected": draw.selected,
        "candidates": draw.candidates,
        "inspectors_per_target": draw.inspectors_per_target,
        "weighting": draw.weighting,
        "planned_on": draw.planned_on.isoformat() if draw.planned_on else None,
        "inputs_hash": draw.inputs_hash,
        "seed_hash": draw.seed_hash,
        "seed": draw.seed if draw.seed_revealed else "",
        "result": draw.result,
    }


def _event(actor, draw, kind, message=""):
    DrawEvent.objects.create(
        draw=draw,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        message=str(message)[:500],
    )


def _names(projects) -> str:
    names = [p.name for p in projects[:NAMED_AT_MOST]]
    more = len(projects) - len(names)
    text = "、".join(names)
    if more:
        text += " " + ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more}
    return text


def _selected(mode, count, share_percent, candidates: int, errors: dict) -> int:
    if mode == SelectionMode.COUNT:
        if not count or count < 1:
            errors["count"] = _("Enter how many sites to draw.")
        elif count > candidates:
            errors["count"] = _("Only %(n)d sites are eligible in this scope.") % {"n": candidates}
        return count or 0
    if mode == SelectionMode.SHARE:
        if not share_percent or not 1 <= share_percent <= 100:
            errors["share_percent"] = _("Enter a share between 1 and 100 %.")
            return 0
        return max(1, math.ceil(candidates * share_percent / 100))
    errors["mode"] = _("Choose whether to draw a number or a share of the sites.")
    return 0


def build_inputs(
    *,
    number,
    title,
    region,
    field,
    project_kind,
    weighting,
    planned_on,
    select,
    per_target,
    mode,
    count,
    share_percent,
    targets,
    facts,
    eligible,
    inspectors,
) -> dict:
    """The published inputs document (see `engine`): no personal data — inspectors by
    id, masked name and station."""
    used = sorted({i for t in targets for i in eligible[t.pk]})
    return {
        "format": engine.FORMAT,
        "draw": number,
        "title": title,
        "region": {"code": region.code, "name": region.name},
        "field": field,
        "project_kind": project_kind,
        "planned_on": planned_on.isoformat(),
        "weighting": weighting,
        "parameters": {
            "mode": mode,
            "count": count,
            "share_percent": share_percent,
            "select": select,
            "inspectors_per_target": per_target,
        },
        "risk": {
            "floor": risk.FLOOR,
            "points": {t.code: t.points for t in risk.TERMS},
            "caps": {t.code: t.cap for t in risk.TERMS if t.cap is not None},
        }
        if weighting == Weighting.RISK
        else None,
        "targets": [
            {
                "project": t.pk,
                "name": t.name,
                "district": t.region.name,
                "facts": facts[t.pk] if weighting == Weighting.RISK else {},
                "weight": risk.weight(facts[t.pk]) if weighting == Weighting.RISK else 1,
                "inspectors": eligible[t.pk],
            }
            for t in targets
        ],
        "inspectors": [
            {
                "id": i,
                "name": mask_name(inspectors[i].display_name),
                "organisation": inspectors[i].organisation.name,
            }
            for i in used
        ],
    }


def draw_prepare(
    *,
    actor,
    title: str,
    region: Region,
    field: str,
    mode: str,
    count: int | None = None,
    share_percent: int | None = None,
    project_kind: str = "",
    inspectors_per_target: int = MIN_INSPECTORS,
    weighting: str = Weighting.RISK,
    planned_on: datetime.date | None = None,
) -> Draw:
    """Freeze the inputs of a draw: the eligible sites in the scope with their weights and
    the eligible inspectors of each. Refused — nothing written — when a site in the scope
    could not be staffed; the message names those sites."""
    _may_run(actor)
    errors = {}
    title = (title or "").strip()
    if len(title) < 2:
        errors["title"] = _("Give the draw a title.")
    if region is None or (
        actor is not None and not Region.objects.visible_to(actor).filter(pk=region.pk).exists()
    ):
        errors["region"] = _("Choose a city or district in your jurisdiction.")
    if field not in InspectionField.values:
        errors["field"] = _("Choose the field of the spot check.")
    if project_kind and project_kind not in ProjectKind.values:
        errors["project_kind"] = _("Choose a project kind, or all kinds.")
    if weighting not in Weighting.values:
        errors["weighting"] = _("Choose how sites are weighted.")
    if not isinstance(inspectors_per_target, int) or not (
        MIN_INSPECTORS <= inspectors_per_target <= MAX_INSPECTORS
    ):
        errors["inspectors_per_target"] = _("Between %(min)d and %(max)d inspectors per site.") % {
            "min": MIN_INSPECTORS,
            "max": MAX_INSPECTORS,
        }
    today = timezone.localdate()
    planned_on = planned_on or today
    if planned_on < today:
        errors["planned_on"] = _("The inspection date cannot be in the past.")
    if errors.keys() & {"region", "field"}:
        raise FugongError(_("The draw was not prepared."), fields=errors)
    targets = list(
        eligible_targets(
            user=actor, district=region, kind=project_kind, field=field
        ).select_related("region")
    )
    if not targets:
        errors["region"] = _("No site at work in this scope can be inspected.")
    select = _selected(mode, count, share_percent, len(targets), errors)
    if errors:
        raise FugongError(_("The draw was not prepared."), fields=errors)
    inspectors, eligible = eligible_by_project(targets, field)
    lacking = [t for t in targets if len(eligible[t.pk]) < inspectors_per_target]
    if lacking:
        raise FugongError(
            ngettext(
                "The draw cannot be staffed: fewer than %(k)d eligible inspectors for "
                "%(n)d site: %(names)s.",
                "The draw cannot be staffed: fewer than %(k)d eligible inspectors for "
                "%(n)d sites: %(names)s.",
                len(lacking),
            )
            % {"k": inspectors_per_target, "n": len(lacking), "names": _names(lacking)},
            code="understaffed",
            fields={"inspectors_per_target": _("Register more inspectors or ask for fewer.")},
        )
    facts = risk.site_facts(targets, today=today) if weighting == Weighting.RISK else {}
    with transaction.atomic():
        draw = Draw(
            title=title[:150],
            region=region,
            field=field,
            project_kind=project_kind or "",
            mode=mode,
            count=count if mode == SelectionMode.COUNT else None,
            share_percent=share_percent if mode == SelectionMode.SHARE else None,
            inspectors_per_target=inspectors_per_target,
            weighting=weighting,
            planned_on=planned_on,
            inputs={},
            candidates=len(targets),
            selected=select,
            prepared_by=actor,
        )
        draw.save()
        draw.number = f"CJ{today.year}-{draw.pk:05d}"
        draw.inputs = build_inputs(
            number=draw.number,
            title=draw.title,
            region=region,
            field=field,
            project_kind=draw.project_kind,
            weighting=weighting,
            planned_on=planned_on,
            select=select,
            per_target=inspectors_per_target,
            mode=mode,
            count=draw.count,
            share_percent=draw.share_percent,
            targets=targets,
            facts=facts,
            eligible=eligible,
            inspectors=inspectors,
        )
        draw.inputs_hash = engine.inputs_hash(draw.inputs)
        draw.save(update_fields=["number", "inputs", "inputs_hash"])
        if actor is not None:
            ensure_visible(actor, draw, "add")
        record_change(actor=actor, instance=draw, action=ChangeAction.CREATE, after=_snapshot(draw))
        _event(actor, draw, DrawEventKind.PREPARED, f"{select} / {len(targets)}")
    return draw


def _transition(actor, draw: Draw, expected: tuple[str, ...]) -> Draw:
    """The draw locked for a change, within the actor's scope, in one of `expected`."""
    _may_run(actor)
    qs = Draw.objects.all() if actor is None else draws_for(actor, "change")
    try:
        current = qs.select_for_update().get(pk=draw.pk)
    except Draw.DoesNotExist:
        raise NotFound() from None
    if current.status not in expected:
        raise FugongError(
            _("This draw is “%(status)s”; that step is not possible now.")
            % {"status": current.get_status_display()},
            code="wrong_state",
        )
    return current


def _save(draw: Draw, fields: list[str]) -> Draw:
    draw.version = F("version") + 1
    draw.save(update_fields=[*fields, "version", "updated_at"])
    draw.refresh_from_db()
    return draw


def draw_publish(*, actor, draw: Draw) -> Draw:
    """Publish the inputs with the SHA-256 of a fresh secret seed (the commitment)."""
    with transaction.atomic():
        current = _transition(actor, draw, (DrawStatus.PREPARED,))
        before = _snapshot(current)
        seed = secrets.token_bytes(engine.SEED_BYTES).hex()
        current.seed = seed
        current.seed_hash = engine.seed_hash(seed)
        current.status = DrawStatus.PUBLISHED
        current.published_at = timezone.now()
        _save(current, ["seed", "seed_hash", "status", "published_at"])
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            before=before,
            after=_snapshot(current),
            message="published",
        )
        _event(actor, current, DrawEventKind.PUBLISHED, current.seed_hash)
    return current


def draw_run(*, actor, draw: Draw) -> Draw:
    """Draw: run the engine on the published inputs with the seed, reveal the seed and
    record the drawn sites with their inspectors."""
    with transaction.atomic():
        current = _transition(actor, draw, (DrawStatus.PUBLISHED,))
        before = _snapshot(current)
        drawn = engine.run(current.inputs, current.seed)
        weights = {t["project"]: t["weight"] for t in current.inputs["targets"]}
        for d in drawn:
            row = DrawTarget.objects.create(
                draw=current, project_id=d.project, rank=d.rank, weight=weights[d.project]
            )
            row.inspectors.set(d.inspectors)
        current.result = engine.result_document(drawn)
        current.status = DrawStatus.DRAWN
        current.drawn_at = timezone.now()
        current.drawn_by = actor
        _save(current, ["result", "status", "drawn_at", "drawn_by"])
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            before=before,
            after=_snapshot(current),
            message="drawn",
        )
        _event(actor, current, DrawEventKind.DRAWN, current.seed)
    return current


def draw_assign(*, actor, draw: Draw) -> Draw:
    """Create the double-random inspection of every drawn site with its drawn inspectors,
    through supervision's service (which checks the recusal again). All or nothing."""
    from fugong.supervision.services.inspections import inspection_create

    with transaction.atomic():
        current = _transition(actor, draw, (DrawStatus.DRAWN,))
        before = _snapshot(current)
        rows = current.targets.select_related("project").prefetch_related(
            "inspectors__user", "inspectors__organisation"
        )
        for row in rows:
            try:
                inspection = inspection_create(
                    actor=actor,
                    project=row.project,
                    kind=InspectionKind.DOUBLE_RANDOM,
                    field=current.field,
                    inspectors=list(row.inspectors.all()),
                    planned_on=current.planned_on,
                    notes=_("Double-random draw %(number)s") % {"number": current.number},
                )
            except FugongError as exc:
                detail = " ".join(str(m) for m in exc.fields.values()) or str(exc.message)
                raise FugongError(
                    _("The inspection of %(project)s could not be created: %(detail)s")
                    % {"project": row.project.name, "detail": detail},
                    code="assignment_refused",
                ) from None
            row.inspection = inspection
            row.save(update_fields=["inspection"])
        current.status = DrawStatus.ASSIGNED
        current.assigned_at = timezone.now()
        _save(current, ["status", "assigned_at"])
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            before=before,
            after=_snapshot(current),
            message="assigned",
        )
        _event(actor, current, DrawEventKind.ASSIGNED, str(len(rows)))
    return current


def draw_cancel(*, actor, draw: Draw, reason: str = "") -> Draw:
    """Cancel a draw before its seed hash is published (afterwards it must be drawn)."""
    with transaction.atomic():
        current = _transition(actor, draw, (DrawStatus.PREPARED,))
        before = _snapshot(current)
        current.status = DrawStatus.CANCELLED
        _save(current, ["status"])
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            before=before,
            after=_snapshot(current),
            message=(reason or "cancelled")[:200],
        )
        _event(actor, current, DrawEventKind.CANCELLED, reason)
    return current
