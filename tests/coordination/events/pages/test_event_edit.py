"""Changing a planned event."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.pages import form_data

pytestmark = pytest.mark.django_db


def test_edit(as_role, event):
    client = as_role("counsellor")
    url = reverse("event_edit", args=[event.pk])
    data = form_data(client.get(url).content, containing="venue")
    data["venue"] = "Pagoda hall"
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.venue == "Pagoda hall"
