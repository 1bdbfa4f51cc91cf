"""Demand lists: the number of SQL queries does not grow with letters, positions, findings, allocations,
attachments or employers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from demand.models import Allocation, Attachment, DemandLetter, Finding, LetterStatus
from tests.api.test_query_counts import count_queries
from tests.conftest import license_agencies
from tests.demand.factories import make_employer_profile, make_letter

POSITION = """line workers wageAmount wagePeriod hoursPerDay requiredSex workLocation
  occupation { code title } sector { code } wageCurrency { code } costs { name payer amount currency { code } }"""
LETTER = f"""id reference status validFrom validUntil submittedAt reviewDue overdue nextStatuses decisionReason
  positionCount workerCount blockerCount warningCount
  employer {{ name country {{ iso2 }} }} agreement {{ title partnerCountry {{ iso2 }} }} version {{ number }}
  positions(first: 20) {{ totalCount pageInfo {{ hasNextPage }} edges {{ node {{ {POSITION} }} }} }}
  findings {{ rule severity clause values positionLine message }}
  allocations {{ agency {{ name }} workers filled }}
  attachments {{ kind name size }}"""
LETTERS = f"{{ demandLetters(first: 100) {{ totalCount edges {{ node {{ {LETTER} }} }} }} }}"
QUEUE = f"{{ reviewQueue(first: 100) {{ totalCount edges {{ node {{ {LETTER} }} }} }} }}"
ONE = f"query($id: ID!) {{ demandLetter(id: $id) {{ {LETTER} }} }}"
EMPLOYERS = """{ employers(first: 100) { totalCount edges { node {
  legalName registrationNumber accreditation accreditedUntil sector { code title }
  organisation { id name country { iso2 } } } } } }"""


def _letters(users: dict[str, Any], agreements: dict[str, Any], *, count: int, positions: int, status: str,
             agencies: list[Organisation]) -> list[DemandLetter]:
    """Letters with positions (two cost items each), two findings, an allocation per agency and an attachment."""
    thai = users["employer_th"]
    version = agreements["TH"].versions.get()
    now = timezone.now()
    made = []
    for _ in range(count):
        letter = make_letter(
            agreement=agreements["TH"], employer=thai.organisation, positions=positions, status=status,
            version=version, submitted_at=now, review_due=timezone.localdate() + datetime.timedelta(days=5),
        )
        first = letter.positions.order_by("line").first()
        Finding.objects.bulk_create([
            Finding(letter=letter, position=first, rule="protected_terms", severity="warning", clause="Art. 9",
                    values={"terms": ["young"]}, message_en="Mentions age", message_km="អាយុ"),
            Finding(letter=letter, rule="attestation", severity="warning", clause="Art. 4", values={},
                    message_en="Attested late", message_km="…"),
        ])
        for agency in agencies:
            Allocation.objects.create(letter=letter, agency=agency, workers=2, created_by=users["admin"])
        Attachment.objects.create(letter=letter, kind="signed_letter", file="demand/test/signed.pdf",
                                  original_name="signed.pdf", content_type="application/pdf", size=1234,
                                  uploaded_by=thai)
        made.append(letter)
    return made


@pytest.fixture
def agencies(users: dict[str, Any]) -> list[Organisation]:
    second = Organisation.objects.create(name="Mekong Manpower (test)", kind=OrganisationKind.AGENCY,
                                         country=users["agency"].organisation.country, licence_number="LIC-7")
    license_agencies(second)
    return [users["agency"].organisation, second]


@pytest.mark.parametrize("role", ["ministry_admin", "employer_th", "agency"])
def test_demand_letters_with_positions_findings_and_allocations(
    role: str, as_user: Any, users: dict[str, Any], agreements: dict[str, Any], agencies: list[Organisation]
) -> None:
    client = as_user(role)
    _letters(users, agreements, count=2, positions=1, status=LetterStatus.ALLOCATED, agencies=agencies[:1])
    few, data = count_queries(client, LETTERS)
    assert data["demandLetters"]["totalCount"] == 2
    _letters(users, agreements, count=12, positions=30, status=LetterStatus.ALLOCATED, agencies=agencies)
    many, data = count_queries(client, LETTERS)
    assert data["demandLetters"]["totalCount"] == 14
    nodes = [e["node"] for e in data["demandLetters"]["edges"]]
    assert sum(len(n["positions"]["edges"]) for n in nodes) == 2 + 12 * 20  # one page of 20 per letter
    assert all(len(n["findings"]) == 2 and n["attachments"] for n in nodes)
    assert all([f["positionLine"] for f in n["findings"]] == [None, 1] for n in nodes)  # the letter's first
    assert sum(len(e["positions"]["edges"][0]["node"]["costs"]) for e in nodes) == 2 * 14
    assert many == few
    # sign-in 3, letters 1, allocations 1, positions (windowed, with codes) 1, costs 1, findings 1, attachments 1
    assert few <= 10


def test_review_queue(as_user: Any, users: dict[str, Any], agreements: dict[str, Any],
                      agencies: list[Organisation]) -> None:
    client = as_user("ministry_reviewer")
    _letters(users, agreements, count=1, positions=1, status=LetterStatus.SUBMITTED, agencies=[])
    few, data = count_queries(client, QUEUE)
    assert data["reviewQueue"]["totalCount"] == 1
    _letters(users, agreements, count=10, positions=25, status=LetterStatus.UNDER_REVIEW, agencies=[])
    many, data = count_queries(client, QUEUE)
    assert data["reviewQueue"]["totalCount"] == 11
    assert many == few


def test_one_letter_with_many_positions(as_user: Any, users: dict[str, Any], agreements: dict[str, Any],
                                        agencies: list[Organisation]) -> None:
    client = as_user("employer_th")
    [small] = _letters(users, agreements, count=1, positions=1, status=LetterStatus.ALLOCATED, agencies=agencies)
    [large] = _letters(users, agreements, count=1, positions=120, status=LetterStatus.ALLOCATED, agencies=agencies)
    few, _ = count_queries(client, ONE, {"id": small.pk})
    many, data = count_queries(client, ONE, {"id": large.pk})
    assert data["demandLetter"]["positions"]["totalCount"] == 120
    assert len(data["demandLetter"]["positions"]["edges"]) == 20
    assert many == few


def test_employers(as_user: Any, users: dict[str, Any]) -> None:
    client = as_user("ministry_admin")
    country = users["employer_th"].organisation.country
    make_employer_profile(users["employer_th"].organisation)
    few, data = count_queries(client, EMPLOYERS)
    assert data["employers"]["totalCount"] == 1
    for n in range(15):
        org = Organisation.objects.create(name=f"Employer {n}", kind=OrganisationKind.EMPLOYER, country=country)
        make_employer_profile(org, sector="14" if n % 2 else "C")
    many, data = count_queries(client, EMPLOYERS)
    assert data["employers"]["totalCount"] == 16
    assert many == few


TIMELINES = """{ demandLetters(first: 100) { totalCount edges { node { id status
  allocations { agency { name } filled } timeline { at action status who reason } } } } }"""


@pytest.mark.parametrize("role", ["ministry_reviewer", "employer_kr", "agency"])
def test_timelines_of_a_page_of_letters(role: str, as_user: Any, users: dict[str, Any], letter_in: Any) -> None:
    """Every letter's timeline (its audit events, with who did each) in one batch for the whole page."""
    from demand.services import allocation_set_filled

    def recruiting() -> DemandLetter:
        letter = letter_in("recruiting")
        allocation_set_filled(actor=users["agency"], allocation=letter.allocations.get(), filled=1)
        return letter

    recruiting()
    client = as_user(role)
    few, data = count_queries(client, TIMELINES)
    assert data["demandLetters"]["totalCount"] == 1
    for _ in range(4):
        recruiting()
    letter_in("submitted")  # the agency does not see this one
    many, data = count_queries(client, TIMELINES)
    nodes = data["demandLetters"]["edges"]
    assert len(nodes) == (5 if role == "agency" else 6)
    for edge in nodes:
        steps = edge["node"]["timeline"]
        assert steps and steps[0]["action"] == "letter.create"
        if edge["node"]["status"] == "RECRUITING":
            assert [s["action"] for s in steps[-2:]] == ["letter.start_recruiting", "allocation.set_filled"]
    assert many == few
