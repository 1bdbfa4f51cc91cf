"""Rules the pages once computed themselves, now in demand's permissions, services and selectors."""

from __future__ import annotations

import datetime

import pytest

from demand import permissions as perms
from demand.models import LetterStatus
from demand.selectors import letter_get, letter_list, letter_quota, quota_totals, quota_usage, quota_years
from demand.services import TRANSITIONS, WORK_ACTIONS, letter_actions
from mou.models import Quota

pytestmark = pytest.mark.django_db

SEES_DEMAND = {"admin", "ministry_admin", "ministry_reviewer", "employer_th", "employer_kr", "agency", "attache"}


@pytest.mark.parametrize("role", ["admin", "ministry_admin", "ministry_reviewer", "employer_th", "employer_kr",
                                  "agency", "counsellor", "attache"])
def test_who_sees_demand(users, role):
    assert perms.can_see_demand(users[role]) is (role in SEES_DEMAND)


def test_anonymous_does_not_see_demand():
    from django.contrib.auth.models import AnonymousUser

    assert perms.can_see_demand(AnonymousUser()) is False


@pytest.mark.parametrize("status", LetterStatus.values)
def test_the_actions_a_letter_allows_come_from_the_transition_table(status):
    letter = type("L", (), {"status": status})()
    everything = tuple(TRANSITIONS)
    expected = [a for a in everything if status in TRANSITIONS[a].sources]
    assert letter_actions(letter=letter, among=everything) == expected
    # the order asked for is kept, and only those asked for are answered
    assert letter_actions(letter=letter, among=("fill", "start_recruiting")) == [
        a for a in ("fill", "start_recruiting") if status in TRANSITIONS[a].sources]


def test_work_actions_by_status(letter_in):
    assert letter_actions(letter=letter_in("allocated"), among=WORK_ACTIONS) == ["start_recruiting"]
    assert letter_actions(letter=letter_in("recruiting"), among=WORK_ACTIONS) == ["fill"]
    assert letter_actions(letter=letter_in("approved"), among=WORK_ACTIONS) == []


def test_what_a_letter_holds_of_the_quota(users, letter_in):
    letter = letter_in("allocated")  # 10 workers approved, 4 allocated (tests/demand/fixtures.py)
    letter = letter_get(actor=users["ministry_reviewer"], letter_id=letter.pk)
    held = letter_quota(letter=letter)
    assert (held.approved, held.allocated, held.unallocated) == (10, 4, 6)
    draft = letter_get(actor=users["ministry_reviewer"], letter_id=letter_in("draft").pk)
    assert (letter_quota(letter=draft).approved, letter_quota(letter=draft).unallocated) == (0, 0)


def test_quota_years_are_this_year_and_every_year_the_current_version_sets(agreements):
    agreement = agreements["KR"]
    today = datetime.date.today()
    set_years = set(Quota.objects.filter(version__agreement=agreement).values_list("year", flat=True))
    years = quota_years(agreement=agreement, today=today)
    assert years == sorted(years, reverse=True)
    assert today.year in years and set(years) <= set_years | {today.year}
    assert quota_years(agreement=agreement, today=datetime.date(1999, 1, 1))[-1] == 1999


def test_quota_totals_add_up_the_lines(users, agreements, letter_in):
    letter_in("approved")
    lines = quota_usage(actor=users["ministry_reviewer"], agreement=agreements["KR"], year=datetime.date.today().year)
    totals = quota_totals(lines)
    assert totals["approved"] == sum(line.approved for line in lines) >= 10
    assert totals["cap"] == sum(line.cap or 0 for line in lines)
    assert totals["remaining"] == sum(line.remaining or 0 for line in lines)


def test_letters_of_one_employer_stay_scoped(users, letter_in):
    kr = letter_in("submitted")
    th = letter_in("submitted", country="TH")
    ministry = users["ministry_reviewer"]
    assert list(letter_list(actor=ministry, employer=kr.employer_id)) == [kr]
    assert list(letter_list(actor=ministry, employer=th.employer_id)) == [th]
    # an employer asking for another employer's letters gets none
    assert list(letter_list(actor=users["employer_th"], employer=kr.employer_id)) == []
