"""What care plugs into the gates app (see `fugong.gates.hooks`): a quarantined resident
going out raises the alert, and the gates' retention purge takes the health checks too."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.care.choices import QuarantineKind
from fugong.care.selectors import active_quarantine_of
from fugong.care.services.quarantine import purge_health_checks


def quarantine_out_reason(resident_id: int) -> str | None:
    """The alert's text when the resident is under quarantine today, else None."""
    quarantine = active_quarantine_of(resident_id)
    if quarantine is None or quarantine.starts_on > timezone.localdate():
        return None
    if quarantine.kind == QuarantineKind.CENTRAL:
        text = _("under centralised quarantine until %(day)s")
    else:
        text = _("under home quarantine until %(day)s")
    return text % {"day": quarantine.planned_end_on.isoformat()}


def purge_expired_health_checks(*, cutoff, held_resident_ids) -> int:
    return purge_health_checks(timezone.localdate(cutoff), keep_residents=held_resident_ids or ())


def join(hooks) -> None:
    hooks.register_out_alert(quarantine_out_reason)
    hooks.register_retention_purger("care.health_checks", purge_expired_health_checks)
