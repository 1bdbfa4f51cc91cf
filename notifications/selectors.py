"""Reads of notifications: a person sees their own, nobody else's (administrators included)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.permissions import is_signed_in
from notifications.models import Notification


def notification_list(*, actor: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The actor's notifications, newest first."""
    if not is_signed_in(actor):
        return Notification.objects.none()
    qs = Notification.objects.filter(user=actor).select_related("letter")
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
