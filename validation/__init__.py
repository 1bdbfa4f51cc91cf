"""Shared input rules, used by every service and by the page forms: one place for what text, numbers, ids and
dates look like before they are written, and for the limits that follow the model columns.

- text: zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and surrounding whitespace are removed; a
  required value made only of them is missing; NUL is refused (PostgreSQL cannot store it).
- numbers: one format, ASCII digits with an optional sign and decimal point (and "," between groups of
  three); no other scripts' digits, no "_", no NaN or Infinity, no exponent; ids likewise.
- dates: windows relative to today (validation.dates).
- columns: max_length, max_digits/decimal_places and integer ranges read from the model field (validation.columns).

Imports no domain app: the apps call it with their own models.
"""

from validation.columns import CODE_MAX, Checker, column_decimal, column_integer, column_text, field_of, integer_range
from validation.dates import DATE_FUTURE_YEARS, DATE_PAST_YEARS, date_window
from validation.numbers import parse_decimal, parse_id, parse_int
from validation.text import ZERO_WIDTH, clean_text, has_nul

__all__ = [
    "CODE_MAX", "DATE_FUTURE_YEARS", "DATE_PAST_YEARS", "ZERO_WIDTH", "Checker", "clean_text", "column_decimal",
    "column_integer", "column_text", "date_window", "field_of", "has_nul", "integer_range", "parse_decimal", "parse_id",
    "parse_int",
]
