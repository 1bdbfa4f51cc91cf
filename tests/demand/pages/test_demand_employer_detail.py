"""The demand_employer_detail page (demand_employer_detail_view in frontend/demand/)."""

from __future__ import annotations

from django.urls import reverse

from demand.models import EmployerProfile
from notifications.models import Notification
from tests.pages import form_data


def test_the_ministry_corrects_an_employers_profile_with_a_reason(as_role, setup):
    users = setup["users"]
    organisation = users["employer_th"].organisation
    url = reverse("demand_employer_detail", args=[organisation.pk])
    client = as_role("ministry_reviewer")
    page = client.get(url).content.decode()
    data = form_data(page, containing="profile-reason")  # the employer's own form, filled with what is saved
    assert data["profile-registration_number"] == EmployerProfile.objects.get(organisation=organisation
                                                                              ).registration_number
    data.update({"profile-registration_number": "0105548099999", "profile-address": "12 New Road, Bangkok"})
    response = client.post(url, {**data, "profile-reason": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "Say why you change this employer&#x27;s profile." in page
    data["profile-contact_email"] = "not-an-address"  # the same validation as the employer's own form
    page = client.post(url, {**data, "profile-reason": "Re-registered"}).content.decode()
    assert "Enter a valid e-mail address, e.g. name@example.com." in page
    assert EmployerProfile.objects.get(organisation=organisation).registration_number != "0105548099999"

    data["profile-contact_email"] = "hr@siam.example"
    response = client.post(url, {**data, "profile-reason": "Company re-registered in 2026"})
    assert response.status_code == 302
    profile = EmployerProfile.objects.get(organisation=organisation)
    assert (profile.registration_number, profile.address, profile.accreditation) == (
        "0105548099999", "12 New Road, Bangkok", "accredited")  # the accreditation is not touched
    page = client.get(url).content.decode()
    assert "Employer profile changed" in page and "Company re-registered in 2026" in page
    [note] = Notification.objects.filter(kind="demand.employer_profile")
    assert (note.user, note.body) == (users["employer_th"], "Company re-registered in 2026")
    # The employer sees it on its own page, where its own edits still need no reason.
    client = as_role("employer_th")
    assert "The Ministry changed your employer profile" in client.get(reverse("notification_list")).content.decode()
    own = form_data(client.get(reverse("employer_profile")).content, containing="legal_name")
    assert "reason" not in own and own["registration_number"] == "0105548099999"
    assert client.post(reverse("employer_profile"), {**own, "contact_phone": "+66 2 123 4567"}).status_code == 302
    assert EmployerProfile.objects.get(organisation=organisation).contact_phone == "+66 2 123 4567"
    assert Notification.objects.filter(kind="demand.employer_profile").count() == 1


def test_the_accreditation_form_still_works_beside_the_profile_form(as_role, setup):
    organisation = setup["users"]["employer_kr"].organisation
    url = reverse("demand_employer_detail", args=[organisation.pk])
    client = as_role("ministry_admin")
    data = form_data(client.get(url).content, containing="status")
    response = client.post(url, {**data, "status": "suspended", "reason": "Inspection pending"})
    assert response.status_code == 302
    assert EmployerProfile.objects.get(organisation=organisation).accreditation == "suspended"
