"""The demand panels of the home page: each side of the demand process sees what waits for it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from demand.models import DemandLetter
from demand.services import letter_attest


def test_the_attaches_home_lists_the_letters_to_attest(as_role, waiting, setup):
    page = as_role("attache").get(reverse("home")).content.decode()
    assert "Demand letters waiting for your attestation" in page and waiting.reference in page
    nav = page.split('<ul class="nav">', 1)[1].split("</ul>", 1)[0]
    assert ">Letters to attest</a>" in nav
    letter_attest(actor=setup["users"]["attache"], letter=waiting)
    page = as_role("attache").get(reverse("home")).content.decode()
    assert "No demand letter waits for your attestation." in page


@pytest.mark.django_db
def test_employer_sees_the_letters_waiting_for_them_and_where_the_others_stand(as_role, letter_in):
    draft = letter_in("draft")
    returned = letter_in("returned")
    submitted = letter_in("submitted")
    html = as_role("employer_kr").get(reverse("home")).content.decode()
    waiting = html.split("Waiting for you", 1)[1].split("Where the letters stand", 1)[0]
    assert draft.reference in waiting and returned.reference in waiting
    assert submitted.reference not in waiting
    assert "Make the changes the ministry asked for, then submit again." in waiting
    stands = html.split("Where the letters stand", 1)[1]
    assert f'href="{reverse("demand_list")}?status=submitted"' in stands
    assert f'href="{reverse("demand_create")}"' in html  # an accredited employer may file demand
    # the other employer sees none of it
    other = as_role("employer_th").get(reverse("home")).content.decode()
    assert draft.reference not in other and "No letter waits for you" in other


@pytest.mark.django_db
def test_employer_without_a_profile_is_sent_to_fill_it_in(as_role, users):
    html = as_role("employer_th").get(reverse("home")).content.decode()
    assert f'href="{reverse("employer_profile")}"' in html
    assert f'href="{reverse("demand_create")}"' not in html


@pytest.mark.django_db
def test_reviewer_sees_the_queue_with_deadlines_and_what_is_overdue(as_role, letter_in):


    late = letter_in("submitted")
    DemandLetter.objects.filter(pk=late.pk).update(review_due=datetime.date.today() - datetime.timedelta(days=3))
    fresh = letter_in("under_review")
    approved = letter_in("approved")
    draft = letter_in("draft")
    html = as_role("ministry_reviewer").get(reverse("home")).content.decode()
    panel = html.split("Demand waiting for the ministry", 1)[1].split("</section>", 1)[0]
    assert "3 letters wait for a decision or an allocation." in panel
    assert "1 overdue" in panel and "3 days overdue" in panel
    assert panel.index(late.reference) < panel.index(fresh.reference)  # the one due soonest first
    assert approved.reference in panel and draft.reference not in panel
    assert f'href="{reverse("demand_review_queue")}"' in panel


@pytest.mark.django_db
def test_agency_sees_its_allocations_and_what_is_due(as_role, letter_in):
    allocated = letter_in("allocated")
    recruiting = letter_in("recruiting")
    approved = letter_in("approved")
    html = as_role("agency").get(reverse("home")).content.decode()
    panel = html.split("Demand allocated to your agency", 1)[1].split("</section>", 1)[0]
    assert allocated.reference in panel and recruiting.reference in panel
    assert approved.reference not in panel  # not allocated: not the agency's to see
    assert "Start recruiting" in panel and "Record the positions filled" in panel
