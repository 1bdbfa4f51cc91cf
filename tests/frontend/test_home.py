"""The home page: a registry dashboard for the ministry, the agreements that concern everyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.pages import LOGIN, ROLES, assert_status

EXPECTED = dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN, "inactive": LOGIN}


@pytest.mark.parametrize("role", ROLES)
def test_home_by_role(as_role, role):
    assert_status(as_role(role).get(reverse("home")), EXPECTED[role])


def test_ministry_sees_counts_by_status(as_role, agreements):
    html = as_role("ministry_reviewer").get(reverse("home")).content.decode()
    assert "4 agreements are registered." in html
    assert f'href="{reverse("agreement_list")}?status=in_force"' in html
    assert '<span class="stat__count">4</span>' in html


def test_employer_sees_only_the_agreement_with_their_country(as_role, agreements):
    html = as_role("employer_th").get(reverse("home")).content.decode()
    assert agreements["TH"].title in html
    assert agreements["KR"].title not in html
    assert "Soon you will post demand" in html


def test_counsellor_sees_every_agreement_in_force(as_role, agreements):
    html = as_role("counsellor").get(reverse("home")).content.decode()
    for agreement in agreements.values():
        assert agreement.title in html
    assert "Soon you will register and vet job seekers" in html


def test_account_without_organisation_is_told_why(as_role):
    html = as_role("no_org").get(reverse("home")).content.decode()
    assert "Your account is not linked to an organisation" in html


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("ministry_admin", ["Administration", "Agreements"], []),
        ("ministry_reviewer", ["Administration", "Agreements"], []),
        ("employer_th", ["Agreements", "Occupations"], ["Administration"]),
        ("no_org", ["Occupations"], ["Agreements", "Administration"]),
    ],
)
def test_navigation_follows_the_role(as_role, role, shown, hidden):
    html = as_role(role).get(reverse("home")).content.decode()
    nav = html.split('<ul class="nav">', 1)[1].split("</ul>", 1)[0]
    for label in shown:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav
