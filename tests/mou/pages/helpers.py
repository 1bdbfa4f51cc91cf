"""Plain helpers of the mou page tests."""

from __future__ import annotations

from django.urls import reverse

from tests.pages import LOGIN, form_data

MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}


MEMBERS = MINISTRY | {"employer_th", "employer_kr", "agency", "counsellor", "attache"}


def _expected(role, *, allowed, otherwise=403):
    if role in ("anonymous", "inactive"):
        return LOGIN
    return 200 if role in allowed else otherwise


def _amend_form(client, agreement):
    page = client.get(reverse("agreement_amend", args=[agreement.pk]))
    data = form_data(page.content, containing="hours_per_day")
    assert data["in_force_from"] == ""  # an amendment needs its own start date
    return data
