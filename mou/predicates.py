"""Predicates on an agreement version's terms, each written once: screening demand uses them today, vetting
job seekers, matching and fee declarations next.

They read rows loaded once with mou.selectors.version_prefetch (no query per call) and take sectors as
anything with `pk`, `parent_id` (and `code`, `parent` where said), so screening's plain rows serve as well
as models.

The section rule. ISIC Rev.4 has sections (a letter, e.g. C "Manufacturing") and divisions (two digits, e.g.
10 "Manufacture of food products", in C). A term set on a section — coverage, a wage floor, a quota — applies
to its divisions; a term set on a division applies to it alone and is more specific than its section's. A
filter on a section matches its divisions. `sector_chain` is that rule: the sector, then its section.

ISCO-08 codes nest by prefix (7531 ⊂ 753 ⊂ 75 ⊂ 7, the same chain as Occupation.parent): a term on a group
covers its unit groups, the longest code being the most specific (`occupation_chain`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.db.models import Q

from mou.models import AgreementVersion, FeeItem, Payer, RequiredTest, WageFloor
from mou.periods import from_monthly, to_monthly


def sector_chain(sector: Any) -> tuple[int, ...]:
    """The sector ids a term may be set on for `sector`, most specific first: it, then (a division) its section."""
    return (sector.pk,) if sector.parent_id is None else (sector.pk, sector.parent_id)


def sector_code_chain(sector: Any) -> tuple[str, ...]:
    """sector_chain as codes (for a division, `sector.parent` is read: select or prefetch it)."""
    return (sector.code,) if sector.parent_id is None else (sector.code, sector.parent.code)


def sector_within_q(code: str, *, path: str = "sector") -> Q:
    """A filter: the sector at `path` ("" for a query on sectors) is `code`, or one of its divisions when
    `code` is a section."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}code": code}) | Q(**{f"{prefix}parent__code": code})


def occupation_chain(code: str) -> tuple[str, ...]:
    """The ISCO-08 codes a term may be set on for occupation `code`, most specific first (7531, 753, 75, 7)."""
    code = (code or "").strip()
    return tuple(code[:n] for n in range(len(code), 0, -1))


@lru_cache(maxsize=4096)
def fee_key(name: str) -> str:
    """How cost items are matched with the fee schedule: case and spacing do not count."""
    return " ".join((name or "").casefold().split())


# --- the worker: age and test results ---------------------------------------------------------------------

# Cambodian law: nobody under 18 is recruited to work abroad, whatever an agreement says (or leaves unsaid).
LEGAL_MIN_AGE = 18


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    """Whole years from the date of birth to `day` (someone born on 29 February turns a year older on 1 March)."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def last_day_aged(date_of_birth: datetime.date, age: int) -> datetime.date:
    """The last day on which someone is `age` years old (age_on's rule: born on 29 February, a year older on
    1 March in a common year)."""
    year = date_of_birth.year + age + 1
    try:
        birthday = date_of_birth.replace(year=year)
    except ValueError:
        birthday = datetime.date(year, 3, 1)
    return birthday - datetime.timedelta(days=1)


_LEVEL = re.compile(r"^N\s*([1-5])$", re.IGNORECASE)  # JLPT N1 (highest) … N5
_CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")  # lowest to highest
PASS_WORDS = frozenset({"pass", "passed"})


def score_value(text: str) -> tuple[str, Decimal] | None:
    """How a score or level compares, as (scale, rank), a higher rank being better; None when it is neither a
    number nor a known level. Scales: "number" (72, 6.5), "jlpt" (N1–N5: a smaller N is a higher level, so
    N4 ranks 2 and N2 ranks 4), "cefr" (A1–C2)."""
    text = " ".join((text or "").split())
    if not text:
        return None
    match = _LEVEL.match(text)
    if match:
        return "jlpt", Decimal(6 - int(match.group(1)))
    if text.upper() in _CEFR:
        return "cefr", Decimal(_CEFR.index(text.upper()) + 1)
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
        try:
            return "number", Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
            return None
    return None


def pass_only(min_score: str) -> bool:
    """A requirement with no score to reach ("Pass"): a passed result meets it."""
    return " ".join((min_score or "").split()).casefold() in PASS_WORDS or score_value(min_score) is None


def score_meets(score: str, min_score: str) -> bool | None:
    """Whether `score` reaches `min_score`: numbers compared as numbers (80 > 9), levels by rank (N3 reaches N4).
    None when the two cannot be compared (different scales, or a score that is neither) or the requirement
    asks only for a pass (pass_only: the result decides)."""
    wanted = score_value(min_score)
    have = score_value(score)
    if wanted is None or have is None or wanted[0] != have[0]:
        return None
    return have[1] >= wanted[1]


def required_test_key(name: str) -> str:
    """How a test result is matched with an agreement's required test: case and spacing do not count."""
    return fee_key(name)


class AgreementTerms:
    """One version's terms in the shapes the predicates look them up by, built once from prefetched rows."""

    def __init__(self, version: AgreementVersion) -> None:
        self.version = version
        sectors = list(version.sectors.all())
        self.sector_ids = frozenset(s.pk for s in sectors)
        self.sector_codes = sorted(s.code for s in sectors)
        self.occupation_codes = frozenset(o.code for o in version.occupations.all())
        floors = list(version.wage_floors.all())
        self.floors: dict[int, WageFloor] = {f.sector_id: f for f in floors}
        # Where the agreement sets its floors: cited when a sector has none.
        self.floors_clause = next((f.clause for f in floors if f.clause), "")
        self.worker_fees: dict[str, FeeItem] = {}
        self.employer_fees: dict[str, FeeItem] = {}
        for item in version.fee_items.all():
            (self.worker_fees if item.payer == Payer.WORKER else self.employer_fees)[fee_key(item.name)] = item
        self.required_tests: list[RequiredTest] = list(version.required_tests.all())

    # --- the worker ------------------------------------------------------------------------------------

    def age_limits(self) -> tuple[int, int | None]:
        """The youngest and oldest age accepted: the agreement's minimum, never below the legal 18, and its
        maximum (None when it sets none, stored as 0)."""
        return max(LEGAL_MIN_AGE, self.version.min_age or 0), (self.version.max_age or None)

    def age_within(self, age: int) -> bool:
        low, high = self.age_limits()
        return age >= low and (high is None or age <= high)

    def required_test(self, name: str) -> RequiredTest | None:
        """The agreement's required test of that name, if any."""
        key = required_test_key(name)
        return next((t for t in self.required_tests if required_test_key(t.name) == key), None)

    # --- coverage ---------------------------------------------------------------------------------------

    def sector_covered(self, sector: Any) -> bool:
        """The agreement covers the sector: it lists it, or its section."""
        return any(sid in self.sector_ids for sid in sector_chain(sector))

    def occupation_covered(self, occupation_code: str) -> bool:
        """The agreement covers the occupation: it lists no occupations (all are covered), or it lists the
        occupation or a group above it."""
        if not self.occupation_codes:
            return True
        return any(code in self.occupation_codes for code in occupation_chain(occupation_code))

    # --- wage floors ------------------------------------------------------------------------------------

    def wage_floor(self, sector: Any) -> WageFloor | None:
        """The minimum wage that applies to the sector: its own, else its section's; None when none is set."""
        for sid in sector_chain(sector):
            floor = self.floors.get(sid)
            if floor is not None:
                return floor
        return None

    def wage_floor_per(self, sector: Any, period: str, *, hours_per_day: Decimal, days_per_week: int | Decimal
                       ) -> tuple[Decimal, str] | None:
        """The sector's minimum wage per `period` (hour … year) for someone working these hours and days, in
        the floor's own currency: (amount, currency code). None when no floor applies or the period has no
        length (0 hours or 0 days)."""
        floor = self.wage_floor(sector)
        if floor is None:
            return None
        monthly = to_monthly(floor.amount, floor.period, hours_per_day=hours_per_day, days_per_week=days_per_week)
        amount = from_monthly(monthly, period, hours_per_day=hours_per_day, days_per_week=days_per_week)
        return None if amount is None else (amount, floor.currency.code)

    def wage_floors_for(self, sectors: Iterable[Any]) -> list[WageFloor]:
        """The floors that apply to any of the sectors (each sector's own and its section's), in code order."""
        wanted = {sid for s in sectors for sid in sector_chain(s)}
        return sorted((f for sid, f in self.floors.items() if sid in wanted), key=lambda f: f.sector.code)

    # --- the fee schedule -------------------------------------------------------------------------------

    def worker_fee(self, name: str) -> FeeItem | None:
        """The schedule's item of that name that the worker may pay, if any."""
        return self.worker_fees.get(fee_key(name))

    def employer_fee(self, name: str) -> FeeItem | None:
        """The schedule's item of that name that the employer pays, if any."""
        return self.employer_fees.get(fee_key(name))

    def worker_may_pay(self, name: str) -> bool:
        """Whether a worker may be charged for the cost item at all (never under a zero-fee agreement)."""
        return not self.version.zero_fee and self.worker_fee(name) is not None

    def fee_cap(self, name: str) -> tuple[Decimal, str | None] | None:
        """The most a worker may pay for the item: (amount, currency code, None when the schedule names no
        currency). None when the item has no cap, or is not one the worker may pay."""
        item = self.worker_fee(name) if not self.version.zero_fee else None
        if item is None or item.cap_amount is None:
            return None
        return item.cap_amount, (item.cap_currency.code if item.cap_currency_id else None)

    def worker_fee_names(self) -> list[str]:
        """The items a worker may pay, by name."""
        return sorted(i.name for i in self.worker_fees.values())


def agreement_terms(version: AgreementVersion) -> AgreementTerms:
    """The predicates for a version (its terms prefetched), built once per version object."""
    terms = getattr(version, "_agreement_terms", None)
    if terms is None:
        terms = AgreementTerms(version)
        version._agreement_terms = terms  # type: ignore[attr-defined]
    return terms

