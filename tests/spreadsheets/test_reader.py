"""The safe spreadsheet reader refuses everything that is not a plain, modest .xlsx — before parsing."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from spreadsheets.reader import SpreadsheetError, read_workbook, read_workbook_columns


def xlsx_bytes(rows: list[list[object]], write_only: bool = False) -> bytes:
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("Data") if write_only else wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rewrite_part(data: bytes, name: str, transform) -> bytes:  # type: ignore[no-untyped-def]
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, transform(body) if info.filename == name else body)
    return out.getvalue()


def test_reads_a_plain_workbook():
    sheets = read_workbook(xlsx_bytes([["code", "title"], ["7531", "Tailors"], [8153, 2.5]]))
    assert sheets[0].rows == [["code", "title"], ["7531", "Tailors"], [8153.0, 2.5]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"code,title\n7531,Tailors\n", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "Excel 97"),
        (b"%PDF-1.7\n", "not an Excel workbook"),
        (b"PK\x03\x04garbage", "damaged"),
    ],
    ids=["empty", "csv-renamed", "legacy-xls", "pdf", "broken-zip"],
)
def test_refuses_what_is_not_xlsx(data, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_workbook(data)


def test_refuses_a_zip_that_is_not_a_workbook():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(SpreadsheetError, match="not an Excel workbook"):
        read_workbook(buf.getvalue())


def test_refuses_oversized_files(settings):
    settings.SPREADSHEET_MAX_BYTES = 1024
    with pytest.raises(SpreadsheetError, match="larger than"):
        read_workbook(xlsx_bytes([["x" * 50] for _ in range(200)]))


def test_refuses_a_zip_bomb():
    data = xlsx_bytes([["a"]])
    bomb = rewrite_part(data, "xl/worksheets/sheet1.xml", lambda body: body + b" " * (40 * 1024 * 1024))
    assert len(bomb) < 200_000
    with pytest.raises(SpreadsheetError, match="expands"):
        read_workbook(bomb)


def test_refuses_an_xml_entity_bomb():
    """Billion laughs: nested entities that would expand to gigabytes if a parser resolved them."""
    levels = [b'<!ENTITY lol0 "lol">'] + [
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    ]
    doctype = b'<?xml version="1.0"?><!DOCTYPE worksheet [' + b"".join(levels) + b"]>"
    bomb = rewrite_part(
        xlsx_bytes([["a"]]), "xl/worksheets/sheet1.xml",
        lambda body: doctype + body.split(b"?>", 1)[-1].replace(b"<v>", b"<v>&lol9;", 1),
    )
    with pytest.raises(SpreadsheetError, match="XML declarations"):
        read_workbook(bomb)


def test_refuses_formulas():
    with pytest.raises(SpreadsheetError, match="formulas"):
        read_workbook(xlsx_bytes([["amount"], ["=SUM(1,2)"]]))


def test_refuses_more_rows_than_the_cap():
    rows: list[list[object]] = [["code"]] + [[i] for i in range(50_000)]
    with pytest.raises(SpreadsheetError, match=r"more than 20,000 rows below its header \(it goes on to row 20,002\)"):
        read_workbook(xlsx_bytes(rows, write_only=True), max_rows=20_000)


def test_accepts_exactly_the_cap():
    rows: list[list[object]] = [["code"]] + [[i] for i in range(30)]
    assert len(read_workbook(xlsx_bytes(rows), max_rows=30)[0].rows) == 31


def test_the_columnar_read_gives_the_same_cells_as_the_row_read():
    rows = [["code", "flag", "when", "note"], [1, True, datetime.date(2026, 1, 2), " a\u200b "],
            [1.5, 1, None, "a"], ["1", False], [True, 1.0, datetime.datetime(2026, 1, 2, 3, 4), ""]]
    data = xlsx_bytes(rows)
    by_rows = read_workbook(data)[0].rows
    sheet = read_workbook_columns(data)[0]
    width = max(len(r) for r in by_rows)
    by_columns = [list(row) for row in zip(*(sheet.cells(j) for j in range(width)), strict=True)]
    padded = [row + [""] * (width - len(row)) for row in by_rows]
    assert sheet.height == len(by_rows) and by_columns == padded
    # 1, 1.0 and True are one dict key in Python: each keeps its own type through the distinct values
    assert [type(v) for v in sheet.cells(1)[1:]] == [type(v) for v in [row[1] for row in padded[1:]]]
    assert sheet.cells(width + 3) == [""] * len(by_rows)


def _ref_by_the_regular_expression(value: str) -> tuple[int, int] | None:
    from spreadsheets.reader import _CELL_REF, _column_index

    match = _CELL_REF.match(value.strip())
    if not match or int(match.group(2)) < 1:
        return None
    return int(match.group(2)), _column_index(match.group(1))


@settings(max_examples=600, deadline=None)
@given(st.one_of(
    st.from_regex(r"\A[ $]?[A-Za-z]{0,8}[ $]?[0-9٠-٩²]{0,13}[ ]?\Z"),
    st.text(alphabet="AZaz019$ :²٣", max_size=12),
))
def test_the_quick_read_of_a_cell_reference_agrees_with_the_regular_expression(value: str) -> None:
    from spreadsheets.reader import SheetExtent, SheetLimits, _Refused, _SheetScan

    scan = _SheetScan(SheetExtent(name="S", part="xl/worksheets/sheet1.xml"), SheetLimits(max_columns=30), 10)
    try:
        got = scan._ref(value)
    except _Refused:
        got = None
    assert got == _ref_by_the_regular_expression(value)
