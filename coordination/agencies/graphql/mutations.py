"""Agency supervision mutations (ministry staff): parse the input, call coordination.agencies.services,
report problems as FieldErrors."""

from __future__ import annotations

import datetime

import strawberry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from strawberry.types import Info

from accounts.models import Organisation
from accounts.permissions import is_signed_in
from api.context import actor, parse_id
from api.errors import FieldError, field_errors, not_found, unauthenticated
from coordination.agencies import selectors, services
from coordination.agencies.graphql.types import AgencyStatus, AgencyType, InspectionOutcome, InspectionType


@strawberry.type
class AgencyPayload:
    agency: AgencyType | None = strawberry.field(default=None, description="The agency after the change.")
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class AgencyInspectionPayload:
    inspection: InspectionType | None = strawberry.field(default=None, description="Null when not recorded.")
    agency: AgencyType | None = None
    errors: list[FieldError] = strawberry.field(default_factory=list)


def _agency(info: Info, agency_id: strawberry.ID) -> tuple[Organisation | None, list[FieldError]]:
    user = actor(info)
    if not is_signed_in(user):
        return None, unauthenticated()
    pk = parse_id(agency_id)
    organisation = selectors.agency_get(actor=user, organisation_id=pk) if pk is not None else None
    if organisation is None:
        return None, not_found("agencyId", _("That agency does not exist."))
    return organisation, []


def _errors(exc: ValidationError | PermissionDenied) -> list[FieldError]:
    errors = field_errors(exc)
    for error in errors:
        if error.field == "organisation":
            error.field = "agencyId"
    return errors


def _reloaded(info: Info, organisation: Organisation) -> Organisation | None:
    return selectors.agency_get(actor=actor(info), organisation_id=organisation.pk)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Record an agency's licence: its number and its issue and expiry dates "
                         "(ministry staff). After the expiry date the agency gets no new allocations and no "
                         "access to job seekers.")
    def agency_set_licence(
        self, info: Info, agency_id: strawberry.ID, licence_number: str, issued_on: datetime.date,
        expires_on: datetime.date, reason: str = "",
    ) -> AgencyPayload:
        organisation, errors = _agency(info, agency_id)
        if organisation is None:
            return AgencyPayload(errors=errors)
        try:
            services.agency_licence_save(actor=actor(info), organisation=organisation, licence_number=licence_number,
                                         issued_on=issued_on, expires_on=expires_on, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            return AgencyPayload(errors=_errors(exc))
        return AgencyPayload(agency=_reloaded(info, organisation))  # type: ignore[arg-type]

    @strawberry.mutation(description="Suspend, revoke or restore an agency's licence, with a reason (ministry "
                         "staff). Suspended and revoked agencies lose new allocations and access to job seekers "
                         "at once; their staff are told why.")
    def agency_set_status(self, info: Info, agency_id: strawberry.ID, status: AgencyStatus, reason: str
                          ) -> AgencyPayload:
        organisation, errors = _agency(info, agency_id)
        if organisation is None:
            return AgencyPayload(errors=errors)
        try:
            services.agency_set_status(actor=actor(info), organisation=organisation, status=status.value,
                                       reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            return AgencyPayload(errors=_errors(exc))
        return AgencyPayload(agency=_reloaded(info, organisation))  # type: ignore[arg-type]

    @strawberry.mutation(description="Record an inspection of an agency: its date, inspector, findings and "
                         "outcome (ministry staff). The ranking is computed again.")
    def agency_record_inspection(
        self, info: Info, agency_id: strawberry.ID, inspected_on: datetime.date, inspector: str, findings: str,
        outcome: InspectionOutcome,
    ) -> AgencyInspectionPayload:
        organisation, errors = _agency(info, agency_id)
        if organisation is None:
            return AgencyInspectionPayload(errors=errors)
        try:
            inspection = services.inspection_record(actor=actor(info), organisation=organisation,
                                                    inspected_on=inspected_on, inspector=inspector,
                                                    findings=findings, outcome=outcome.value)
        except (ValidationError, PermissionDenied) as exc:
            return AgencyInspectionPayload(errors=_errors(exc))
        return AgencyInspectionPayload(inspection=inspection,  # type: ignore[arg-type]
                                       agency=_reloaded(info, organisation))  # type: ignore[arg-type]
