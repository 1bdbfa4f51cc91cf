"""The token_create page (token_create_view in frontend/accounts/)."""

from __future__ import annotations

import re

from django.urls import reverse

from accounts.models import ApiToken


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
