"""Personal API tokens: the raw value is shown once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.pages import LOGIN, ROLES, assert_status

EXPECTED = dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN, "inactive": LOGIN}


@pytest.mark.parametrize("role", ROLES)
def test_tokens_by_role(as_role, role):
    assert_status(as_role(role).get(reverse("token_list")), EXPECTED[role])


def test_raw_token_is_shown_once(as_role, users):
    client = as_role("employer_th")
    response = client.post(reverse("token_create"), {"name": "Siam HR system"})
    html = response.content.decode()
    assert response.status_code == 200
    raw = re.search(r'value="(cor_[A-Za-z0-9_\-]+)"', html).group(1)
    assert f"Authorization: Bearer {raw}" in html
    assert "/graphql/" in html
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=users["employer_th"])
    listing = client.get(reverse("token_list")).content.decode()
    assert raw not in listing
    assert token.hint in listing and "Siam HR system" in listing


def test_token_needs_a_name(as_role):
    client = as_role("agency")
    response = client.post(reverse("token_create"), {"name": ""})
    assert response.status_code == 200
    assert "Give the token a name" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_own_token_but_not_someone_elses(as_role, users):
    mine, _ = api_token_create(actor=users["agency"], name="Agency system")
    theirs, _ = api_token_create(actor=users["counsellor"], name="Job centre system")
    client = as_role("agency")
    assert client.post(reverse("token_revoke", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("token_revoke", args=[mine.pk]))
    assert_status(response, 302)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert client.get(reverse("token_revoke", args=[mine.pk])).status_code == 405
