"""Wage, period and currency conversion for screening, in Decimal only (never float).

A wage and a floor are compared as a monthly amount in US dollars: each is turned into a monthly
amount with the position's own hours per day and days per week, then into dollars with the exchange
rate in force (the latest `as_of` on or before the day of the check). Periods are turned into months by
mou.periods (multiplications first, the one division last, so no repeating fraction is rounded early).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import lru_cache

# The period arithmetic is the agreement's (mou.periods); re-exported for screening and its tests.
from mou.periods import from_monthly, period_factor, to_monthly  # noqa: F401

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rate:
    code: str
    per_usd: Decimal
    as_of: datetime.date | None


@dataclass
class RateTable:
    """The exchange rates in force on one day, by ISO 4217 code (units of the currency per US dollar)."""

    on: datetime.date
    rates: dict[str, Rate] = field(default_factory=dict)

    def get(self, code: str) -> Rate | None:
        rate = self.rates.get(code)
        if rate is None and code == "USD":
            return Rate("USD", Decimal(1), None)
        return rate

    def has(self, code: str) -> bool:
        return self.get(code) is not None

    def to_usd(self, amount: Decimal, code: str) -> Decimal | None:
        rate = self.get(code)
        if rate is None or rate.per_usd == 0:
            return None
        return Decimal(amount) / rate.per_usd

    def from_usd(self, amount: Decimal, code: str) -> Decimal | None:
        rate = self.get(code)
        if rate is None:
            return None
        return Decimal(amount) * rate.per_usd

    def convert(self, amount: Decimal, source: str, target: str) -> Decimal | None:
        """`amount` of `source` in `target` through the dollar; None when a rate is missing."""
        if source == target:
            return Decimal(amount)
        src, dst = self.get(source), self.get(target)
        if src is None or dst is None or src.per_usd == 0:
            return None
        return Decimal(amount) * dst.per_usd / src.per_usd

    def monthly_usd(self, amount: Decimal, code: str, period: str, *, hours_per_day: Decimal,
                    days_per_week: int | Decimal) -> Decimal | None:
        """A wage of `amount` `code` per `period` as US dollars a month; None when the rate is missing."""
        rate = self.get(code)
        if rate is None or rate.per_usd == 0:
            return None
        num, den = period_factor(period, hours_per_day, days_per_week)
        return Decimal(amount) * num / (den * rate.per_usd)


def load_rates(on: datetime.date, codes: Iterable[str] | None = None) -> RateTable:
    """The latest rate on or before `on` for each currency (of `codes`, or all): one query."""
    from reference.models import ExchangeRate

    qs = ExchangeRate.objects.filter(as_of__lte=on)
    if codes is not None:
        wanted = sorted(set(codes))
        if not wanted:
            return RateTable(on=on)
        qs = qs.filter(currency__code__in=wanted)
    table = RateTable(on=on)
    for code, per_usd, as_of in qs.order_by("currency__code", "-as_of").values_list(
            "currency__code", "per_usd", "as_of"):
        if code not in table.rates:
            table.rates[code] = Rate(code, per_usd, as_of)
    return table


def round_money(amount: Decimal, places: int = 2) -> Decimal:
    """Half-up rounding to `places` decimals (for showing and comparing amounts)."""
    return Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def round_up(amount: Decimal, places: int = 2) -> Decimal:
    """Rounded up to `places` decimals: the least amount that still reaches `amount`."""
    return Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_CEILING)


@lru_cache(maxsize=4096)
def plain(amount: Decimal) -> str:
    """A Decimal as a plain string without exponent or trailing zeros: 9000, 370.5, 0.25."""
    d = Decimal(amount)
    if d == d.to_integral_value():
        return f"{d.quantize(Decimal(1)):f}"
    return f"{d.normalize():f}"


@lru_cache(maxsize=4096)
def grouped(amount: Decimal, places: int = 2) -> str:
    """An amount for people to read: thousands grouped, decimals only when there are any (9,000; 252.50)."""
    d = round_money(Decimal(amount), places)
    if d == d.to_integral_value():
        return f"{d:,.0f}"
    return f"{d:,.{places}f}"
