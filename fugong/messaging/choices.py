"""Persisted states and kinds of messaging, one TextChoices each."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    URGENT = "urgent", _("Urgent notice")  # 紧急通知
    PLAN = "plan", _("Implementation plan")  # 实施方案
    RULE = "rule", _("Management rule")  # 管理制度
    PUBLICITY = "publicity", _("Publicity")  # 宣传


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChannelKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")  # 企业微信群机器人
    DINGTALK = "dingtalk", _("DingTalk group robot")  # 钉钉自定义机器人
    WEBHOOK = "webhook", _("JSON webhook")
    SMS = "sms", _("SMS")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    CLAIMED = "claimed", _("Taken by a worker")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    UNCERTAIN = "uncertain", _("Uncertain (check the group)")
    DEAD = "dead", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class AttemptOutcome(models.TextChoices):
    SENT = "sent", _("Sent")
    RETRY = "retry", _("Will retry")
    DEAD = "dead", _("Refused")
    UNCERTAIN = "uncertain", _("No answer")
    DEFERRED = "deferred", _("Rate limit: deferred")
