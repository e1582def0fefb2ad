"""Persisted states of the community domain (下沉社区)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DutyActivity(models.TextChoices):
    """What a cadre did on a duty day (值守内容)."""

    PUBLICITY = "publicity", _("Publicity")
    GATE = "gate", _("Gate duty")
    PERSUASION = "persuasion", _("Persuasion")
    PATROL = "patrol", _("Patrol")
    ERRANDS = "errands", _("Errands")
    DISINFECTION = "disinfection", _("Disinfection")
    SURVEY = "survey", _("Household survey")


class Residency(models.TextChoices):
    PERMANENT = "permanent", _("Permanent resident")
    TENANT = "tenant", _("Tenant")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class HealthStatus(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    SYMPTOMS = "symptoms", _("Fever or symptoms")
    OBSERVATION = "observation", _("Under medical observation")
    HOSPITAL = "hospital", _("In hospital")
    RECOVERED = "recovered", _("Recovered")


class ResidentSource(models.TextChoices):
    SURVEY = "survey", _("Household survey")
    IMPORT = "import", _("Excel import")
    SELF = "self", _("Self-registered")


class FeedbackSource(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    SUBDISTRICT = "subdistrict", _("Sub-district")


class GroupPlatform(models.TextChoices):
    WECHAT = "wechat", _("WeChat")
    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")
    QQ = "qq", _("QQ")
    OTHER = "other", _("Other")
