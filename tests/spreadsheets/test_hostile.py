"""The reader against the hostile corpus (tests/spreadsheets/hostile.py), on a plain workbook: each file is
refused by the streaming check with its message, the check's peak memory stays bounded (measured in a child
process), and the parse runs in a child that may die without taking the caller with it."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from spreadsheets.reader import (
    SheetLimits,
    SpreadsheetError,
    WorkbookSpec,
    check_xlsx,
    clean_cell,
    parse_in_child,
    read_workbook,
)
from tests.spreadsheets import hostile

SPEC = WorkbookSpec(sheets={"Data": SheetLimits(max_columns=21)}, required=("Data",))
ROOT = Path(__file__).resolve().parents[2]
# The check holds the upload (at most 5 MB) and reads each member in 64 KB chunks; what it keeps besides is a
# few integers per sheet. Its peak, above the process it runs in and counting the upload's own bytes, stays
# under this for every file here (about 5 MB measured).
CHECK_PEAK_MB = 32


def valid() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in range(30):
        ws.append([f"r{r}c{c}" for c in range(20)])
    wb.create_sheet("Notes").append(["a note"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


CORPUS = hostile.refused_by_check(valid(), "Data", last_column="U")


@pytest.mark.parametrize("case", list(CORPUS))
def test_the_check_refuses(case: str) -> None:
    data, words = CORPUS[case]
    with pytest.raises(SpreadsheetError) as refused:
        check_xlsx(data, spec=SPEC)
    assert words in str(refused.value)


def test_the_check_measures_the_real_extent_whatever_dimension_says() -> None:
    data = valid()
    part = hostile.sheet_part(data, "Data")
    lying = hostile.rewrite(data, {part: lambda xml: xml.replace(b'<dimension ref="A1:T30"', b'<dimension ref="A1"')})
    extents = {e.name: (e.rows, e.columns) for e in check_xlsx(lying, spec=SPEC)}
    assert extents == {"Data": (30, 20), "Notes": (1, 1)}
    # a dimension that claims the whole grid is not believed either way: the cells decide
    claims = hostile.rewrite(data, {part: lambda xml: xml.replace(b'<dimension ref="A1:T30"',
                                                                  b'<dimension ref="A1:XFD1048576"')})
    assert [s.rows[29][19] for s in read_workbook(claims, spec=SPEC) if s.name == "Data"] == ["r29c19"]


def test_rows_and_cells_without_references_are_placed_as_a_parser_places_them() -> None:
    data = valid()
    part = hostile.sheet_part(data, "Data")
    wide = b"<row>" + b"<c t=\"n\"><v>1</v></c>" * 22 + b"</row>"
    refused = hostile.rewrite(data, {part: lambda xml: xml.replace(b"</sheetData>", wide + b"</sheetData>")})
    with pytest.raises(SpreadsheetError, match="has a cell at V31, beyond its last column U"):
        check_xlsx(refused, spec=SPEC)
    with pytest.raises(SpreadsheetError, match="more than 5 rows below its header"):
        check_xlsx(data, spec=SPEC, max_rows=5)


def test_a_damaged_zip_never_leaks_the_raw_error() -> None:
    for case in ("corrupt-deflate", "bad-crc", "deflate64"):
        with pytest.raises(SpreadsheetError) as refused:
            check_xlsx(CORPUS[case][0], spec=SPEC)
        assert "Error -3" not in str(refused.value) and "CRC" not in str(refused.value)


def test_the_encrypted_ole_is_not_called_an_old_xls() -> None:
    with pytest.raises(SpreadsheetError) as refused:
        check_xlsx(hostile.encrypted_ole())
    assert "encrypted" in str(refused.value) and ".xls)" not in str(refused.value)


def test_invisible_characters_and_surrounding_space_are_stripped() -> None:
    assert clean_cell("\u200b\u200c THB \u200d\u2060\ufeff") == "THB"
    assert clean_cell("a\u200bb") == "ab" and clean_cell(12.5) == 12.5 and clean_cell(None) is None


def test_the_parse_runs_in_a_child_that_may_die() -> None:
    """calamine aborts (SIGABRT) on the far cell's 512 GB allocation: in the child, under its memory limit;
    here a SpreadsheetError with a clear message, and this process goes on."""
    far = hostile.far_cell(valid(), "Data", "XFD1048576")
    with pytest.raises(SpreadsheetError, match=r"could not be read within the limits for one upload \(1024 MB"):
        parse_in_child(far, memory_mb=1024, seconds=30)
    assert [s.name for s in parse_in_child(valid())] == ["Data", "Notes"]


PEAK = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from spreadsheets.reader import SheetLimits, SpreadsheetError, WorkbookSpec, check_xlsx
spec = WorkbookSpec(sheets={"Data": SheetLimits(max_columns=21)}, required=("Data",))
with open(sys.argv[1], "rb") as fh:  # warm: the translation catalogue and expat loaded before the baseline
    check_xlsx(fh.read(), spec=spec)
def status(field):  # KB, from the kernel's account of this process
    return int(next(line for line in open("/proc/self/status") if line.startswith(field)).split()[1])
# The peak is the kernel's high-water mark of this process (VmHWM, what getrusage's ru_maxrss reports for a
# process of its own; ru_maxrss itself carries over the forking parent's peak on Linux, here pytest's).
before = status("VmRSS:")
for path in sys.argv[2:]:  # one at a time, as uploads come: the file's own bytes count too
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        check_xlsx(data, spec=spec)
    except SpreadsheetError:
        pass
    del data
print(status("VmHWM:") - before)  # the peak above the resident size before the first upload
"""


def largest_allowed() -> bytes:
    """The largest workbook the check lets through: 20,000 rows below the header, 21 columns of text."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    for r in range(20_001):
        ws.append([f"{r}-{c}-" + "x" * 60 for c in range(21)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_checks_peak_memory_is_bounded(tmp_path: Path) -> None:
    paths = []
    files = {"valid": valid(), "largest-allowed": largest_allowed(),
             "lying-dimension-600k-rows": hostile.many_rows_lying_dimension(valid(), "Data", rows=600_000),
             **{name: data for name, (data, _w) in CORPUS.items()}}
    assert len(files["lying-dimension-600k-rows"]) < 5 * 1024 * 1024  # within the upload size
    for name, data in files.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        paths.append(str(path))
    done = subprocess.run([sys.executable, "-c", PEAK, paths[0], *paths], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    grown_kb = int(done.stdout.strip().splitlines()[-1])
    print(f"peak growth of the check: {grown_kb} KB")
    assert grown_kb < CHECK_PEAK_MB * 1024, f"the check grew the process by {grown_kb} KB"
