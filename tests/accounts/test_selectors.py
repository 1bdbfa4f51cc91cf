"""Reads of accounts: one row at a time through the same scope as the lists."""

from __future__ import annotations

import pytest

from accounts.selectors import api_token_get, organisation_get, user_get, user_list
from accounts.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["admin", "ministry_admin", "ministry_reviewer", "employer_th", "agency"])
def test_user_and_organisation_get_follow_the_list_scope(users, role):
    actor, other = users[role], users["employer_kr"]
    visible = user_list(actor=actor).filter(pk=other.pk).exists()
    assert (user_get(actor=actor, user_id=other.pk) is not None) is visible
    assert (organisation_get(actor=actor, organisation_id=other.organisation_id) is not None) is visible
    assert user_get(actor=actor, user_id=10**9) is None


def test_active_filter(users):
    admin = users["admin"]
    assert not user_list(actor=admin, active=True).filter(pk=users["inactive"].pk).exists()
    assert user_list(actor=admin, active=False).filter(pk=users["inactive"].pk).exists()
    assert user_list(actor=admin).count() == user_list(actor=admin, active=True).count() + user_list(
        actor=admin, active=False).count()


def test_a_token_is_read_only_by_its_owner(users):
    token, _raw = api_token_create(actor=users["employer_th"], name="ERP")
    assert api_token_get(actor=users["employer_th"], token_id=token.pk) == token
    assert api_token_get(actor=users["admin"], token_id=token.pk) is None
    assert api_token_get(actor=users["employer_kr"], token_id=token.pk) is None
