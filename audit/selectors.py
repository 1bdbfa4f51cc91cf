"""Reads of the audit trail: only for those allowed to see it."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from accounts.permissions import can_view_audit
from audit.models import AuditEvent


def audit_event_list(
    *, actor: Any, target: models.Model | None = None, targets: list[models.Model] | None = None,
    action: str = "", since: datetime.datetime | None = None,
) -> QuerySet[AuditEvent]:
    if not can_view_audit(actor):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.select_related("actor", "target_type")
    if action:
        qs = qs.filter(action=action)
    if since is not None:
        qs = qs.filter(at__gte=since)
    if target is not None:
        targets = [target]
    if targets is not None:
        q = models.Q(pk__in=[])
        for t in targets:
            ct = ContentType.objects.get_for_model(t, for_concrete_model=True)
            q |= models.Q(target_type=ct, target_id=str(t.pk))
        qs = qs.filter(q)
    return qs


def audit_action_list(*, actor: Any) -> list[str]:
    """The actions recorded so far, in code order (for the trail's filter)."""
    return sorted(audit_event_list(actor=actor).order_by().values_list("action", flat=True).distinct())
