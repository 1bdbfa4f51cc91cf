"""The administration page gathers users and organisations, the audit trail and failed deliveries under one
navigation item; personal API tokens are in the account area, for everyone signed in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import DeliveryStatus
from tests.notifications.test_deliveries import delivery
from tests.pages import LOGIN, ROLES, assert_status

ADMINS = {"admin", "ministry_admin"}
MINISTRY = ADMINS | {"ministry_reviewer"}


def _nav(html: str) -> str:
    return html.split('<ul class="nav">', 1)[1].split("</ul>", 1)[0]


@pytest.mark.parametrize("role", ROLES)
def test_administration_page_by_role(as_role, role):
    response = as_role(role).get(reverse("administration"))
    if role in ("anonymous", "inactive"):
        assert_status(response, LOGIN)
        return
    assert_status(response, 200 if role in MINISTRY else 403)
    if role not in MINISTRY:
        return
    html = response.content.decode()
    # Each figure links to its page, and only the pages the role may use are offered.
    assert (reverse("user_list") in html) is (role in ADMINS)
    assert (reverse("delivery_problem_list") in html) is (role in ADMINS)
    assert reverse("audit_list") in html


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("anonymous", "inactive")])
def test_one_navigation_item_for_administration_and_tokens_in_the_account_area(as_role, role):
    html = as_role(role).get(reverse("home")).content.decode()
    nav = _nav(html)
    assert (">Administration</a>" in nav) is (role in MINISTRY)
    for gathered in ("Users", "Audit trail", "Failed deliveries", "API tokens"):
        assert f">{gathered}</a>" not in nav
    account = html.split('<div class="account">', 1)[1].split("</div>", 1)[0]
    assert f'href="{reverse("token_list")}"' in account


@pytest.mark.parametrize("page", ["administration", "user_list", "user_detail", "organisation_create",
                                  "organisation_edit", "audit_list", "delivery_problem_list"])
def test_administration_is_marked_current_on_the_pages_it_gathers(as_role, users, page):
    args = {"user_detail": [users["counsellor"].pk], "organisation_edit": [users["agency"].organisation_id]}
    nav = _nav(as_role("ministry_admin").get(reverse(page, args=args.get(page))).content.decode())
    assert f'<a href="{reverse("administration")}" aria-current="page">Administration</a>' in nav


def test_the_figures_say_what_needs_a_look(as_role, users):
    client = as_role("ministry_admin")
    delivery(users["employer_th"], DeliveryStatus.FAILED)
    delivery(users["employer_th"], DeliveryStatus.SENT)
    html = client.get(reverse("administration")).content.decode()
    assert "stat--attention" in html
    figure = html.split(f'href="{reverse("delivery_problem_list")}"', 1)[1].split("</a>", 1)[0]
    assert '<span class="stat__count">1</span>' in figure
    assert "e-mail or SMS failed or stuck" in figure
