"""Agreement mutations: parse the input, call mou.services, report problems as FieldErrors."""

from __future__ import annotations

import strawberry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from strawberry.types import Info

from accounts.permissions import is_signed_in
from api.context import actor, parse_id
from api.errors import FieldError, field_errors, not_found, unauthenticated
from mou import selectors, services
from mou.graphql.enums import AgreementStatus
from mou.graphql.inputs import AgreementAmendInput, AgreementCreateInput, version_terms
from mou.graphql.types import AgreementType, AgreementVersionType
from mou.models import Agreement


@strawberry.type
class AgreementPayload:
    agreement: AgreementType | None = None
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class AgreementAmendPayload:
    agreement: AgreementType | None = None
    version: AgreementVersionType | None = strawberry.field(default=None, description="The new version.")
    errors: list[FieldError] = strawberry.field(default_factory=list)


def _visible_agreement(info: Info, raw_id: strawberry.ID, field: str) -> Agreement | list[FieldError]:
    user = actor(info)
    if not is_signed_in(user):
        return unauthenticated()
    pk = parse_id(raw_id)
    agreement = selectors.agreement_get(actor=user, agreement_id=pk) if pk is not None else None
    if agreement is None:
        return not_found(field, _("That agreement does not exist."))
    return agreement


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Register an agreement with its first version (ministry staff).")
    def agreement_create(self, info: Info, input: AgreementCreateInput) -> AgreementPayload:
        user = actor(info)
        if not is_signed_in(user):
            return AgreementPayload(errors=unauthenticated())
        try:
            agreement = services.agreement_create(
                actor=user, partner_country=input.partner_country, title=input.title,
                channel=input.channel.value, terms=version_terms(input.terms), status=input.status.value,
                illustrative=input.illustrative, reason=input.reason, title_km=input.title_km,
            )
        except (ValidationError, PermissionDenied) as exc:
            return AgreementPayload(errors=field_errors(exc))
        return AgreementPayload(agreement=agreement)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Write a new version of an agreement's terms (ministry staff). The previous version "
        "stays in force until the day before the new one starts."
    )
    def agreement_amend(self, info: Info, input: AgreementAmendInput) -> AgreementAmendPayload:
        found = _visible_agreement(info, input.agreement_id, "agreementId")
        if isinstance(found, list):
            return AgreementAmendPayload(errors=found)
        try:
            version = services.agreement_amend(
                actor=actor(info), agreement=found, terms=version_terms(input.terms), reason=input.reason,
                title_km=input.title_km,
            )
        except (ValidationError, PermissionDenied) as exc:
            return AgreementAmendPayload(errors=field_errors(exc))
        version.refresh_from_db()  # show the terms as stored (e.g. 44 hours as 44.0), as queries do
        return AgreementAmendPayload(agreement=version.agreement, version=version)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Move an agreement to another status (ministry staff): DRAFT → IN_FORCE → SUSPENDED or "
        "EXPIRED; SUSPENDED → IN_FORCE or EXPIRED."
    )
    def agreement_set_status(
        self, info: Info, agreement_id: strawberry.ID, status: AgreementStatus, reason: str
    ) -> AgreementPayload:
        found = _visible_agreement(info, agreement_id, "agreementId")
        if isinstance(found, list):
            return AgreementPayload(errors=found)
        try:
            agreement = services.agreement_set_status(
                actor=actor(info), agreement=found, status=status.value, reason=reason
            )
        except (ValidationError, PermissionDenied) as exc:
            return AgreementPayload(errors=field_errors(exc))
        return AgreementPayload(agreement=agreement)  # type: ignore[arg-type]
