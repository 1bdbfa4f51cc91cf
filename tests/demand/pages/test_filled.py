"""Positions filled, per allocation: an agency records its own on the letter page, ministry staff record each
agency's on the review page. Who may post, the errors that change nothing, the message, the audit entry, and
the timeline an agency reads."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind, Role, User
from audit.models import AuditEvent
from demand import services
from demand.models import Allocation, DemandLetter, LetterStatus, QuotaUse
from tests.demand.pages.helpers import kr_letter
from tests.pages import LOGIN, ROLES, assert_status, form_data

MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}


@pytest.fixture
def world(setup: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """A Korean letter allocated to the demo agency (4 positions) and to a second agency (3), whose staff
    member `rival` has an account; and a second agency with no allocation and its `stranger`."""
    users = setup["users"]
    rival_org = Organisation.objects.create(name="Mekong Manpower (test)", kind=OrganisationKind.AGENCY,
                                            country=users["agency"].organisation.country, licence_number="LIC-7")
    stranger_org = Organisation.objects.create(name="Tonle Sap Jobs (test)", kind=OrganisationKind.AGENCY,
                                               country=users["agency"].organisation.country, licence_number="LIC-8")
    letter = kr_letter(setup, "allocated")
    letter = services.letter_allocate(actor=users["ministry_reviewer"], letter=letter, allocations=[(rival_org, 3)])
    users = {
        **users,
        "rival": User.objects.create_user("mekong.staff", password="x-password-123", organisation=rival_org,
                                          role=Role.AGENCY_STAFF, first_name="Mekong", last_name="Staff"),
        "stranger": User.objects.create_user("tonle.staff", password="x-password-123", organisation=stranger_org,
                                             role=Role.AGENCY_STAFF),
    }
    return {"users": users, "letter": letter,
            "mine": letter.allocations.get(agency=users["agency"].organisation),
            "theirs": letter.allocations.get(agency=rival_org)}


@pytest.fixture
def sign_in(client: Any, world: dict[str, Any]) -> Any:
    def as_(role: str) -> Any:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        return client

    return as_


def post_filled(client: Any, url: str, allocation: Allocation, value: Any) -> Any:
    return client.post(url, {"action": "set_filled", "allocation": allocation.pk,
                             f"filled-{allocation.pk}-filled": value})


def filled_of(allocation: Allocation) -> int:
    return Allocation.objects.get(pk=allocation.pk).filled


def set_filled_events() -> int:
    return AuditEvent.objects.filter(action="allocation.set_filled").count()


# --- who may post -------------------------------------------------------------------------------------------

# The agency's own allocation on the letter page: the agency records it; the ministry is sent to the review
# page (nothing recorded); the Korean employer sees the letter but may not record (403); whoever cannot see
# the letter gets 404; who has no business with demand 403.
ON_LETTER_PAGE = {"agency": 302, "admin": 302, "ministry_admin": 302, "ministry_reviewer": 302,
                  "employer_kr": 403, "employer_th": 404, "stranger": 404, "counsellor": 403, "attache": 404,
                  "no_org": 403, "anonymous": LOGIN, "inactive": LOGIN}


@pytest.mark.parametrize("role", [*ROLES, "stranger"])
def test_record_own_allocation_on_the_letter_page_by_role(sign_in, world, role):
    mine = world["mine"]
    url = reverse("demand_detail", args=[world["letter"].pk])
    response = post_filled(sign_in(role), url, mine, 3)
    assert_status(response, ON_LETTER_PAGE[role])
    assert filled_of(mine) == (3 if role == "agency" else 0)
    if role in MINISTRY:
        assert response.url == reverse("demand_review", args=[world["letter"].pk])


def test_another_agency_on_the_same_letter_cannot_record_for_an_allocation_not_its_own(sign_in, world):
    url = reverse("demand_detail", args=[world["letter"].pk])
    client = sign_in("rival")
    assert post_filled(client, url, world["mine"], 1).status_code == 404  # hidden from it, as a missing one
    assert filled_of(world["mine"]) == 0
    assert post_filled(client, url, world["theirs"], 2).status_code == 302  # its own: yes
    assert filled_of(world["theirs"]) == 2
    client = sign_in("agency")
    assert post_filled(client, url, world["theirs"], 3).status_code == 404
    assert filled_of(world["theirs"]) == 2


@pytest.mark.parametrize("role", [*ROLES, "rival"])
def test_record_on_the_review_page_by_role(sign_in, world, role):
    url = reverse("demand_review", args=[world["letter"].pk])
    response = post_filled(sign_in(role), url, world["theirs"], 2)
    expected = 302 if role in MINISTRY else LOGIN if role in ("anonymous", "inactive") else 403
    assert_status(response, expected)
    assert filled_of(world["theirs"]) == (2 if role in MINISTRY else 0)


def test_an_allocation_of_another_letter_is_404(sign_in, world, setup):  # noqa: F811
    other = kr_letter(setup, "allocated")
    foreign = other.allocations.get()
    client = sign_in("ministry_reviewer")
    assert post_filled(client, reverse("demand_review", args=[world["letter"].pk]), foreign, 1).status_code == 404
    client = sign_in("agency")
    assert post_filled(client, reverse("demand_detail", args=[world["letter"].pk]), foreign, 1).status_code == 404
    assert filled_of(foreign) == 0


# --- the form, the message, the audit entry, the quota ----------------------------------------------------


def test_the_agency_records_its_filled_positions_from_its_letter_page(sign_in, world):
    letter, mine = world["letter"], world["mine"]
    url = reverse("demand_detail", args=[letter.pk])
    client = sign_in("agency")
    page = client.get(url).content
    data = form_data(page, containing=f"filled-{mine.pk}-filled")
    assert data["action"] == "set_filled" and data["allocation"] == str(mine.pk)
    assert f'name="filled-{world["theirs"].pk}-filled"' not in page.decode()  # only its own allocation
    assert "From 0 to 4, the positions allocated." in page.decode()
    used_before = QuotaUse.objects.get(agreement=letter.agreement, sector__code="C").used
    data[f"filled-{mine.pk}-filled"] = "3"
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert f"Positions filled for {mine.agency.name}: 3 of 4." in response.content.decode()  # the message
    assert filled_of(mine) == 3
    event = AuditEvent.objects.filter(action="allocation.set_filled").latest("id")
    assert event.actor == world["users"]["agency"]
    assert (event.before["filled"], event.after["filled"]) == (0, 3)
    assert QuotaUse.objects.get(agreement=letter.agreement, sector__code="C").used == used_before + 3
    assert "Filled positions recorded" in response.content.decode()  # on the timeline


def test_the_employer_sees_the_numbers_but_no_form(sign_in, world):
    page = sign_in("employer_kr").get(reverse("demand_detail", args=[world["letter"].pk])).content.decode()
    assert "Mekong Manpower (test)" in page  # the employer sees every allocation
    assert 'value="set_filled"' not in page


@pytest.mark.parametrize(("value", "message"), [
    ("three", "Write a whole number of positions."),
    ("", "Write the number of positions filled."),
    ("5", "Give a number from 0 to 4, the positions allocated."),
    ("-1", "Give a number from 0 to 4, the positions allocated."),
])
def test_bad_input_is_refused_with_a_clear_error_and_changes_nothing(sign_in, world, value, message):
    mine = world["mine"]
    url = reverse("demand_detail", args=[world["letter"].pk])
    events = set_filled_events()
    response = post_filled(sign_in("agency"), url, mine, value)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'href="#id_filled-{mine.pk}-filled"' in page  # the error summary links to the field
    assert filled_of(mine) == 0 and set_filled_events() == events


def test_a_letter_no_longer_allocated_or_recruiting_is_refused(sign_in, world):
    letter, mine = world["letter"], world["mine"]
    DemandLetter.objects.filter(pk=letter.pk).update(status=LetterStatus.CLOSED)
    events = set_filled_events()
    url = reverse("demand_detail", args=[letter.pk])
    client = sign_in("agency")
    assert 'value="set_filled"' not in client.get(url).content.decode()  # no form once closed
    response = post_filled(client, url, mine, 2)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Filled positions can only be recorded while the letter is allocated or recruiting; it is Closed."]
    assert filled_of(mine) == 0 and set_filled_events() == events


def test_ministry_records_each_agencys_positions_on_the_review_page(sign_in, world):
    letter, mine, theirs = world["letter"], world["mine"], world["theirs"]
    url = reverse("demand_review", args=[letter.pk])
    client = sign_in("ministry_reviewer")
    page = client.get(url).content
    for allocation in (mine, theirs):  # one form per agency
        assert form_data(page, containing=f"filled-{allocation.pk}-filled")["allocation"] == str(allocation.pk)
    response = post_filled(client, url, theirs, 4)  # 3 allocated
    assert response.status_code == 200
    assert "Positions filled by Mekong Manpower (test): Give a number from 0 to 3, the positions allocated." \
        in response.content.decode()
    assert filled_of(theirs) == 0
    response = post_filled(client, url, theirs, 3)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Positions filled for Mekong Manpower (test): 3 of 3."]
    assert (filled_of(mine), filled_of(theirs)) == (0, 3)


# --- the timeline the agency reads -------------------------------------------------------------------------


def test_an_agency_does_not_read_the_other_agencys_filled_positions_on_the_timeline(sign_in, world):
    letter = world["letter"]
    services.allocation_set_filled(actor=world["users"]["ministry_reviewer"], allocation=world["theirs"], filled=2)
    url = reverse("demand_detail", args=[letter.pk])
    timeline = sign_in("agency").get(url).content.decode().split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "Filled positions recorded" not in timeline and "Allocated to agencies" in timeline
    timeline = sign_in("employer_kr").get(url).content.decode().split('class="timeline"', 1)[1].split("</ol>")[0]
    assert "Filled positions recorded" in timeline
    # The employer reads the ministry, not the officer who recorded it.
    officer = world["users"]["ministry_reviewer"]
    assert officer.organisation.name in timeline
    assert (officer.get_full_name() or officer.username) not in timeline
