"""Safe reading of uploaded spreadsheets.

Every upload is checked before it is parsed: size, that it really is an .xlsx (a ZIP holding a
workbook, not a renamed CSV or a legacy .xls), that the ZIP does not expand into a bomb, that its XML
declares no entities (billion-laughs), that cells hold values rather than formulas, and that it has no
more rows than the documented cap. Only then is it read, with python-calamine.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 2000
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


class SpreadsheetError(Exception):
    """The upload cannot be read; the message says why in words a person can act on."""


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]


def _read_bytes(source: str | Path | bytes | BinaryIO, max_bytes: int) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        path = Path(source)
        if path.stat().st_size > max_bytes:
            raise SpreadsheetError(_too_big(max_bytes))
        data = path.read_bytes()
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(_too_big(max_bytes))
    return data


def _too_big(max_bytes: int) -> str:
    return _("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": max_bytes // (1024 * 1024)}


def check_xlsx(data: bytes, *, max_rows: int) -> None:
    """Raise SpreadsheetError unless `data` is a plain, modest .xlsx workbook."""
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            _("This is an old Excel 97–2003 (.xls) file. Save it as an Excel workbook (.xlsx) and upload again.")
        )
    if not data.startswith(XLSX_MAGIC):
        raise SpreadsheetError(
            _("This is not an Excel workbook (.xlsx). Download the template, fill it in and upload it as .xlsx.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise SpreadsheetError(_("The workbook is damaged and cannot be opened.")) from exc
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise SpreadsheetError(
            _("This is not an Excel workbook (.xlsx). Download the template, fill it in and upload it as .xlsx.")
        )
    if len(infos) > MAX_ZIP_ENTRIES:
        raise SpreadsheetError(_("The workbook has too many parts to be a filled-in template."))
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES or total > MAX_COMPRESSION_RATIO * max(len(data), 1):
        raise SpreadsheetError(_("The workbook expands to far more data than it holds; it was refused as unsafe."))
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            head = part.read(4096)
            if _DTD.search(head):
                raise SpreadsheetError(_("The workbook contains XML declarations that are not allowed."))
            if info.filename.startswith("xl/worksheets/sheet"):
                body = head + part.read(info.file_size)
                if _FORMULA.search(body):
                    raise SpreadsheetError(
                        _("The workbook contains formulas. Paste the values only (Paste special → Values) "
                          "and upload again.")
                    )
                dim = _DIMENSION.search(body)
                rows = int(dim.group(1)) if dim and dim.group(1) else len(_ROW.findall(body))
                if rows - 1 > max_rows:
                    raise SpreadsheetError(
                        _("The sheet has %(rows)s rows; at most %(max)s can be uploaded at once. "
                          "Split it into smaller files.") % {"rows": f"{rows - 1:,}", "max": f"{max_rows:,}"}
                    )


def read_workbook(
    source: str | Path | bytes | BinaryIO, *, max_bytes: int | None = None, max_rows: int | None = None
) -> list[Sheet]:
    """Check, then read every sheet's values (no formulas are evaluated)."""
    max_bytes = max_bytes or settings.SPREADSHEET_MAX_BYTES
    max_rows = max_rows or settings.SPREADSHEET_MAX_ROWS
    data = _read_bytes(source, max_bytes)
    check_xlsx(data, max_rows=max_rows)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [Sheet(name=n, rows=workbook.get_sheet_by_name(n).to_python(skip_empty_area=False))
                for n in workbook.sheet_names]
    except Exception as exc:  # calamine raises its own error types for damaged parts
        raise SpreadsheetError(_("The workbook is damaged and cannot be read.")) from exc
