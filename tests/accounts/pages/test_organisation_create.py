"""The organisation_create page (organisation_create_view in frontend/accounts/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Organisation
from audit.models import AuditEvent
from tests.accounts.pages.helpers import _expected
from tests.pages import ROLES, assert_status


@pytest.mark.parametrize("role", ROLES)
def test_organisation_pages_by_role(as_role, users, role):
    assert_status(as_role(role).get(reverse("organisation_create")), _expected(role))
    url = reverse("organisation_edit", args=[users["agency"].organisation_id])
    assert_status(as_role(role).get(url), _expected(role))


def test_add_and_change_an_organisation(as_role, users):
    client = as_role("ministry_admin")
    response = client.post(reverse("organisation_create"), {
        "name": "Mekong Manpower", "kind": "agency", "country": "KH", "licence_number": "LIC-9", "is_active": "on"})
    assert response.status_code == 302
    org = Organisation.objects.get(name="Mekong Manpower")
    assert "Mekong Manpower" in client.get(reverse("user_list")).content.decode()
    url = reverse("organisation_edit", args=[org.pk])
    missing_reason = client.post(url, {"name": "Mekong Manpower", "kind": "agency", "country": "KH",
                                       "licence_number": "", "is_active": "on"})
    assert missing_reason.status_code == 200
    assert "Say why the organisation changes." in missing_reason.content.decode()
    org.refresh_from_db()
    assert org.licence_number == "LIC-9"
    client.post(url, {"name": "Mekong Manpower", "kind": "agency", "country": "KH", "licence_number": "",
                      "reason": "Licence withdrawn"})
    org.refresh_from_db()
    assert (org.licence_number, org.is_active) == ("", False)
    assert AuditEvent.objects.filter(action="organisation.update", reason="Licence withdrawn").exists()


def test_duplicate_organisation_name_is_refused_next_to_the_field(as_role, users):
    response = as_role("admin").post(reverse("organisation_create"), {
        "name": users["agency"].organisation.name, "kind": "agency", "country": "KH"})
    assert response.status_code == 200
    assert "An organisation with this name already exists." in response.content.decode()


def test_a_licence_number_another_agency_holds_is_refused_next_to_the_field(as_role, users):
    holder = users["agency"].organisation
    response = as_role("ministry_admin").post(reverse("organisation_create"), {
        "name": "Copycat Manpower", "kind": "agency", "country": "KH",
        "licence_number": f"  {holder.licence_number.lower()} ", "is_active": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Licence number {holder.licence_number} is already held by {holder.name}" in page
    assert not Organisation.objects.filter(name="Copycat Manpower").exists()
