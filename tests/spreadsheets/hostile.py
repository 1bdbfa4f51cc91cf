"""A hostile corpus of workbooks, generated (nothing binary is committed): each is a filled-in template
changed the way an attacker, a broken tool or an unlucky person would change it, with the words its refusal
must contain. Used by the reader's tests and by every door of every import (service, page, GraphQL, worker).

`corpus(valid)` takes a valid filled-in workbook whose data sheet is `sheet` and returns
{name: (bytes, expected words)}. The files the streaming check must refuse are in REFUSED_BY_CHECK; the
others are refused by the import's own row checks and rules (see tests/demand/test_hostile_uploads.py).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable

Transform = Callable[[bytes], bytes]


def rewrite(data: bytes, parts: dict[str, Transform] | None = None, *, add: dict[str, bytes] | None = None,
            rename: dict[str, str] | None = None) -> bytes:
    """The workbook with some parts transformed, added or renamed (compressed with deflate)."""
    parts, add, rename = parts or {}, add or {}, rename or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename in parts:
                body = parts[info.filename](body)
            dst.writestr(rename.get(info.filename, info.filename), body)
        for name, body in add.items():
            dst.writestr(name, body)
    return out.getvalue()


def sheet_part(data: bytes, sheet: str) -> str:
    """The part that holds the named sheet, found as a reader finds it (workbook.xml and its relationships)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    workbook = z.read("xl/workbook.xml").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="(\w+)"', workbook)
    assert rid, f"no sheet {sheet}"
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target
    path = target.group(1)
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"


def _before_sheet_data_end(extra: bytes) -> Transform:
    return lambda body: body.replace(b"</sheetData>", extra + b"</sheetData>", 1)


def far_cell(data: bytes, sheet: str, ref: str) -> bytes:
    """One numeric cell far away (e.g. XFD1048576), `<dimension>` left as it was."""
    row = re.sub(r"^[A-Z]+", "", ref)
    return rewrite(data, {sheet_part(data, sheet): _before_sheet_data_end(
        f'<row r="{row}"><c r="{ref}" t="n"><v>1</v></c></row>'.encode())})


def many_rows_lying_dimension(data: bytes, sheet: str, rows: int = 300_000) -> bytes:
    """`rows` rows after the header, while `<dimension>` claims A1:T2."""
    body = b"".join(b'<row r="%d"><c r="A%d" t="n"><v>%d</v></c></row>' % (r, r, r) for r in range(3, rows + 3))

    def transform(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:T2"/>', xml, count=1)
        return _before_sheet_data_end(body)(xml)

    return rewrite(data, {sheet_part(data, sheet): transform})


def _patch_member(data: bytes, member: str, local: Callable[[bytearray, int], None],
                  central: Callable[[bytearray, int], None]) -> bytes:
    """Patch a member's local header and its central directory entry in place (offsets per APPNOTE 4.3.7/12)."""
    buf = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    local(buf, info.header_offset)
    name = member.encode()
    pos = buf.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46:pos + 46 + name_len]) == name:
            central(buf, pos)
            break
        pos = buf.find(b"PK\x01\x02", pos + 4)
    return bytes(buf)


def bad_crc(data: bytes, member: str) -> bytes:
    def flip(offset: int) -> Callable[[bytearray, int], None]:
        def patch(buf: bytearray, at: int) -> None:
            struct.pack_into("<I", buf, at + offset, struct.unpack_from("<I", buf, at + offset)[0] ^ 0xFFFF)
        return patch
    return _patch_member(data, member, flip(14), flip(16))


def compression(data: bytes, member: str, method: int) -> bytes:
    """Say the member is compressed with `method` (9: Deflate64, 12: bzip2 …) while it is not."""
    return _patch_member(data, member, lambda b, at: struct.pack_into("<H", b, at + 8, method),
                         lambda b, at: struct.pack_into("<H", b, at + 10, method))


def encrypted_flag(data: bytes, member: str) -> bytes:
    def set_bit(offset: int) -> Callable[[bytearray, int], None]:
        return lambda b, at: struct.pack_into("<H", b, at + offset, struct.unpack_from("<H", b, at + offset)[0] | 1)
    return _patch_member(data, member, set_bit(6), set_bit(8))


def corrupt_deflate(data: bytes, member: str) -> bytes:
    """Overwrite the middle of the member's compressed data: the deflate stream breaks (or its CRC does)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    buf = bytearray(data)
    name_len, extra_len = struct.unpack_from("<HH", buf, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + info.compress_size // 3, start + info.compress_size // 3 + 24):
        buf[i] = 0xFF
    return bytes(buf)


def dtd_late(data: bytes, part: str, padding: int = 200_000) -> bytes:
    """A billion-laughs DTD after `padding` bytes of comment in the prolog (legal XML, past any first 4 KB)."""
    doctype = (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')

    def transform(xml: bytes) -> bytes:
        declaration, _, rest = xml.partition(b"?>") if xml.startswith(b"<?xml") else (b"", b"", xml)
        head = declaration + b"?>" if declaration else b""
        return head + b"<!--" + b"x" * padding + b"-->" + doctype + rest.replace(b"<v>", b"<v>&c;", 1)

    return rewrite(data, {part: transform})


def formula_in_odd_part(data: bytes, sheet: str) -> bytes:
    """The sheet moved to a part named nothing like xl/worksheets/sheet*.xml, with a formula in it."""
    old = sheet_part(data, sheet)
    new = "xl/custom/data-0.xml"

    def relink(xml: bytes) -> bytes:  # relative "worksheets/sheetN.xml" and absolute "/xl/worksheets/sheetN.xml"
        return xml.replace(old.removeprefix("xl/").encode(), new.removeprefix("xl/").encode())

    def with_formula(xml: bytes) -> bytes:
        return _before_sheet_data_end(b'<row r="40"><c r="A40"><f>SUM(1,2)</f><v>3</v></c></row>')(xml)

    return rewrite(data, {old: with_formula, "xl/_rels/workbook.xml.rels": relink, "[Content_Types].xml": relink},
                   rename={old: new})


def with_vba_project(data: bytes) -> bytes:
    def types(xml: bytes) -> bytes:
        return xml.replace(b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
                                         b'vbaProject"/><Default ', 1)

    return rewrite(data, {"[Content_Types].xml": types}, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 2000})


def encrypted_ole() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE compound file (CFB v3, 512-byte sectors)
    holding the streams EncryptionInfo and EncryptedPackage."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    stream = 4096  # at the mini-stream cutoff: in ordinary sectors
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)
    fat = [fat_sector, end] + [3, 4, 5, 6, 7, 8, 9, end] + [11, 12, 13, 14, 15, 16, 17, end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        out = bytearray(128)
        out[0:len(raw)] = raw
        struct.pack_into("<HBBIII", out, 64, len(raw), kind, 1, left, right, child)
        struct.pack_into("<II", out, 116, start, size)
        return bytes(out)

    directory = (entry("Root Entry", 5, free, free, 1, end, 0) + entry("EncryptionInfo", 2, free, 2, free, 2, stream)
                 + entry("EncryptedPackage", 2, free, free, free, 10, stream) + b"\0" * 128)
    return (bytes(header) + struct.pack("<128I", *fat) + directory
            + b"\x04\x00\x04\x00" + b"\x11" * (stream - 4) + struct.pack("<Q", 2048) + b"\x5a" * (stream - 8))


def renamed_sheet(data: bytes, old: str, new: str) -> bytes:
    def rename(xml: bytes) -> bytes:
        return xml.replace(f'name="{old}"'.encode(), f'name="{new}"'.encode())

    return rewrite(data, {"xl/workbook.xml": rename})


# name -> (how to make it from a valid workbook, words its refusal contains); every file here is refused by
# the streaming check (spreadsheets.reader.check_xlsx) before anything is stored or parsed.
def refused_by_check(valid: bytes, sheet: str, *, last_column: str) -> dict[str, tuple[bytes, str]]:
    part = sheet_part(valid, sheet)
    return {
        "far-cell-XFD1048576": (far_cell(valid, sheet, "XFD1048576"),
                                f"The sheet {sheet} has more than 20,000 rows below its header (it goes on to row "
                                "1,048,576)"),
        "far-cell-XFD20000": (far_cell(valid, sheet, "XFD20000"), "has a cell at XFD20000, beyond its last column"),
        "lying-dimension-300k-rows": (many_rows_lying_dimension(valid, sheet),
                                      f"The sheet {sheet} has more than 20,000 rows below its header"),
        "corrupt-deflate": (corrupt_deflate(valid, part), "The workbook is damaged and cannot be opened"),
        "bad-crc": (bad_crc(valid, part), f"(its part {part} cannot be read)"),
        "deflate64": (compression(valid, part, 9), f"(its part {part} cannot be read)"),
        "encrypted-flag": (encrypted_flag(valid, part), "The workbook is encrypted (protected with a password)"),
        "dtd-late-in-sheet": (dtd_late(valid, part), "XML declarations that are not allowed"),
        "dtd-late-in-docprops": (dtd_late(valid, "docProps/app.xml"), "XML declarations that are not allowed"),
        "formula-in-odd-sheet-part": (formula_in_odd_part(valid, sheet), "The workbook contains formulas"),
        "vba-project": (with_vba_project(valid), "The workbook contains macros"),
        "encrypted-ole": (encrypted_ole(), "The workbook is encrypted (protected with a password)"),
        "renamed-sheet": (renamed_sheet(valid, sheet, "Sheet1"),
                          f"The sheet {sheet} is missing. The workbook has the sheets"),
    }
