"""The audit trail as a GraphQL type (ministry staff only; selectors decide)."""

from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import auto
from strawberry.scalars import JSON

from accounts.graphql.types import UserType
from api.fields import column, fast_type
from audit import models


@fast_type(models.AuditEvent, name="AuditEvent", description="Who changed what, when, and why.")
class AuditEventType:
    id: strawberry.ID
    at: auto
    action: auto = column(description="e.g. `agreement.amend`.")
    actor: UserType | None = column(description="Null for changes made by the system.")
    target_id: auto
    target_label: auto
    before: JSON = column(description="The changed fields before the change.")
    after: JSON = column(description="The changed fields after the change.")
    reason: auto

    @strawberry_django.field(
        select_related=["target_type"], only=["target_type__app_label", "target_type__model"],
        description="What kind of thing changed, as `app_label.model`, e.g. `mou.agreement`.",
    )
    def target_type(self, root: models.AuditEvent) -> str:
        return f"{root.target_type.app_label}.{root.target_type.model}"
