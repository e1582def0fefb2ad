"""Every write of the community domain: views, API, commands and the other community apps
(gates, quarantine…) call these functions; nobody saves these models by hand."""

from fugong.community.services.cadres import (
    deployment_create,
    deployment_end,
    deployment_update,
    duty_check_in,
    duty_update,
)
from fugong.community.services.feedback import (
    feedback_set_hidden,
    feedback_submit,
    rater_key_for,
)
from fugong.community.services.groups import (
    resident_group_create,
    resident_group_delete,
    resident_group_update,
)
from fugong.community.services.residents import (
    derive_from_identity,
    household_create,
    household_get_or_create,
    household_update,
    resident_create,
    resident_delete,
    resident_update,
)

__all__ = [
    "deployment_create",
    "deployment_end",
    "deployment_update",
    "derive_from_identity",
    "duty_check_in",
    "duty_update",
    "feedback_set_hidden",
    "feedback_submit",
    "household_create",
    "household_get_or_create",
    "household_update",
    "rater_key_for",
    "resident_create",
    "resident_delete",
    "resident_group_create",
    "resident_group_delete",
    "resident_group_update",
    "resident_update",
]
