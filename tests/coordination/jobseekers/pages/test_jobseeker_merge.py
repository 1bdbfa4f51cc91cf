"""Merging from the profile's likely duplicates and from the duplicate panel of the editor: a POST with a reason,
the kept record's profile after it, the reason required and refusals said on the page."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEvent
from coordination.jobseekers.models import SeekerStatus


def test_the_profile_offers_the_merge_of_a_likely_duplicate(sign_in, registry, twin):
    html = sign_in("counsellor").get(reverse("jobseeker_detail", args=[twin.pk])).content.decode()
    assert "Likely duplicates" in html
    assert reverse("jobseeker_merge", args=[twin.pk]) in html
    assert f'name="into" value="{registry["shared"].pk}"' in html
    assert "Same person: merge this record into Sok Dara" in html


def test_the_agency_is_not_offered_the_merge(sign_in, registry, twin):
    html = sign_in("agency").get(reverse("jobseeker_detail", args=[twin.pk])).content.decode()
    assert "Likely duplicates" not in html and reverse("jobseeker_merge", args=[twin.pk]) not in html


def test_a_counsellor_merges_with_a_reason(sign_in, registry, twin):
    keep = registry["shared"]
    client = sign_in("counsellor")
    response = client.post(reverse("jobseeker_merge", args=[twin.pk]), {"into": keep.pk, "reason": "Same ID card"})
    assert response.status_code == 302 and response.url == reverse("jobseeker_detail", args=[keep.pk])
    twin.refresh_from_db()
    assert twin.status == SeekerStatus.MERGED and twin.merged_into_id == keep.pk
    assert AuditEvent.objects.get(action="jobseeker.merge").reason == "Same ID card"
    html = client.get(response.url).content.decode()
    assert f"Record {twin.pk} was merged into this one" in html
    assert "Records merged into this one" in html


def test_without_a_reason_nothing_is_merged_and_the_page_says_why(sign_in, registry, twin):
    client = sign_in("counsellor")
    response = client.post(reverse("jobseeker_merge", args=[twin.pk]), {"into": registry["shared"].pk,
                                                                         "reason": ""}, follow=True)
    assert "Say why these records are the same person." in response.content.decode()
    twin.refresh_from_db()
    assert twin.status == SeekerStatus.ACTIVE


def test_different_national_ids_are_refused_on_the_page(sign_in, registry):
    client = sign_in("counsellor")
    response = client.post(reverse("jobseeker_merge", args=[registry["private"].pk]),
                           {"into": registry["shared"].pk, "reason": "Same"}, follow=True)
    assert "different national ID numbers" in response.content.decode()


def test_an_unknown_record_is_not_found(sign_in, registry, twin):
    client = sign_in("counsellor")
    assert client.post(reverse("jobseeker_merge", args=[twin.pk]), {"into": "999999", "reason": "x"}
                       ).status_code == 404
    assert client.post(reverse("jobseeker_merge", args=[twin.pk]), {"into": "abc", "reason": "x"}).status_code == 404


def test_the_duplicate_panel_of_the_editor_offers_the_merge(sign_in, registry, twin):
    """Changing the twin's record to share the kept record's phone raises the panel with the merge action."""
    from tests.pages import form_data

    client = sign_in("counsellor")
    url = reverse("jobseeker_edit", args=[twin.pk])
    data = {**form_data(client.get(url).content, containing="name_latin"), "phone": "012 345 678"}
    html = client.post(url, data).content.decode()
    assert "This may be someone already registered" in html
    assert f'id="form-merge-{registry["shared"].pk}"' in html
    assert "Same person: merge this record into Sok Dara" in html
