"""Recording vetting evidence, and the rosters that follow from eligibility."""

from __future__ import annotations

from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Organisation, OrganisationKind, Role, User
from audit.models import AuditEvent
from coordination.jobseekers.models import (
    JobSeeker,
    LanguageSkill,
    RosterEntry,
    RosterStatus,
    VettingEvidence,
    VettingStatus,
)
from coordination.jobseekers.vetting import evidence_record, roster_enter, roster_remove, roster_renew
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.vetting_helpers import DAY, record, today, vet_for_korea

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeker(users: dict[str, Any], agreements: dict[str, Any]) -> JobSeeker:
    return register(users["counsellor"])


@pytest.fixture
def other_counsellor(users: dict[str, Any]) -> User:
    centre = Organisation.objects.create(name="Job Centre Siem Reap (test)", kind=OrganisationKind.JOB_CENTRE,
                                         country=users["counsellor"].organisation.country)
    return User.objects.create_user("sr.counsellor", password="x-password-123", organisation=centre,
                                    role=Role.COUNSELLOR)


def test_evidence_is_recorded_audited_and_the_status_follows(users: dict[str, Any], seeker: JobSeeker) -> None:
    assert seeker.vetting_status == VettingStatus.NOT_VETTED
    item = record(users["counsellor"], seeker, "identity", reference="ID card 010203040")
    assert item.recorded_by == users["counsellor"]
    event = AuditEvent.objects.get(action="jobseeker.evidence")
    assert event.target_id == str(seeker.pk) and event.after["kind"] == "identity"
    assert JobSeeker.objects.get(pk=seeker.pk).vetting_status == VettingStatus.IN_PROGRESS


@pytest.mark.parametrize("role", ["counsellor", "ministry_admin", "ministry_reviewer"])
def test_the_owning_job_centre_and_ministry_staff_record_evidence(users: dict[str, Any], seeker: JobSeeker,
                                                                  role: str) -> None:
    record(users[role], seeker, "identity")
    assert VettingEvidence.objects.filter(seeker=seeker).count() == 1


@pytest.mark.parametrize("role", ["agency", "employer_th", "employer_kr", "attache", "no_org", "other"])
def test_nobody_else_records_evidence(users: dict[str, Any], seeker: JobSeeker, other_counsellor: User,
                                     role: str) -> None:
    actor = other_counsellor if role == "other" else users[role]
    with pytest.raises(PermissionDenied):
        record(actor, seeker, "identity")
    assert not VettingEvidence.objects.exists()


@pytest.mark.parametrize(("fields", "path"), [
    ({"kind": "test", "test": "EPS-TOPIK", "score": "seventy"}, "score"),
    ({"kind": "test", "test": "EPS-TOPIK", "score": "250"}, "score"),
    ({"kind": "test", "test": "EPS-TOPIK", "score": ""}, "score"),
    ({"kind": "test", "test": "JLPT", "score": "N6"}, "score"),
    ({"kind": "test", "test": "IELTS", "score": "6.3"}, "score"),
    ({"kind": "test", "test": "TOEIC", "score": "5"}, "score"),
    ({"kind": "test", "test": "NOPE", "score": "5"}, "test"),
    ({"kind": "test"}, "test"),
    ({"kind": "medical", "score": "80"}, "score"),
    ({"kind": "medical", "valid_until": None}, "valid_until"),
    ({"kind": "police", "valid_until": "tomorrow"}, "valid_until"),
    ({"kind": "identity", "on_date": None}, "on_date"),
    ({"kind": "identity", "on_date": "future"}, "on_date"),
    ({"kind": "identity", "on_date": "long ago"}, "on_date"),
    ({"kind": "police", "on_date": "now", "valid_until": "before"}, "valid_until"),
    ({"kind": "passport"}, "kind"),
    ({"kind": "identity", "result": "maybe"}, "result"),
    ({"kind": "identity", "reference": "x" * 61}, "reference"),
    ({"kind": "identity", "notes": "bad\x00"}, "notes"),
])
def test_bad_evidence_is_refused_with_the_field_named(users: dict[str, Any], seeker: JobSeeker,
                                                     fields: dict[str, Any], path: str) -> None:
    values = {"on_date": today() - DAY, "valid_until": today() + 100 * DAY, **fields}
    dates = {"future": today() + DAY, "long ago": today() - 11 * 366 * DAY, "now": today(),
             "before": today() - DAY, "tomorrow": "2027-01-01"}
    for key in ("on_date", "valid_until"):
        values[key] = dates.get(values[key], values[key]) if isinstance(values[key], str) else values[key]
    with pytest.raises(ValidationError) as caught:
        evidence_record(actor=users["counsellor"], seeker=seeker, **values)
    assert path in caught.value.message_dict, caught.value.message_dict
    assert not VettingEvidence.objects.exists()


def test_scores_are_stored_in_their_test_format(users: dict[str, Any], seeker: JobSeeker) -> None:
    assert record(users["counsellor"], seeker, "test", test="JLPT", score="n 3").score == "N3"
    assert record(users["counsellor"], seeker, "test", test="EPS-TOPIK", score="085").score == "85"
    assert record(users["counsellor"], seeker, "test", test="IELTS", score="6.5").score == "6.5"


def test_a_test_result_updates_the_seekers_languages(users: dict[str, Any], seeker: JobSeeker) -> None:
    until = today() + 600 * DAY
    record(users["counsellor"], seeker, "test", test="EPS-TOPIK", score="91", valid_until=until)
    skill = LanguageSkill.objects.get(seeker=seeker, test="EPS-TOPIK")
    assert (skill.language.code, skill.score, skill.valid_until) == ("ko", "91", until)
    record(users["counsellor"], seeker, "test", test="JLPT", score="N4")
    assert LanguageSkill.objects.get(seeker=seeker, test="JLPT").language.code == "ja"


def test_a_seeker_meeting_every_requirement_enters_the_roster_for_its_validity(
        users: dict[str, Any], agreements: dict[str, Any], seeker: JobSeeker) -> None:
    vet_for_korea(users["counsellor"], seeker)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])
    assert entry.status == RosterStatus.ACTIVE and entry.entered_on == today()
    assert entry.valid_until == today() + relativedelta(months=agreements["KR"].versions.get().roster_validity_months)
    assert JobSeeker.objects.get(pk=seeker.pk).vetting_status == VettingStatus.VETTED
    event = AuditEvent.objects.get(action="jobseeker.roster_enter", after__agreement=agreements["KR"].pk)
    assert event.after["clause"] == "Art. 6"
    # Thailand asks for no test: the same evidence put the seeker on its roster too; Japan needs the JLPT.
    assert RosterEntry.objects.filter(seeker=seeker, agreement=agreements["TH"]).exists()
    assert not RosterEntry.objects.filter(seeker=seeker, agreement=agreements["JP"]).exists()


def test_failed_evidence_takes_the_seeker_off_the_roster(users: dict[str, Any], agreements: dict[str, Any],
                                                        seeker: JobSeeker) -> None:
    vet_for_korea(users["counsellor"], seeker)
    record(users["counsellor"], seeker, "medical", result="failed", on_date=today())
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])
    assert entry.status == RosterStatus.REMOVED
    assert "Medical check failed" in AuditEvent.objects.filter(action="jobseeker.roster_remove").first().reason
    assert JobSeeker.objects.get(pk=seeker.pk).vetting_status == VettingStatus.IN_PROGRESS


def test_roster_enter_refuses_a_seeker_who_does_not_qualify(users: dict[str, Any], agreements: dict[str, Any],
                                                           seeker: JobSeeker) -> None:
    record(users["counsellor"], seeker, "identity")
    with pytest.raises(ValidationError) as caught:
        roster_enter(actor=users["counsellor"], seeker=seeker, agreement=agreements["KR"])
    assert "No medical check recorded" in caught.value.message_dict["agreement"][0]


def test_roster_renew_extends_from_today_and_clears_the_reminder(users: dict[str, Any], agreements: dict[str, Any],
                                                                seeker: JobSeeker) -> None:
    vet_for_korea(users["counsellor"], seeker)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])
    RosterEntry.objects.filter(pk=entry.pk).update(entered_on=today() - 340 * DAY, valid_until=today() + 25 * DAY,
                                                   reminded_on=today() - DAY)
    renewed = roster_renew(actor=users["counsellor"], entry=RosterEntry.objects.get(pk=entry.pk))
    assert renewed.pk == entry.pk and renewed.valid_until == today() + relativedelta(months=12)
    assert renewed.reminded_on is None
    assert AuditEvent.objects.filter(action="jobseeker.roster_renew").count() == 1


def test_an_expired_entry_is_renewed_by_a_new_one(users: dict[str, Any], agreements: dict[str, Any],
                                                 seeker: JobSeeker) -> None:
    vet_for_korea(users["counsellor"], seeker)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])
    RosterEntry.objects.filter(pk=entry.pk).update(status=RosterStatus.EXPIRED, valid_until=today() - DAY)
    renewed = roster_renew(actor=users["counsellor"], entry=RosterEntry.objects.get(pk=entry.pk))
    assert renewed.pk != entry.pk and renewed.status == RosterStatus.ACTIVE
    assert RosterEntry.objects.get(pk=entry.pk).status == RosterStatus.EXPIRED


def test_roster_remove_needs_a_reason_and_permission(users: dict[str, Any], agreements: dict[str, Any],
                                                    seeker: JobSeeker) -> None:
    vet_for_korea(users["counsellor"], seeker)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])
    with pytest.raises(ValidationError) as caught:
        roster_remove(actor=users["counsellor"], entry=entry, reason="  ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        roster_remove(actor=users["agency"], entry=entry, reason="Left the country")
    roster_remove(actor=users["ministry_reviewer"], entry=entry, reason="Left the country")
    assert RosterEntry.objects.get(pk=entry.pk).status == RosterStatus.REMOVED
    assert AuditEvent.objects.get(action="jobseeker.roster_remove", reason="Left the country")


def test_new_evidence_after_an_unexpired_lapse_makes_a_new_entry(users: dict[str, Any], agreements: dict[str, Any],
                                                                 seeker: JobSeeker) -> None:
    """An entry past its end that the daily task has not expired yet does not block the new one."""
    vet_for_korea(users["counsellor"], seeker)
    old = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"])
    RosterEntry.objects.filter(pk=old.pk).update(valid_until=today() - DAY)
    record(users["counsellor"], seeker, "identity")
    assert RosterEntry.objects.get(pk=old.pk).status == RosterStatus.EXPIRED
    new = RosterEntry.objects.get(seeker=seeker, agreement=agreements["KR"], status=RosterStatus.ACTIVE)
    assert new.pk != old.pk and new.entered_on == today()
