"""Supervision (事中事后监管): inspectors, inspections, findings, rectification, stop-work."""

from fugong.supervision.models.checklists import InspectionChecklist, InspectionChecklistItem
from fugong.supervision.models.inspections import (
    EvidencePhoto,
    Finding,
    Inspection,
    InspectionAnswer,
)
from fugong.supervision.models.rectification import (
    RectificationNotice,
    RectificationReply,
    StopWorkOrder,
    SupervisionEvent,
)
from fugong.supervision.models.registry import ConflictDeclaration, Inspector

__all__ = [
    "ConflictDeclaration",
    "EvidencePhoto",
    "Finding",
    "Inspection",
    "InspectionAnswer",
    "InspectionChecklist",
    "InspectionChecklistItem",
    "Inspector",
    "RectificationNotice",
    "RectificationReply",
    "StopWorkOrder",
    "SupervisionEvent",
]
