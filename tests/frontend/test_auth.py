"""Sign in, sign out, the language switch and the base layout."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.pages import LOGIN, ROLES, assert_status

SIGNED_IN = {"admin", "ministry_admin", "ministry_reviewer", "employer_th", "employer_kr", "agency", "counsellor",
             "attache", "no_org"}


@pytest.mark.parametrize("role", ROLES)
def test_login_page_by_role(as_role, role):
    response = as_role(role).get(reverse("login"))
    # Someone already signed in is sent on to the home page.
    assert_status(response, 302 if role in SIGNED_IN else 200)
    if role in SIGNED_IN:
        assert response.url == reverse("home")


def test_login_page_is_accessible(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<label class="label" for="id_username">' in html
    assert '<label class="label" for="id_password">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "django_htmx/htmx-2.min.js" in html


def test_sign_in_with_the_demo_password(client, users):
    response = client.post(reverse("login"), {"username": "ministry.admin", "password": "corridor-demo"})
    assert_status(response, 302)
    assert response.url == reverse("home")
    home = client.get(reverse("home"))
    assert "Sokha Chan" in home.content.decode()


def test_wrong_password_explains_and_links_the_error(client, users):
    response = client.post(reverse("login"), {"username": "ministry.admin", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The username and password do not match an active account" in html
    assert 'aria-describedby="login-error"' in html


def test_inactive_user_cannot_sign_in(client, users):
    response = client.post(reverse("login"), {"username": "inactive", "password": "x-password-123"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_in_is_csrf_protected(users):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "ministry.admin", "password": "corridor-demo"})
    assert response.status_code == 403


def test_sign_out_needs_a_post(as_role):
    client = as_role("counsellor")
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert_status(response, 302)
    assert response.url == reverse("login")
    assert "You are signed out." in client.get(response.url).content.decode()
    assert_status(client.get(reverse("home")), LOGIN)


def test_layout_shows_the_person_and_a_sign_out_form(as_role):
    html = as_role("employer_th").get(reverse("home")).content.decode()
    assert "Somchai Wong" in html
    assert "Siam Garments Co., Ltd. (demo)" in html
    assert "Employer staff" in html
    assert f'action="{reverse("logout")}" method="post"' in html


def test_language_switch_sets_khmer(as_role):
    client = as_role("counsellor")
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert f'action="{reverse("set_language")}" method="post"' in html
    response = client.post(reverse("set_language"), {"language": "km", "next": reverse("agreement_list")},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("agreement_list")
    html = response.content.decode()
    assert '<html lang="km">' in html
    assert 'value="km" lang="km" aria-pressed="true"' in html
