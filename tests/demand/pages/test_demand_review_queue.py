"""The demand_review_queue page (demand_review_queue_view in frontend/demand/)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from demand.models import DemandLetter, LetterStatus
from tests.demand.pages.helpers import kr_letter


def test_the_queue_puts_the_oldest_first_highlights_overdue_and_filters(as_role, setup):
    old = kr_letter(setup, "under_review")
    new = kr_letter(setup, "submitted")
    now = timezone.now()
    DemandLetter.objects.filter(pk=old.pk).update(submitted_at=now - datetime.timedelta(days=20),
                                                  review_due=timezone.localdate() - datetime.timedelta(days=3))
    client = as_role("ministry_reviewer")
    page = client.get(reverse("demand_review_queue")).content.decode()
    assert page.index(old.reference) < page.index(new.reference)
    assert "3 days overdue" in page
    row = page.split(old.reference, 1)[0].rsplit("<tr", 1)[1]
    assert 'class="is-overdue"' in row

    page = client.get(reverse("demand_review_queue"), {"overdue": "yes"}).content.decode()
    assert old.reference in page and new.reference not in page
    page = client.get(reverse("demand_review_queue"), {"status": "submitted"}).content.decode()
    assert new.reference in page and old.reference not in page
    page = client.get(reverse("demand_review_queue"), {"agreement": setup["agreements"]["TH"].pk}).content.decode()
    assert "No letter in the queue matches these filters." in page


def test_the_queue_is_paginated(as_role, setup):
    for _ in range(26):
        kr_letter(setup, "draft")
    DemandLetter.objects.update(status=LetterStatus.SUBMITTED, submitted_at=timezone.now())
    page = as_role("ministry_reviewer").get(reverse("demand_review_queue")).content.decode()
    assert "Page 1 of 2" in page
