"""Plain helpers for the event tests."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from coordination.events.inputs import EventData
from tests.demand.factories import make_letter


def korean_letter(users: dict[str, Any], agreements: dict[str, Any], **fields: Any) -> Any:
    """An approved Korean letter: sewing-machine operators (7531) with EPS-TOPIK ≥ 80, 24 months' experience."""
    positions = fields.pop("positions", [{"occupation": "7531", "sector": "C", "wage_amount": Decimal("2300000"),
                                          "wage_currency": "KRW", "wage_period": "month", "costs": [],
                                          "language_test": "EPS-TOPIK", "language_min_score": "80",
                                          "experience_months": 24}])
    fields.setdefault("status", "approved")
    return make_letter(agreement=agreements["KR"], employer=users["employer_kr"].organisation, positions=positions,
                       **fields)


def event_data(users: dict[str, Any], letter: Any = None, **overrides: Any) -> EventData:
    values: dict[str, Any] = {
        "title": "Job fair in Kampong Cham", "date": timezone.localdate() + datetime.timedelta(days=7),
        "venue": "Provincial hall", "province": "KH-3",
        "employers": [users["employer_kr"].organisation.pk] if letter is not None else [],
        "letters": [letter.pk] if letter is not None else [], "staff": [users["counsellor"].pk],
    }
    values.update(overrides)
    return EventData(**values)


def make_event(users: dict[str, Any], agreements: dict[str, Any], **overrides: Any) -> Any:
    from coordination.events.services import event_create

    letter = overrides.pop("letter", None) or korean_letter(users, agreements)
    return event_create(actor=users["counsellor"], data=event_data(users, letter, **overrides))
