"""Messaging models, one module per sub-domain: the inbox, notices, channels, the outbox
and the reminder schedule."""

from fugong.messaging.models.channels import Channel
from fugong.messaging.models.inbox import InAppMessage
from fugong.messaging.models.notices import Notice, NoticeAttachment, ReadReceipt
from fugong.messaging.models.outbox import DeliveryAttempt, OutboxMessage, ReminderRun

__all__ = [
    "Channel",
    "DeliveryAttempt",
    "InAppMessage",
    "Notice",
    "NoticeAttachment",
    "OutboxMessage",
    "ReadReceipt",
    "ReminderRun",
]
