"""Date windows relative to today.

A date a person gives for something that is happening (a letter's validity, an attestation, an
accreditation) lies within DATE_PAST_YEARS before today and DATE_FUTURE_YEARS after it: further out is a
typing mistake (0001-01-01, 9999-12-31), never a plan. Services choose the window that fits each date.
"""

from __future__ import annotations

import datetime

DATE_PAST_YEARS = 1
DATE_FUTURE_YEARS = 10


def shift_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (earlier when negative); 29 February becomes the 28th in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_window(today: datetime.date, *, past_years: int = DATE_PAST_YEARS,
                future_years: int = DATE_FUTURE_YEARS) -> tuple[datetime.date, datetime.date]:
    """The first and last day accepted: `past_years` before today to `future_years` after it."""
    return shift_years(today, -past_years), shift_years(today, future_years)
