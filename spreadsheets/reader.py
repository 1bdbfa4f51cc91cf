"""Safe reading of uploaded spreadsheets, once for every import (docs/uploads.md says what it guarantees).

Nothing a file says about itself is trusted. `check_xlsx` is a streaming check with bounded memory that
runs in the web process before anything is stored, and again in the worker before parsing:

- the size, and that the file is an .xlsx (a ZIP holding a workbook): not a renamed CSV, not a legacy
  .xls, not an encrypted (password-protected) workbook, which is an OLE compound file too;
- every ZIP member is read to its end, in chunks, counting the bytes it really expands to: damaged
  deflate data, a bad CRC, unsupported compression (Deflate64, …), the encrypted flag, duplicate names and
  zip bombs are refused;
- every XML part is run through expat, streaming and whole (not its first kilobytes): a DTD or an entity
  declaration anywhere is refused, and so is XML that does not parse;
- the worksheets are found as the workbook finds them (workbook.xml and its relationships, plus every part
  whose content type is a worksheet), whatever their part names; in each, every `<row r>` and `<c r>`
  (and rows and cells without `r`, counted as a parser would) gives the real extent: a cell beyond the
  sheet's last allowed column or a row beyond the row cap is refused, whatever `<dimension>` says;
  a formula anywhere is refused;
- a macro project (vbaProject.bin, a macro-enabled content type, an Excel 4 macro sheet) is refused;
- the sheets the import needs must be there by name; a missing one is named, with the sheets found.

Only then is the workbook parsed, with python-calamine, and never in the calling process: a child
process runs it under a memory limit (RLIMIT_AS) and a CPU and wall-clock limit, so a file that makes
calamine abort (it aborts on a huge allocation, which no `try` can catch) ends the child, not the worker;
the caller gets a SpreadsheetError with a clear message.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import posixpath
import re
import subprocess
import sys
import zipfile
import zlib
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

# The version of check_xlsx's rules: a caller that stored a digest of bytes it checked (to spare a background
# worker the same check) includes it, so that bytes checked under older rules are checked again.
CHECK_VERSION = 1

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: a legacy .xls, or an encrypted .xlsx
# The streams Office writes into the compound file of an encrypted (password-protected) OOXML workbook.
OLE_ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # everything the members really expand to, together
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 2000
DEFAULT_MAX_COLUMNS = 64  # a sheet the import does not name: columns A to BL
CHUNK = 64 * 1024
BINARY_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin")
MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "macrosheet", "ms-office.activex")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,7})\$?([0-9]{1,12})$")
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


class SpreadsheetError(Exception):
    """The upload cannot be read; the message says why in words a person can act on."""


@dataclass(frozen=True)
class SheetLimits:
    """How big one sheet may really be: columns A.. up to `max_columns`, and `max_rows` rows below its
    header row (None: settings.SPREADSHEET_MAX_ROWS)."""

    max_columns: int = DEFAULT_MAX_COLUMNS
    max_rows: int | None = None


@dataclass(frozen=True)
class WorkbookSpec:
    """What an import expects: limits per sheet name, the sheets that must be there, and the limits of
    every other sheet (instructions, hidden lists, an errors sheet from a marked copy)."""

    sheets: dict[str, SheetLimits] = field(default_factory=dict)
    # Each required sheet is a name, or a tuple of the names it may have (its name in each language; the
    # first is the one a message names).
    required: tuple[str | tuple[str, ...], ...] = ()
    other: SheetLimits = SheetLimits()

    def limits(self, name: str) -> SheetLimits:
        return self.sheets.get(name, self.other)


@dataclass
class SheetExtent:
    """A sheet's real extent as measured by the check: its last row and its last column (1-based)."""

    name: str
    part: str
    rows: int = 0
    columns: int = 0


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


def _not_xlsx() -> str:
    return _("This is not an Excel workbook (.xlsx). Download the template, fill it in and upload it as .xlsx.")


def _damaged(part: str) -> str:
    return _("The workbook is damaged and cannot be opened (its part %(part)s cannot be read). Open it in Excel, "
             "save it again as an Excel workbook (.xlsx) and upload the new copy.") % {"part": part}


def _macros() -> str:
    return _("The workbook contains macros. Save it as an Excel workbook (.xlsx) without macros and upload again.")


def _bomb() -> str:
    return _("The workbook expands to far more data than it holds; it was refused as unsafe.")


def column_letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ord(ch) - 64)
    return index


def _parser(*, on_start: Any = None) -> Any:
    """An expat parser that refuses any DTD or entity declaration, wherever it appears in the part."""

    def refuse(*args: Any) -> None:
        raise _Refused(_("The workbook contains XML declarations that are not allowed."))

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    if on_start is not None:
        parser.StartElementHandler = on_start
    return parser


class _Budget:
    """The bytes every member really expands to, counted as they are read."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise _Refused(_bomb())


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, parser: Any = None) -> None:
    """Read one member to its end in chunks (deflate data and CRC checked), feeding an XML parser if given."""
    try:
        with archive.open(info) as part:
            while True:
                chunk = part.read(CHUNK)
                if not chunk:
                    break
                budget.spend(len(chunk))
                if parser is not None:
                    parser.Parse(chunk, False)
        if parser is not None:
            parser.Parse(b"", True)
    except _Refused:
        raise
    except expat.ExpatError as exc:
        raise _Refused(_damaged(info.filename)) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise _Refused(_damaged(info.filename)) from exc


def _elements(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, wanted: set[str]
              ) -> list[tuple[str, dict[str, str]]]:
    """The (local name, attributes) of the wanted elements of a small part (content types, relationships)."""
    found: list[tuple[str, dict[str, str]]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        if local in wanted:
            found.append((local, {k.rsplit(":", 1)[-1] if k != "sheetId" else k: v for k, v in attrs.items()}))

    _stream(archive, info, budget, _parser(on_start=start))
    return found


class _SheetScan:
    """The expat handler for one worksheet part: tracks the row and column of every row and cell as a
    parser places them (an explicit `r`, else one after the previous), refusing past the limits."""

    def __init__(self, extent: SheetExtent, limits: SheetLimits, max_rows: int) -> None:
        self.extent, self.max_columns = extent, limits.max_columns
        self.max_row = (limits.max_rows if limits.max_rows is not None else max_rows) + 1  # + the header row
        self.row = 0
        self.column = 0
        self._columns: dict[str, int] = {}  # column letters -> index, for the refs of this sheet

    def _place(self, row: int, column: int) -> None:
        if column > self.max_columns:
            raise _Refused(_(
                "The sheet %(sheet)s has a cell at %(cell)s, beyond its last column %(last)s. Delete everything "
                "to the right of column %(last)s and upload again."
            ) % {"sheet": self.extent.name, "cell": f"{column_letter(column)}{row}",
                 "last": column_letter(self.max_columns)})
        if row > self.extent.rows:
            self._place_row(row)
        if column > self.extent.columns:
            self.extent.columns = column

    def _place_row(self, row: int) -> None:
        if row > self.max_row:
            raise _Refused(_(
                "The sheet %(sheet)s has more than %(max)s rows below its header (it goes on to row %(row)s); "
                "at most %(max)s can be uploaded at once. Split it into smaller files, and delete empty rows "
                "below your data."
            ) % {"sheet": self.extent.name, "max": f"{self.max_row - 1:,}", "row": f"{row:,}"})
        if row > self.extent.rows:
            self.extent.rows = row

    def _ref(self, value: str) -> tuple[int, int]:
        # The form nearly every writer uses ("AB12": capitals, then digits) is read without the regular
        # expression; anything else ($A$1, lower case, spaces) goes through it, as does any doubt.
        digits = value.lstrip(_UPPER)
        n = len(value) - len(digits)
        if 0 < n <= 7 and 0 < len(digits) <= 12 and digits.isdigit() and digits.isascii():
            row = int(digits)
            if row >= 1:
                letters = value[:n]
                column = self._columns.get(letters)
                if column is None:
                    column = self._columns[letters] = _column_index(letters)
                return row, column
        match = _CELL_REF.match(value.strip())
        if not match or int(match.group(2)) < 1:
            raise _Refused(_damaged(self.extent.part))
        return int(match.group(2)), _column_index(match.group(1))

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "v" or name == "is" or name == "t":  # the most common elements first: nothing to place
            return
        if name == "c" and ":" not in "".join(attrs):  # the common cell: no prefixed element or attribute
            value = attrs.get("r")
            if value is None:
                self.column += 1
                self._place(max(self.row, 1), self.column)
            else:
                row, self.column = self._ref(value)
                self._place(row, self.column)
            return
        local = name if ":" not in name else name.rsplit(":", 1)[1]
        if local == "v" or local == "t" or local == "is":
            return
        if local == "row":
            row = self.row + 1
            refs = [v for k, v in attrs.items() if k.rsplit(":", 1)[-1] == "r"]
            for value in refs:
                if not value.strip().isdigit() or int(value) < 1:
                    raise _Refused(_damaged(self.extent.part))
            if refs:
                row = max(int(v) for v in refs)
            self.row, self.column = row, 0
            self._place_row(row)
        elif local == "c":
            refs = [v for k, v in attrs.items() if k.rsplit(":", 1)[-1] == "r"]
            if not refs:
                self.column += 1
                self._place(max(self.row, 1), self.column)
            for value in refs:
                row, column = self._ref(value)
                self.column = column
                self._place(row, column)
        elif local == "f":
            raise _Refused(_("The workbook contains formulas. Paste the values only (Paste special → Values) "
                             "and upload again."))


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _zip_members(data: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise _Refused(_("The workbook is damaged and cannot be opened.")) from exc
    names = [i.filename for i in infos]
    if "[Content_Types].xml" not in names:
        raise _Refused(_not_xlsx())
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _Refused(_("The workbook has too many parts to be a filled-in template."))
    if len({n.lower() for n in names}) != len(names):
        raise _Refused(_("The workbook is damaged and cannot be opened."))
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNCOMPRESSED_BYTES or declared > MAX_COMPRESSION_RATIO * max(len(data), 1):
        raise _Refused(_bomb())
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Refused(_("The workbook is encrypted (protected with a password). Remove the password "
                             "(File → Info → Protect Workbook), save it and upload again."))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refused(_damaged(info.filename))
        if posixpath.basename(info.filename.lower()).startswith("vbaproject"):
            raise _Refused(_macros())
    return archive, infos


def _target(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _rels_of(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def check_xlsx(data: bytes, *, max_rows: int | None = None, spec: WorkbookSpec | None = None) -> list[SheetExtent]:
    """Raise SpreadsheetError unless `data` is a plain, modest .xlsx workbook; return each sheet's real extent."""
    try:
        return _check(data, max_rows=max_rows if max_rows is not None else settings.SPREADSHEET_MAX_ROWS,
                      spec=spec or WorkbookSpec())
    except _Refused as exc:
        raise SpreadsheetError(exc.message) from None
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # a kind of damage not foreseen above: still a refusal a person can act on
        log.warning("spreadsheet check: unexpected %s on an upload", type(exc).__name__, exc_info=True)
        raise SpreadsheetError(_("The workbook is damaged and cannot be opened.")) from None


def _check(data: bytes, *, max_rows: int, spec: WorkbookSpec) -> list[SheetExtent]:
    if not data:
        raise _Refused(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        if any(stream in data for stream in OLE_ENCRYPTION_STREAMS):
            raise _Refused(_("The workbook is encrypted (protected with a password). Remove the password "
                             "(File → Info → Protect Workbook), save it and upload again."))
        raise _Refused(_("This is an old Excel 97–2003 (.xls) file. Save it as an Excel workbook (.xlsx) and "
                         "upload again."))
    if not data.startswith(XLSX_MAGIC):
        raise _Refused(_not_xlsx())
    archive, infos = _zip_members(data)
    by_name = {i.filename: i for i in infos}
    budget = _Budget(MAX_UNCOMPRESSED_BYTES)

    # What the package says its parts are: content types, then the workbook and its sheets by relationship.
    types = _elements(archive, by_name["[Content_Types].xml"], budget, {"Default", "Override"})
    defaults = {a.get("Extension", "").lower(): a.get("ContentType", "") for n, a in types if n == "Default"}
    overrides = {a.get("PartName", "").lstrip("/"): a.get("ContentType", "") for n, a in types if n == "Override"}
    if any(m in t.lower() for t in (*defaults.values(), *overrides.values()) for m in MACRO_CONTENT_TYPES):
        raise _Refused(_macros())

    def content_type(part: str) -> str:
        return overrides.get(part) or defaults.get(posixpath.splitext(part)[1].lstrip(".").lower(), "")

    workbook = "xl/workbook.xml"
    if "_rels/.rels" in by_name:
        for _n, attrs in _elements(archive, by_name["_rels/.rels"], budget, {"Relationship"}):
            if attrs.get("Type", "").endswith("/officeDocument"):
                workbook = _target("", attrs.get("Target", ""))
    if workbook not in by_name:
        raise _Refused(_not_xlsx())
    sheet_names: dict[str, str] = {}  # relationship id -> sheet name, in the workbook's order
    for _n, attrs in _elements(archive, by_name[workbook], budget, {"sheet"}):
        sheet_names[attrs.get("id", "")] = attrs.get("name", "")
    sheet_parts: dict[str, str] = {}  # part -> sheet name
    rels = _rels_of(workbook)
    if rels in by_name:
        for _n, attrs in _elements(archive, by_name[rels], budget, {"Relationship"}):
            kind = attrs.get("Type", "").removeprefix(_RELS).rsplit("/", 1)[-1]
            if kind in ("macrosheet", "vbaProject"):
                raise _Refused(_macros())
            if kind in ("worksheet", "chartsheet", "dialogsheet") and attrs.get("Id") in sheet_names:
                sheet_parts[_target(workbook, attrs.get("Target", ""))] = sheet_names[attrs["Id"]]
    for part in by_name:  # worksheets the relationships do not name are still checked
        if part not in sheet_parts and ("worksheet+xml" in content_type(part) or (
                part.startswith("xl/worksheets/") and part.endswith(".xml"))):
            sheet_parts[part] = part
    if not sheet_parts:
        raise _Refused(_not_xlsx())
    names = [sheet_names[i] for i in sheet_names]
    for required in spec.required:
        alternatives = (required,) if isinstance(required, str) else required
        if not set(alternatives) & set(names):
            raise _Refused(_(
                "The sheet %(sheet)s is missing. The workbook has the sheets %(found)s. Download the template "
                "again and keep its sheet names."
            ) % {"sheet": alternatives[0], "found": ", ".join(f"“{n}”" for n in names) or "—"})

    # Every member read to its end; every XML part parsed whole; every worksheet measured.
    extents: list[SheetExtent] = []
    for info in infos:
        part = info.filename
        is_xml = part.lower().endswith((".xml", ".rels", ".vml")) or "xml" in content_type(part)
        if part.lower().endswith(BINARY_SUFFIXES) and "xml" not in content_type(part):
            is_xml = False
        if part in sheet_parts:
            extent = SheetExtent(name=sheet_parts[part], part=part)
            scan = _SheetScan(extent, spec.limits(extent.name), max_rows)
            _stream(archive, info, budget, _parser(on_start=scan.start))
            extents.append(extent)
        else:
            _stream(archive, info, budget, _parser() if is_xml else None)
    return extents


def read_workbook(
    source: str | Path | bytes | BinaryIO, *, max_bytes: int | None = None, max_rows: int | None = None,
    spec: WorkbookSpec | None = None,
) -> list[Sheet]:
    """Check, then read every sheet's values (no formulas are evaluated) in a child process under limits."""
    max_bytes = max_bytes or settings.SPREADSHEET_MAX_BYTES
    data = _read_bytes(source, max_bytes)
    check_xlsx(data, max_rows=max_rows, spec=spec)
    return parse_in_child(data)


def parse_in_child(data: bytes, *, memory_mb: int | None = None, seconds: int | None = None) -> list[Sheet]:
    """Parse with python-calamine in a child process limited to `memory_mb` of address space and `seconds`
    of CPU (and twice that of wall-clock time). A child that dies or runs out of time is a SpreadsheetError."""
    payload = _run_child(data, memory_mb=memory_mb, seconds=seconds)
    return [Sheet(name=name, rows=[[clean_cell(v) for v in row] for row in rows]) for name, rows in payload]


@dataclass
class ColumnSheet:
    """A sheet as columns: each column is its distinct values (cleaned as `clean_cell` cleans them) and, for
    every row from the first, the index of the row's value among them. A large sheet is a few distinct
    values per column and one machine word per cell, and whatever an import works out for a value it works
    out once per distinct value."""

    name: str
    height: int
    columns: list[tuple[list[Any], array]]

    def cells(self, j: int) -> list[Any]:
        """Column j's value in every row ("" past the sheet's last column)."""
        if j >= len(self.columns):
            return [""] * self.height
        values, index = self.columns[j]
        return [values[i] for i in index]


def read_workbook_columns(
    source: str | Path | bytes | BinaryIO, *, max_bytes: int | None = None, max_rows: int | None = None,
    spec: WorkbookSpec | None = None, checked: bool = False,
) -> list[ColumnSheet]:
    """As read_workbook, every sheet as a ColumnSheet. `checked`: the caller has proven these bytes passed
    check_xlsx with the same limits (e.g. by the digest the web process stored with the upload)."""
    max_bytes = max_bytes or settings.SPREADSHEET_MAX_BYTES
    data = _read_bytes(source, max_bytes)
    if not checked:
        check_xlsx(data, max_rows=max_rows, spec=spec)
    out = []
    for name, height, columns in _run_child(data, columnar=True):
        sheet_columns = []
        for values, raw in columns:
            index = array("I")
            index.frombytes(raw)
            if len(index) != height:
                raise SpreadsheetError(_("The workbook is damaged and cannot be read."))
            sheet_columns.append(([clean_cell(v) for v in values], index))
        out.append(ColumnSheet(name=name, height=height, columns=sheet_columns))
    return out


def _run_child(data: bytes, *, memory_mb: int | None = None, seconds: int | None = None,
               columnar: bool = False) -> Any:
    memory_mb = memory_mb or settings.SPREADSHEET_PARSE_MEMORY_MB
    seconds = seconds or settings.SPREADSHEET_PARSE_SECONDS
    refused = _("The workbook could not be read within the limits for one upload (%(mb)s MB of memory, %(s)s "
                "seconds). Check that it holds only the template's sheets and your rows, or split it into "
                "smaller files.") % {"mb": memory_mb, "s": seconds}
    command = [sys.executable, "-I", str(Path(__file__).with_name("_child.py")),
               str(memory_mb * 1024 * 1024), str(seconds), *(["columns"] if columnar else [])]
    try:
        done = subprocess.run(  # noqa: S603 — our own script; the workbook goes on stdin
            command, input=data, capture_output=True, timeout=seconds * 2, check=False,
            env={"PATH": os.environ.get("PATH", ""), "RUST_BACKTRACE": "0", "LANG": "C.UTF-8"})
    except subprocess.TimeoutExpired:
        log.warning("spreadsheet parse: the child ran out of time (%s s)", seconds * 2)
        raise SpreadsheetError(refused) from None
    if done.returncode != 0:
        log.warning("spreadsheet parse: the child ended with %s: %s", done.returncode,
                    done.stderr[-500:].decode("utf-8", "replace"))
        raise SpreadsheetError(refused)
    try:
        status, payload = pickle.loads(done.stdout)  # noqa: S301 — our own child's output
    except Exception as exc:
        raise SpreadsheetError(refused) from exc
    if status != "ok":
        log.warning("spreadsheet parse: calamine refused a checked workbook: %s", payload)
        raise SpreadsheetError(_("The workbook is damaged and cannot be read."))
    return payload


# Zero-width space, non-joiner and joiner, word joiner, and the byte-order mark: invisible, so an error naming a
# value that holds one would name a value that looks right.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def clean_cell(value: Any) -> Any:
    """A text cell without invisible characters and surrounding whitespace; other values as they are."""
    if isinstance(value, str):
        return value.translate(INVISIBLE).strip()
    return value
