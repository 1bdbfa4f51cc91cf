"""Job-seeker mutations: parse the input, call coordination.jobseekers.services, report problems as FieldErrors.

A likely duplicate is answered as data a partner system can act on: the payload's `duplicates` lists the
candidates (identifiers masked unless the record is the caller's job centre's), and `errors` holds one FieldError
with code `likely_duplicate` on the field `duplicates`. Send the same input again with the candidates' ids in
`distinctFrom` once a person has checked that they are someone else (or merge them)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import strawberry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from strawberry.file_uploads import Upload
from strawberry.types import Info

from accounts.permissions import is_signed_in
from api.context import actor, parse_id
from api.errors import FieldError, field_errors, not_found, unauthenticated
from coordination.jobseekers import merging, selectors, services, vetting
from coordination.jobseekers.graphql.inputs import (
    ConsentInput,
    JobSeekerInput,
    VettingEvidenceInput,
    consent_data,
    seeker_data,
)
from coordination.jobseekers.graphql.types import (
    ConsentType,
    DuplicateCandidateType,
    JobSeekerType,
    VettingEvidenceType,
)
from coordination.jobseekers.imports import seeker_import_start
from coordination.jobseekers.models import JobSeeker
from jobs.graphql.types import JobType

LIKELY_DUPLICATE = "likely_duplicate"
_POSITION = re.compile(r"\.(\d+)(?=\.|$)")


def errors_of(exc: ValidationError | PermissionDenied) -> list[FieldError]:
    """field_errors with list positions as the API writes them: the cleaner names `experiences.0.occupation`,
    the API `experiences[0].occupation` (as for every other input list)."""
    errors = field_errors(exc)
    for error in errors:
        error.field = _POSITION.sub(r"[\1]", error.field)
    return errors


@strawberry.type
class JobSeekerPayload:
    job_seeker: JobSeekerType | None = strawberry.field(default=None, description="Null when nothing was saved.")
    duplicates: list[DuplicateCandidateType] = strawberry.field(
        default_factory=list,
        description="Refused as a likely duplicate: the candidates, best match first (the error's code is "
        "`likely_duplicate`). Send their ids in `distinctFrom` to confirm a different person.",
    )
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class ConsentPayload:
    consent: ConsentType | None = strawberry.field(default=None, description="The consent recorded or withdrawn.")
    job_seeker: JobSeekerType | None = strawberry.field(default=None, description="The seeker after the change.")
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class VettingPayload:
    evidence: VettingEvidenceType | None = strawberry.field(default=None, description="Null when not recorded.")
    job_seeker: JobSeekerType | None = strawberry.field(
        default=None, description="The seeker after the change: vetting status and rosters follow the evidence.")
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class JobSeekerMergePayload:
    job_seeker: JobSeekerType | None = strawberry.field(
        default=None, description="The kept record after the merge; null when nothing was merged.")
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class JobSeekersDistinctPayload:
    confirmed: bool = strawberry.field(default=False, description="True once the pair is recorded as two people.")
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class JobSeekerImportPayload:
    job: JobType | None = strawberry.field(
        default=None, description="The queued import: poll `job(id)`. It imports every row or none.")
    errors: list[FieldError] = strawberry.field(default_factory=list)


def _renamed(errors: list[FieldError], names: dict[str, str]) -> list[FieldError]:
    """The services name their arguments (`keep`, `second`); the API names the ids it was sent."""
    for error in errors:
        error.field = names.get(error.field, error.field)
    return errors


def _pair(info: Info, first: strawberry.ID, second: strawberry.ID, names: tuple[str, str]
          ) -> tuple[JobSeeker, JobSeeker] | list[FieldError]:
    a = _visible(info, first, names[0])
    if isinstance(a, list):
        return a
    b = _visible(info, second, names[1])
    if isinstance(b, list):
        return b
    return a, b


def distinct_ids(raw: list[strawberry.ID] | None) -> list[int] | list[FieldError]:
    """The ids sent in `distinctFrom`, or a not_found FieldError for each that cannot be one."""
    ids, errors = [], []
    for i, value in enumerate(raw or []):
        pk = parse_id(value)
        if pk is None:
            errors.append(FieldError(field=f"distinctFrom[{i}]", code="not_found",
                                     message=_("That job seeker does not exist.")))
        else:
            ids.append(pk)
    return errors or ids


def _visible(info: Info, raw_id: strawberry.ID, field: str) -> JobSeeker | list[FieldError]:
    user = actor(info)
    if not is_signed_in(user):
        return unauthenticated()
    pk = parse_id(raw_id)
    seeker = selectors.seeker_get(actor=user, pk=pk) if pk is not None else None
    if seeker is None:
        return not_found(field, _("That job seeker does not exist."))
    return seeker


def _as_seen(user: Any, seeker: JobSeeker) -> JobSeeker | None:
    return selectors.seeker_get(actor=user, pk=seeker.pk)


def _saved(info: Info, save: Callable[[list[int]], JobSeeker], distinct_from: list[strawberry.ID] | None
           ) -> JobSeekerPayload:
    user = actor(info)
    ids = distinct_ids(distinct_from)
    if ids and isinstance(ids[0], FieldError):
        return JobSeekerPayload(errors=ids)  # type: ignore[arg-type]
    try:
        seeker = save(ids)  # type: ignore[arg-type]
    except services.LikelyDuplicate as exc:
        errors = errors_of(exc)
        for error in errors:
            error.code = LIKELY_DUPLICATE
        return JobSeekerPayload(errors=errors, duplicates=[DuplicateCandidateType.from_candidate(c, user)
                                                           for c in exc.candidates])
    except (ValidationError, PermissionDenied) as exc:
        return JobSeekerPayload(errors=errors_of(exc))
    return JobSeekerPayload(job_seeker=_as_seen(user, seeker))  # type: ignore[arg-type]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Register a job seeker in your job centre (counsellors), with their consent "
                         "when given. A national ID already registered refuses it (`nationalId`); a likely "
                         "duplicate refuses it with the candidates in `duplicates` until their ids are sent in "
                         "`distinctFrom`.")
    def register_job_seeker(self, info: Info, input: JobSeekerInput, consent: ConsentInput | None = None,
                            distinct_from: list[strawberry.ID] | None = None) -> JobSeekerPayload:
        user = actor(info)
        if not is_signed_in(user):
            return JobSeekerPayload(errors=unauthenticated())
        return _saved(info, lambda ids: services.seeker_register(
            actor=user, data=seeker_data(input), consent=consent_data(consent) if consent is not None else None,
            distinct_from=ids), distinct_from)

    @strawberry.mutation(description="Replace a seeker's record whole, with the same checks as registration (the "
                         "owning job centre's counsellors).")
    def update_job_seeker(self, info: Info, id: strawberry.ID, input: JobSeekerInput,
                          distinct_from: list[strawberry.ID] | None = None) -> JobSeekerPayload:
        found = _visible(info, id, "id")
        if isinstance(found, list):
            return JobSeekerPayload(errors=found)
        return _saved(info, lambda ids: services.seeker_update(
            actor=actor(info), seeker=found, data=seeker_data(input), distinct_from=ids), distinct_from)

    @strawberry.mutation(description="Record what the seeker agrees their data may be used for, replacing the "
                         "consent in force (the owning job centre's counsellors).")
    def record_consent(self, info: Info, job_seeker_id: strawberry.ID, input: ConsentInput) -> ConsentPayload:
        found = _visible(info, job_seeker_id, "jobSeekerId")
        if isinstance(found, list):
            return ConsentPayload(errors=found)
        try:
            consent = services.consent_record(actor=actor(info), seeker=found, data=consent_data(input))
        except (ValidationError, PermissionDenied) as exc:
            return ConsentPayload(errors=errors_of(exc))
        return ConsentPayload(consent=consent, job_seeker=_as_seen(actor(info), found))  # type: ignore[arg-type]

    @strawberry.mutation(description="The seeker withdraws consent (any counsellor, or ministry staff): at once out "
                         "of matching and out of every agency's and employer's view. The history is kept.")
    def withdraw_consent(self, info: Info, job_seeker_id: strawberry.ID, reason: str = "") -> ConsentPayload:
        found = _visible(info, job_seeker_id, "jobSeekerId")
        if isinstance(found, list):
            return ConsentPayload(errors=found)
        try:
            consent = services.consent_withdraw(actor=actor(info), seeker=found, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            return ConsentPayload(errors=errors_of(exc))
        return ConsentPayload(consent=consent, job_seeker=_as_seen(actor(info), found))  # type: ignore[arg-type]

    @strawberry.mutation(description="Record one piece of vetting evidence (the owning job centre's counsellors, "
                         "ministry staff): eligibility and the agreement rosters follow at once.")
    def record_vetting(self, info: Info, job_seeker_id: strawberry.ID, input: VettingEvidenceInput) -> VettingPayload:
        found = _visible(info, job_seeker_id, "jobSeekerId")
        if isinstance(found, list):
            return VettingPayload(errors=found)
        try:
            evidence = vetting.evidence_record(
                actor=actor(info), seeker=found, kind=input.kind.value, result=input.result.value,
                on_date=input.on_date, valid_until=input.valid_until,
                test=input.test.value if input.test is not None else "", test_name=input.test_name,
                score=input.score, reference=input.reference, notes=input.notes)
        except (ValidationError, PermissionDenied) as exc:
            return VettingPayload(errors=errors_of(exc))
        return VettingPayload(evidence=evidence, job_seeker=_as_seen(actor(info), found))  # type: ignore[arg-type]

    @strawberry.mutation(description="Merge record `mergeId` into record `keepId`: the same person registered "
                         "twice (a counsellor of either record's job centre, ministry staff). The merged record is "
                         "kept, frozen, pointing at the kept one; its history moves over and the kept record's "
                         "empty fields are filled from it. Refused when both have national IDs that differ.")
    def merge_job_seekers(self, info: Info, keep_id: strawberry.ID, merge_id: strawberry.ID, reason: str
                          ) -> JobSeekerMergePayload:
        found = _pair(info, keep_id, merge_id, ("keepId", "mergeId"))
        if isinstance(found, list):
            return JobSeekerMergePayload(errors=found)
        keep, merge = found
        try:
            kept = merging.seeker_merge(actor=actor(info), keep=keep, merge=merge, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            return JobSeekerMergePayload(errors=_renamed(errors_of(exc), {"keep": "keepId",
                                                                          "merge": "mergeId"}))
        return JobSeekerMergePayload(job_seeker=_as_seen(actor(info), kept))  # type: ignore[arg-type]

    @strawberry.mutation(description="Record that two likely duplicates are different people (a counsellor of "
                         "either record's job centre, ministry staff): neither the duplicate check nor a profile "
                         "proposes the pair again.")
    def confirm_distinct_job_seekers(self, info: Info, first_id: strawberry.ID, second_id: strawberry.ID
                                     ) -> JobSeekersDistinctPayload:
        found = _pair(info, first_id, second_id, ("firstId", "secondId"))
        if isinstance(found, list):
            return JobSeekersDistinctPayload(errors=found)
        try:
            merging.seeker_confirm_distinct(actor=actor(info), first=found[0], second=found[1])
        except (ValidationError, PermissionDenied) as exc:
            return JobSeekersDistinctPayload(errors=_renamed(errors_of(exc), {"first": "firstId",
                                                                              "second": "secondId"}))
        return JobSeekersDistinctPayload(confirmed=True)

    @strawberry.mutation(description="Register job seekers in bulk from a filled-in template workbook (.xlsx) "
                         "into your job centre, in the background (counsellors). Send the file as a multipart "
                         "request (GraphQL multipart request spec). `language` is the language of the job's "
                         "messages (the request's by default).")
    def import_job_seekers(self, info: Info, file: Upload, language: str | None = None) -> JobSeekerImportPayload:
        user = actor(info)
        if not is_signed_in(user):
            return JobSeekerImportPayload(errors=unauthenticated())
        codes = [code for code, _name in settings.LANGUAGES]
        if language is not None and language not in codes:
            return JobSeekerImportPayload(errors=[FieldError(field="language", code="invalid", message=_(
                "Choose one of the platform's languages: %(codes)s.") % {"codes": ", ".join(codes)})])
        try:
            job = seeker_import_start(actor=user, upload=file,
                                      language=language or get_language() or settings.LANGUAGE_CODE)
        except (ValidationError, PermissionDenied) as exc:
            return JobSeekerImportPayload(errors=field_errors(exc))
        return JobSeekerImportPayload(job=job)  # type: ignore[arg-type]
