from __future__ import annotations

import datetime

import pytest

from demand.workdays import add_working_days, is_working_day, working_days_between

MON = datetime.date(2026, 3, 2)  # a Monday
D = datetime.timedelta


@pytest.mark.parametrize(("start", "days", "due"), [
    (MON, 0, MON),
    (MON, 1, MON + D(days=1)),  # Tuesday
    (MON, 4, MON + D(days=4)),  # Friday
    (MON, 5, MON + D(days=7)),  # next Monday
    (MON, 7, MON + D(days=9)),  # next Wednesday
    (MON + D(days=4), 1, MON + D(days=7)),  # Friday + 1 → Monday
    (MON + D(days=5), 1, MON + D(days=7)),  # Saturday + 1 → Monday
    (MON + D(days=6), 1, MON + D(days=7)),  # Sunday + 1 → Monday
    (MON + D(days=5), 5, MON + D(days=11)),  # Saturday + 5 → Friday
    (MON, 20, MON + D(days=28)),  # four weeks
])
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_holidays_are_skipped():
    tuesday = MON + D(days=1)
    assert add_working_days(MON, 1, holidays={tuesday}) == MON + D(days=2)
    assert not is_working_day(tuesday, holidays={tuesday})


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="zero or more"):
        add_working_days(MON, -1)


@pytest.mark.parametrize("days", [0, 1, 3, 5, 7, 13, 60, 250])
@pytest.mark.parametrize("offset", range(7))
def test_between_is_the_inverse_of_add(days, offset):
    start = MON + D(days=offset)
    assert working_days_between(start, add_working_days(start, days)) == days


def test_between_counts_backwards_and_holidays():
    assert working_days_between(MON + D(days=7), MON) == -5
    assert working_days_between(MON, MON + D(days=7), holidays={MON + D(days=2)}) == 4
    assert working_days_between(MON, MON) == 0
