"""Who sees personal data in full, and what everybody else sees: the masked form.

`personal_display` is what templates (through the lead's filter), tables and exports call,
so the rule lives in one place.
"""

from fugong.common.pii.masking import mask

FULL_PERSONAL_DATA_PERMISSION = "accounts.view_full_personal_data"


def can_view_full_personal_data(user) -> bool:
    """Only signed-in users holding the permission; anonymous and missing users never."""
    return bool(
        user is not None and user.is_authenticated and user.has_perm(FULL_PERSONAL_DATA_PERMISSION)
    )


def show(value, user, kind: str | None = None) -> str:
    """The clear value for users allowed to see it, otherwise the masked one.

    A PersonalValue knows its kind; a plain str is masked as `kind`, or with the generic
    mask when no kind is given (never shown in clear by mistake).
    """
    if value is None or value == "":
        return ""
    full = getattr(value, "full", None)
    if can_view_full_personal_data(user):
        return str(full if full is not None else value)
    if full is not None:
        return value.masked
    return mask(kind or "", value)


def personal_display(value, user, kind: str | None = None) -> str:
    """Same as `show`; the name the template filter and the tables use."""
    return show(value, user, kind)
