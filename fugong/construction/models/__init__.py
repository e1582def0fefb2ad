"""Work resumption (复工复产): projects, commitments (承诺制), daily reports (每日上报)."""

from fugong.construction.models.commitments import (
    ChecklistItem,
    ChecklistTemplate,
    Commitment,
    CommitmentAnswer,
    CommitmentEvent,
    Concern,
    CreditRecord,
    RoutingRule,
)
from fugong.construction.models.projects import Project, ProjectContact, ProjectEvent, ProjectTarget
from fugong.construction.models.reports import DailyReport, ReportingSettings, ReportUnlock
from fugong.construction.models.rollups import OutputRollup, OutputRollupRun, ReportDayTotal

__all__ = [
    "ChecklistItem",
    "ChecklistTemplate",
    "Commitment",
    "CommitmentAnswer",
    "CommitmentEvent",
    "Concern",
    "CreditRecord",
    "DailyReport",
    "OutputRollup",
    "OutputRollupRun",
    "Project",
    "ProjectContact",
    "ProjectEvent",
    "ProjectTarget",
    "ReportDayTotal",
    "ReportUnlock",
    "ReportingSettings",
    "RoutingRule",
]
