"""Merging two records of one person, and confirming two people distinct: permissions per role, the history
kept, empty fields filled, national-ID conflicts refused, consent never revived, audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Role, User
from audit.models import AuditEvent
from coordination.jobseekers import selectors
from coordination.jobseekers.inputs import ConsentData, ExperienceData
from coordination.jobseekers.merging import seeker_confirm_distinct, seeker_history_ids, seeker_merge
from coordination.jobseekers.models import (
    Consent,
    DuplicateDecision,
    JobSeeker,
    ProfileView,
    RosterStatus,
    SeekerStatus,
    VettingEvidence,
)
from coordination.jobseekers.services import consent_withdraw, profile_open
from tests.coordination.jobseekers.helpers import put_on_roster, register

pytestmark = pytest.mark.django_db


def other_counsellor(users: dict[str, Any]) -> User:
    centre = Organisation.objects.create(name="NEA Job Centre Siem Reap (test)", kind=OrganisationKind.JOB_CENTRE,
                                         country=users["counsellor"].organisation.country)
    return User.objects.create_user("counsellor.sr", password="x-password-123", organisation=centre,
                                    role=Role.COUNSELLOR)


def pair(users: dict[str, Any], **second: Any) -> tuple[JobSeeker, JobSeeker]:
    """Sok Dara registered twice: in Latin letters at Phnom Penh, in Khmer at Siem Reap."""
    keep = register(users["counsellor"], name_km="", phone="")
    values: dict[str, Any] = {"name_latin": "", "name_km": "សុខ ដារា", "national_id": "", "phone": "097 123 4567",
                              "distinct_from": [keep.pk]}
    values.update(second)
    merge = register(other_counsellor(users), **values)
    return keep, merge


@pytest.mark.parametrize(("role", "allowed"), [
    ("counsellor", True), ("other_counsellor", True), ("ministry_admin", True), ("ministry_reviewer", True),
    ("agency", False), ("employer_th", False), ("attache", False), ("no_org", False),
])
def test_who_may_merge_and_confirm_distinct(users: dict[str, Any], role: str, allowed: bool) -> None:
    keep, merge = pair(users)
    actor = User.objects.get(username="counsellor.sr") if role == "other_counsellor" else users[role]
    if not allowed:
        with pytest.raises(PermissionDenied):
            seeker_merge(actor=actor, keep=keep, merge=merge, reason="Same card")
        with pytest.raises(PermissionDenied):
            seeker_confirm_distinct(actor=actor, first=keep, second=merge)
        assert JobSeeker.objects.get(pk=merge.pk).status == SeekerStatus.ACTIVE
        return
    seeker_merge(actor=actor, keep=keep, merge=merge, reason="Same card seen")
    merge.refresh_from_db()
    assert merge.status == SeekerStatus.MERGED and merge.merged_into_id == keep.pk


def test_a_counsellor_of_a_third_job_centre_may_not(users: dict[str, Any]) -> None:
    keep = register(users["counsellor"], name_km="", phone="")
    centre_b = other_counsellor(users)
    merge = register(centre_b, name_latin="", name_km="សុខ ដារា", national_id="", phone="", distinct_from=[keep.pk])
    centre_c = Organisation.objects.create(name="NEA Job Centre Battambang (test)", kind=OrganisationKind.JOB_CENTRE,
                                           country=centre_b.organisation.country)
    third = User.objects.create_user("counsellor.bb", password="x-password-123", organisation=centre_c,
                                     role=Role.COUNSELLOR)
    with pytest.raises(PermissionDenied):
        seeker_merge(actor=third, keep=keep, merge=merge, reason="Same card")


def test_a_merge_fills_empty_fields_and_keeps_the_merged_record(users: dict[str, Any]) -> None:
    keep, merge = pair(users)
    kept = seeker_merge(actor=users["counsellor"], keep=keep, merge=merge, reason="Same card seen")
    kept.refresh_from_db()
    assert kept.name_km == "សុខ ដារា" and kept.name_km_romanised == "SOK DARA"
    assert kept.phone == "+855971234567" and kept.national_id == "010203040"
    merged = JobSeeker.objects.get(pk=merge.pk)  # never deleted
    assert merged.status == SeekerStatus.MERGED and merged.name_km == "សុខ ដារា"
    assert selectors.seeker_get(actor=users["counsellor"], pk=merge.pk) == kept
    assert not selectors.seeker_list(actor=users["counsellor"]).filter(pk=merge.pk).exists()
    assert DuplicateDecision.objects.get().outcome == DuplicateDecision.Outcome.MERGED
    assert seeker_history_ids(kept) == [kept.pk, merge.pk]


def test_the_national_id_passes_to_the_kept_record_when_it_has_none(users: dict[str, Any]) -> None:
    keep = register(users["counsellor"], name_km="", phone="", national_id="")
    merge = register(other_counsellor(users), name_latin="", name_km="សុខ ដារា", national_id="123456789",
                     phone="", distinct_from=[keep.pk])
    kept = seeker_merge(actor=users["counsellor"], keep=keep, merge=merge, reason="Same person")
    assert JobSeeker.objects.get(pk=kept.pk).national_id == "123456789"


def test_two_different_national_ids_are_refused(users: dict[str, Any]) -> None:
    keep, merge = pair(users, national_id="999888777")
    with pytest.raises(ValidationError) as caught:
        seeker_merge(actor=users["counsellor"], keep=keep, merge=merge, reason="Same person")
    message = caught.value.message_dict["national_id"][0]
    assert "different national ID" in message and "3040" in message and "8777" in message
    assert JobSeeker.objects.get(pk=merge.pk).status == SeekerStatus.ACTIVE
    assert not DuplicateDecision.objects.filter(outcome="merged").exists()


def test_refusals_name_their_field(users: dict[str, Any]) -> None:
    keep, merge = pair(users)
    with pytest.raises(ValidationError) as caught:
        seeker_merge(actor=users["counsellor"], keep=keep, merge=merge, reason="  ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        seeker_merge(actor=users["counsellor"], keep=keep, merge=keep, reason="x")
    assert "merge" in caught.value.message_dict
    seeker_merge(actor=users["counsellor"], keep=keep, merge=merge, reason="Same")
    with pytest.raises(ValidationError) as caught:
        seeker_merge(actor=users["counsellor"], keep=keep, merge=merge, reason="Again")
    assert "merge" in caught.value.message_dict
    with pytest.raises(ValidationError):
        seeker_confirm_distinct(actor=users["counsellor"], first=keep, second=merge)


def test_every_record_keeps_its_history(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    from coordination.events.models import Attendance, CounsellingNote, MatchingEvent

    keep, merge = pair(users, experiences=[ExperienceData(occupation="7531", years="5"),
                                           ExperienceData(occupation="8153", years="1")])
    counsellor = users["counsellor"]
    VettingEvidence.objects.create(seeker=merge, kind="medical", on_date=timezone.localdate(), recorded_by=counsellor)
    put_on_roster(merge, agreements["KR"], counsellor)
    profile_open(actor=users["agency"], seeker=merge, channel="page")
    event = MatchingEvent.objects.create(title="Job fair", date=timezone.localdate(), venue="Hall",
                                         province=keep.province, job_centre=counsellor.organisation,
                                         created_by=counsellor)
    shared = Attendance.objects.create(event=event, seeker=keep)
    theirs = Attendance.objects.create(event=event, seeker=merge)
    note = CounsellingNote.objects.create(seeker=merge, event=event, kind="mentoring", text="Wants Korea",
                                          author=counsellor)
    seeker_merge(actor=counsellor, keep=keep, merge=merge, reason="Same card seen")
    # Moved to the kept record: evidence, the roster entry, the access log, the counselling note, experience.
    assert VettingEvidence.objects.get().seeker_id == keep.pk
    entry = keep.roster_entries.get()
    assert entry.status == RosterStatus.ACTIVE
    assert ProfileView.objects.get().seeker_id == keep.pk
    note.refresh_from_db()
    assert note.seeker_id == keep.pk
    assert {(e.occupation.code, e.years) for e in keep.experiences.all()} == {("7531", 5), ("8153", 1)}
    # The same event attended under both records: the merged record keeps its own attendance as history.
    shared.refresh_from_db()
    theirs.refresh_from_db()
    assert shared.seeker_id == keep.pk and theirs.seeker_id == merge.pk
    # Audited on both records.
    actions = set(AuditEvent.objects.filter(action__startswith="jobseeker.merge").values_list("action", "target_id"))
    assert actions == {("jobseeker.merge", str(keep.pk)), ("jobseeker.merged_into", str(merge.pk))}
    audit = AuditEvent.objects.get(action="jobseeker.merge")
    assert audit.reason == "Same card seen" and audit.after["merged"] == merge.pk
    assert "010203040" not in str(audit.after)


def test_a_merge_never_revives_a_withdrawn_consent(users: dict[str, Any]) -> None:
    keep, merge = pair(users)
    consent_withdraw(actor=users["counsellor"], seeker=keep, reason="Does not want to go abroad now")
    seeker_merge(actor=users["counsellor"], keep=keep, merge=merge, reason="Same card seen")
    keep.refresh_from_db()
    assert not keep.consent_active
    assert not Consent.objects.filter(seeker=keep, withdrawn_at=None).exists()
    assert Consent.objects.filter(seeker=keep).count() == 2  # both records' consents, as history


def test_the_latest_consent_of_either_record_stays_in_force(users: dict[str, Any]) -> None:
    keep = register(users["counsellor"], name_km="", phone="", consent=None)
    merge = register(other_counsellor(users), name_latin="", name_km="សុខ ដារា", national_id="", phone="",
                     distinct_from=[keep.pk], consent=ConsentData(share_with_employers=False))
    seeker_merge(actor=users["counsellor"], keep=keep, merge=merge, reason="Same card seen")
    keep.refresh_from_db()
    assert keep.consent_active
    current = Consent.objects.get(seeker=keep, withdrawn_at=None)
    assert current.share_with_agencies and not current.share_with_employers


def test_confirming_distinct_is_recorded_once_and_audited(users: dict[str, Any]) -> None:
    keep, merge = pair(users)
    DuplicateDecision.objects.all().delete()
    decision = seeker_confirm_distinct(actor=users["ministry_admin"], first=merge, second=keep)
    assert (decision.first_id, decision.second_id) == tuple(sorted((keep.pk, merge.pk)))
    assert decision.outcome == DuplicateDecision.Outcome.DISTINCT
    again = seeker_confirm_distinct(actor=users["counsellor"], first=keep, second=merge)
    assert again.pk == decision.pk
    assert AuditEvent.objects.filter(action="jobseeker.distinct").count() == 2
    with pytest.raises(ValidationError):
        seeker_confirm_distinct(actor=users["counsellor"], first=keep, second=keep)


def test_a_chain_of_merges_resolves_to_the_last_kept_record(users: dict[str, Any]) -> None:
    keep, merge = pair(users)
    seeker_merge(actor=users["counsellor"], keep=merge, merge=keep, reason="Same")
    third = register(users["counsellor"], name_km="", name_latin="Dara Sok", national_id="", phone="",
                     date_of_birth=datetime.date(1998, 4, 14), distinct_from=[merge.pk])
    seeker_merge(actor=users["counsellor"], keep=third, merge=merge, reason="Same again")
    assert JobSeeker.objects.get(pk=keep.pk).merged_into_id == third.pk
    assert selectors.seeker_get(actor=users["counsellor"], pk=keep.pk) == third
    assert sorted(seeker_history_ids(third)) == sorted([third.pk, merge.pk, keep.pk])
