"""One number format for every door: ASCII digits, an optional sign, an optional decimal point.

Python's int() and Decimal() also read other scripts' digits ("١٢٣", "१२"), underscores ("1_000"),
exponents ("1e20") and NaN or Infinity; a person typing a number means none of those. Thousands may be
separated by commas in groups of three ("1,000,000"), as the pages show numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[+-]?\.[0-9]+", re.ASCII)
_ID_RE = re.compile(r"[0-9]{1,18}", re.ASCII)
# Longest text read as a number: longer ones are refused before Decimal() works on them.
MAX_NUMBER_CHARS = 40


def parse_decimal(value: Any) -> Decimal | None:
    """A finite Decimal, or None when the value is not a number in the one format (booleans are not numbers)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = repr(value)
        if "e" in value or "n" in value:  # 1e+20, inf, nan
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) > MAX_NUMBER_CHARS or not _NUMBER_RE.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover — the pattern only lets numbers through
        return None


def parse_int(value: Any) -> int | None:
    """A whole number in the one format ("12", "12.0" and 12 are 12), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = parse_decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def parse_id(value: Any) -> int | None:
    """A database id (ASCII digits, more than zero, within a bigint), or None: then it names nothing."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _ID_RE.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 0 < number <= 2**63 - 1 else None
