"""Recording vetting evidence from the page: the same service as the GraphQL mutation recordVetting; errors on the
field they name, nothing written; the evidence and the roster it leads to shown on the profile."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from coordination.jobseekers.models import RosterStatus, VettingEvidence

DAY = datetime.timedelta(days=1)


def _url(seeker):
    return reverse("jobseeker_vetting", args=[seeker.pk])


def test_the_page_offers_the_form_and_the_profile_links_to_it(sign_in, registry):
    seeker = registry["private"]
    client = sign_in("counsellor")
    html = client.get(reverse("jobseeker_detail", args=[seeker.pk])).content.decode()
    assert _url(seeker) in html
    response = client.get(_url(seeker))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("kind", "result", "on_date", "valid_until", "test", "test_name", "score", "reference", "notes"):
        assert f'name="{name}"' in html, name
    assert 'type="date"' in html


def test_a_medical_check_is_recorded_and_shown_on_the_profile(sign_in, registry):
    seeker = registry["private"]
    today = timezone.localdate()
    client = sign_in("counsellor")
    response = client.post(_url(seeker), {
        "kind": "medical", "result": "passed", "on_date": (today - 3 * DAY).isoformat(),
        "valid_until": (today + 200 * DAY).isoformat(), "reference": "MED-2291"})
    assert response.status_code == 302
    assert response.url.endswith(reverse("jobseeker_detail", args=[seeker.pk]) + "#vetting")
    item = VettingEvidence.objects.get(seeker=seeker)
    assert (item.kind, item.result, item.reference, item.recorded_by) == (
        "medical", "passed", "MED-2291", registry["users"]["counsellor"])
    assert item.valid_until == today + 200 * DAY
    page = client.get(reverse("jobseeker_detail", args=[seeker.pk]))
    evidence = page.context["evidence"]
    assert [e.pk for e in evidence] == [item.pk]
    html = page.content.decode()
    assert "Medical check" in html and "Vetting in progress" in html


def test_a_test_result_updates_the_languages_and_the_eligibility(sign_in, registry):
    seeker = registry["private"]
    today = timezone.localdate()
    client = sign_in("counsellor")
    response = client.post(_url(seeker), {
        "kind": "test", "test": "EPS-TOPIK", "score": "72", "on_date": (today - DAY).isoformat(),
        "valid_until": (today + 700 * DAY).isoformat()})
    assert response.status_code == 302
    page = client.get(reverse("jobseeker_detail", args=[seeker.pk]))
    korea = next(r for r in page.context["eligibility"] if r.agreement.partner_country.iso2 == "KR")
    topik = next(r for r in korea.requirements if r.code == "test:EPS-TOPIK")
    assert topik.status == "failed" and "has 72" in topik.text


def test_every_piece_for_korea_from_the_page_puts_the_seeker_on_its_roster(sign_in, registry):
    seeker = registry["private"]
    today = timezone.localdate()
    client = sign_in("counsellor")
    common = {"result": "passed", "on_date": (today - DAY).isoformat()}
    until = (today + 365 * DAY).isoformat()
    for fields in ({"kind": "identity"}, {"kind": "medical", "valid_until": until}, {"kind": "orientation"},
                   {"kind": "police", "valid_until": until},
                   {"kind": "test", "test": "EPS-TOPIK", "score": "130", "valid_until": until},
                   {"kind": "test", "test_name": "EPS skills test"}):
        assert client.post(_url(seeker), {**common, **fields}).status_code == 302, fields
    entry = seeker.roster_entries.get(agreement=registry["agreements"]["KR"])
    assert entry.status == RosterStatus.ACTIVE
    html = client.get(reverse("jobseeker_detail", args=[seeker.pk])).content.decode()
    assert "Vetted: on a roster" in html and registry["agreements"]["KR"].title in html


def test_bad_evidence_is_refused_on_the_fields_it_names_and_nothing_is_written(sign_in, registry):
    seeker = registry["private"]
    today = timezone.localdate()
    client = sign_in("counsellor")
    response = client.post(_url(seeker), {"kind": "medical", "result": "passed",
                                          "on_date": (today - DAY).isoformat()})
    assert response.status_code == 400
    assert "valid_until" in response.context["form"].errors
    assert "Give the date until which the medical check is valid." in response.content.decode()

    response = client.post(_url(seeker), {"kind": "test", "test": "EPS-TOPIK", "score": "seventy",
                                          "on_date": (today - DAY).isoformat()})
    assert response.status_code == 400
    assert "score" in response.context["form"].errors

    response = client.post(_url(seeker), {"kind": "", "on_date": ""})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "kind" in errors and "on_date" in errors
    summary = [item["href"] for item in response.context["error_summary"]]
    assert "#id_kind" in summary and "#id_on_date" in summary

    response = client.post(_url(seeker), {"kind": "police", "on_date": "2026-13-45"})
    assert response.status_code == 400 and "on_date" in response.context["form"].errors
    assert not VettingEvidence.objects.filter(seeker=seeker).exists()


def test_another_job_centres_counsellor_may_not_record_evidence(sign_in, registry):
    """The registry is national, vetting is not: only the keeping job centre's counsellors (and the ministry)."""
    seeker = registry["private"]
    client = sign_in(registry["other_counsellor"])
    assert client.get(reverse("jobseeker_detail", args=[seeker.pk])).status_code == 200
    assert _url(seeker) not in client.get(reverse("jobseeker_detail", args=[seeker.pk])).content.decode()
    assert client.get(_url(seeker)).status_code == 403
    response = client.post(_url(seeker), {"kind": "identity", "on_date": timezone.localdate().isoformat()})
    assert response.status_code == 403
    assert not VettingEvidence.objects.filter(seeker=seeker).exists()
    own = registry["other"]
    assert client.get(_url(own)).status_code == 200


def test_the_ministry_records_evidence_too(sign_in, registry):
    seeker = registry["other"]
    response = sign_in("ministry_admin").post(_url(seeker), {
        "kind": "identity", "on_date": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert VettingEvidence.objects.filter(seeker=seeker, kind="identity").exists()
