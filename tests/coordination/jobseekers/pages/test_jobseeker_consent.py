"""Recording consent on the profile: it replaces the consent in force; sharing needs matching."""

from __future__ import annotations

from django.urls import reverse


def test_recording_consent_replaces_the_one_in_force(sign_in, registry):
    seeker = registry["private"]
    response = sign_in("counsellor").post(reverse("jobseeker_consent", args=[seeker.pk]), {
        "consent-for_matching": "on", "consent-share_with_agencies": "on"})
    assert response.status_code == 302
    current = seeker.consents.get(withdrawn_at=None)
    assert current.share_with_agencies and not current.share_with_employers
    assert seeker.consents.count() == 2


def test_sharing_without_matching_is_refused_on_the_field(sign_in, registry):
    seeker = registry["private"]
    response = sign_in("counsellor").post(reverse("jobseeker_consent", args=[seeker.pk]), {
        "consent-share_with_agencies": "on"})
    assert response.status_code == 400
    assert "for_matching" in response.context["consent_form"].errors
    assert seeker.consents.count() == 1
