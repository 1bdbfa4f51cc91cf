"""Plain helpers of the vetting, eligibility, counselling and roster tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from coordination.jobseekers.vetting import evidence_record

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def born_aged(years: int) -> datetime.date:
    """A date of birth for someone `years` old today (their birthday a month ago)."""
    day = today() - datetime.timedelta(days=31)
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def record(actor: Any, seeker: Any, kind: str, **fields: Any) -> Any:
    """evidence_record with today's date and a year's validity unless told."""
    fields.setdefault("on_date", today() - 10 * DAY)
    if kind in ("medical", "police"):
        fields.setdefault("valid_until", today() + 365 * DAY)
    return evidence_record(actor=actor, seeker=seeker, kind=kind, **fields)


def vet_for_korea(actor: Any, seeker: Any, *, topik: str = "85") -> None:
    """Every piece of evidence the illustrative Korean agreement asks for."""
    for kind in ("identity", "medical", "orientation", "police"):
        record(actor, seeker, kind)
    record(actor, seeker, "test", test="EPS-TOPIK", score=topik, valid_until=today() + 700 * DAY)
    record(actor, seeker, "test", test_name="EPS skills test")
