"""The audit trail: ministry staff only (audit.selectors.audit_event_list decides)."""

from __future__ import annotations

from typing import Any

import strawberry
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from strawberry.types import Info

from api.context import signed_in_actor
from api.errors import BadRequest
from api.pagination import Connection, connection
from audit import selectors
from audit.graphql.types import AuditEventType


@strawberry.type
class Query:
    @connection(
        Connection[AuditEventType] | None,
        description="Audit events, newest first; empty unless you are ministry staff. "
        "`targetType` is `app_label.model`, e.g. `mou.agreement`.",
    )
    def audit_events(
        self, info: Info, target_type: str | None = None, target_id: strawberry.ID | None = None
    ) -> QuerySet[Any]:
        qs = selectors.audit_event_list(actor=signed_in_actor(info))
        if target_type:
            app_label, _dot, model = target_type.lower().partition(".")
            try:
                content_type = ContentType.objects.get_by_natural_key(app_label, model)
            except ContentType.DoesNotExist:
                raise BadRequest(
                    _("Unknown targetType %(value)s: use app_label.model, e.g. mou.agreement.")
                    % {"value": target_type}
                ) from None
            qs = qs.filter(target_type=content_type)
        if target_id is not None:
            qs = qs.filter(target_id=str(target_id))
        return qs
