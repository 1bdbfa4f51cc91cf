"""Every workbook the platform writes holds times on the clock in Phnom Penh, not UTC (spreadsheets.cells)."""

from __future__ import annotations

import datetime
import io
import pathlib

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from spreadsheets.cells import DATETIME_FORMAT, append_row, cell_value, local_datetime

UTC = datetime.UTC
ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_the_platform_time_zone_is_phnom_penh():
    assert settings.TIME_ZONE == "Asia/Phnom_Penh" and settings.USE_TZ


def test_an_aware_time_becomes_the_wall_clock_time_in_phnom_penh():
    # 19:06 UTC is 02:06 the next morning in Phnom Penh (UTC+7): the date moves too.
    assert local_datetime(datetime.datetime(2026, 12, 4, 19, 6, tzinfo=UTC)) == datetime.datetime(2026, 12, 5, 2, 6)
    assert cell_value(datetime.datetime(2026, 12, 4, 2, 6, tzinfo=UTC)) == datetime.datetime(2026, 12, 4, 9, 6)


def test_the_platform_zone_decides_whatever_zone_is_active():
    with timezone.override("Europe/London"):
        assert cell_value(datetime.datetime(2026, 6, 1, 0, 0, tzinfo=UTC)) == datetime.datetime(2026, 6, 1, 7, 0)


def test_other_values_are_left_as_they_are():
    day = datetime.date(2026, 12, 4)
    naive = datetime.datetime(2026, 12, 4, 9, 6)
    assert cell_value(day) is day and cell_value(naive) is naive
    assert [cell_value(v) for v in ("x", 3, None)] == ["x", 3, None]


def test_a_row_written_through_append_row_reads_back_in_local_time():
    book = Workbook()
    append_row(book.active, ["Sok Dara", datetime.datetime(2026, 12, 4, 19, 6, tzinfo=UTC)])
    book.active["B1"].number_format = DATETIME_FORMAT
    out = io.BytesIO()
    book.save(out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet["B1"].value == datetime.datetime(2026, 12, 5, 2, 6)


def test_no_export_drops_the_zone_by_hand():
    """`.replace(tzinfo=None)` writes UTC as if it were local time: every export goes through spreadsheets.cells."""
    offenders = []
    for path in ROOT.glob("**/*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "tests", "node_modules"} or "migrations" in parts:
            continue
        if "tzinfo=None" in path.read_text(encoding="utf-8"):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
