"""The eligibility panel and the roster say the same thing: a seeker who meets every requirement but has no entry
is shown as not on the roster (never "enters the roster"), with the end an entry would have, and a counsellor puts
them on it from the panel through the same service (vetting.roster_enter)."""

from __future__ import annotations

from django.urls import reverse

from coordination.jobseekers.models import RosterEntry, RosterStatus
from coordination.jobseekers.vetting import roster_remove
from tests.coordination.jobseekers.vetting_helpers import vet_for_korea


def test_an_eligible_seeker_off_the_roster_is_shown_so_and_put_back_on(sign_in, registry):
    counsellor = registry["users"]["counsellor"]
    korea = registry["agreements"]["KR"]
    seeker = registry["private"]
    vet_for_korea(counsellor, seeker)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=korea, status=RosterStatus.ACTIVE)
    roster_remove(actor=counsellor, entry=entry, reason="Asked to pause while caring for a parent")

    client = sign_in("counsellor")
    page = client.get(reverse("jobseeker_detail", args=[seeker.pk]))
    result = next(r for r in page.context["eligibility"] if r.agreement == korea)
    assert result.eligible and result.roster_state == "not_on_roster" and result.roster_entry is None
    html = page.content.decode()
    assert "enters the roster" not in html
    assert "Meets every requirement but is not on the roster." in html
    url = reverse("jobseeker_roster_enter", args=[seeker.pk, korea.pk])
    assert url in html

    response = client.post(url)
    assert response.status_code == 302
    new = RosterEntry.objects.get(seeker=seeker, agreement=korea, status=RosterStatus.ACTIVE)
    assert new.valid_until == result.roster_until_if_entered
    page = client.get(reverse("jobseeker_detail", args=[seeker.pk]))
    result = next(r for r in page.context["eligibility"] if r.agreement == korea)
    assert result.roster_state == "on_roster"
    assert "On the roster until" in page.content.decode()


def test_a_seeker_who_does_not_qualify_is_told_why_and_not_entered(sign_in, registry):
    seeker = registry["private"]
    korea = registry["agreements"]["KR"]
    client = sign_in("counsellor")
    response = client.post(reverse("jobseeker_roster_enter", args=[seeker.pk, korea.pk]), follow=True)
    assert "does not yet meet every requirement" in response.content.decode()
    assert not RosterEntry.objects.filter(seeker=seeker, agreement=korea).exists()


def test_another_job_centres_counsellor_sees_no_button_and_is_refused(sign_in, registry):
    counsellor = registry["users"]["counsellor"]
    korea = registry["agreements"]["KR"]
    seeker = registry["private"]
    vet_for_korea(counsellor, seeker)
    entry = RosterEntry.objects.get(seeker=seeker, agreement=korea, status=RosterStatus.ACTIVE)
    roster_remove(actor=counsellor, entry=entry, reason="Paused")
    client = sign_in(registry["other_counsellor"])
    url = reverse("jobseeker_roster_enter", args=[seeker.pk, korea.pk])
    assert url not in client.get(reverse("jobseeker_detail", args=[seeker.pk])).content.decode()
    assert client.post(url).status_code == 403
    assert not RosterEntry.objects.filter(seeker=seeker, agreement=korea, status=RosterStatus.ACTIVE).exists()
