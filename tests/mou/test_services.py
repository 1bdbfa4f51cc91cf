from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from mou.models import AgreementStatus, AgreementVersion
from mou.selectors import agreement_version_in_force
from mou.services import agreement_amend, agreement_create, agreement_set_status, terms_from_version
from mou.terms import FeeItemData, PortabilityData, QuotaData, VersionTerms, WageFloorData

pytestmark = pytest.mark.django_db


def current_terms(agreement) -> VersionTerms:
    return terms_from_version(agreement.versions.order_by("-number").first())


def minimal_terms(**changes) -> VersionTerms:
    terms = VersionTerms(
        signed_date=datetime.date(2026, 1, 5), in_force_from=datetime.date(2026, 2, 1),
        hours_per_day=Decimal("8"), hours_per_week=Decimal("48"), overtime_rate=Decimal("1.5"),
        contract_min_months=12, contract_max_months=24, max_stay_months=48, min_age=18, max_age=45,
        roster_validity_months=12, sectors=["C"],
        wage_floors=[WageFloorData(sector="C", amount=Decimal("1500"), currency="USD", period="month")],
    )
    return dataclasses.replace(terms, **changes)


def test_create_writes_version_one_and_an_audit_event(users):
    agreement = agreement_create(
        actor=users["ministry_admin"], partner_country="sa", title="Cambodia–Saudi Arabia agreement",
        channel="private", terms=minimal_terms(), reason="Signed in Riyadh",
    )
    version = agreement.versions.get()
    assert (version.number, version.in_force_from, version.in_force_to) == (1, datetime.date(2026, 2, 1), None)
    assert [s.code for s in version.sectors.all()] == ["C"]
    event = AuditEvent.objects.get(action="agreement.create")
    assert event.actor == users["ministry_admin"] and event.reason == "Signed in Riyadh"
    assert event.after["partner_country"] == "SA" and event.after["hours_per_week"] == "48"


@pytest.mark.parametrize("role", ["employer_th", "agency", "counsellor", "attache", "no_org", "inactive"])
def test_only_ministry_staff_create_agreements(users, role):
    with pytest.raises(PermissionDenied):
        agreement_create(actor=users[role], partner_country="SA", title="x", channel="private",
                         terms=minimal_terms())
    assert not AgreementVersion.objects.exists()


@pytest.mark.parametrize("role", ["admin", "ministry_admin", "ministry_reviewer"])
def test_ministry_staff_and_platform_admins_create_agreements(users, role):
    agreement_create(actor=users[role], partner_country="SA", title=f"by {role}", channel="g2g",
                     terms=minimal_terms())
    assert AgreementVersion.objects.count() == 1


def test_amend_writes_a_new_version_and_keeps_the_old_one_for_earlier_dates(users, agreements):
    thailand = agreements["TH"]
    terms = dataclasses.replace(current_terms(thailand), in_force_from=datetime.date(2027, 1, 1),
                                hours_per_week=Decimal("44"))
    version = agreement_amend(actor=users["ministry_reviewer"], agreement=thailand, terms=terms,
                              reason="Exchange of letters, 2026-11-01")
    assert version.number == 2
    first = thailand.versions.get(number=1)
    assert first.in_force_to == datetime.date(2026, 12, 31)
    assert agreement_version_in_force(agreement=thailand, on=datetime.date(2026, 12, 31)).number == 1
    assert agreement_version_in_force(agreement=thailand, on=datetime.date(2027, 1, 1)).number == 2
    assert version.wage_floors.count() == first.wage_floors.count() == 4
    assert version.quotas.count() == first.quotas.count()
    assert version.portability_rules.count() == first.portability_rules.count()
    event = AuditEvent.objects.get(action="agreement.amend")
    assert event.reason == "Exchange of letters, 2026-11-01"
    assert event.before["hours_per_week"] == "48" and event.after["hours_per_week"] == "44"
    assert event.before["version"] == 1 and event.after["version"] == 2
    assert "min_age" not in event.after  # only what changed is recorded


def test_amend_needs_a_reason_and_a_later_start(users, agreements):
    thailand = agreements["TH"]
    terms = dataclasses.replace(current_terms(thailand), in_force_from=datetime.date(2027, 1, 1))
    with pytest.raises(ValidationError) as err:
        agreement_amend(actor=users["ministry_admin"], agreement=thailand, terms=terms, reason="  ")
    assert "reason" in err.value.message_dict
    earlier = dataclasses.replace(terms, in_force_from=datetime.date(2015, 12, 31))
    with pytest.raises(ValidationError) as err:
        agreement_amend(actor=users["ministry_admin"], agreement=thailand, terms=earlier, reason="x")
    assert "in_force_from" in err.value.message_dict
    assert thailand.versions.count() == 1 and not AuditEvent.objects.filter(action="agreement.amend").exists()


BAD_TERMS = [
    ("contract_max_months", {"contract_min_months": 24, "contract_max_months": 12}),
    ("min_weekly_rest_days", {"min_weekly_rest_days": 0}),
    ("hours_per_week", {"hours_per_day": Decimal("8"), "hours_per_week": Decimal("50")}),
    ("max_age", {"min_age": 40, "max_age": 30}),
    ("in_force_from", {"in_force_from": datetime.date(2025, 1, 1)}),
    ("sectors", {"sectors": ["ZZ"]}),
    ("occupations", {"occupations": ["9999"]}),
    ("wage_floors[0].sector", {"wage_floors": [WageFloorData(sector="F", amount=Decimal("1"), currency="USD",
                                                             period="month")]}),
    ("wage_floors[0].amount", {"wage_floors": [WageFloorData(sector="C", amount=Decimal("0"), currency="USD",
                                                             period="month")]}),
    ("wage_floors[0].currency", {"wage_floors": [WageFloorData(sector="C", amount=Decimal("9"), currency="XXX",
                                                               period="month")]}),
    ("fee_items[0].payer", {"zero_fee": True, "fee_items": [FeeItemData(name="Passport", payer="worker",
                                                                         cap_amount=Decimal("20"),
                                                                         cap_currency="USD")]}),
    ("fee_items[0].cap_amount", {"zero_fee": False, "fee_items": [FeeItemData(name="Passport", payer="worker")]}),
    ("quotas[1].sector", {"quotas": [QuotaData(year=2026, sector="C", cap=10),
                                     QuotaData(year=2026, sector="C", cap=20)]}),
    ("quotas[0].year", {"quotas": [QuotaData(year=26, sector="C", cap=10)]}),
    ("portability_rules[0].summary_km", {"portability_rules": [PortabilityData(branch="old_age",
                                                                               summary_en="x", summary_km="")]}),
    ("portability_rules[0].worker_percent", {"portability_rules": [PortabilityData(
        branch="old_age", summary_en="x", summary_km="y", worker_percent=Decimal("120"))]}),
]


@pytest.mark.parametrize(("field", "changes"), BAD_TERMS, ids=[f for f, _ in BAD_TERMS])
def test_bad_terms_are_refused_naming_the_field_and_nothing_is_written(users, field, changes):
    with pytest.raises(ValidationError) as err:
        agreement_create(actor=users["ministry_admin"], partner_country="SA", title="x", channel="private",
                         terms=minimal_terms(**changes))
    assert field in err.value.message_dict, err.value.message_dict
    assert not AgreementVersion.objects.exists() and not AuditEvent.objects.exists()


def test_every_problem_is_reported_at_once(users):
    with pytest.raises(ValidationError) as err:
        agreement_create(actor=users["ministry_admin"], partner_country="", title="", channel="boat",
                         terms=minimal_terms(min_age=10, contract_max_months=1))
    assert {"partner_country", "title", "channel", "min_age", "contract_max_months"} <= set(err.value.message_dict)


def test_division_of_a_covered_section_is_covered(users):
    terms = minimal_terms(wage_floors=[WageFloorData(sector="14", amount=Decimal("9"), currency="USD",
                                                     period="hour")])
    agreement = agreement_create(actor=users["ministry_admin"], partner_country="SA", title="x",
                                 channel="private", terms=terms)
    assert agreement.versions.get().wage_floors.get().sector.code == "14"


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("draft", "in_force", True), ("in_force", "suspended", True), ("in_force", "expired", True),
        ("suspended", "in_force", True), ("draft", "suspended", False), ("expired", "in_force", False),
        ("in_force", "draft", False), ("in_force", "in_force", False),
    ],
)
def test_status_transitions(users, start, target, allowed):
    agreement = agreement_create(actor=users["ministry_admin"], partner_country="SA", title="x",
                                 channel="private", terms=minimal_terms())
    agreement.status = start
    agreement.save()
    if allowed:
        agreement_set_status(actor=users["ministry_admin"], agreement=agreement, status=target, reason="Letter 12")
        agreement.refresh_from_db()
        assert agreement.status == target
        event = AuditEvent.objects.get(action="agreement.set_status")
        assert (event.before, event.after, event.reason) == ({"status": start}, {"status": target}, "Letter 12")
    else:
        with pytest.raises(ValidationError):
            agreement_set_status(actor=users["ministry_admin"], agreement=agreement, status=target, reason="x")
        agreement.refresh_from_db()
        assert agreement.status == start


def test_status_change_needs_a_reason_and_ministry(users, agreements):
    with pytest.raises(ValidationError):
        agreement_set_status(actor=users["ministry_admin"], agreement=agreements["TH"],
                             status=AgreementStatus.SUSPENDED, reason="")
    with pytest.raises(PermissionDenied):
        agreement_set_status(actor=users["agency"], agreement=agreements["TH"],
                             status=AgreementStatus.SUSPENDED, reason="x")


def test_expired_agreement_cannot_be_amended(users, agreements):
    korea = agreements["KR"]
    agreement_set_status(actor=users["ministry_admin"], agreement=korea, status="expired", reason="Ended")
    terms = dataclasses.replace(current_terms(korea), in_force_from=datetime.date(2030, 1, 1))
    with pytest.raises(ValidationError):
        agreement_amend(actor=users["ministry_admin"], agreement=korea, terms=terms, reason="x")
