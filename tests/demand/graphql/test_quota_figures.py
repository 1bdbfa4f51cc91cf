"""What each role sees of a quota pool (demand.permissions.quota_figures), through both doors: the screening
report (demandLetterPrecheck, the precheck page) and the quota lines (quotaUsage) follow the one rule. An
employer sees the cap and what remains, never what the other employers' approved letters hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from demand import services
from demand.models import QuotaUse
from reference.models import Sector
from tests.demand.helpers import kr_position, letter_data

pytestmark = pytest.mark.django_db



def year() -> int:
    """This year in Phnom Penh, read when the test runs (a suite may cross midnight on 31 December)."""
    return timezone.localdate().year

CAP = 6000  # Korea's sector C quota in the illustrative terms (mou.demo)
HELD = 5995  # what other employers' approved letters hold of it

PRECHECK = """mutation($id: ID!) { demandLetterPrecheck(id: $id) {
  findings { rule values } errors { field message } } }"""
QUOTA = """query($id: ID!) { quotaUsage(agreementId: $id) { sectorCode cap approved allocated used remaining } }"""


def gql(client: Any, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/graphql/", data=json.dumps({"query": query, "variables": variables}),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


@pytest.fixture
def over_quota(users, agreements, employers):
    """A Korean draft for 10 workers in sector C, where only 5 remain of the cap."""
    QuotaUse.objects.create(agreement=agreements["KR"], year=year(), sector=Sector.objects.get(code="C"),
                            approved=HELD, allocated=HELD, used=100)
    return services.letter_create(actor=users["employer_kr"], agreement=agreements["KR"],
                                  data=letter_data([kr_position(workers=10)]))


def quota_values(findings: list[dict[str, Any]]) -> dict[str, Any]:
    (finding,) = [f for f in findings if f["rule"] == "quota"]
    return finding["values"]


def test_ministry_sees_every_figure(as_role, agreements, over_quota):
    client = as_role("ministry_reviewer")
    values = quota_values(gql(client, PRECHECK, {"id": over_quota.pk})["demandLetterPrecheck"]["findings"])
    assert (values["cap"], values["approved"], values["remaining"]) == (CAP, HELD, 5)
    line = next(q for q in gql(client, QUOTA, {"id": agreements["KR"].pk})["quotaUsage"] if q["sectorCode"] == "C")
    assert line == {"sectorCode": "C", "cap": CAP, "approved": HELD, "allocated": HELD, "used": 100, "remaining": 5}


def test_employer_sees_the_cap_and_what_remains_in_both_places(as_role, agreements, over_quota):
    client = as_role("employer_kr")
    values = quota_values(gql(client, PRECHECK, {"id": over_quota.pk})["demandLetterPrecheck"]["findings"])
    assert (values["cap"], values["remaining"], values["requested"]) == (CAP, 5, 10)
    assert "approved" not in values
    line = next(q for q in gql(client, QUOTA, {"id": agreements["KR"].pk})["quotaUsage"] if q["sectorCode"] == "C")
    assert line == {"sectorCode": "C", "cap": CAP, "approved": None, "allocated": None, "used": None,
                    "remaining": 5}


def test_employer_refused_submission_says_what_remains_not_what_others_hold(users, over_quota):
    with pytest.raises(services.SubmissionBlocked) as refused:
        services.letter_submit(actor=users["employer_kr"], letter=over_quota)
    (finding,) = [f for f in refused.value.findings if f.rule == "quota"]
    assert finding.values["remaining"] == 5 and "approved" not in finding.values


@pytest.mark.parametrize("role", ["employer_th", "agency", "counsellor", "attache", "no_org"])
def test_others_see_no_quota_lines(as_role, agreements, over_quota, role):
    assert gql(as_role(role), QUOTA, {"id": agreements["KR"].pk})["quotaUsage"] == []


def test_precheck_page_shows_the_employer_what_remains_only(as_role, over_quota):
    page = as_role("employer_kr").get(reverse("demand_precheck", kwargs={"letter_id": over_quota.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Remaining" in html and "Already approved" not in html and "5,995" not in html
    ministry = as_role("ministry_reviewer").get(reverse("demand_precheck", kwargs={"letter_id": over_quota.pk}))
    assert "Already approved" in ministry.content.decode()


def test_quota_page_stays_the_ministrys(as_role):
    assert as_role("employer_kr").get(reverse("demand_quota")).status_code == 403
    assert as_role("ministry_reviewer").get(reverse("demand_quota")).status_code == 200
