"""Working-day arithmetic for review deadlines: Monday to Friday count, weekends do not.

Public holidays are passed in (a set of dates): the ministry enters each year's as reference data
(reference.models.PublicHoliday), and letter submission reads them (reference.selectors.public_holidays).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

_NO_HOLIDAYS: frozenset[datetime.date] = frozenset()


def is_working_day(day: datetime.date, *, holidays: Collection[datetime.date] = _NO_HOLIDAYS) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    start: datetime.date, days: int, *, holidays: Collection[datetime.date] = _NO_HOLIDAYS
) -> datetime.date:
    """The date `days` working days after `start` (the start day itself never counts).

    Submitted on a Monday with 7 working days: due the Wednesday of the next week. Submitted on a
    Saturday with 1 working day: due the Monday.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    day = start
    left = days
    while left:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays=holidays):
            left -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, *, holidays: Collection[datetime.date] = _NO_HOLIDAYS
) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start, holidays=holidays)
    count = 0
    day = start
    # Whole weeks first, so that long spans stay cheap.
    weeks, rest = divmod((end - start).days, 7)
    if not holidays:
        count = weeks * 5
        day = start + datetime.timedelta(days=weeks * 7)
    else:
        rest = (end - start).days
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays=holidays):
            count += 1
    return count
