"""Community care (居家隔离、代购代办、消杀、防疫物资)."""

from fugong.care.models.errands import Errand, ErrandEvent
from fugong.care.models.quarantine import HealthCheck, Quarantine, QuarantineEvent
from fugong.care.models.supplies import Disinfection, SupplyItem, SupplyMovement

__all__ = [
    "Disinfection",
    "Errand",
    "ErrandEvent",
    "HealthCheck",
    "Quarantine",
    "QuarantineEvent",
    "SupplyItem",
    "SupplyMovement",
]
