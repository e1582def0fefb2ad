"""Gates and passages (门岗, 出入登记) and contact tracing (密接排查)."""

from fugong.gates.models.checkpoints import Checkpoint
from fugong.gates.models.passages import AppendOnlyError, Passage
from fugong.gates.models.tracing import ContactTracingCase, RetentionPurge, TracingRun

__all__ = [
    "AppendOnlyError",
    "Checkpoint",
    "ContactTracingCase",
    "Passage",
    "RetentionPurge",
    "TracingRun",
]
