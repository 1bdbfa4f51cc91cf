"""Wage periods: an amount per hour, day, week, month or year as an amount per month, and back, for someone
working given hours a day and days a week — the arithmetic an agreement's wage floors are read with.

    hour  → month: × hours/day × days/week × 52 / 12
    day   → month: × days/week × 52 / 12
    week  → month: × 52 / 12
    month → month: × 1
    year  → month: / 12

Multiplications come first and the one division last, so no repeating fraction is rounded early.
"""

from __future__ import annotations

from decimal import Decimal

from mou.models import Period

WEEKS_PER_YEAR = Decimal(52)
MONTHS_PER_YEAR = Decimal(12)


def period_factor(period: str, hours_per_day: Decimal, days_per_week: int | Decimal) -> tuple[
        Decimal, Decimal]:
    """The monthly factor of `period` as a fraction (numerator, denominator), so callers divide once."""
    hours = Decimal(hours_per_day)
    days = Decimal(days_per_week)
    if period == Period.HOUR:
        return hours * days * WEEKS_PER_YEAR, MONTHS_PER_YEAR
    if period == Period.DAY:
        return days * WEEKS_PER_YEAR, MONTHS_PER_YEAR
    if period == Period.WEEK:
        return WEEKS_PER_YEAR, MONTHS_PER_YEAR
    if period == Period.MONTH:
        return Decimal(1), Decimal(1)
    if period == Period.YEAR:
        return Decimal(1), MONTHS_PER_YEAR
    raise ValueError(f"unknown wage period: {period!r}")


def to_monthly(amount: Decimal, period: str, *, hours_per_day: Decimal, days_per_week: int | Decimal) -> Decimal:
    """`amount` per `period` as an amount per month, for someone working these hours and days."""
    num, den = period_factor(period, hours_per_day, days_per_week)
    return Decimal(amount) * num / den


def from_monthly(monthly: Decimal, period: str, *, hours_per_day: Decimal,
                 days_per_week: int | Decimal) -> Decimal | None:
    """A monthly amount expressed per `period`; None when the period has no length (0 hours or 0 days)."""
    num, den = period_factor(period, hours_per_day, days_per_week)
    if num == 0:
        return None
    return Decimal(monthly) * den / num
