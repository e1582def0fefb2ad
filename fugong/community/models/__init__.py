"""Community epidemic control (下沉社区): cadres, duty, the resident survey, groups, feedback."""

from fugong.community.models.cadres import Deployment, DutyLog, Feedback
from fugong.community.models.imports import SurveyImport
from fugong.community.models.residents import (
    VULNERABLE_FLAGS,
    Household,
    Resident,
    ResidentGroup,
    vulnerable_q,
)

__all__ = [
    "VULNERABLE_FLAGS",
    "Deployment",
    "DutyLog",
    "Feedback",
    "Household",
    "Resident",
    "ResidentGroup",
    "SurveyImport",
    "vulnerable_q",
]
