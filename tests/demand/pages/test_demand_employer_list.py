"""The demand_employer_list page (demand_employer_list_view in frontend/demand/)."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Organisation
from demand.models import EmployerProfile
from tests.pages import form_data


def test_the_ministry_changes_an_employers_accreditation(as_role, setup):
    organisation = setup["users"]["employer_th"].organisation
    client = as_role("ministry_reviewer")
    page = client.get(reverse("demand_employer_list")).content.decode()
    assert "Accredited" in page and reverse("demand_employer_detail", args=[organisation.pk]) in page
    url = reverse("demand_employer_detail", args=[organisation.pk])
    response = client.post(url, {"status": "suspended", "until": "", "reason": ""})
    assert "Say why the accreditation changes." in response.content.decode()
    response = client.post(url, {"status": "suspended", "until": "", "reason": "Wages unpaid, complaint 12/2026"})
    assert response.status_code == 302
    assert EmployerProfile.objects.get(organisation=organisation).accreditation == "suspended"
    page = client.get(url).content.decode()
    assert "Accreditation changed" in page and "Wages unpaid, complaint 12/2026" in page
    page = client.get(reverse("demand_employer_list"), {"accreditation": "accredited"}).content.decode()
    assert reverse("demand_employer_detail", args=[organisation.pk]) not in page


def test_the_ministry_fills_in_the_profile_of_an_employer_without_one(as_role, setup, reference_data):
    from reference.models import Country

    organisation = Organisation.objects.create(name="Osaka Foods KK", kind="employer",
                                               country=Country.objects.get(iso2="JP"))
    client = as_role("ministry_admin")
    listing = client.get(reverse("demand_employer_list")).content.decode()
    url = reverse("demand_employer_detail", args=[organisation.pk])
    assert "Employers without a profile" in listing and url in listing
    page = client.get(url).content.decode()
    assert "This employer has no profile yet" in page and 'name="status"' not in page
    data = form_data(page, containing="profile-reason")
    assert data["profile-legal_name"] == "Osaka Foods KK"
    data.update({"profile-registration_number": "JP-1200-01", "profile-address": "1-2 Umeda, Osaka",
                 "profile-sector": "C", "profile-contact_name": "Sato Yuki",
                 "profile-contact_email": "sato@osaka-foods.example", "profile-reason": "Registered on paper"})
    assert client.post(url, data).status_code == 302
    profile = EmployerProfile.objects.get(organisation=organisation)
    assert (profile.registration_number, profile.accreditation) == ("JP-1200-01", "pending")
    listing = client.get(reverse("demand_employer_list")).content.decode()
    assert "Employers without a profile" not in listing  # it was the only one
    assert f'<a href="{url}">Osaka Foods KK</a></td>' in listing
