"""The demand_submit page (demand_submit_view in frontend/demand/)."""

from __future__ import annotations

from django.urls import reverse

from demand.models import LetterStatus
from notifications.models import Notification
from tests.demand.pages.helpers import thai_letter


def test_a_compliant_letter_is_submitted(as_role, setup):
    """The Thai agreement requires attestation: the letter goes to the labour attaché first, and the employer
    is told that it arrived (the page's message and a notification)."""
    letter = thai_letter(setup)
    client = as_role("employer_th")
    response = client.post(reverse("demand_submit", args=[letter.pk]))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ATTESTATION and letter.attestation_status == "requested"
    assert letter.review_due is None  # the ministry's clock starts at attestation
    page = client.get(reverse("demand_detail", args=[letter.pk])).content.decode()
    assert "is submitted and has arrived: it now goes to the labour attaché for attestation" in page
    assert "Submitted for review" in page and "waits for attestation by the labour attaché" in page
    assert Notification.objects.filter(user=setup["users"]["employer_th"], kind="demand.submission_received").exists()
    # Submitted: no more editing.
    assert reverse("demand_edit", args=[letter.pk]) not in page
