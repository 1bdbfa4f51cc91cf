"""The attaché's pages: the letters waiting for attestation, the letter page with attest and refuse (reason),
the home panel; and the attestation's status as the employer and the reviewer see it. Every role."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from demand.models import DemandLetter, LetterStatus
from demand.services import letter_attest, letter_create, letter_submit
from tests.demand.helpers import letter_data, th_position
from tests.pages import LOGIN, ROLES, assert_status

MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}


@pytest.fixture
def waiting(setup: dict[str, Any]) -> DemandLetter:
    """A Thai letter submitted under the Thai agreement (attestation required): it waits for the attaché."""
    users = setup["users"]
    letter = letter_create(actor=users["employer_th"], agreement=setup["agreements"]["TH"],
                           data=letter_data([th_position()]))
    letter = letter_submit(actor=users["employer_th"], letter=letter)
    assert letter.status == LetterStatus.ATTESTATION
    return letter


def expected(role: str, ok: set[str], *, code: int = 200, redirect: set[str] = frozenset(),
             hidden: set[str] = frozenset()) -> Any:
    if role in ("anonymous", "inactive"):
        return LOGIN
    if role in ok:
        return code
    if role in redirect:
        return 302
    return 404 if role in hidden else 403


@pytest.mark.parametrize("role", ROLES)
def test_attestation_queue_by_role(as_role, waiting, role):
    response = as_role(role).get(reverse("demand_attestation_queue"))
    assert_status(response, expected(role, {"attache"}))
    if role == "attache":
        page = response.content.decode()
        assert waiting.reference in page and "1 letter waits for attestation" in page
        assert reverse("demand_detail", args=[waiting.pk]) in page


@pytest.mark.parametrize("role", ROLES)
def test_letter_page_offers_attestation_to_the_attache_only(as_role, waiting, role):
    response = as_role(role).get(reverse("demand_detail", args=[waiting.pk]))
    assert_status(response, expected(role, {"attache", "employer_th"}, redirect=MINISTRY,
                                     hidden={"employer_kr", "agency"}))
    if response.status_code == 200:
        page = response.content.decode()
        assert ("Attest the letter" in page) is (role == "attache")
        assert ("Refuse to attest" in page) is (role == "attache")
        assert 'id="attestation-status">Requested' in page


@pytest.mark.parametrize("role", ROLES)
def test_attest_by_role(as_role, waiting, role):
    response = as_role(role).post(reverse("demand_detail", args=[waiting.pk]), {"action": "attest"})
    assert_status(response, expected(role, {"attache"}, code=302, redirect=MINISTRY,
                                     hidden={"employer_kr", "agency"}))
    waiting.refresh_from_db()
    assert (waiting.status == LetterStatus.SUBMITTED) is (role == "attache")


@pytest.mark.parametrize("role", ROLES)
def test_refuse_by_role(as_role, waiting, role):
    response = as_role(role).post(reverse("demand_detail", args=[waiting.pk]),
                                  {"action": "refuse_attestation", "refuse-reason": "Licence lapsed"})
    assert_status(response, expected(role, {"attache"}, code=302, redirect=MINISTRY,
                                     hidden={"employer_kr", "agency"}))
    waiting.refresh_from_db()
    assert (waiting.status == LetterStatus.RETURNED) is (role == "attache")


def test_the_attache_attests_from_the_page_and_the_reviewer_then_decides(as_role, waiting):
    client = as_role("attache")
    response = client.post(reverse("demand_detail", args=[waiting.pk]), {"action": "attest"}, follow=True)
    page = response.content.decode()
    assert f"{waiting.reference} is attested" in page
    assert 'id="attestation-status">Attested' in page and "Attest the letter" not in page
    review = as_role("ministry_reviewer").get(reverse("demand_review", args=[waiting.pk])).content.decode()
    assert 'id="attestation-status">Attested' in review and ">Approve<" in review
    employer = as_role("employer_th").get(reverse("demand_detail", args=[waiting.pk])).content.decode()
    assert 'id="attestation-status">Attested' in employer and "Attested by the labour attaché" in employer


def test_a_refusal_needs_a_reason_on_the_page_and_the_employer_reads_it(as_role, waiting):
    client = as_role("attache")
    url = reverse("demand_detail", args=[waiting.pk])
    response = client.post(url, {"action": "refuse_attestation", "refuse-reason": "  "})
    assert response.status_code == 200
    assert "Say why the letter cannot be attested: the employer reads it." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == LetterStatus.ATTESTATION
    assert client.post(url, {"action": "refuse_attestation",
                             "refuse-reason": "The signed copy is missing."}).status_code == 302
    page = as_role("employer_th").get(url).content.decode()
    assert "The labour attaché refused to attest the letter" in page and "The signed copy is missing." in page
    assert "Submit again" in page


def test_the_reviewer_sees_that_the_letter_waits_for_attestation_and_cannot_decide(as_role, waiting):
    page = as_role("ministry_reviewer").get(reverse("demand_review", args=[waiting.pk])).content.decode()
    assert "waits for attestation by the labour attaché: it cannot be decided before" in page
    assert ">Approve<" not in page and "Record the decision" not in page


def test_the_attaches_home_lists_the_letters_to_attest(as_role, waiting, setup):
    page = as_role("attache").get(reverse("home")).content.decode()
    assert "Demand letters waiting for your attestation" in page and waiting.reference in page
    nav = page.split('<ul class="nav">', 1)[1].split("</ul>", 1)[0]
    assert ">Letters to attest</a>" in nav
    letter_attest(actor=setup["users"]["attache"], letter=waiting)
    page = as_role("attache").get(reverse("home")).content.decode()
    assert "No demand letter waits for your attestation." in page
