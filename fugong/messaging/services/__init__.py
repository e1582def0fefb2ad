"""Writes of messaging. `notify` (the in-app inbox) keeps its import path for every app."""

from fugong.messaging.services.inbox import message_mark_read, messages_mark_all_read, notify

__all__ = ["message_mark_read", "messages_mark_all_read", "notify"]
