"""The token_revoke page (token_revoke_view in frontend/accounts/)."""

from __future__ import annotations

from django.urls import reverse

from accounts.services import api_token_create
from tests.pages import assert_status


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
