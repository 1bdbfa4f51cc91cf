"""Validation follows the columns (issue 9 §2): the limits are derived from the model fields, never listed
here. For every concrete field with a max_length, max_digits/decimal_places or an integer range, of every
model a service writes from input, one value past the limit goes through the service: it is refused with a
ValidationError naming that field, and nothing is written. A new field with a limit fails
test_every_limited_field_is_covered until it is given an input here (or said to be generated)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from accounts import services as account_services
from accounts.models import ApiToken, Organisation
from audit.models import AuditEvent
from coordination.agencies import services as agency_services
from coordination.agencies.models import AgencyProfile, AgencyStatusChange, Inspection
from demand import services as demand_services
from demand.models import Attachment, DemandLetter, EmployerProfile, Position, PositionCost
from mou import models as mou_models
from mou import services as mou_services
from mou.terms import SCALAR_FIELDS
from tests.demand.helpers import kr_position, letter_data

pytestmark = pytest.mark.django_db

ROW_MODELS = {
    "wage_floors": mou_models.WageFloor, "required_tests": mou_models.RequiredTest,
    "fee_items": mou_models.FeeItem, "protections": mou_models.Protection, "quotas": mou_models.Quota,
    "portability_rules": mou_models.PortabilityRule,
}
# Fields with a limit that no input reaches: the services generate them.
GENERATED = {
    "mou.AgreementVersion.number", "demand.DemandLetter.reference", "demand.DemandLetter.status",
    "demand.DemandLetter.attestation_status",
    "demand.Position.line", "demand.EmployerProfile.accreditation", "accounts.ApiToken.digest",
    "accounts.ApiToken.hint", "demand.DemandLetter.attestation_document",
    # an attachment's stored name, type and size come from the file (its name shortened to the column)
    "demand.Attachment.file", "demand.Attachment.original_name", "demand.Attachment.content_type",
    "demand.Attachment.size",
    "demand.Attachment.kind",  # one of AttachmentKind, refused otherwise (tests/demand/test_letters.py)
    # agencies: statuses, outcomes and tiers are choices refused otherwise; the ranking and reminders are
    # computed; the status reason is the status change's reason (checked against that column, the same size)
    "agencies.AgencyProfile.status", "agencies.AgencyProfile.status_reason", "agencies.AgencyProfile.ranking_score",
    "agencies.AgencyProfile.ranking_tier", "agencies.AgencyProfile.expiry_reminder",
    "agencies.AgencyStatusChange.status_from", "agencies.AgencyStatusChange.status_to", "agencies.Inspection.outcome",
}


def limited(model: type[models.Model]) -> Iterator[models.Field]:
    """The concrete, non-relation fields of the model that have a limit."""
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or isinstance(field, models.BooleanField | models.DateField):
            continue
        if (isinstance(field, models.DecimalField) or getattr(field, "max_length", None)
                or field.get_internal_type() in BaseDatabaseOperations.integer_field_ranges):
            yield field


def past(field: models.Field) -> list[Any]:
    """Values one past the field's limits, from the field itself."""
    if isinstance(field, models.DecimalField):
        over = Decimal(10) ** (field.max_digits - field.decimal_places)
        return [over, str(over)]
    if field.get_internal_type() in BaseDatabaseOperations.integer_field_ranges:
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        return [high + 1, low - 1]
    return ["x" * (field.max_length + 1)]


def label(field: models.Field) -> str:
    return f"{field.model._meta.label}.{field.name}"


def refused(call: Callable[[], Any], path: str, count: Callable[[], int]) -> str | None:
    """None when the call raises a ValidationError naming `path` and writes nothing; else what happened."""
    before = count()
    try:
        call()
    except ValidationError as exc:
        keys = set(getattr(exc, "error_dict", {}) or {})
        if path not in keys:
            return f"{path}: refused on {sorted(keys)} instead"
    except Exception as exc:  # noqa: BLE001 — the point: no other error may escape
        return f"{path}: {exc!r}"
    else:
        return f"{path}: accepted"
    return None if count() == before else f"{path}: written although refused"


def covered_fields() -> set[str]:
    fields = {label(f) for f in limited(mou_models.AgreementVersion) if f.name in SCALAR_FIELDS or f.name == "reason"}
    fields |= {label(f) for f in limited(mou_models.Agreement)}
    for model in ROW_MODELS.values():
        fields |= {label(f) for f in limited(model)}
    fields |= {label(f) for f in limited(Position)} | {label(f) for f in limited(PositionCost)}
    fields |= {"demand.DemandLetter.attestation_officer", "demand.DemandLetter.decision_reason",
               "demand.DemandLetter.attestation_refusal_reason"}
    fields |= {label(f) for f in limited(EmployerProfile)} | {"accounts.ApiToken.name"}
    fields |= {"accounts.Organisation.name", "accounts.Organisation.name_km", "accounts.Organisation.licence_number",
               "accounts.Organisation.kind", "audit.AuditEvent.reason"}
    fields |= {"agencies.AgencyStatusChange.reason", "agencies.Inspection.inspector", "agencies.Inspection.findings"}
    return fields


def test_every_limited_field_is_covered():
    models_written = [mou_models.Agreement, mou_models.AgreementVersion, *ROW_MODELS.values(), DemandLetter, Attachment,
                      Position, PositionCost, EmployerProfile, ApiToken, Organisation, AuditEvent, AgencyProfile,
                      AgencyStatusChange, Inspection]
    every = {label(f) for model in models_written for f in limited(model)}
    allowed_elsewhere = {"audit.AuditEvent.action", "audit.AuditEvent.target_id", "audit.AuditEvent.target_label",
                         "demand.Finding.rule"}  # written by the services from their own names, not input
    missing = every - covered_fields() - GENERATED - allowed_elsewhere
    assert not missing, f"no limit test for: {sorted(missing)}"


@pytest.fixture
def base_terms(agreements):
    """Terms with at least one row of every kind (Korea's, with rows borrowed from the others where needed)."""
    versions = [a.versions.order_by("-number").first() for a in agreements.values()]
    terms = mou_services.terms_from_version(agreements["KR"].versions.order_by("-number").first())
    for name in ROW_MODELS:
        if not getattr(terms, name):
            donor = next(mou_services.terms_from_version(v) for v in versions if getattr(v, name).exists())
            terms = dataclasses.replace(terms, **{name: getattr(donor, name)[:1]})
    return terms


def test_agreement_create_refuses_one_past_every_column(users, base_terms):
    admin = users["ministry_admin"]
    count = mou_models.AgreementVersion.objects.count
    problems = []

    def create(terms=base_terms, **overrides):
        kwargs = {"actor": admin, "partner_country": "KR", "title": "Bounds", "channel": "g2g", "terms": terms,
                  **overrides}
        return lambda: mou_services.agreement_create(**kwargs)

    for field in limited(mou_models.Agreement):
        for value in past(field):
            problems.append(refused(create(**{field.name: value}), field.name, count))
    for field in limited(mou_models.AgreementVersion):
        if field.name == "reason":
            problems.append(refused(create(reason=past(field)[0]), "reason", count))
        elif field.name in SCALAR_FIELDS:
            for value in past(field):
                terms = dataclasses.replace(base_terms, **{field.name: value})
                problems.append(refused(create(terms), field.name, count))
    for name, model in ROW_MODELS.items():
        row_fields = {f.name for f in dataclasses.fields(getattr(base_terms, name)[0])}
        for field in limited(model):
            assert field.name in row_fields, f"{label(field)} has no input in {name}"
            for value in past(field):
                rows = list(getattr(base_terms, name))
                rows[0] = dataclasses.replace(rows[0], **{field.name: value})
                terms = dataclasses.replace(base_terms, **{name: rows})
                problems.append(refused(create(terms), f"{name}[0].{field.name}", count))
    assert [p for p in problems if p] == []


def test_letter_create_refuses_one_past_every_column(users, agreements, employers):
    employer = users["employer_kr"]
    count = DemandLetter.objects.count
    problems = []

    def create(data):
        return lambda: demand_services.letter_create(actor=employer, agreement=agreements["KR"], data=data)

    for field in limited(Position):
        if field.name == "line":
            continue
        for value in past(field):
            data = letter_data([kr_position(**{field.name: value})])
            problems.append(refused(create(data), f"positions[0].{field.name}", count))
    for field in limited(PositionCost):
        for value in past(field):
            position = kr_position()
            position.costs = [dataclasses.replace(position.costs[0], **{field.name: value})]
            problems.append(refused(create(letter_data([position])), f"positions[0].costs[0].{field.name}", count))
    officer = "x" * (DemandLetter._meta.get_field("attestation_officer").max_length + 1)
    problems.append(refused(create(letter_data(attestation_officer=officer)), "attestation_officer", count))
    assert [p for p in problems if p] == []


def test_review_reason_refuses_one_past_its_column(users, letter_in):
    letter = letter_in("under_review")
    reason = "x" * (DemandLetter._meta.get_field("decision_reason").max_length + 1)
    status = lambda: DemandLetter.objects.filter(pk=letter.pk, status="under_review").count()  # noqa: E731
    problem = refused(lambda: demand_services.letter_reject(actor=users["ministry_reviewer"], letter=letter,
                                                            reason=reason), "reason", status)
    assert problem is None


def test_attestation_refusal_reason_refuses_one_past_its_column(users, letter_in, attache_kr):
    letter = letter_in("attestation")
    reason = "x" * (DemandLetter._meta.get_field("attestation_refusal_reason").max_length + 1)
    status = lambda: DemandLetter.objects.filter(pk=letter.pk, status="attestation").count()  # noqa: E731
    problem = refused(lambda: demand_services.letter_refuse_attestation(actor=attache_kr, letter=letter,
                                                                        reason=reason), "reason", status)
    assert problem is None


def test_employer_profile_refuses_one_past_every_column(users, employers):
    org = users["employer_kr"].organisation
    values = {"legal_name": "L", "registration_number": "R", "address": "A", "sector": "C", "contact_name": "N",
              "contact_email": "n@example.com", "contact_phone": ""}
    count = AuditEvent.objects.filter(action="employer_profile.update").count
    problems = []
    for field in limited(EmployerProfile):
        if field.name == "accreditation":
            continue
        for value in past(field):
            problems.append(refused(lambda v=value, f=field: demand_services.employer_profile_save(
                actor=users["employer_kr"], organisation=org, **{**values, f.name: v}), field.name, count))
    problems.append(refused(lambda: demand_services.employer_profile_save(
        actor=users["ministry_admin"], organisation=org, **values,
        reason="x" * (AuditEvent._meta.get_field("reason").max_length + 1)), "reason", count))
    assert [p for p in problems if p] == []


def test_accounts_refuse_one_past_every_column(users, reference_data):
    problems = [refused(lambda: account_services.api_token_create(
        actor=users["employer_kr"], name="x" * (ApiToken._meta.get_field("name").max_length + 1)), "name",
        ApiToken.objects.count)]
    for name in ("name", "name_km", "licence_number", "kind"):
        value = "x" * (Organisation._meta.get_field(name).max_length + 1)
        args = {"name": "Bounds agency", "kind": "agency", "country": "KH", name: value}
        problems.append(refused(lambda a=args: account_services.organisation_save(
            actor=users["ministry_admin"], **a), name, Organisation.objects.count))
    assert [p for p in problems if p] == []


def test_agency_services_refuse_one_past_every_column(users):
    import datetime

    from django.utils import timezone

    admin, agency, today = users["ministry_admin"], users["agency"].organisation, timezone.localdate()
    over = lambda model, name: "x" * (model._meta.get_field(name).max_length + 1)  # noqa: E731
    problems = [refused(lambda: agency_services.agency_set_status(
        actor=admin, organisation=agency, status="suspended", reason=over(AgencyStatusChange, "reason")),
        "reason", AgencyStatusChange.objects.count)]
    for name in ("inspector", "findings"):
        values = {"inspected_on": today, "inspector": "Keo Dara", "findings": "Fine", "outcome": "minor",
                  name: over(Inspection, name)}
        problems.append(refused(lambda v=values: agency_services.inspection_record(
            actor=admin, organisation=agency, **v), name, Inspection.objects.count))
    problems.append(refused(lambda: agency_services.agency_licence_save(
        actor=admin, organisation=agency, licence_number=over(Organisation, "licence_number"), issued_on=today,
        expires_on=today + datetime.timedelta(days=9)), "licence_number", AgencyProfile.objects.count))
    problems.append(refused(lambda: agency_services.agency_licence_save(
        actor=admin, organisation=agency, licence_number="L", issued_on=today,
        expires_on=today + datetime.timedelta(days=9), reason=over(AuditEvent, "reason")), "reason",
        AgencyProfile.objects.count))
    assert [p for p in problems if p] == []
