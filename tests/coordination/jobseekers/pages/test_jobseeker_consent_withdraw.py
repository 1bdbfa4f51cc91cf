"""Withdrawing consent: the seeker leaves the agency's pages at once (list and profile), the history stays."""

from __future__ import annotations

from django.urls import reverse


def test_withdrawal_hides_the_seeker_from_the_agency_at_once(sign_in, registry):
    seeker = registry["shared"]
    agency = sign_in("agency")
    assert agency.get(reverse("jobseeker_detail", args=[seeker.pk])).status_code == 200
    assert seeker.pk in [s.pk for s in agency.get(reverse("jobseeker_list")).context["page"].object_list]

    response = sign_in("counsellor").post(reverse("jobseeker_consent_withdraw", args=[seeker.pk]),
                                          {"withdraw-reason": "Found work at home", "withdraw-confirm": "on"})
    assert response.status_code == 302

    agency = sign_in("agency")
    assert agency.get(reverse("jobseeker_detail", args=[seeker.pk])).status_code == 404
    assert not agency.get(reverse("jobseeker_list")).context["page"].object_list
    consent = seeker.consents.get()
    assert consent.withdrawn_at is not None and consent.withdrawal_reason == "Found work at home"
    html = sign_in("counsellor").get(reverse("jobseeker_detail", args=[seeker.pk])).content.decode()
    assert "Found work at home" in html and "No consent in force." in html


def test_withdrawing_twice_says_why_on_the_page(sign_in, registry):
    seeker = registry["private"]
    client = sign_in("counsellor")
    url, confirmed = reverse("jobseeker_consent_withdraw", args=[seeker.pk]), {"withdraw-reason": "",
                                                                                "withdraw-confirm": "on"}
    client.post(url, confirmed)
    response = client.post(url, confirmed)
    assert response.status_code == 400
    assert "no consent in force to withdraw" in response.content.decode()


def test_withdrawal_asks_for_confirmation_and_changes_nothing_until_confirmed(sign_in, registry):
    seeker = registry["shared"]
    client = sign_in("counsellor")
    url = reverse("jobseeker_consent_withdraw", args=[seeker.pk])
    response = client.post(url, {"withdraw-reason": "Going to study"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Withdraw consent?" in html and "Yes, withdraw the consent" in html
    assert 'name="withdraw-confirm" value="on"' in html and 'value="Going to study"' in html
    seeker.refresh_from_db()
    assert seeker.consent_active and seeker.consents.get().withdrawn_at is None
    assert sign_in("agency").get(reverse("jobseeker_detail", args=[seeker.pk])).status_code == 200

    response = sign_in("counsellor").post(url, {"withdraw-reason": "Going to study", "withdraw-confirm": "on"})
    assert response.status_code == 302
    seeker.refresh_from_db()
    consent = seeker.consents.get()
    assert not seeker.consent_active and consent.withdrawal_reason == "Going to study"
