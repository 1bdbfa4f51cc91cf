"""Read ILO's ISCO-08 structure workbook (ISCO-08_EN_Structure_and_definitions.xlsx).

The workbook stores codes as numbers, so leading zeros are lost ("01" arrives as 1.0). Rows come
level by level (majors, then sub-majors, minors, units), so a code shorter than the level of the
block it stands in is zero-padded to that level.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spreadsheets.reader import read_workbook


@dataclass(frozen=True)
class IscoGroup:
    code: str
    level: int
    title: str
    definition: str


def read_isco_workbook(path: str | Path) -> list[IscoGroup]:
    sheet = read_workbook(path, max_bytes=20 * 1024 * 1024)[0]
    header = [str(c).strip().lower() for c in sheet.rows[0]]
    code_col = next(i for i, h in enumerate(header) if "code" in h)
    title_col = next(i for i, h in enumerate(header) if "title" in h)
    def_col = next((i for i, h in enumerate(header) if "definition" in h), None)
    groups: list[IscoGroup] = []
    level = 1
    for row in sheet.rows[1:]:
        raw = row[code_col]
        if raw in (None, ""):
            continue
        digits = str(int(raw)) if isinstance(raw, float) else str(raw).strip()
        level = max(level, len(digits))
        groups.append(
            IscoGroup(
                code=digits.zfill(level),
                level=level,
                title=str(row[title_col]).strip(),
                definition=str(row[def_col]).strip() if def_col is not None else "",
            )
        )
    return groups
