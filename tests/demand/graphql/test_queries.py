"""Demand queries: filters and order, every field of a letter and its positions, positions paged within a
letter, overdue, quota usage, and employers."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from strawberry.relay.utils import to_base64

from demand.models import DemandLetter
from demand.services import attachment_add
from tests.api.helpers import error_messages, run
from tests.demand.factories import make_letter
from tests.demand.helpers import kr_position

LIST = """query($agreement: ID, $sector: String, $status: [DemandLetterStatus!], $overdue: Boolean,
                $order: DemandLetterOrder) {
  demandLetters(agreementId: $agreement, sector: $sector, status: $status, overdue: $overdue, order: $order) {
    totalCount edges { node { reference status overdue } } } }"""


def _refs(body: dict[str, Any], field: str = "demandLetters") -> list[str]:
    assert "errors" not in body, body["errors"]
    return [e["node"]["reference"] for e in body["data"][field]["edges"]]


@pytest.fixture
def letters(letter_in: Any) -> dict[str, DemandLetter]:
    made = {
        "kr_draft": letter_in("draft"),
        "kr_submitted": letter_in("submitted"),
        "kr_under_review": letter_in("under_review"),
        "th_draft": letter_in("draft", country="TH"),
    }
    # The submitted letter waited past its deadline.
    DemandLetter.objects.filter(pk=made["kr_submitted"].pk).update(
        review_due=timezone.localdate() - datetime.timedelta(days=2),
        submitted_at=timezone.now() - datetime.timedelta(days=20),
    )
    return {name: DemandLetter.objects.get(pk=letter.pk) for name, letter in made.items()}


def test_filters_and_order(as_user: Any, agreements: dict[str, Any], letters: dict[str, DemandLetter]) -> None:
    client = as_user("ministry_reviewer")
    ref = {name: letter.reference for name, letter in letters.items()}
    assert _refs(run(client, LIST, {"agreement": agreements["TH"].pk})) == [ref["th_draft"]]
    assert sorted(_refs(run(client, LIST, {"status": ["SUBMITTED", "UNDER_REVIEW"]}))) == sorted(
        [ref["kr_submitted"], ref["kr_under_review"]])
    assert _refs(run(client, LIST, {"status": "DRAFT", "agreement": agreements["KR"].pk})) == [ref["kr_draft"]]
    assert set(_refs(run(client, LIST, {"sector": "C"}))) == set(ref.values())  # a section matches its divisions
    assert _refs(run(client, LIST, {"sector": "14"})) == [ref["th_draft"]]
    assert _refs(run(client, LIST, {"sector": "A"})) == []
    body = run(client, LIST, {"overdue": True})
    assert body["data"]["demandLetters"]["edges"] == [
        {"node": {"reference": ref["kr_submitted"], "status": "SUBMITTED", "overdue": True}}]
    assert ref["kr_submitted"] not in _refs(run(client, LIST, {"overdue": False}))
    # oldest submission first (drafts last); by reference
    assert _refs(run(client, LIST, {}))[:2] == [ref["kr_submitted"], ref["kr_under_review"]]
    assert _refs(run(client, LIST, {"order": "NEWEST"}))[:2] == [ref["kr_under_review"], ref["kr_submitted"]]
    assert _refs(run(client, LIST, {"order": "REFERENCE"})) == sorted(ref.values())
    assert _refs(run(client, LIST, {"agreement": "not-an-id"})) == []


def test_review_queue_filters(as_user: Any, agreements: dict[str, Any], letters: dict[str, DemandLetter]) -> None:
    client = as_user("ministry_admin")
    query = """query($status: [DemandLetterStatus!], $overdue: Boolean, $agreement: ID) {
      reviewQueue(status: $status, overdue: $overdue, agreementId: $agreement) {
        edges { node { reference overdue reviewDue } } } }"""
    ref = {name: letter.reference for name, letter in letters.items()}
    assert _refs(run(client, query, {}), "reviewQueue") == [ref["kr_submitted"], ref["kr_under_review"]]
    assert _refs(run(client, query, {"overdue": True}), "reviewQueue") == [ref["kr_submitted"]]
    assert _refs(run(client, query, {"status": "UNDER_REVIEW"}), "reviewQueue") == [ref["kr_under_review"]]
    assert _refs(run(client, query, {"agreement": agreements["TH"].pk}), "reviewQueue") == []


FULL = """query($id: ID!) { demandLetter(id: $id) {
  id reference status validFrom validUntil attestationDate attestationOfficer createdAt updatedAt submittedAt
  reviewDue decidedAt decisionReason overdue nextStatuses positionCount workerCount blockerCount warningCount
  employer { name kind country { iso2 } } agreement { partnerCountry { iso2 } } version { number }
  attachments { kind name contentType size uploadedAt }
  allocations { agency { name } workers filled }
  findings { rule }
  positions { totalCount pageInfo { hasNextPage } edges { node {
    id line occupation { code } sector { code } workers skills experienceMonths languageTest languageMinScore
    requiredSex minAge maxAge wageAmount wageCurrency { code } wagePeriod hoursPerDay daysPerWeek
    restDaysPerWeek overtimeRate contractMonths workLocation accommodation food transport
    costs { name payer amount currency { code } }
  } } }
} }"""

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_every_field_of_a_letter(as_user: Any, letter_in: Any, users: dict[str, Any], settings: Any,
                                 tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    position = kr_position(skills="Welding, two years", experience_months=24, min_age=20, max_age=39,
                           accommodation=True, food=True, overtime_rate=Decimal("1.75"))
    letter = letter_in("draft", positions=[position])
    attachment_add(actor=users["employer_kr"], letter=letter, upload=ContentFile(PDF, name="signed.pdf"))
    body = run(as_user("employer_kr"), FULL, {"id": letter.pk})
    assert "errors" not in body, body["errors"]
    data = body["data"]["demandLetter"]
    today = timezone.localdate()
    assert data["reference"] == letter.reference and data["status"] == "DRAFT"
    assert (data["validFrom"], data["validUntil"]) == (today.isoformat(),
                                                       (today + datetime.timedelta(days=365)).isoformat())
    assert data["attestationDate"] is None and data["attestationOfficer"] == ""
    assert data["submittedAt"] is None and data["reviewDue"] is None and data["overdue"] is False
    assert data["nextStatuses"] == ["ATTESTATION", "SUBMITTED"]
    assert (data["positionCount"], data["workerCount"], data["blockerCount"], data["warningCount"]) == (1, 10, 0, 0)
    assert data["employer"] == {"name": users["employer_kr"].organisation.name, "kind": "EMPLOYER",
                                "country": {"iso2": "KR"}}
    assert data["agreement"] == {"partnerCountry": {"iso2": "KR"}} and data["version"] is None
    [attached] = data["attachments"]
    assert (attached["kind"], attached["name"], attached["contentType"], attached["size"]) == (
        "SIGNED_LETTER", "signed.pdf", "application/pdf", len(PDF))
    assert data["allocations"] == [] and data["findings"] == []
    assert data["positions"]["totalCount"] == 1 and data["positions"]["pageInfo"]["hasNextPage"] is False
    node = data["positions"]["edges"][0]["node"]
    assert node == {
        "id": node["id"], "line": 1, "occupation": {"code": "8211"}, "sector": {"code": "C"}, "workers": 10,
        "skills": "Welding, two years", "experienceMonths": 24, "languageTest": "EPS-TOPIK",
        "languageMinScore": "80", "requiredSex": "ANY", "minAge": 20, "maxAge": 39, "wageAmount": "2300000.00",
        "wageCurrency": {"code": "KRW"}, "wagePeriod": "MONTH", "hoursPerDay": "8.0", "daysPerWeek": 5,
        "restDaysPerWeek": 2, "overtimeRate": "1.75", "contractMonths": 36, "workLocation": "Ansan, Gyeonggi-do",
        "accommodation": True, "food": True, "transport": False,
        "costs": [{"name": "Recruitment and placement", "payer": "EMPLOYER", "amount": "500000.00",
                   "currency": {"code": "KRW"}}],
    }


def test_a_malformed_id_is_null(as_user: Any) -> None:
    assert run(as_user("ministry_admin"), '{ demandLetter(id: "abc") { id } }') == {"data": {"demandLetter": None}}


PAGE = """query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) { demandLetter(id: $id) {
  positions(first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor } edges { node { line } } } } }"""
LIST_PAGE = """query($first: Int, $after: String, $last: Int) { demandLetters(first: 10) { edges { node {
  reference positions(first: $first, after: $after, last: $last) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { line } } } } } } }"""


@pytest.fixture
def long_letter(users: dict[str, Any], agreements: dict[str, Any]) -> DemandLetter:
    """A letter with 150 positions (more than a page), and a short one beside it."""
    make_letter(agreement=agreements["TH"], employer=users["employer_th"].organisation, positions=3)
    return make_letter(agreement=agreements["TH"], employer=users["employer_th"].organisation, positions=150)


def _lines(positions: dict[str, Any]) -> list[int]:
    return [e["node"]["line"] for e in positions["edges"]]


def test_positions_are_paged_within_a_letter(as_user: Any, long_letter: DemandLetter) -> None:
    client = as_user("employer_th")
    first = run(client, PAGE, {"id": long_letter.pk, "first": 20})["data"]["demandLetter"]["positions"]
    assert _lines(first) == list(range(1, 21))
    assert first["totalCount"] == 150 and first["pageInfo"]["hasNextPage"] is True
    second = run(client, PAGE, {"id": long_letter.pk, "first": 20, "after": first["pageInfo"]["endCursor"]})[
        "data"]["demandLetter"]["positions"]
    assert _lines(second) == list(range(21, 41)) and second["pageInfo"]["hasPreviousPage"] is True
    default = run(client, PAGE, {"id": long_letter.pk})["data"]["demandLetter"]["positions"]
    assert _lines(default) == list(range(1, 101))  # without `first`: one page of 100
    last = run(client, PAGE, {"id": long_letter.pk, "last": 5})["data"]["demandLetter"]["positions"]
    assert _lines(last) == list(range(146, 151))


def test_positions_are_paged_within_every_letter_of_a_list(as_user: Any, long_letter: DemandLetter) -> None:
    """In a list, one windowed query loads each letter's page (see demand.graphql.types._positions_page)."""
    client = as_user("ministry_admin")
    body = run(client, LIST_PAGE, {"first": 20})
    assert "errors" not in body, body["errors"]
    pages = {e["node"]["reference"]: e["node"]["positions"] for e in body["data"]["demandLetters"]["edges"]}
    long_page = pages.pop(long_letter.reference)
    [short_page] = pages.values()
    assert _lines(long_page) == list(range(1, 21)) and long_page["totalCount"] == 150
    assert long_page["pageInfo"]["hasNextPage"] is True
    assert _lines(short_page) == [1, 2, 3] and short_page["pageInfo"]["hasNextPage"] is False

    after = run(client, LIST_PAGE, {"first": 20, "after": long_page["pageInfo"]["endCursor"]})
    pages = {e["node"]["reference"]: e["node"]["positions"] for e in after["data"]["demandLetters"]["edges"]}
    assert _lines(pages[long_letter.reference]) == list(range(21, 41))
    last = run(client, LIST_PAGE, {"last": 2})
    pages = {e["node"]["reference"]: e["node"]["positions"] for e in last["data"]["demandLetters"]["edges"]}
    assert _lines(pages[long_letter.reference]) == [149, 150]


@pytest.mark.parametrize("variables, message", [
    ({"first": 101}, "first must be at most 100."),
    ({"first": -1}, "first cannot be negative."),
    ({"first": 5, "after": "bm90LWEtY3Vyc29y"}, "The cursor is not valid: use one returned by this API."),
])
def test_a_bad_page_of_positions_is_a_clear_error(variables: dict[str, Any], message: str, as_user: Any,
                                                  long_letter: DemandLetter) -> None:
    body = run(as_user("ministry_admin"), LIST_PAGE, variables)
    assert message in error_messages(body)


def test_a_letter_without_positions_counts_none(as_user: Any, users: dict[str, Any], agreements: dict[str, Any],
                                               letter_in: Any) -> None:
    """Its empty page of positions is counted as its own (0), not as every position there is; a page past the end
    of a letter's positions still says how many it has."""
    with_positions = letter_in("draft", positions=[kr_position(), kr_position(workers=3)])
    empty = make_letter(agreement=agreements["KR"], employer=users["employer_kr"].organisation, positions=0)
    query = """query($after: String) { demandLetters(first: 10) { edges { node { id
      positions(first: 5, after: $after) { totalCount pageInfo { hasNextPage } edges { node { line } } } } } } }"""
    client = as_user("ministry_admin")
    for after, expected in ((None, {with_positions.pk: 2, empty.pk: 0}), (to_base64("arrayconnection", 3),
                                                                          {with_positions.pk: 2, empty.pk: 0})):
        body = run(client, query, {"after": after})
        assert "errors" not in body, body["errors"]
        totals = {int(e["node"]["id"]): e["node"]["positions"]["totalCount"]
                  for e in body["data"]["demandLetters"]["edges"]}
        assert totals == expected


def test_an_agency_sees_its_own_allocation_only(as_user: Any, users: dict[str, Any], letter_in: Any, agency: Any,
                                                other_agency: Any) -> None:
    """In the list and on the letter: not the other agencies' allocations of a letter it shares with them."""
    from demand.models import Allocation

    letter = letter_in("allocated", positions=[kr_position(workers=5)])
    Allocation.objects.create(letter=letter, agency=other_agency, workers=1, created_by=users["admin"])
    items = "allocations { agency { id name } workers }"
    client = as_user("agency")
    listed = run(client, f"{{ demandLetters(first: 10) {{ edges {{ node {{ {items} }} }} }} }}")
    one = run(client, f"query($id: ID!) {{ demandLetter(id: $id) {{ {items} }} }}", {"id": letter.pk})
    for found in (listed["data"]["demandLetters"]["edges"][0]["node"], one["data"]["demandLetter"]):
        assert [a["agency"]["id"] for a in found["allocations"]] == [str(agency.pk)]
    # The ministry sees both.
    both = run(as_user("ministry_reviewer"), f"query($id: ID!) {{ demandLetter(id: $id) {{ {items} }} }}",
               {"id": letter.pk})["data"]["demandLetter"]["allocations"]
    assert sorted(a["agency"]["id"] for a in both) == sorted([str(agency.pk), str(other_agency.pk)])


def test_quota_usage(as_user: Any, agreements: dict[str, Any], letter_in: Any) -> None:
    letter_in("approved")
    client = as_user("ministry_admin")
    query = """query($id: ID!, $year: Int) { quotaUsage(agreementId: $id, year: $year) {
      sectorCode sectorTitle cap approved allocated used remaining } }"""
    lines = run(client, query, {"id": agreements["KR"].pk})["data"]["quotaUsage"]
    manufacturing = next(line for line in lines if line["sectorCode"] == "C")
    assert manufacturing["sectorTitle"] == "Manufacturing" and manufacturing["approved"] == 10
    next_year = run(client, query, {"id": agreements["KR"].pk, "year": timezone.localdate().year + 1})
    assert all(line["approved"] == 0 for line in next_year["data"]["quotaUsage"])
    assert run(client, query, {"id": "999999"})["data"]["quotaUsage"] == []


def test_quota_usage_has_a_line_per_pool(as_user: Any, agreements: dict[str, Any], letter_in: Any) -> None:
    from mou.models import Quota
    from reference.models import Occupation, Sector

    korea = agreements["KR"]
    Quota.objects.create(version=korea.versions.get(), year=timezone.localdate().year,
                         sector=Sector.objects.get(code="C"), occupation=Occupation.objects.get(code="8211"), cap=20,
                         clause="Annex 2.1")
    letter_in("approved")  # 10 workers, occupation 8211 in C
    query = """query($id: ID!) { quotaUsage(agreementId: $id) {
      sectorCode occupationCode occupationTitle clause cap approved remaining } }"""
    lines = run(as_user("ministry_admin"), query, {"id": korea.pk})["data"]["quotaUsage"]
    manufacturing = [line for line in lines if line["sectorCode"] == "C"]
    assert manufacturing == [
        {"sectorCode": "C", "occupationCode": None, "occupationTitle": None, "clause": "Annual quota letter",
         "cap": 6000, "approved": 0, "remaining": 6000},
        {"sectorCode": "C", "occupationCode": "8211", "occupationTitle": manufacturing[1]["occupationTitle"],
         "clause": "Annex 2.1", "cap": 20, "approved": 10, "remaining": 10},
    ]
    assert manufacturing[1]["occupationTitle"]


def test_employer_filters(as_user: Any, employers: Any, users: dict[str, Any]) -> None:
    client = as_user("ministry_reviewer")
    query = """query($accreditation: Accreditation, $search: String) {
      employers(accreditation: $accreditation, search: $search) { edges { node {
        legalName registrationNumber address contactName contactEmail accreditation accreditedUntil bannedUntil
        sector { code } organisation { name country { iso2 } } } } } }"""
    everyone = run(client, query, {})["data"]["employers"]["edges"]
    assert len(everyone) == 2
    kr_name = users["employer_kr"].organisation.name
    found = run(client, query, {"search": kr_name[:6]})["data"]["employers"]["edges"]
    assert [e["node"]["organisation"]["name"] for e in found] == [kr_name]
    node = found[0]["node"]
    assert node["accreditation"] == "ACCREDITED" and node["sector"] == {"code": "28"}
    assert node["accreditedUntil"] == f"{timezone.localdate().year + 1}-12-31" and node["bannedUntil"] is None
    assert run(client, query, {"accreditation": "PENDING"})["data"]["employers"]["edges"] == []
