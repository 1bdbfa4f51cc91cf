"""Demand-letter and employer mutations: parse the input, call demand.services, report problems as
FieldErrors. Screening findings come back as data beside the errors."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import strawberry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from strawberry.file_uploads import Upload
from strawberry.types import Info

from accounts.models import Organisation
from accounts.permissions import is_signed_in
from config.graphql_context import actor
from config.graphql_errors import FieldError, field_errors, not_found, unauthenticated
from demand import permissions as perms
from demand import selectors, services
from demand.graphql.enums import Accreditation, ReviewDecision
from demand.graphql.inputs import (
    AllocationInput,
    DemandLetterCreateInput,
    DemandLetterInput,
    EmployerProfileInput,
    letter_data,
)
from demand.graphql.types import AllocationType, DemandLetterType, EmployerType, FindingType, stored_findings
from demand.models import DemandLetter
from demand.spreadsheets import positions_import_start
from jobs.graphql.types import JobType
from mou.selectors import agreement_get
from validation import parse_id  # ASCII digits only: "१२" is no id (validation.numbers)


@strawberry.type
class DemandLetterPayload:
    letter: DemandLetterType | None = None
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class AllocationPayload:
    allocation: AllocationType | None = strawberry.field(default=None, description="Null when not recorded.")
    letter: DemandLetterType | None = strawberry.field(
        default=None, description="The letter after the change (as you may see it)."
    )
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class DemandLetterPrecheckPayload:
    findings: list[FindingType] = strawberry.field(
        default_factory=list, description="The screening report; any BLOCKER prevents submission."
    )
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class DemandLetterSubmitPayload:
    letter: DemandLetterType | None = strawberry.field(default=None, description="Null when not submitted.")
    findings: list[FindingType] = strawberry.field(
        default_factory=list,
        description="Refused for blockers: the whole report (each blocker is also in `errors`, as "
        "`positions[i]` or `__all__`). Submitted: the warnings recorded for the reviewer.",
    )
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class DemandLetterImportPayload:
    job: JobType | None = strawberry.field(
        default=None, description="The queued import: poll `job(id)`. It imports every row or none."
    )
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class EmployerPayload:
    employer: EmployerType | None = None
    errors: list[FieldError] = strawberry.field(default_factory=list)


def _renamed(errors: list[FieldError], names: dict[str, str]) -> list[FieldError]:
    """Services name the objects they were given (`agreement`, `allocations[0].agency`); the input names ids."""
    for error in errors:
        head, dot, last = error.field.rpartition(".")
        if last in names:
            error.field = f"{head}{dot}{names[last]}"
    return errors


def _visible_letter(info: Info, raw_id: strawberry.ID, field: str = "id") -> DemandLetter | list[FieldError]:
    user = actor(info)
    if not is_signed_in(user):
        return unauthenticated()
    pk = parse_id(raw_id)
    letter = selectors.letter_list(actor=user).filter(pk=pk).first() if pk is not None else None
    if letter is None:
        return not_found(field, _("That demand letter does not exist."))
    return letter


def _as_seen(user: Any, letter: DemandLetter) -> DemandLetter | None:
    """The letter a service returned, read again through the selector: its allocations are then the ones the
    actor may see (an agency its own), as in every query. None if the actor can no longer see it."""
    return selectors.letter_list(actor=user).filter(pk=letter.pk).first()


def _move(info: Info, raw_id: strawberry.ID, service: Callable[..., DemandLetter], **kwargs: Any
          ) -> DemandLetterPayload:
    """Find the letter, call the workflow service, report its refusal."""
    found = _visible_letter(info, raw_id)
    if isinstance(found, list):
        return DemandLetterPayload(errors=found)
    try:
        letter = service(actor=actor(info), letter=found, **kwargs)
    except (ValidationError, PermissionDenied) as exc:
        return DemandLetterPayload(errors=field_errors(exc))
    return DemandLetterPayload(letter=_as_seen(actor(info), letter))  # type: ignore[arg-type]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="File a draft demand letter (an employer's staff), under the agreement with "
                         "the employer's country. Nothing is screened yet: see `demandLetterPrecheck`.")
    def demand_letter_create(self, info: Info, input: DemandLetterCreateInput) -> DemandLetterPayload:
        user = actor(info)
        if not is_signed_in(user):
            return DemandLetterPayload(errors=unauthenticated())
        pk = parse_id(input.agreement_id)
        agreement = agreement_get(actor=user, agreement_id=pk) if pk is not None else None
        if agreement is None:
            return DemandLetterPayload(errors=not_found("agreementId", _("That agreement does not exist.")))
        try:
            letter = services.letter_create(actor=user, agreement=agreement, data=letter_data(input))
        except (ValidationError, PermissionDenied) as exc:
            return DemandLetterPayload(errors=_renamed(field_errors(exc), {"agreement": "agreementId"}))
        return DemandLetterPayload(letter=letter)  # type: ignore[arg-type]

    @strawberry.mutation(description="Replace a draft's (or returned letter's) dates, attestation and positions, "
                         "all or nothing (the letter's employer staff).")
    def demand_letter_update(self, info: Info, id: strawberry.ID, input: DemandLetterInput) -> DemandLetterPayload:
        return _move(info, id, services.letter_update, data=letter_data(input))

    @strawberry.mutation(description="Screen a letter against the agreement version in force today, changing "
                         "nothing (the letter's employer staff, ministry staff).")
    def demand_letter_precheck(self, info: Info, id: strawberry.ID) -> DemandLetterPrecheckPayload:
        found = _visible_letter(info, id)
        if isinstance(found, list):
            return DemandLetterPrecheckPayload(errors=found)
        try:
            findings = services.letter_precheck(actor=actor(info), letter=found)
        except (ValidationError, PermissionDenied) as exc:
            return DemandLetterPrecheckPayload(errors=field_errors(exc))
        return DemandLetterPrecheckPayload(findings=findings)

    @strawberry.mutation(description="Submit a draft, or resubmit a returned letter (the letter's employer staff). "
                         "Screening runs first: any blocker refuses the submission and nothing changes.")
    def demand_letter_submit(self, info: Info, id: strawberry.ID) -> DemandLetterSubmitPayload:
        found = _visible_letter(info, id)
        if isinstance(found, list):
            return DemandLetterSubmitPayload(errors=found)
        try:
            letter = services.letter_submit(actor=actor(info), letter=found)
        except services.SubmissionBlocked as exc:
            return DemandLetterSubmitPayload(findings=exc.findings, errors=field_errors(exc))
        except (ValidationError, PermissionDenied) as exc:
            return DemandLetterSubmitPayload(errors=field_errors(exc))
        return DemandLetterSubmitPayload(letter=letter, findings=stored_findings(letter))  # type: ignore[arg-type]

    @strawberry.mutation(description="Import the positions of a filled-in template workbook (.xlsx) into a draft or "
                         "returned letter, in the background (the letter's employer staff). Send the file as a "
                         "multipart request (GraphQL multipart request spec).")
    def demand_letter_import_positions(self, info: Info, id: strawberry.ID, file: Upload) -> DemandLetterImportPayload:
        found = _visible_letter(info, id)
        if isinstance(found, list):
            return DemandLetterImportPayload(errors=found)
        try:
            job = positions_import_start(actor=actor(info), letter=found, upload=file,
                                         language=get_language() or settings.LANGUAGE_CODE)
        except (ValidationError, PermissionDenied) as exc:
            return DemandLetterImportPayload(errors=field_errors(exc))
        return DemandLetterImportPayload(job=job)  # type: ignore[arg-type]

    @strawberry.mutation(description="Take a submitted letter into review (ministry staff).")
    def demand_letter_start_review(self, info: Info, id: strawberry.ID) -> DemandLetterPayload:
        return _move(info, id, services.letter_start_review)

    @strawberry.mutation(description="Decide on a letter under review (ministry staff): APPROVE draws its workers "
                         "from the quota, all or nothing; RETURN sends it back for changes and REJECT ends it, "
                         "both with a reason.")
    def demand_letter_review(
        self, info: Info, id: strawberry.ID, decision: ReviewDecision, reason: str = ""
    ) -> DemandLetterPayload:
        return _move(info, id, services.letter_decide, decision=decision.value, reason=reason)

    @strawberry.mutation(description="Allocate an approved letter's positions to licensed agencies (ministry "
                         "staff); more may be added while it is allocated.")
    def demand_letter_allocate(
        self, info: Info, id: strawberry.ID, allocations: list[AllocationInput]
    ) -> DemandLetterPayload:
        found = _visible_letter(info, id)
        if isinstance(found, list):
            return DemandLetterPayload(errors=found)
        ids = [parse_id(a.agency_id) for a in allocations]
        agencies = Organisation.objects.in_bulk([pk for pk in ids if pk is not None])
        pairs = [(agencies.get(pk) if pk is not None else None, a.workers)
                 for pk, a in zip(ids, allocations, strict=True)]
        try:
            letter = services.letter_allocate(actor=actor(info), letter=found, allocations=pairs)  # type: ignore[arg-type]
        except (ValidationError, PermissionDenied) as exc:
            return DemandLetterPayload(errors=_renamed(field_errors(exc), {"agency": "agencyId"}))
        return DemandLetterPayload(letter=letter)  # type: ignore[arg-type]

    @strawberry.mutation(description="Withdraw an approval (ministry staff), with a reason: what was not used goes "
                         "back to the quota.")
    def demand_letter_revoke(self, info: Info, id: strawberry.ID, reason: str) -> DemandLetterPayload:
        return _move(info, id, services.letter_revoke, reason=reason)

    @strawberry.mutation(description="Start recruiting for an allocated letter (ministry staff, or an agency it "
                         "is allocated to).")
    def demand_letter_start_recruiting(self, info: Info, id: strawberry.ID) -> DemandLetterPayload:
        return _move(info, id, services.letter_start_recruiting)

    @strawberry.mutation(description="Record how many of an agency's allocated positions are filled, from 0 to the "
                         "positions allocated, while the letter is allocated or recruiting (ministry staff, or "
                         "that agency's staff for its own allocation). Filled positions count as quota used.")
    def allocation_set_filled(
        self, info: Info, letter_id: strawberry.ID, agency_id: strawberry.ID, filled: int
    ) -> AllocationPayload:
        found = _visible_letter(info, letter_id, field="letterId")
        if isinstance(found, list):
            return AllocationPayload(errors=found)
        user = actor(info)
        pk = parse_id(agency_id)
        allocation = selectors.allocation_get(actor=user, letter=found, agency_id=pk) if pk is not None else None
        if allocation is None:
            return AllocationPayload(errors=not_found("agencyId", _("That agency has no allocation on this letter.")))
        try:
            allocation = services.allocation_set_filled(actor=user, allocation=allocation, filled=filled)
        except (ValidationError, PermissionDenied) as exc:
            return AllocationPayload(errors=field_errors(exc))
        return AllocationPayload(allocation=allocation, letter=_as_seen(user, found))  # type: ignore[arg-type]

    @strawberry.mutation(description="Mark a recruiting letter filled: every allocated position is taken, and "
                         "approved workers never allocated go back to the quota (ministry staff, or an agency it "
                         "is allocated to).")
    def demand_letter_fill(self, info: Info, id: strawberry.ID) -> DemandLetterPayload:
        return _move(info, id, services.letter_fill)

    @strawberry.mutation(description="Close an approved, allocated or recruiting letter early, with a reason "
                         "(ministry staff, or the letter's employer withdrawing its demand): positions not filled "
                         "go back to the quota.")
    def demand_letter_close(self, info: Info, id: strawberry.ID, reason: str) -> DemandLetterPayload:
        return _move(info, id, services.letter_close, reason=reason)

    @strawberry.mutation(description="Accredit (optionally until a date), suspend, ban (until a date) or reset an "
                         "employer to pending (ministry staff), with a reason.")
    def employer_set_accreditation(
        self, info: Info, organisation_id: strawberry.ID, status: Accreditation, reason: str,
        until: datetime.date | None = None,
    ) -> EmployerPayload:
        user = actor(info)
        if not is_signed_in(user):
            return EmployerPayload(errors=unauthenticated())
        pk = parse_id(organisation_id)
        profile = selectors.employer_get(actor=user, organisation_id=pk) if pk is not None else None
        if profile is None:
            return EmployerPayload(errors=not_found(
                "organisationId", _("That employer does not exist or has not completed its profile.")))
        try:
            profile = services.employer_set_accreditation(
                actor=user, organisation=profile.organisation, status=status.value, until=until, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            return EmployerPayload(errors=_renamed(field_errors(exc), {"organisation": "organisationId"}))
        return EmployerPayload(employer=profile)  # type: ignore[arg-type]

    @strawberry.mutation(description="Create or replace an employer's profile: an employer's staff their own (leave "
                         "out `organisationId`; no reason needed), ministry staff any employer's, with a reason "
                         "that is recorded and sent to the employer's staff. A new profile starts PENDING.")
    def employer_profile_save(
        self, info: Info, input: EmployerProfileInput, organisation_id: strawberry.ID | None = None,
        reason: str = "",
    ) -> EmployerPayload:
        user = actor(info)
        if not is_signed_in(user):
            return EmployerPayload(errors=unauthenticated())
        if organisation_id is None:
            if not perms.is_employer_staff(user):
                return EmployerPayload(errors=[FieldError(
                    field="organisationId", code="invalid", message=_("Say which employer's profile to save."))])
            pk: int | None = user.organisation_id
        else:
            pk = parse_id(organisation_id)
        organisation = selectors.employer_organisation_get(actor=user, organisation_id=pk) if pk is not None else None
        if organisation is None:
            return EmployerPayload(errors=not_found("organisationId", _("That employer does not exist.")))
        try:
            profile = services.employer_profile_save(
                actor=user, organisation=organisation, reason=reason,
                legal_name=input.legal_name, registration_number=input.registration_number, address=input.address,
                sector=input.sector, contact_name=input.contact_name, contact_email=input.contact_email,
                contact_phone=input.contact_phone,
            )
        except (ValidationError, PermissionDenied) as exc:
            return EmployerPayload(errors=_renamed(field_errors(exc), {"organisation": "organisationId"}))
        return EmployerPayload(employer=profile)  # type: ignore[arg-type]
