"""Users and organisations: only ministry administrators (and platform administrators)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Organisation, User
from audit.models import AuditEvent
from tests.pages import LOGIN, ROLES, assert_status

MANAGERS = {"admin", "ministry_admin"}


def _expected(role):
    if role in ("anonymous", "inactive"):
        return LOGIN
    return 200 if role in MANAGERS else 403


@pytest.mark.parametrize("role", ROLES)
def test_user_list_by_role(as_role, role):
    assert_status(as_role(role).get(reverse("user_list")), _expected(role))


@pytest.mark.parametrize("role", ROLES)
def test_user_create_page_by_role(as_role, role):
    assert_status(as_role(role).get(reverse("user_create")), _expected(role))


@pytest.mark.parametrize("role", ROLES)
def test_user_detail_by_role(as_role, users, role):
    url = reverse("user_detail", args=[users["counsellor"].pk])
    assert_status(as_role(role).get(url), _expected(role))


def test_list_groups_users_by_organisation_and_lists_organisations(as_role):
    html = as_role("ministry_admin").get(reverse("user_list")).content.decode()
    assert "Hanbit Manufacturing (demo)" in html
    assert "Job-centre counsellor" in html
    assert "MOLVT-LIC-0042" in html  # the agency's licence, in the organisation table
    assert "Switched off" in html  # the inactive demo account


def test_create_a_user(as_role):
    client = as_role("ministry_admin")
    agency = Organisation.objects.get(name="Angkor Manpower Recruitment (demo)")
    response = client.post(reverse("user_create"), {
        "username": "dara.sok", "first_name": "Dara", "last_name": "Sok", "email": "",
        "organisation": agency.pk, "role": "agency_staff", "password": "long-enough-pass-42",
    })
    assert_status(response, 302)
    user = User.objects.get(username="dara.sok")
    assert user.organisation == agency and user.role == "agency_staff"
    assert user.check_password("long-enough-pass-42")


def test_the_password_policy_of_the_service_is_shown_on_the_field(as_role):
    client = as_role("ministry_admin")
    agency = Organisation.objects.get(name="Angkor Manpower Recruitment (demo)")
    response = client.post(reverse("user_create"), {
        "username": "weak.pass", "organisation": agency.pk, "role": "agency_staff", "password": "12345678",
    })
    html = response.content.decode()
    assert response.status_code == 200
    # accounts.services.user_create decides (the form checks shapes only); its words land on the password field
    assert '<ul class="errorlist" id="id_password_error"><li>This password is too common.' in html
    assert "This password is entirely numeric." in html
    assert 'href="#id_password"' in html  # the error summary links to the field
    assert not User.objects.filter(username="weak.pass").exists()


def test_the_user_form_checks_shapes_only(users):
    from frontend.accounts.forms import UserCreateForm

    agency = Organisation.objects.get(name="Angkor Manpower Recruitment (demo)")
    form = UserCreateForm({"username": "weak.pass", "organisation": agency.pk, "role": "agency_staff",
                           "password": "12345678"}, actor=users["ministry_admin"])
    assert form.is_valid(), form.errors  # the policy is the service's


def test_role_that_does_not_fit_the_organisation_is_shown_on_the_field(as_role):
    client = as_role("ministry_admin")
    agency = Organisation.objects.get(name="Angkor Manpower Recruitment (demo)")
    response = client.post(reverse("user_create"), {
        "username": "wrong.role", "organisation": agency.pk, "role": "ministry_admin",
        "password": "long-enough-pass-42",
    })
    html = response.content.decode()
    assert response.status_code == 200
    error = "This role does not exist in an organisation of that kind."
    assert f'<ul class="errorlist" id="id_role_error"><li>{error}' in html
    assert not User.objects.filter(username="wrong.role").exists()


def test_change_role_needs_a_reason(as_role, users):
    client = as_role("ministry_admin")
    reviewer = users["ministry_reviewer"]
    url = reverse("user_detail", args=[reviewer.pk])
    response = client.post(url, {"action": "role", "role-role": "ministry_admin", "role-reason": ""})
    assert "Say why the role changes." in response.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.role == "ministry_reviewer"
    response = client.post(url, {"action": "role", "role-role": "ministry_admin", "role-reason": "Promoted"})
    assert_status(response, 302)
    reviewer.refresh_from_db()
    assert reviewer.role == "ministry_admin"
    assert AuditEvent.objects.filter(action="user.set_role", reason="Promoted").exists()


def test_switch_an_account_off(as_role, users):
    client = as_role("admin")
    agency = users["agency"]
    url = reverse("user_detail", args=[agency.pk])
    response = client.post(url, {"action": "active", "active-reason": "Left the agency"})
    assert_status(response, 302)
    agency.refresh_from_db()
    assert not agency.is_active
    html = client.get(url).content.decode()
    assert "Left the agency" in html and "Switch the account on" in html


def test_cannot_switch_oneself_off(as_role, users):
    client = as_role("ministry_admin")
    url = reverse("user_detail", args=[users["ministry_admin"].pk])
    response = client.post(url, {"action": "active", "active-reason": "Testing"})
    assert response.status_code == 200
    assert "You cannot switch off your own account." in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_organisation_pages_by_role(as_role, users, role):
    assert_status(as_role(role).get(reverse("organisation_create")), _expected(role))
    url = reverse("organisation_edit", args=[users["agency"].organisation_id])
    assert_status(as_role(role).get(url), _expected(role))


def test_add_and_change_an_organisation(as_role, users):
    client = as_role("ministry_admin")
    response = client.post(reverse("organisation_create"), {
        "name": "Mekong Manpower", "kind": "agency", "country": "KH", "licence_number": "LIC-9", "is_active": "on"})
    assert response.status_code == 302
    org = Organisation.objects.get(name="Mekong Manpower")
    assert "Mekong Manpower" in client.get(reverse("user_list")).content.decode()
    url = reverse("organisation_edit", args=[org.pk])
    missing_reason = client.post(url, {"name": "Mekong Manpower", "kind": "agency", "country": "KH",
                                       "licence_number": "", "is_active": "on"})
    assert missing_reason.status_code == 200
    assert "Say why the organisation changes." in missing_reason.content.decode()
    org.refresh_from_db()
    assert org.licence_number == "LIC-9"
    client.post(url, {"name": "Mekong Manpower", "kind": "agency", "country": "KH", "licence_number": "",
                      "reason": "Licence withdrawn"})
    org.refresh_from_db()
    assert (org.licence_number, org.is_active) == ("", False)
    assert AuditEvent.objects.filter(action="organisation.update", reason="Licence withdrawn").exists()


def test_duplicate_organisation_name_is_refused_next_to_the_field(as_role, users):
    response = as_role("admin").post(reverse("organisation_create"), {
        "name": users["agency"].organisation.name, "kind": "agency", "country": "KH"})
    assert response.status_code == 200
    assert "An organisation with this name already exists." in response.content.decode()
