"""Recording that a likely duplicate is a different person, from the profile: the pair is not proposed again."""

from __future__ import annotations

from django.urls import reverse

from coordination.jobseekers.models import DuplicateDecision, SeekerStatus


def test_different_people_are_recorded_and_not_proposed_again(sign_in, registry, twin):
    client = sign_in("counsellor")
    detail = reverse("jobseeker_detail", args=[twin.pk])
    assert reverse("jobseeker_confirm_distinct", args=[twin.pk]) in client.get(detail).content.decode()
    response = client.post(reverse("jobseeker_confirm_distinct", args=[twin.pk]), {"other": registry["shared"].pk})
    assert response.status_code == 302 and response.url == detail
    decision = DuplicateDecision.objects.get()
    assert decision.outcome == DuplicateDecision.Outcome.DISTINCT
    html = client.get(detail).content.decode()
    assert "are different people" in html
    assert "Likely duplicates" not in html
    twin.refresh_from_db()
    assert twin.status == SeekerStatus.ACTIVE


def test_a_merged_pair_cannot_be_called_different_people(sign_in, registry, twin):
    client = sign_in("counsellor")
    client.post(reverse("jobseeker_merge", args=[twin.pk]), {"into": registry["shared"].pk, "reason": "Same"})
    # The merged record now resolves to the kept one: its forms are no longer taken.
    response = client.post(reverse("jobseeker_confirm_distinct", args=[twin.pk]), {"other": registry["shared"].pk})
    assert response.status_code == 404


def test_an_unknown_record_is_not_found(sign_in, registry, twin):
    response = sign_in("counsellor").post(reverse("jobseeker_confirm_distinct", args=[twin.pk]), {"other": "0"})
    assert response.status_code == 404
    assert not DuplicateDecision.objects.exists()
