from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fugong.regions.choices import CODE_LENGTH, LEVEL_ORDER, RegionLevel


def validate_region_placement(region) -> None:
    """The level must sit right below its parent's, and the code must extend the parent's."""
    errors = {}
    code = (region.code or "").strip()
    length = CODE_LENGTH.get(region.level)
    if length and (len(code) != length or not code.isdigit()):
        errors["code"] = ValidationError(
            _("A %(level)s code has %(length)s digits."),
            code="code_length",
            params={"level": RegionLevel(region.level).label, "length": length},
        )
    parent = region.parent
    if parent is None:
        if region.level not in (RegionLevel.PROVINCE, RegionLevel.CITY):
            errors["parent"] = ValidationError(
                _("Only a province or a city can be at the top."), code="parent_required"
            )
    else:
        if LEVEL_ORDER.index(region.level) != LEVEL_ORDER.index(parent.level) + 1:
            errors["level"] = ValidationError(
                _("A %(level)s cannot be placed directly under a %(parent)s."),
                code="level_order",
                params={
                    "level": RegionLevel(region.level).label,
                    "parent": RegionLevel(parent.level).label,
                },
            )
        elif "code" not in errors and not code.startswith(_significant_prefix(parent)):
            errors["code"] = ValidationError(
                _("The code must begin with the parent region's code %(prefix)s."),
                code="code_prefix",
                params={"prefix": _significant_prefix(parent)},
            )
    if errors:
        raise ValidationError(errors)


def _significant_prefix(parent) -> str:
    # GB/T 2260 pads with zeros: a province 410000 contributes "41", a city 410800 "4108".
    if parent.level == RegionLevel.PROVINCE:
        return parent.code[:2]
    if parent.level == RegionLevel.CITY:
        return parent.code[:4]
    return parent.code
