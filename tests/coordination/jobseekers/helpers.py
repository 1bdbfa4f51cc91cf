"""Plain helpers for the job-seeker tests."""

from __future__ import annotations

import datetime
from typing import Any

from coordination.jobseekers.inputs import ConsentData, ExperienceData, LanguageData, SeekerData


def seeker_data(**overrides: Any) -> SeekerData:
    """A complete, valid record (Sok Dara, born 1998, Phnom Penh), changed by `overrides`."""
    values: dict[str, Any] = {
        "name_km": "សុខ ដារា", "name_latin": "Sok Dara", "sex": "male", "date_of_birth": datetime.date(1998, 4, 14),
        "national_id": "010203040", "phone": "012 345 678", "province": "KH-12", "district": "1201",
        "education_level": "upper_secondary",
        "experiences": [ExperienceData(occupation="7531", years="3")],
        "languages": [LanguageData(language="ko", test="EPS-TOPIK", score="72", taken_on=datetime.date(2026, 5, 1),
                                   valid_until=datetime.date(2028, 5, 1))],
        "destinations": ["KR", "TH"], "sectors": ["C"], "min_wage": "800", "min_wage_currency": "USD",
    }
    values.update(overrides)
    return SeekerData(**values)


def register(actor: Any, **overrides: Any) -> Any:
    from coordination.jobseekers.services import seeker_register

    distinct = overrides.pop("distinct_from", ())
    consent = overrides.pop("consent", ConsentData())
    return seeker_register(actor=actor, data=seeker_data(**overrides), consent=consent, distinct_from=distinct)


def put_on_roster(seeker: Any, agreement: Any, actor: Any, *, days: int = 365) -> Any:
    """A roster entry made directly (the vetting services decide it in real use)."""
    from django.utils import timezone

    from coordination.jobseekers.models import RosterEntry

    today = timezone.localdate()
    version = agreement.versions.order_by("-number")[0]
    return RosterEntry.objects.create(seeker=seeker, agreement=agreement, version=version, entered_on=today,
                                      valid_until=today + datetime.timedelta(days=days), entered_by=actor)
