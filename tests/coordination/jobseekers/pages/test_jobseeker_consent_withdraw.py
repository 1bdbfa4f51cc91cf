"""Withdrawing consent: the seeker leaves the agency's pages at once (list and profile), the history stays."""

from __future__ import annotations

from django.urls import reverse


def test_withdrawal_hides_the_seeker_from_the_agency_at_once(sign_in, registry):
    seeker = registry["shared"]
    agency = sign_in("agency")
    assert agency.get(reverse("jobseeker_detail", args=[seeker.pk])).status_code == 200
    assert seeker.pk in [s.pk for s in agency.get(reverse("jobseeker_list")).context["page"].object_list]

    response = sign_in("counsellor").post(reverse("jobseeker_consent_withdraw", args=[seeker.pk]),
                                          {"withdraw-reason": "Found work at home"})
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
    client.post(reverse("jobseeker_consent_withdraw", args=[seeker.pk]), {"withdraw-reason": ""})
    response = client.post(reverse("jobseeker_consent_withdraw", args=[seeker.pk]), {"withdraw-reason": ""})
    assert response.status_code == 400
    assert "no consent in force to withdraw" in response.content.decode()
