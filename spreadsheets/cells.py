"""What every workbook the platform writes puts in its cells, once for every export.

Excel has no time zones: a datetime in a cell is a wall-clock time, and openpyxl refuses an aware one. The
platform stores aware datetimes in UTC; a person reading an export expects the time on the clock where they
are, the platform's local time zone (settings.TIME_ZONE, Asia/Phnom_Penh). `cell_value` turns an aware datetime
into that wall-clock time; `append_row` writes a row through it, so that no export writes UTC by dropping the
zone by hand or fails on an aware value.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

# The number format of a cell holding a date and time.
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"


def local_datetime(value: datetime.datetime) -> datetime.datetime:
    """An aware datetime as the wall-clock time in the platform's time zone, without a zone (what a cell holds).
    A naive datetime is taken to be local time already."""
    if timezone.is_aware(value):
        return timezone.make_naive(value, timezone.get_default_timezone())
    return value


def cell_value(value: Any) -> Any:
    """The value as a cell holds it: datetimes in local time, everything else as it is."""
    if isinstance(value, datetime.datetime):
        return local_datetime(value)
    return value


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append one row to an openpyxl worksheet, every value through cell_value."""
    sheet.append([cell_value(v) for v in values])
