"""Build demand letters straight through the ORM, for tests that must not depend on the services.

`make_letter(agreement=…, employer=…)` gives a letter with one position that complies with the
illustrative Thailand agreement (tests/conftest.py `agreements["TH"]`, see mou/demo.py); pass
`positions=[{…overrides…}, …]` or `positions=50` and letter fields to change it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from demand.models import Accreditation, DemandLetter, EmployerProfile, Position, PositionCost
from reference.models import Currency, Occupation, Sector

# A position that passes every rule of the illustrative Thailand agreement on any day of the demo year:
# 400 THB a day ≥ the 370 THB floor for manufacturing (C), 8 h × 6 days = 48 h, 1 rest day,
# overtime 1.5, 24 months, ages within 18–45, a passport fee under its 20 USD cap.
POSITION_DEFAULTS: dict[str, Any] = {
    "occupation": "7531",
    "sector": "C",
    "workers": 10,
    "skills": "Industrial sewing machine, two years' experience",
    "experience_months": 24,
    "language_test": "",
    "language_min_score": "",
    "required_sex": "any",
    "min_age": None,
    "max_age": None,
    "wage_amount": Decimal("400"),
    "wage_currency": "THB",
    "wage_period": "day",
    "hours_per_day": Decimal("8"),
    "days_per_week": 6,
    "rest_days_per_week": 1,
    "overtime_rate": Decimal("1.5"),
    "contract_months": 24,
    "work_location": "Samut Prakan",
    "accommodation": True,
    "food": False,
    "transport": True,
    "costs": [
        {"name": "Passport", "payer": "worker", "amount": Decimal("20"), "currency": "USD"},
        {"name": "Recruitment service fee", "payer": "employer", "amount": Decimal("150"), "currency": "USD"},
    ],
}

_counter = {"n": 0}


def make_employer_profile(organisation: Any, **overrides: Any) -> EmployerProfile:
    """An accredited profile for an employer organisation (or update the existing one)."""
    fields: dict[str, Any] = {
        "legal_name": organisation.name,
        "registration_number": f"REG-{organisation.pk:05d}",
        "address": "1 Demo Road",
        "sector": Sector.objects.get(code="C"),
        "contact_name": "Contact Person",
        "contact_email": "contact@example.com",
        "accreditation": Accreditation.ACCREDITED,
        "accredited_until": None,
        "banned_until": None,
    }
    if isinstance(overrides.get("sector"), str):
        overrides["sector"] = Sector.objects.get(code=overrides["sector"])
    fields.update(overrides)
    profile, _created = EmployerProfile.objects.update_or_create(organisation=organisation, defaults=fields)
    return profile


class _Refs:
    """Codes → rows, looked up once per letter."""

    def __init__(self) -> None:
        self.occupations: dict[str, Occupation] = {}
        self.sectors: dict[str, Sector] = {}
        self.currencies: dict[str, Currency] = {}

    def occupation(self, code: str) -> Occupation:
        if code not in self.occupations:
            self.occupations[code] = Occupation.objects.get(code=code)
        return self.occupations[code]

    def sector(self, code: str) -> Sector:
        if code not in self.sectors:
            self.sectors[code] = Sector.objects.get(code=code)
        return self.sectors[code]

    def currency(self, code: str) -> Currency:
        if code not in self.currencies:
            self.currencies[code] = Currency.objects.get(code=code)
        return self.currencies[code]


def make_letter(
    *,
    agreement: Any,
    employer: Any,
    positions: int | list[dict[str, Any]] = 1,
    profile: bool = True,
    **letter_fields: Any,
) -> DemandLetter:
    """A demand letter with positions (each POSITION_DEFAULTS updated by its dict), saved with the ORM.

    `employer` is an Organisation; with `profile=True` an accredited EmployerProfile is made if it has none.
    The letter is attested by the labour attaché (attestation_status) and valid from today for six months
    unless told.
    """
    today = timezone.localdate()
    if profile and not EmployerProfile.objects.filter(organisation=employer).exists():
        make_employer_profile(employer)
    _counter["n"] += 1
    fields: dict[str, Any] = {
        "reference": f"TEST-{_counter['n']:06d}-{DemandLetter.objects.count() + 1}",
        "employer": employer,
        "agreement": agreement,
        "valid_from": today,
        "valid_until": today + datetime.timedelta(days=180),
        "attestation_status": "attested",
    }
    fields.update(letter_fields)
    letter = DemandLetter.objects.create(**fields)

    specs = [{} for _ in range(positions)] if isinstance(positions, int) else positions
    refs = _Refs()
    rows: list[Position] = []
    cost_specs: list[list[dict[str, Any]]] = []
    for line, overrides in enumerate(specs, start=1):
        spec = {**POSITION_DEFAULTS, **overrides}
        cost_specs.append(list(spec.pop("costs")))
        spec["line"] = spec.get("line", line)
        spec["occupation"] = refs.occupation(spec["occupation"])
        spec["sector"] = refs.sector(spec["sector"])
        spec["wage_currency"] = refs.currency(spec["wage_currency"])
        rows.append(Position(letter=letter, **spec))
    created = Position.objects.bulk_create(rows)
    if any(p.pk is None for p in created):  # databases that do not return ids from bulk inserts
        created = list(letter.positions.order_by("line"))
    costs = [
        PositionCost(position=position, name=c["name"], payer=c["payer"], amount=Decimal(c["amount"]),
                     currency=refs.currency(c["currency"]))
        for position, items in zip(created, cost_specs, strict=True)
        for c in items
    ]
    PositionCost.objects.bulk_create(costs)
    return letter
