"""A roster entry never outlives the evidence it rests on: its end is the roster validity or the earliest lapse of
a police clearance, medical check, test result or the agreement's age range, whichever comes first; newer evidence
moves it; an entry that predates the bound is brought back to it by the daily task, and the seeker then leaves
the roster, the agencies' view and the "vetted" status."""

from __future__ import annotations

from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from audit.models import AuditEvent
from coordination.jobseekers.eligibility import seeker_eligibility
from coordination.jobseekers.models import JobSeeker, RosterEntry, RosterStatus, VettingStatus
from coordination.jobseekers.selectors import on_roster_q
from coordination.jobseekers.vetting import roster_bound_due, roster_expire_due, roster_renew
from mou.predicates import last_day_aged
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.vetting_helpers import DAY, born_aged, record, today, vet_for_korea

pytestmark = pytest.mark.django_db


def _korea(seeker: JobSeeker, agreements: dict[str, Any]) -> Any:
    return next(r for r in seeker_eligibility(seeker) if r.agreement == agreements["KR"])


def test_the_entry_ends_when_the_police_clearance_does(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    counsellor = users["counsellor"]
    seeker = register(counsellor)
    vet_for_korea(counsellor, seeker)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])
    assert entry.valid_until == today() + relativedelta(months=12)
    police_until = today() + 60 * DAY
    record(counsellor, seeker, "police", valid_until=police_until)
    entry.refresh_from_db()
    assert entry.status == RosterStatus.ACTIVE and entry.valid_until == police_until
    assert AuditEvent.objects.filter(action="jobseeker.roster_bound").exists()

    # The day after the clearance lapses the entry expires, and the seeker is neither on the roster nor shown
    # as eligible, nor in the agency's view.
    after = police_until + DAY
    assert entry.pk in roster_expire_due(today=after)
    entry.refresh_from_db()
    assert entry.status == RosterStatus.EXPIRED
    # Every agreement asks for the police clearance: no roster is left, the seeker is no longer "vetted".
    assert not seeker.roster_entries.filter(status=RosterStatus.ACTIVE).exists()
    assert JobSeeker.objects.get(pk=seeker.pk).vetting_status == VettingStatus.IN_PROGRESS
    korea = next(r for r in seeker_eligibility(seeker, today=after) if r.agreement == agreements["KR"])
    assert not korea.eligible and korea.roster_entry is None
    police = next(r for r in korea.requirements if r.code == "police")
    assert police.status == "expired"
    assert not JobSeeker.objects.filter(on_roster_q(today=after), pk=seeker.pk).exists()


def test_a_new_clearance_moves_the_end_back_up_to_the_roster_validity(users: dict[str, Any],
                                                                       agreements: dict[str, Any]) -> None:
    counsellor = users["counsellor"]
    seeker = register(counsellor)
    vet_for_korea(counsellor, seeker)
    record(counsellor, seeker, "medical", valid_until=today() + 30 * DAY)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"], status=RosterStatus.ACTIVE)
    assert entry.valid_until == today() + 30 * DAY
    record(counsellor, seeker, "medical", valid_until=today() + 900 * DAY)
    entry.refresh_from_db()
    assert entry.valid_until == min(today() + relativedelta(months=12), today() + 365 * DAY)  # the police's 365


def test_an_entry_is_made_bounded_by_a_test_result_and_by_the_age_range(users: dict[str, Any],
                                                                       agreements: dict[str, Any]) -> None:
    counsellor = users["counsellor"]
    seeker = register(counsellor, date_of_birth=born_aged(39))  # Korea takes 18 to 39
    for kind in ("identity", "medical", "orientation", "police"):
        record(counsellor, seeker, kind)
    record(counsellor, seeker, "test", test_name="EPS skills test")
    record(counsellor, seeker, "test", test="EPS-TOPIK", score="90", valid_until=today() + 400 * DAY)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])
    fortieth_eve = last_day_aged(seeker.date_of_birth, 39)
    assert fortieth_eve < today() + 365 * DAY
    assert entry.valid_until == fortieth_eve
    assert _korea(seeker, agreements).met_until == fortieth_eve


def test_a_renewal_is_bounded_too(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    counsellor = users["counsellor"]
    seeker = register(counsellor)
    vet_for_korea(counsellor, seeker)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])
    record(counsellor, seeker, "orientation")
    record(counsellor, seeker, "police", valid_until=today() + 100 * DAY)
    renewed = roster_renew(actor=counsellor, entry=entry, today=today() + 10 * DAY)
    assert renewed.valid_until == today() + 100 * DAY


def test_the_daily_task_ends_an_entry_that_predates_the_bound(users: dict[str, Any],
                                                               agreements: dict[str, Any]) -> None:
    """An entry written with the roster's full year while the clearance lasted 40 days (as entries were before
    they were bounded): once the clearance lapses the seeker leaves the roster and the agency's view."""
    counsellor = users["counsellor"]
    seeker = register(counsellor)
    vet_for_korea(counsellor, seeker)
    record(counsellor, seeker, "police", on_date=today() - 10 * DAY, valid_until=today() + 40 * DAY)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"], status=RosterStatus.ACTIVE)
    RosterEntry.objects.filter(pk=entry.pk).update(valid_until=today() + 300 * DAY)  # the old, unbounded entry
    day = today() + 41 * DAY
    assert roster_bound_due(today=today() + 20 * DAY) == []  # nothing has lapsed yet
    assert JobSeeker.objects.filter(on_roster_q(today=day), pk=seeker.pk).exists()  # the stale entry
    assert entry.pk in roster_expire_due(today=day)
    entry.refresh_from_db()
    assert entry.status == RosterStatus.EXPIRED and entry.valid_until == day - DAY
    assert not JobSeeker.objects.filter(on_roster_q(today=day), pk=seeker.pk).exists()
    assert roster_bound_due(today=day) == []  # idempotent


def test_the_page_shows_an_entry_past_its_evidence_as_not_eligible(users: dict[str, Any],
                                                                   agreements: dict[str, Any]) -> None:
    counsellor = users["counsellor"]
    seeker = register(counsellor)
    vet_for_korea(counsellor, seeker)
    record(counsellor, seeker, "police", valid_until=today() + 5 * DAY)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"], status=RosterStatus.ACTIVE)
    RosterEntry.objects.filter(pk=entry.pk).update(valid_until=today() + 300 * DAY)  # stale, not yet swept
    later = today() + 6 * DAY
    korea = next(r for r in seeker_eligibility(seeker, today=later) if r.agreement == agreements["KR"])
    assert not korea.eligible and korea.roster_entry is None
