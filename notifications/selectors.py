"""Reads of notifications: a person sees their own, nobody else's (administrators included)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.permissions import can_resend_deliveries, is_signed_in
from notifications.models import Delivery, DeliveryStatus, Notification


def notification_list(*, actor: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The actor's notifications, newest first."""
    if not is_signed_in(actor):
        return Notification.objects.none()
    qs = Notification.objects.filter(user=actor).select_related("target_type")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_get(*, actor: Any, notification_id: int) -> Notification | None:
    return notification_list(actor=actor).filter(pk=notification_id).first()


def unread_count(*, actor: Any) -> int:
    """One COUNT query on the (user, read_at) index; 0 for anyone not signed in."""
    if not is_signed_in(actor):
        return 0
    return Notification.objects.filter(user=actor, read_at__isnull=True).count()


def stuck_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """A delivery claimed before this moment and still "sending" is stuck."""
    return (now or timezone.now()) - datetime.timedelta(minutes=settings.NOTIFICATION_STUCK_MINUTES)


def stuck_q(now: datetime.datetime | None = None) -> Q:
    return Q(status=DeliveryStatus.SENDING, claimed_at__lt=stuck_cutoff(now))


def resendable_q(now: datetime.datetime | None = None) -> Q:
    """What a person may send again: failed, or stuck in sending."""
    return Q(status=DeliveryStatus.FAILED) | stuck_q(now)


def delivery_problem_list(*, actor: Any, channel: str = "") -> QuerySet[Delivery]:
    """Failed and stuck deliveries, newest first: for ministry administrators only."""
    if not can_resend_deliveries(actor):
        return Delivery.objects.none()
    qs = Delivery.objects.filter(resendable_q()).select_related("notification__user")
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("-created_at", "-id")
