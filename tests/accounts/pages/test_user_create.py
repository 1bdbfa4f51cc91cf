"""The user_create page (user_create_view in frontend/accounts/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Organisation, User
from tests.accounts.pages.helpers import _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_user_create_page_by_role(as_role, role):
    assert_status(as_role(role).get(reverse("user_create")), _expected(role))


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
    assert form.is_valid(), form.errors


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
