"""Checklist templates (承诺事项清单) and routing rules, which the bureau admin configures,
and the routing of a commitment by those rules.

A template version that a commitment has used is frozen: editing it makes the next
version of the same family instead (`checklist_update` → `checklist_new_version`). One
version per family is offered for new commitments (`checklist_activate`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Conflict, Forbidden, FugongError
from fugong.common.scoping import user_can
from fugong.common.services import create_object, fetch_for, update_object
from fugong.construction.choices import ItemKind, RouteTarget
from fugong.construction.models import ChecklistItem, ChecklistTemplate, Project, RoutingRule
from fugong.organisations.choices import OrganisationKind
from fugong.organisations.models import Organisation
from fugong.regions.choices import RegionLevel

TEMPLATE_FIELDS = ("title", "statement")
ITEM_FIELDS = ("code", "text", "kind", "threshold", "unit", "required", "help_text")
NUMBER_KINDS = (ItemKind.NUMBER_MIN, ItemKind.NUMBER_MAX)


# --- items -------------------------------------------------------------------------------


def _clean_items(items: list[dict]) -> list[dict]:
    """Validate and normalise the item rows; positions are 1..n in the given order.

    Refuses with field errors keyed `items-<index>-<field>` (the formset's names)."""
    errors: dict[str, str] = {}
    clean: list[dict] = []
    codes: set[str] = set()

    # By the position given; rows without one keep their place after the numbered ones.
    def order(pair):
        position = pair[1].get("position")
        return (position if isinstance(position, int) else 10**6, pair[0])

    ordered = sorted(enumerate(items), key=order)
    for position, (index, raw) in enumerate(ordered, start=1):
        prefix = f"items-{index}-"
        text = str(raw.get("text") or "").strip()
        kind = raw.get("kind") or ItemKind.YES_NO
        code = slugify(str(raw.get("code") or "").strip())[:40] or f"item-{position}"
        threshold = raw.get("threshold")
        if not text:
            errors[prefix + "text"] = _("Write the condition.")
        if kind not in ItemKind.values:
            errors[prefix + "kind"] = _("Choose an answer type.")
        if code in codes:
            errors[prefix + "code"] = _("Two items have the code “%(code)s”.") % {"code": code}
        codes.add(code)
        if kind in NUMBER_KINDS:
            try:
                threshold = Decimal(str(threshold)) if threshold not in (None, "") else None
            except InvalidOperation:
                threshold = None
            if threshold is None:
                errors[prefix + "threshold"] = _("A number item needs its limit.")
            elif threshold < 0:
                errors[prefix + "threshold"] = _("The limit cannot be negative.")
        else:
            threshold = None
        clean.append(
            {
                "position": position,
                "code": code,
                "text": text[:300],
                "kind": kind,
                "threshold": threshold,
                "unit": str(raw.get("unit") or "").strip()[:20],
                "required": bool(raw.get("required", True)),
                "help_text": str(raw.get("help_text") or "").strip()[:300],
            }
        )
    if errors:
        raise FugongError(_("Some checklist items need attention."), fields=errors)
    return clean


def _item_snapshot(template: ChecklistTemplate) -> list[dict]:
    return [
        {k: v for k, v in snapshot(item).items() if k not in ("id", "template")}
        for item in template.items.order_by("position")
    ]


def _write_items(template: ChecklistTemplate, items: list[dict]) -> None:
    """Replace the items of a template that no commitment has used (so nothing points at
    them): delete and insert, which also avoids clashes of positions while renumbering."""
    template.items.all().delete()
    ChecklistItem.objects.bulk_create(ChecklistItem(template=template, **row) for row in items)


def _template_data(data: dict) -> dict:
    clean = {k: data[k] for k in TEMPLATE_FIELDS if k in data}
    for key in clean:
        clean[key] = str(clean[key] or "").strip()
    return clean


# --- templates ---------------------------------------------------------------------------


def _next_version(family: str) -> int:
    last = ChecklistTemplate.objects.filter(family=family).aggregate(n=Max("version_number"))["n"]
    return (last or 0) + 1


def checklist_create(*, actor, family: str = "epidemic", data: dict, items: list[dict]):
    """A new, not yet offered, template: the next version number of `family`."""
    if actor is not None and not user_can(actor, ChecklistTemplate, "add"):
        raise Forbidden()
    clean_items = _clean_items(items)
    family = slugify(family or "epidemic")[:40] or "epidemic"
    try:
        with transaction.atomic():
            list(ChecklistTemplate.objects.select_for_update().filter(family=family))
            template = ChecklistTemplate(
                family=family,
                version_number=_next_version(family),
                **_template_data(data),
            )
            template.full_clean()
            template.save()
            _write_items(template, clean_items)
            after = {**snapshot(template), "items": _item_snapshot(template)}
            record_change(actor=actor, instance=template, action=ChangeAction.CREATE, after=after)
    except IntegrityError:
        raise Conflict() from None
    return template


def checklist_new_version(
    *, actor, template: ChecklistTemplate, data: dict | None = None, items=None
) -> ChecklistTemplate:
    """Copy `template` (with its items, or with `items`) as the next version of its family.

    The copy is not offered until it is activated."""
    if actor is not None and not user_can(actor, ChecklistTemplate, "add"):
        raise Forbidden()
    source = fetch_for(actor, ChecklistTemplate, template.pk, "view")
    if items is None:
        items = [
            {name: getattr(item, name) for name in (*ITEM_FIELDS, "position")}
            for item in source.items.order_by("position")
        ]
    fields = {k: getattr(source, k) for k in TEMPLATE_FIELDS}
    fields.update(_template_data(data or {}))
    return checklist_create(actor=actor, family=source.family, data=fields, items=items)


def checklist_update(
    *,
    actor,
    template: ChecklistTemplate,
    data: dict,
    items: list[dict],
    expected_version: int | None = None,
) -> ChecklistTemplate:
    """Save the edit; a frozen (used) version is left as it was and the edit becomes the
    next version instead. Returns the template that holds the edit."""
    clean_items = _clean_items(items)
    with transaction.atomic():
        current = fetch_for(actor, ChecklistTemplate, template.pk, "change", lock=True)
        if expected_version is not None and current.version != expected_version:
            raise Conflict()
        if current.is_frozen:
            return checklist_new_version(
                actor=actor, template=current, data=data, items=clean_items
            )
        before = {**snapshot(current), "items": _item_snapshot(current)}
        for name, value in _template_data(data).items():
            setattr(current, name, value)
        current.full_clean()
        current.version = F("version") + 1
        current.save(update_fields=[*TEMPLATE_FIELDS, "version", "updated_at"])
        current.refresh_from_db()
        _write_items(current, clean_items)
        after = {**snapshot(current), "items": _item_snapshot(current)}
        if before != after:
            record_change(
                actor=actor,
                instance=current,
                action=ChangeAction.UPDATE,
                before=before,
                after=after,
            )
    return current


def checklist_activate(*, actor, template: ChecklistTemplate) -> ChecklistTemplate:
    """Offer this version for new commitments; the family's other version stops being
    offered (commitments already filed keep the version they used)."""
    with transaction.atomic():
        current = fetch_for(actor, ChecklistTemplate, template.pk, "change", lock=True)
        if current.is_active:
            return current
        if not current.items.exists():
            raise FugongError(
                _("A checklist without items cannot be offered."), code="empty_checklist"
            )
        others = ChecklistTemplate.objects.select_for_update().filter(
            family=current.family, is_active=True
        )
        for other in others:
            before = snapshot(other)
            other.is_active = False
            other.version = F("version") + 1
            other.save(update_fields=["is_active", "version", "updated_at"])
            other.refresh_from_db()
            record_change(actor=actor, instance=other, action=ChangeAction.UPDATE, before=before)
        before = snapshot(current)
        current.is_active = True
        current.version = F("version") + 1
        try:
            with transaction.atomic():
                current.save(update_fields=["is_active", "version", "updated_at"])
        except IntegrityError:  # another activation of the family won the race
            raise Conflict() from None
        current.refresh_from_db()
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            before=before,
            message=_("Offered for new commitments"),
        )
    return current


def checklist_freeze(*, actor, template: ChecklistTemplate) -> bool:
    """Mark the version used (called by the filing service inside its transaction)."""
    updated = ChecklistTemplate.objects.filter(pk=template.pk, frozen_at__isnull=True).update(
        frozen_at=timezone.now(), version=F("version") + 1
    )
    if updated:
        template.refresh_from_db()
        record_change(
            actor=actor,
            instance=template,
            action=ChangeAction.UPDATE,
            message=_("Frozen: used by a commitment"),
        )
    return bool(updated)


def checklist_offered(family: str = "epidemic") -> ChecklistTemplate | None:
    """The version offered for new commitments, if any."""
    return ChecklistTemplate.objects.filter(family=family, is_active=True).first()


# --- routing rules -----------------------------------------------------------------------

RULE_FIELDS = ("priority", "name", "match_city_key", "match_kind", "target", "department")


def _check_rule(data: dict) -> dict:
    clean = {k: v for k, v in data.items() if k in (*RULE_FIELDS, "is_active")}
    target = clean.get("target")
    department = clean.get("department")
    if target == RouteTarget.CITY_DEPARTMENT:
        if department is None:
            raise FugongError(
                _("Choose the city department that receives these commitments."),
                fields={"department": _("Required when sending to a city department.")},
            )
        if department.kind not in (OrganisationKind.BUREAU, OrganisationKind.DEPARTMENT):
            raise FugongError(
                _("Commitments go to the bureau or one of its departments."),
                fields={"department": _("Choose the bureau or one of its departments.")},
            )
    elif target == RouteTarget.DISTRICT_DEPARTMENT:
        clean["department"] = None
    return clean


def routing_rule_create(*, actor, **data) -> RoutingRule:
    return create_object(actor=actor, model=RoutingRule, data=_check_rule(data))


def routing_rule_update(*, actor, rule: RoutingRule, data: dict, expected_version=None):
    merged = {name: getattr(rule, name) for name in (*RULE_FIELDS, "is_active")}
    merged.update({k: v for k, v in data.items() if k in merged})
    return update_object(
        actor=actor, instance=rule, data=_check_rule(merged), expected_version=expected_version
    )


# --- routing ----------------------------------------------------------------------------


def _district_of(region):
    if region.level == RegionLevel.DISTRICT:
        return region
    return region.ancestors().filter(level=RegionLevel.DISTRICT).first()


def commitment_route(project: Project) -> tuple[Organisation, RoutingRule]:
    """The receiving authority and the rule that chose it: the first active rule, by
    priority, that matches the project (empty conditions match any project)."""
    rules = RoutingRule.objects.filter(is_active=True).select_related("department")
    for rule in rules.order_by("priority", "id"):
        if rule.match_city_key is not None and rule.match_city_key != project.is_city_key:
            continue
        if rule.match_kind and rule.match_kind != project.kind:
            continue
        if rule.target == RouteTarget.CITY_DEPARTMENT:
            if rule.department is None:
                raise FugongError(
                    _("The routing rule “%(rule)s” names no department; ask the bureau to fix it.")
                    % {"rule": rule.name},
                    code="no_authority",
                )
            return rule.department, rule
        district = _district_of(project.region)
        department = (
            Organisation.objects.filter(
                kind=OrganisationKind.DISTRICT_DEPARTMENT,
                region=district,
                archived_at__isnull=True,
            )
            .order_by("id")
            .first()
            if district is not None
            else None
        )
        if department is None:
            raise FugongError(
                _(
                    "No housing department is registered for %(district)s, so the commitment "
                    "has nowhere to go; ask the bureau to register it."
                )
                % {"district": district or project.region},
                code="no_authority",
            )
        return department, rule
    raise FugongError(
        _("No routing rule matches this project; ask the bureau to add one."), code="no_route"
    )
