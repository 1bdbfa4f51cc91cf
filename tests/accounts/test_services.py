from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import ApiToken, Role, User, hash_token
from accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    user_create,
    user_set_active,
    user_set_role,
)
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_and_stored_hashed(users):
    token, raw = api_token_create(actor=users["agency"], name="Agency CRM")
    assert raw.startswith("cor_") and len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hash_token(raw) and raw not in (stored.digest, stored.hint)
    assert api_token_authenticate(raw=raw) == users["agency"]
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    assert AuditEvent.objects.filter(action="api_token.create", actor=users["agency"]).exists()


def test_revoked_wrong_and_inactive_tokens_do_not_authenticate(users):
    token, raw = api_token_create(actor=users["agency"], name="CRM")
    assert api_token_authenticate(raw=raw + "x") is None
    assert api_token_authenticate(raw="not-a-token") is None
    api_token_revoke(actor=users["agency"], token_id=token.pk)
    assert api_token_authenticate(raw=raw) is None
    _, raw2 = api_token_create(actor=users["counsellor"], name="Phone")
    users["counsellor"].is_active = False
    users["counsellor"].save()
    assert api_token_authenticate(raw=raw2) is None


def test_someone_elses_token_cannot_be_revoked(users):
    token, raw = api_token_create(actor=users["agency"], name="CRM")
    with pytest.raises(ValidationError):
        api_token_revoke(actor=users["employer_th"], token_id=token.pk)
    assert api_token_authenticate(raw=raw) == users["agency"]
    api_token_revoke(actor=users["ministry_admin"], token_id=token.pk)  # administrators may revoke any
    assert api_token_authenticate(raw=raw) is None


def test_token_needs_a_name(users):
    with pytest.raises(ValidationError):
        api_token_create(actor=users["agency"], name=" ")
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("role", ["admin", "ministry_admin"])
def test_administrators_create_users_with_a_role_that_fits_the_organisation(users, role):
    agency_org = users["agency"].organisation
    user = user_create(actor=users[role], username="new.agent", organisation=agency_org,
                       role=Role.AGENCY_STAFF, password="a-long-password-1")
    assert user.check_password("a-long-password-1")
    with pytest.raises(ValidationError):
        user_create(actor=users[role], username="wrong.role", organisation=agency_org,
                    role=Role.MINISTRY_ADMIN)
    with pytest.raises(ValidationError):
        user_create(actor=users[role], username="NEW.agent", organisation=agency_org, role=Role.AGENCY_STAFF)


@pytest.mark.parametrize("role", ["ministry_reviewer", "employer_th", "agency", "counsellor", "attache", "no_org"])
def test_others_cannot_manage_users(users, role):
    with pytest.raises(PermissionDenied):
        user_create(actor=users[role], username="x", organisation=users["agency"].organisation,
                    role=Role.AGENCY_STAFF)
    with pytest.raises(PermissionDenied):
        user_set_active(actor=users[role], user=users["agency"], active=False, reason="x")


def test_role_and_active_changes_are_audited_with_reason(users):
    admin = users["ministry_admin"]
    user_set_role(actor=admin, user=users["ministry_reviewer"], role=Role.MINISTRY_ADMIN, reason="Promotion")
    user_set_active(actor=admin, user=users["agency"], active=False, reason="Left the agency")
    role_event = AuditEvent.objects.get(action="user.set_role")
    assert (role_event.before, role_event.after, role_event.reason) == (
        {"role": "ministry_reviewer"}, {"role": "ministry_admin"}, "Promotion")
    with pytest.raises(ValidationError):
        user_set_active(actor=admin, user=admin, active=False, reason="oops")
    with pytest.raises(ValidationError):
        user_set_role(actor=admin, user=users["agency"], role=Role.AGENCY_STAFF, reason="")


def test_ministry_administrators_register_and_change_organisations(users):
    from accounts.models import Organisation, OrganisationKind
    from accounts.services import organisation_save

    admin = users["ministry_admin"]
    org = organisation_save(actor=admin, name="Mekong Manpower", kind=OrganisationKind.AGENCY, country="kh",
                            licence_number=" LIC-9 ")
    assert (org.country.iso2, org.licence_number, org.is_active) == ("KH", "LIC-9", True)
    assert AuditEvent.objects.get(action="organisation.create").after["name"] == "Mekong Manpower"
    org = organisation_save(actor=admin, organisation=org, name="Mekong Manpower", kind=OrganisationKind.AGENCY,
                            country="KH", licence_number="LIC-9", is_active=False, reason="Licence withdrawn")
    event = AuditEvent.objects.get(action="organisation.update")
    assert (event.before["active"], event.after["active"], event.reason) == (True, False, "Licence withdrawn")
    assert not Organisation.objects.get(pk=org.pk).is_active


def test_bad_organisation_input_changes_nothing(users):
    from accounts.models import Organisation
    from accounts.services import organisation_save

    admin = users["ministry_admin"]
    agency = users["agency"].organisation
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as err:
        organisation_save(actor=admin, name=agency.name.upper(), kind="club", country="ZZ")
    assert set(err.value.message_dict) == {"name", "kind", "country"}
    with pytest.raises(ValidationError) as err:
        organisation_save(actor=admin, organisation=agency, name=agency.name, kind="employer", country="KH",
                          reason="x")
    assert "kind" in err.value.message_dict  # it has users
    with pytest.raises(ValidationError) as err:
        organisation_save(actor=admin, organisation=agency, name=agency.name, kind="agency", country="KH")
    assert "reason" in err.value.message_dict
    assert Organisation.objects.count() == before
    assert not AuditEvent.objects.filter(action__startswith="organisation.").exists()


@pytest.mark.parametrize("role", ["ministry_reviewer", "employer_th", "agency", "counsellor", "attache", "no_org"])
def test_only_administrators_manage_organisations(users, role):
    from accounts.services import organisation_save

    with pytest.raises(PermissionDenied):
        organisation_save(actor=users[role], name="X", kind="agency", country="KH")


@pytest.mark.parametrize(("password", "words"), [
    ("short1", "This password is too short. It must contain at least 8 characters."),
    ("48150162342", "This password is entirely numeric."),
    ("password123", "This password is too common."),
    ("new.agent.x", "The password is too similar to the username."),
])
def test_user_create_applies_the_password_policy(users, password, words):
    with pytest.raises(ValidationError) as exc:
        user_create(actor=users["ministry_admin"], username="new.agent.x", organisation=users["agency"].organisation,
                    role=Role.AGENCY_STAFF, password=password)
    assert list(exc.value.message_dict) == ["password"]
    assert words in exc.value.message_dict["password"]
    assert not User.objects.filter(username="new.agent.x").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_user_create_without_a_password_makes_an_unusable_one(users):
    user = user_create(actor=users["ministry_admin"], username="no.password", organisation=users["agency"].organisation,
                       role=Role.AGENCY_STAFF)
    assert not user.has_usable_password()
