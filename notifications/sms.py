"""Pluggable SMS sending, shaped like django.core.mail's backends.

settings.SMS_BACKEND is the dotted path of a class with `send_messages(messages) -> int`. A real
gateway (an operator's HTTP API) is one more subclass of BaseSmsBackend; nothing else changes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


# What LocmemSmsBackend has "sent", like django.core.mail.outbox. Tests clear it.
outbox: list[SmsMessage] = []


class BaseSmsBackend:
    def __init__(self, **kwargs: Any) -> None:
        self.options = kwargs

    def send_messages(self, messages: Sequence[SmsMessage]) -> int:
        """Send the messages; return how many were sent. Raise on failure (the task records and retries)."""
        raise NotImplementedError


class LoggingSmsBackend(BaseSmsBackend):
    """The embedded default: writes each message to the log instead of sending it."""

    def send_messages(self, messages: Sequence[SmsMessage]) -> int:
        for message in messages:
            log.info("SMS to %s : %s", message.to, message.text)
        return len(messages)


class LocmemSmsBackend(BaseSmsBackend):
    """For tests: keeps the messages in notifications.sms.outbox (per process)."""

    def send_messages(self, messages: Sequence[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


def get_backend(**kwargs: Any) -> BaseSmsBackend:
    """An instance of the backend named by settings.SMS_BACKEND (read on each call)."""
    path = getattr(settings, "SMS_BACKEND", "") or "notifications.sms.LoggingSmsBackend"
    return import_string(path)(**kwargs)


def send_sms(*, to: str, text: str) -> int:
    return get_backend().send_messages([SmsMessage(to=to, text=text)])
