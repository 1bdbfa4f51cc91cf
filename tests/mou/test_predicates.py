"""The predicates on an agreement's terms (mou.predicates), on the illustrative agreements' real rows."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mou.models import AgreementVersion
from mou.predicates import (
    AgreementTerms,
    agreement_terms,
    fee_key,
    occupation_chain,
    sector_chain,
    sector_code_chain,
    sector_within_q,
)
from mou.selectors import agreement_version_applicable, agreement_version_in_force
from reference.models import Occupation, Sector

pytestmark = pytest.mark.django_db


def sector(code: str) -> Sector:
    return Sector.objects.select_related("parent").get(code=code)


@pytest.fixture
def thailand(agreements) -> AgreementTerms:
    """Thailand covers A, C, F and division 03 (in A); floors for A, C, F, 03; passport and medical capped."""
    return AgreementTerms(agreement_version_in_force(agreement=agreements["TH"]))


@pytest.fixture
def malaysia(agreements) -> AgreementTerms:
    """Malaysia is zero-fee: workers pay nothing."""
    return AgreementTerms(agreement_version_in_force(agreement=agreements["MY"]))


# --- the section rule -------------------------------------------------------------------------------------

def test_sector_chain_is_the_sector_then_its_section(db):
    food, manufacturing = sector("10"), sector("C")
    assert sector_chain(food) == (food.pk, manufacturing.pk)
    assert sector_chain(manufacturing) == (manufacturing.pk,)
    assert sector_code_chain(food) == ("10", "C") and sector_code_chain(manufacturing) == ("C",)
    assert sector_chain(SimpleNamespace(pk=7, parent_id=None)) == (7,)  # plain rows do as well as models


def test_a_filter_on_a_section_matches_its_divisions(db):
    codes = set(Sector.objects.filter(sector_within_q("C", path="")).values_list("code", flat=True))
    assert {"C", "10", "33"} <= codes
    assert not codes & {"A", "01", "03", "F", "41"}
    assert set(Sector.objects.filter(sector_within_q("10", path="")).values_list("code", flat=True)) == {"10"}
    assert sector_within_q("C") == sector_within_q("C", path="sector")  # positions' sector by default


def test_occupation_chain_is_the_isco_prefixes_most_specific_first():
    assert occupation_chain("7531") == ("7531", "753", "75", "7")
    assert occupation_chain(" 71 ") == ("71", "7")
    assert occupation_chain("") == ()


# --- coverage ---------------------------------------------------------------------------------------------

def test_sector_covered_by_itself_or_its_section(thailand):
    assert thailand.sector_covered(sector("C"))
    assert thailand.sector_covered(sector("10"))  # a division of a covered section
    assert thailand.sector_covered(sector("03"))  # listed itself
    assert thailand.sector_covered(sector("01"))  # in A, which is covered
    assert not thailand.sector_covered(sector("Q"))
    assert not thailand.sector_covered(sector("86"))  # in Q


def test_occupation_covered_when_none_listed_or_a_group_above_is(agreements):
    version = agreement_version_in_force(agreement=agreements["TH"])
    assert AgreementTerms(version).occupation_covered("9999")  # no list: every occupation
    version.occupations.set(Occupation.objects.filter(code__in=["711", "8160"]))
    terms = AgreementTerms(agreement_version_in_force(agreement=agreements["TH"]))
    assert terms.occupation_covered("7112") and terms.occupation_covered("711")
    assert terms.occupation_covered("8160")
    assert not terms.occupation_covered("71")  # the group above the listed one is wider: not covered
    assert not terms.occupation_covered("7212")


# --- wage floors --------------------------------------------------------------------------------------------

def test_wage_floor_of_the_sector_else_its_section(thailand):
    assert thailand.wage_floor(sector("C")).amount == D("370")
    assert thailand.wage_floor(sector("10")).sector.code == "C"  # the section's floor for its division
    assert thailand.wage_floor(sector("03")).sector.code == "03"  # the division's own wins over A's
    assert thailand.wage_floor(sector("01")).sector.code == "A"
    assert thailand.wage_floor(sector("Q")) is None


def test_wage_floor_per_period(thailand):
    # 370 THB a day, 6 days a week: 370 × 6 × 52 / 12 = 9,620 THB a month; 8 hours a day: 46.25 THB an hour
    day = {"hours_per_day": D("8"), "days_per_week": 6}
    assert thailand.wage_floor_per(sector("10"), "month", **day) == (D("9620"), "THB")
    assert thailand.wage_floor_per(sector("10"), "day", **day) == (D("370"), "THB")
    assert thailand.wage_floor_per(sector("10"), "hour", **day) == (D("46.25"), "THB")
    assert thailand.wage_floor_per(sector("C"), "year", **day) == (D("115440"), "THB")
    assert thailand.wage_floor_per(sector("C"), "hour", hours_per_day=D("0"), days_per_week=6) is None
    assert thailand.wage_floor_per(sector("Q"), "month", **day) is None


def test_wage_floors_for_the_sectors_and_their_sections(thailand):
    assert [f.sector.code for f in thailand.wage_floors_for([sector("10"), sector("03")])] == ["03", "A", "C"]
    assert thailand.wage_floors_for([sector("Q")]) == []


# --- the fee schedule ---------------------------------------------------------------------------------------

def test_fee_caps_and_who_pays(thailand):
    assert thailand.fee_cap("Passport") == (D("20"), "USD")
    assert thailand.fee_cap("  medical CHECK in cambodia ") == (D("25"), "USD")  # case and spacing do not count
    assert thailand.fee_cap("Visa and work permit") is None  # the employer's item
    assert thailand.fee_cap("Gym membership") is None  # not in the schedule
    assert thailand.worker_may_pay("passport") and not thailand.worker_may_pay("Visa and work permit")
    assert thailand.employer_fee("Visa and work permit").clause == "Art. 14.1"
    assert thailand.worker_fee("Visa and work permit") is None
    assert thailand.worker_fee_names() == ["Medical check in Cambodia", "Passport"]
    assert fee_key("  Medical  Check ") == "medical check"


def test_a_zero_fee_agreement_caps_nothing_and_lets_workers_pay_nothing(malaysia):
    assert malaysia.version.zero_fee
    for item in malaysia.version.fee_items.all():
        assert not malaysia.worker_may_pay(item.name) and malaysia.fee_cap(item.name) is None


def test_predicates_read_prefetched_rows_only(agreements):
    version = agreement_version_in_force(agreement=agreements["TH"])
    with CaptureQueriesContext(connection) as queries:
        terms = agreement_terms(version)
        assert terms.sector_covered(SimpleNamespace(pk=-1, parent_id=None)) is False
        terms.wage_floor(SimpleNamespace(pk=-1, parent_id=None))
        terms.fee_cap("Passport")
    assert len(queries) == 0
    assert agreement_terms(version) is terms  # built once per version object


# --- which version applies ----------------------------------------------------------------------------------

def test_the_recorded_version_else_the_one_in_force(agreements):
    thailand = agreements["TH"]
    in_force = agreement_version_in_force(agreement=thailand)
    assert agreement_version_applicable(agreement=thailand).pk == in_force.pk
    assert agreement_version_applicable(agreement=thailand, recorded=in_force.pk).pk == in_force.pk
    other = AgreementVersion.objects.exclude(agreement=thailand).first()
    assert agreement_version_applicable(agreement=thailand, recorded=other) is None  # not this agreement's
    assert agreement_version_applicable(agreement=thailand, on=datetime.date(2000, 1, 1)) is None
