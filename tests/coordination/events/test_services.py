"""Planning events, their statuses, attendance (pre-registration, registration on the day, check-in), notes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Role, User
from audit.models import AuditEvent
from coordination.events import selectors
from coordination.events.models import Attendance, CounsellingNote, EventStatus
from coordination.events.services import (
    attendee_add,
    attendee_check_in,
    attendee_register,
    event_create,
    event_set_status,
    event_update,
    note_add,
)
from coordination.jobseekers.inputs import ConsentData
from coordination.jobseekers.services import LikelyDuplicate
from tests.coordination.events.helpers import event_data, korean_letter, make_event
from tests.coordination.jobseekers.helpers import register, seeker_data

pytestmark = pytest.mark.django_db


def other_counsellor() -> Any:
    from reference.models import Country

    centre = Organisation.objects.create(name="Job Centre Battambang", kind=OrganisationKind.JOB_CENTRE,
                                         country=Country.objects.get(iso2="KH"))
    return User.objects.create_user("counsellor.btb", password="x-password-123", organisation=centre,
                                    role=Role.COUNSELLOR)


def test_a_counsellor_plans_an_event_of_their_job_centre(users, agreements):
    letter = korean_letter(users, agreements)
    event = event_create(actor=users["counsellor"], data=event_data(users, letter))
    assert event.job_centre == users["counsellor"].organisation
    assert event.status == EventStatus.PLANNED
    assert list(event.letters.all()) == [letter]
    assert AuditEvent.objects.filter(action="event.create", target_id=str(event.pk)).exists()


@pytest.mark.parametrize("role", ["ministry_admin", "agency", "employer_kr", "attache", "no_org"])
def test_only_counsellors_plan(users, role):
    with pytest.raises(PermissionDenied):
        event_create(actor=users[role], data=event_data(users))


def test_every_problem_is_named_by_its_field(users, agreements):
    draft = korean_letter(users, agreements, status="draft")
    with pytest.raises(ValidationError) as exc:
        event_create(actor=users["counsellor"], data=event_data(
            users, title=" ", venue="", province="KH-99", date=None, letters=[draft.pk],
            employers=[users["agency"].organisation.pk], staff=[users["ministry_admin"].pk]))
    assert set(exc.value.message_dict) == {"title", "venue", "province", "date", "letters", "employers", "staff"}


def test_demand_must_be_the_participating_employers_approved_demand(users, agreements):
    letter = korean_letter(users, agreements)
    with pytest.raises(ValidationError) as exc:
        event_create(actor=users["counsellor"], data=event_data(users, letter, employers=[]))
    assert "letters" in exc.value.message_dict


def test_statuses_follow_the_table(users, agreements):
    event = make_event(users, agreements, date=timezone.localdate())
    with pytest.raises(ValidationError):
        event_set_status(actor=users["counsellor"], event=event, status="closed")
    event = event_set_status(actor=users["counsellor"], event=event, status="open")
    event = event_set_status(actor=users["counsellor"], event=event, status="closed")
    with pytest.raises(ValidationError):
        event_update(actor=users["counsellor"], event=event, data=event_data(users))


def test_cancelling_needs_a_reason(users, agreements):
    event = make_event(users, agreements)
    with pytest.raises(ValidationError) as exc:
        event_set_status(actor=users["counsellor"], event=event, status="cancelled")
    assert "reason" in exc.value.message_dict
    event = event_set_status(actor=users["counsellor"], event=event, status="cancelled", reason="Flooding")
    assert event.status == "cancelled"


def test_staff_from_another_centre_work_at_it_but_do_not_manage(users, agreements):
    helper = other_counsellor()
    event = make_event(users, agreements, staff=[helper.pk])
    seeker = register(users["counsellor"])
    attendee_add(actor=helper, event=event, seeker=seeker)
    with pytest.raises(PermissionDenied):
        event_set_status(actor=helper, event=event, status="open")
    stranger_event = make_event(users, agreements, staff=[])
    with pytest.raises(PermissionDenied):
        attendee_add(actor=helper, event=stranger_event, seeker=seeker)
    assert selectors.event_get(actor=helper, pk=event.pk) == event
    assert selectors.event_get(actor=helper, pk=stranger_event.pk) is None


def test_registration_on_the_day_checks_duplicates_and_checks_in(users, agreements):
    event = make_event(users, agreements)
    first = register(users["counsellor"])
    with pytest.raises(LikelyDuplicate) as exc:
        attendee_register(actor=users["counsellor"], event=event, consent=ConsentData(), data=seeker_data(
            name_latin="", national_id="", phone="", name_km="សុខ ដារា"))
    assert [c.seeker for c in exc.value.candidates] == [first]
    assert not Attendance.objects.filter(event=event).exists()
    attendance = attendee_register(actor=users["counsellor"], event=event, distinct_from=[first.pk],
                                   consent=ConsentData(),
                                   data=seeker_data(national_id="", phone="", name_latin="Sok Dara"))
    assert attendance.registered_here and attendance.checked_in_at is not None
    assert attendance.seeker != first


def test_check_in_of_a_pre_registered_seeker(users, agreements):
    event = make_event(users, agreements)
    seeker = register(users["counsellor"])
    pre = attendee_add(actor=users["counsellor"], event=event, seeker=seeker)
    assert pre.pre_registered and pre.checked_in_at is None
    checked = attendee_check_in(actor=users["counsellor"], event=event, seeker=seeker)
    assert checked.pk == pre.pk and checked.checked_in_at is not None
    assert selectors.event_seeker_search(actor=users["counsellor"], event=event, search="012 345 678") == [seeker]
    assert selectors.event_seeker_search(actor=users["counsellor"], event=event, search="សុខ") == [seeker]


def test_notes_of_each_kind_for_attendees_only(users, agreements):
    event = make_event(users, agreements)
    seeker = register(users["counsellor"])
    with pytest.raises(ValidationError) as exc:
        note_add(actor=users["counsellor"], event=event, seeker=seeker, kind="counselling", text="Talked")
    assert "seeker" in exc.value.message_dict
    attendee_check_in(actor=users["counsellor"], event=event, seeker=seeker)
    for kind in ("counselling", "mentoring", "coaching"):
        note_add(actor=users["counsellor"], event=event, seeker=seeker, kind=kind, text=f"{kind} given")
    assert CounsellingNote.objects.filter(event=event).count() == 3
    with pytest.raises(ValidationError) as exc:
        note_add(actor=users["counsellor"], event=event, seeker=seeker, kind="gossip", text="")
    assert set(exc.value.message_dict) == {"kind", "text"}


def test_outcomes_count_what_exists(users, agreements):
    from tests.coordination.jobseekers.helpers import put_on_roster

    event = make_event(users, agreements, date=datetime.date.today())
    seeker = register(users["counsellor"])
    attendee_check_in(actor=users["counsellor"], event=event, seeker=seeker)
    attendee_register(actor=users["counsellor"], event=event, consent=ConsentData(), data=seeker_data(
        name_latin="Chan Sophea", name_km="ចាន់ សុភា", national_id="999888777", phone="097 123 4567",
        date_of_birth=datetime.date(1995, 1, 2)))
    put_on_roster(seeker, agreements["KR"], users["counsellor"])
    seeker.vetting_status = "vetted"
    seeker.save()
    outcomes = selectors.event_outcomes(event=event)
    assert (outcomes.attendees, outcomes.registered, outcomes.checked_in, outcomes.vetted) == (2, 1, 2, 1)


def test_scope(users, agreements):
    event = make_event(users, agreements)
    assert selectors.event_get(actor=users["ministry_admin"], pk=event.pk) == event
    for role in ("agency", "employer_kr", "attache", "no_org"):
        assert selectors.event_get(actor=users[role], pk=event.pk) is None
    assert list(selectors.event_list(actor=users["ministry_admin"], province="KH-3")) == [event]
    assert list(selectors.event_list(actor=users["ministry_admin"], province="KH-12")) == []


def test_an_event_starts_only_on_its_day(users, agreements):
    from coordination.events.services import start_problem

    today = timezone.localdate()
    event = make_event(users, agreements, date=today + datetime.timedelta(days=14))
    with pytest.raises(ValidationError) as exc:
        event_set_status(actor=users["counsellor"], event=event, status="open")
    assert "can be started only on its day" in exc.value.message_dict["status"][0]
    event.refresh_from_db()
    assert event.status == "planned"
    assert start_problem(event, today=event.date) is None
    assert start_problem(event, today=event.date - datetime.timedelta(days=1))
    assert start_problem(event, today=event.date + datetime.timedelta(days=1))  # a day gone by is not started late
    assert event_set_status(actor=users["counsellor"], event=event, status="open", today=event.date).status == "open"


def test_the_events_day_is_the_day_in_phnom_penh(users, agreements, monkeypatch):
    """At 19:06 UTC on 4 December it is 02:06 on 5 December in Phnom Penh: an event of the 5th starts, one of the
    4th no longer does."""
    from coordination.events.services import start_problem

    day = timezone.localdate() + datetime.timedelta(days=3)
    event = make_event(users, agreements, date=day)
    eve = day - datetime.timedelta(days=1)
    at = datetime.datetime(eve.year, eve.month, eve.day, 19, 6, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: at)
    assert timezone.localdate() == day
    assert start_problem(event) is None
    event.date = eve  # the UTC date
    assert start_problem(event)
