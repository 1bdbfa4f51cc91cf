from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from demand.models import Accreditation, EmployerProfile
from demand.services import employer_profile_save, employer_set_accreditation, organisation_can_submit
from notifications.models import Notification

pytestmark = pytest.mark.django_db

PROFILE = {
    "legal_name": "Siam Garments Company Limited", "registration_number": "0105548012345",
    "address": "88 Moo 4, Samut Prakan", "sector": "14", "contact_name": "Somchai Wong",
    "contact_email": "hr@siam.example",
}


def today() -> datetime.date:
    return timezone.localdate()


@pytest.mark.parametrize("role", ["employer_th", "ministry_admin", "ministry_reviewer", "admin"])
def test_own_staff_and_ministry_save_the_profile(users, role):
    org = users["employer_th"].organisation
    reason = "" if role == "employer_th" else "Registered on paper at the ministry"
    profile = employer_profile_save(actor=users[role], organisation=org, **PROFILE, reason=reason)
    assert profile.accreditation == Accreditation.PENDING and profile.sector.code == "14"
    event = AuditEvent.objects.get(action="employer_profile.create")
    assert event.after["legal_name"] == PROFILE["legal_name"] and event.actor == users[role]
    assert event.reason == reason


@pytest.mark.parametrize("role", ["employer_kr", "agency", "counsellor", "attache", "no_org", "inactive"])
def test_others_cannot_save_the_profile(users, role):
    with pytest.raises(PermissionDenied):
        employer_profile_save(actor=users[role], organisation=users["employer_th"].organisation, **PROFILE)
    assert not EmployerProfile.objects.exists()


def test_update_records_only_what_changed(users):
    org = users["employer_th"].organisation
    employer_profile_save(actor=users["employer_th"], organisation=org, **PROFILE)
    profile = employer_profile_save(actor=users["employer_th"], organisation=org,
                                    **{**PROFILE, "contact_name": "Malee Chai"})
    assert EmployerProfile.objects.count() == 1 and profile.contact_name == "Malee Chai"
    event = AuditEvent.objects.get(action="employer_profile.update")
    assert event.before == {"contact_name": "Somchai Wong"} and event.after == {"contact_name": "Malee Chai"}


def test_profile_errors_name_every_field(users):
    with pytest.raises(ValidationError) as exc:
        employer_profile_save(actor=users["ministry_admin"], organisation=users["employer_th"].organisation,
                              legal_name=" ", registration_number="", address="", sector="ZZ", contact_name="",
                              contact_email="not-an-address")
    assert set(exc.value.message_dict) == {
        "legal_name", "registration_number", "address", "sector", "contact_name", "contact_email", "reason"}


def test_only_employers_have_profiles(users):
    with pytest.raises(ValidationError) as exc:
        employer_profile_save(actor=users["ministry_admin"], organisation=users["agency"].organisation, **PROFILE,
                              reason="Typo")
    assert "organisation" in exc.value.message_dict


def test_the_ministry_corrects_a_profile_with_a_reason_and_the_employer_is_told(users, profile):
    org = users["employer_th"].organisation
    colleague = User.objects.create_user("th.colleague", organisation=org, role="employer_staff")
    changed = {**PROFILE, "registration_number": "0105548099999"}
    with pytest.raises(ValidationError) as exc:
        employer_profile_save(actor=users["ministry_reviewer"], organisation=org, **changed, reason="  ")
    assert exc.value.message_dict == {"reason": ["Say why you change this employer's profile."]}
    assert EmployerProfile.objects.get(organisation=org).registration_number == PROFILE["registration_number"]

    employer_profile_save(actor=users["ministry_reviewer"], organisation=org, **changed,
                          reason="Certificate of incorporation re-issued")
    assert EmployerProfile.objects.get(organisation=org).registration_number == "0105548099999"
    event = AuditEvent.objects.get(action="employer_profile.update")
    assert (event.actor, event.reason) == (users["ministry_reviewer"], "Certificate of incorporation re-issued")
    assert event.after == {"registration_number": "0105548099999"}
    notes = Notification.objects.filter(kind="demand.employer_profile")
    assert {n.user for n in notes} == {users["employer_th"], colleague}  # every member of its staff, nobody else
    note = notes.first()
    assert (note.title, note.body, note.link) == (
        "The Ministry changed your employer profile", "Certificate of incorporation re-issued", "/demand/profile/")


def test_a_ministry_save_that_changes_nothing_tells_nobody(users, profile):
    employer_profile_save(actor=users["ministry_admin"], organisation=profile.organisation, **PROFILE,
                          reason="Checked against the registry")
    assert AuditEvent.objects.get(action="employer_profile.update").reason == "Checked against the registry"
    assert not Notification.objects.filter(kind="demand.employer_profile").exists()


def test_the_employers_own_edit_needs_no_reason_and_notifies_nobody(users, profile):
    employer_profile_save(actor=users["employer_th"], organisation=profile.organisation,
                          **{**PROFILE, "address": "90 Moo 4, Samut Prakan"}, reason="")
    event = AuditEvent.objects.get(action="employer_profile.update")
    assert event.after == {"address": "90 Moo 4, Samut Prakan"} and event.reason == ""
    assert not Notification.objects.exists()


@pytest.fixture
def profile(users):
    return employer_profile_save(actor=users["employer_th"], organisation=users["employer_th"].organisation,
                                 **PROFILE)


def test_ministry_accredits_with_a_reason_and_it_is_audited(users, profile):
    until = today() + datetime.timedelta(days=300)
    employer_set_accreditation(actor=users["ministry_reviewer"], organisation=profile.organisation,
                               status=Accreditation.ACCREDITED, until=until, reason="Licence checked")
    profile.refresh_from_db()
    assert (profile.accreditation, profile.accredited_until) == (Accreditation.ACCREDITED, until)
    event = AuditEvent.objects.get(action="employer.set_accreditation")
    assert event.before["accreditation"] == "pending" and event.after["accreditation"] == "accredited"
    assert event.reason == "Licence checked"
    assert organisation_can_submit(organisation=profile.organisation, on=today()) == (True, "")


@pytest.mark.parametrize("role", ["employer_th", "agency", "counsellor", "attache", "no_org", "inactive"])
def test_only_the_ministry_accredits(users, profile, role):
    with pytest.raises(PermissionDenied):
        employer_set_accreditation(actor=users[role], organisation=profile.organisation,
                                   status=Accreditation.ACCREDITED, reason="self-service")


@pytest.mark.parametrize(("status", "until", "field"), [
    ("accredited", None, "reason"),  # blank reason below
    ("banned", None, "until"),
    ("suspended", "future", "until"),
    ("accredited", "past", "until"),
    ("revered", None, "status"),
])
def test_accreditation_input_errors(users, profile, status, until, field):
    day = {"future": today() + datetime.timedelta(days=5), "past": today() - datetime.timedelta(days=1)}.get(until)
    with pytest.raises(ValidationError) as exc:
        employer_set_accreditation(actor=users["ministry_admin"], organisation=profile.organisation, status=status,
                                   until=day, reason="" if field == "reason" else "because")
    assert field in exc.value.message_dict


def test_an_employer_without_a_profile_cannot_be_accredited(users):
    with pytest.raises(ValidationError, match="no profile"):
        employer_set_accreditation(actor=users["ministry_admin"], organisation=users["employer_kr"].organisation,
                                   status=Accreditation.ACCREDITED, reason="x")


def _set(profile, **fields):
    EmployerProfile.objects.filter(pk=profile.pk).update(**fields)


@pytest.mark.parametrize(("fields", "ok", "words"), [
    ({"accreditation": "pending"}, False, "not accredited"),
    ({"accreditation": "suspended"}, False, "not accredited"),
    ({"accreditation": "accredited", "accredited_until": None}, True, ""),
    ({"accreditation": "accredited", "accredited_until": "today"}, True, ""),
    ({"accreditation": "accredited", "accredited_until": "yesterday"}, False, "ended"),
    ({"accreditation": "banned", "banned_until": "today"}, False, "banned until"),
    ({"accreditation": "banned", "banned_until": "yesterday"}, False, "not accredited"),
    # a ban outlasting a later accreditation still stops submission
    ({"accreditation": "accredited", "banned_until": "tomorrow"}, False, "banned until"),
])
def test_employer_can_submit(users, profile, fields, ok, words):
    days = {"today": today(), "yesterday": today() - datetime.timedelta(days=1),
            "tomorrow": today() + datetime.timedelta(days=1)}
    _set(profile, **{k: days.get(v, v) if isinstance(v, str) else v for k, v in fields.items()})
    allowed, why = organisation_can_submit(organisation=profile.organisation, on=today())
    assert allowed is ok and words in why


def test_no_profile_cannot_submit(users):
    assert organisation_can_submit(organisation=users["employer_kr"].organisation)[0] is False


def test_banning_sets_the_date_and_clears_the_accreditation(users, profile):
    until = today() + datetime.timedelta(days=90)
    employer_set_accreditation(actor=users["ministry_admin"], organisation=profile.organisation,
                               status=Accreditation.ACCREDITED, until=until, reason="ok")
    employer_set_accreditation(actor=users["ministry_admin"], organisation=profile.organisation,
                               status=Accreditation.BANNED, until=until, reason="Withheld passports")
    profile.refresh_from_db()
    assert (profile.accreditation, profile.accredited_until, profile.banned_until) == ("banned", None, until)
