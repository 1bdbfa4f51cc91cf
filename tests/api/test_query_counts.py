"""Every list field: the number of SQL queries does not grow with the number of rows."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.services import api_token_create
from mou.services import agreement_amend, agreement_create, terms_from_version
from tests.api.helpers import run

TERMS = """
  number signedDate inForceFrom inForceTo hoursPerDay zeroFee feeClause
  sectors { code parent { code } }
  occupations { code }
  wageFloors { amount period sector { code } currency { code } }
  requiredTests { name kind minScore }
  feeItems { name payer capAmount capCurrency { code } }
  protections { kind details }
  quotas { year cap sector { code } occupation { code } }
  portabilityRules { branch summaryEn summaryKm wageCeiling wageCeilingCurrency { code } }
"""

AGREEMENTS = f"""
{{ agreements(first: 100) {{
    totalCount
    edges {{ node {{
      id title channel status illustrative partnerCountry {{ iso2 name }}
      versionInForce {{ {TERMS} }}
      versions {{ totalCount edges {{ node {{ {TERMS} }} }} }}
      auditEvents {{ totalCount edges {{ node {{ action at targetType actor {{ username fullName }} }} }} }}
    }} }}
}} }}"""


def count_queries(client: Client, query: str, variables: dict[str, Any] | None = None) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        body = run(client, query, variables)
    assert "errors" not in body, body["errors"]
    return len(ctx.captured_queries), body["data"]


def _more_agreements(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    """Four more agreements, and a second version of every agreement (more versions, more events)."""
    admin = users["admin"]
    for iso2, source in (("SG", "TH"), ("QA", "KR"), ("AE", "MY"), ("SA", "JP")):
        agreement_create(
            actor=admin, partner_country=iso2, title=f"MoU with {iso2}", channel="private",
            terms=terms_from_version(agreements[source].versions.get()), status="in_force",
        )
    for agreement in agreements.values():
        terms = terms_from_version(agreement.versions.get())
        terms.signed_date, terms.in_force_from = datetime.date(2020, 1, 1), datetime.date(2020, 2, 1)
        terms.in_force_from = max(terms.in_force_from, agreement.versions.get().in_force_from + datetime.timedelta(1))
        agreement_amend(actor=admin, agreement=agreement, terms=terms, reason="Amendment")


@pytest.mark.parametrize("role", ["ministry_admin", "agency"])
def test_agreements_with_versions_terms_and_audit(
    role: str, as_user: Any, users: dict[str, Any], agreements: dict[str, Any]
) -> None:
    client = as_user(role)
    few, data = count_queries(client, AGREEMENTS)
    assert data["agreements"]["totalCount"] == 4
    _more_agreements(users, agreements)
    many, data = count_queries(client, AGREEMENTS)
    assert data["agreements"]["totalCount"] == 8
    assert sum(e["node"]["versions"]["totalCount"] for e in data["agreements"]["edges"]) == 12
    assert all(e["node"]["versionInForce"] for e in data["agreements"]["edges"])
    assert many == few
    assert few <= 25  # sign-in 3, agreements 1, each of the two version trees 9, audit events 1


def test_agreement_by_id(as_user: Any, users: dict[str, Any], agreements: dict[str, Any]) -> None:
    client = as_user("ministry_reviewer")
    query = f"query($id: ID!) {{ agreement(id: $id) {{ id versions {{ edges {{ node {{ {TERMS} }} }} }} }} }}"
    few, _ = count_queries(client, query, {"id": agreements["TH"].pk})
    _more_agreements(users, agreements)
    many, data = count_queries(client, query, {"id": agreements["TH"].pk})
    assert len(data["agreement"]["versions"]["edges"]) == 2
    assert many == few


REFERENCE = {
    "occupations": "code title level parent { code title }",
    "sectors": "code title level parent { code title }",
    "countries": "iso2 iso3 name",
    "provinces": "code nameEn nameKm",
    "languages": "code name",
    "currencies": "code name minorUnit",
}


@pytest.mark.parametrize("field", sorted(REFERENCE))
def test_reference_lists(field: str, as_user: Any) -> None:
    client = as_user("counsellor")
    query = f"query($n: Int) {{ {field}(first: $n) {{ totalCount edges {{ node {{ {REFERENCE[field]} }} }} }} }}"
    few, data = count_queries(client, query, {"n": 2})
    assert len(data[field]["edges"]) == 2
    many, data = count_queries(client, query, {"n": 100})
    assert len(data[field]["edges"]) > 2
    assert many == few


def test_audit_events(as_user: Any, users: dict[str, Any], agreements: dict[str, Any]) -> None:
    client = as_user("ministry_admin")
    query = "{ auditEvents(first: 100) { totalCount edges { node { action at targetType targetId targetLabel " \
            "before after reason actor { username fullName } } } } }"
    few, data = count_queries(client, query)
    _more_agreements(users, agreements)
    api_token_create(actor=users["agency"], name="Agency system")
    many, data2 = count_queries(client, query)
    assert data2["auditEvents"]["totalCount"] > data["auditEvents"]["totalCount"]
    assert many == few


def test_api_tokens(as_user: Any, users: dict[str, Any]) -> None:
    client = as_user("agency")
    query = "{ apiTokens { totalCount edges { node { id name hint createdAt lastUsedAt isActive } } } }"
    api_token_create(actor=users["agency"], name="First")
    few, _ = count_queries(client, query)
    for n in range(5):
        api_token_create(actor=users["agency"], name=f"System {n}")
    many, data = count_queries(client, query)
    assert data["apiTokens"]["totalCount"] == 6
    assert many == few


JOB_SEEKERS = """{ jobSeekers(first: 100) { totalCount edges { node {
  id displayName nameKm nameLatin dateOfBirth vettingStatus consentActive province { code } district { code }
  jobCentre { name } experiences { occupation { code } years } languages { language { code } test score }
  destinations { rank country { iso2 } } certifications { name } rosterEntries { validUntil status }
  EXTRA } } } }"""


@pytest.mark.parametrize("extra", ["", "nationalId phone identifiersMasked sex sectors { code } consents { "
                                   "forMatching } vettingEvidence { kind } accessLog { channel }"],
                         ids=["from rows", "every field"])
@pytest.mark.parametrize("role", ["ministry_admin", "counsellor", "agency"])
def test_job_seekers(role: str, extra: str, as_user: Any, users: dict[str, Any], agreements: dict[str, Any]
                     ) -> None:
    import datetime

    from tests.coordination.jobseekers.helpers import put_on_roster, register

    client = as_user(role)
    query = JOB_SEEKERS.replace("EXTRA", extra)

    def add(n: int) -> None:
        for i in range(n):
            seeker = register(users["counsellor"], name_latin=f"Sok Dara {chr(65 + i)}", name_km="",
                              national_id=f"5{n}{i:07d}", phone="",
                              date_of_birth=datetime.date(1990, 1, 1) + datetime.timedelta(days=30 * i + n))
            put_on_roster(seeker, agreements["KR"], users["counsellor"])

    add(1)
    few, data = count_queries(client, query)
    assert data["jobSeekers"]["totalCount"] == 1
    add(4)
    many, data = count_queries(client, query)
    assert data["jobSeekers"]["totalCount"] == 5
    assert many == few


MATCHING_EVENTS = """{ matchingEvents(first: 100) { totalCount edges { node {
  id title date venue status notes province { code nameEn } jobCentre { name } employers { name country { iso2 } }
  letters { id reference } staffCount attendeeCount registeredCount checkedInCount } } } }"""


@pytest.mark.parametrize("role", ["ministry_admin", "counsellor"])
def test_matching_events(role: str, as_user: Any, users: dict[str, Any], agreements: dict[str, Any]) -> None:
    from coordination.events.services import attendee_check_in
    from tests.coordination.events.helpers import make_event
    from tests.coordination.jobseekers.helpers import register

    client = as_user(role)
    seekers = [register(users["counsellor"], name_latin=f"Keo Sophal {chr(65 + i)}", name_km="",
                        national_id=f"7{i:08d}", phone="",
                        date_of_birth=datetime.date(1991, 1, 1) + datetime.timedelta(days=40 * i)) for i in range(3)]

    def add(n: int) -> None:
        for _ in range(n):
            event = make_event(users, agreements)
            for seeker in seekers:
                attendee_check_in(actor=users["counsellor"], event=event, seeker=seeker)

    add(1)
    few, data = count_queries(client, MATCHING_EVENTS)
    assert data["matchingEvents"]["totalCount"] == 1
    add(4)
    many, data = count_queries(client, MATCHING_EVENTS)
    assert data["matchingEvents"]["totalCount"] == 5
    assert {n["node"]["checkedInCount"] for n in data["matchingEvents"]["edges"]} == {3}
    assert {n["node"]["staffCount"] for n in data["matchingEvents"]["edges"]} == {1}
    assert many == few
    assert few <= 8


MATCHING_EVENTS_WITH_ATTENDEES = """{ matchingEvents(first: 100) { totalCount edges { node {
  id outcomes { attendees registered checkedIn vetted }
  attendees(first: 100) { totalCount edges { node { seekerId displayName nameKm nameLatin sex dateOfBirth nationalId
    phone identifiersMasked consentActive preRegistered registeredHere checkedInAt province { code nameEn }
    jobCentre { name } } } } } } } }"""


@pytest.mark.parametrize("role", ["ministry_admin", "counsellor"])
def test_matching_events_with_outcomes_and_attendees(role: str, as_user: Any, users: dict[str, Any],
                                                     agreements: dict[str, Any]) -> None:
    """More events, each with more attendees: the same number of queries (outcomes are annotations, the
    attendees of the whole page one query)."""
    from coordination.events.services import attendee_add, attendee_check_in
    from tests.coordination.events.helpers import make_event
    from tests.coordination.jobseekers.helpers import register

    client = as_user(role)
    seekers = [register(users["counsellor"], name_latin=f"Keo Sophal {chr(65 + i)}", name_km="",
                        national_id=f"7{i:08d}", phone=f"012 345 6{i:02d}",
                        date_of_birth=datetime.date(1991, 1, 1) + datetime.timedelta(days=40 * i)) for i in range(6)]

    def add(events: int, attendees: int) -> None:
        for _ in range(events):
            event = make_event(users, agreements)
            for i, seeker in enumerate(seekers[:attendees]):
                (attendee_check_in if i % 2 else attendee_add)(actor=users["counsellor"], event=event, seeker=seeker)

    add(1, 2)
    few, data = count_queries(client, MATCHING_EVENTS_WITH_ATTENDEES)
    assert data["matchingEvents"]["totalCount"] == 1
    add(4, 6)
    many, data = count_queries(client, MATCHING_EVENTS_WITH_ATTENDEES)
    assert data["matchingEvents"]["totalCount"] == 5
    assert sorted(n["node"]["attendees"]["totalCount"] for n in data["matchingEvents"]["edges"]) == [2, 6, 6, 6, 6]
    assert sorted(n["node"]["outcomes"]["checkedIn"] for n in data["matchingEvents"]["edges"]) == [1, 3, 3, 3, 3]
    assert many == few
    assert few <= 8
