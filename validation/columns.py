"""Checks that follow the model columns: what a service is about to write fits where it goes.

The limits are read from the model field (max_length; max_digits and decimal_places; the integer range of
its column type), never written out again, so a migration that changes a column changes the check.
A Checker collects every problem of one call (path → messages) and raises them together.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

from validation.numbers import parse_decimal, parse_int
from validation.text import clean_text, has_nul

# The ranges of Django's integer column types, the same on every supported database.
_INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
# The longest code (ISIC, ISCO-08, ISO) a foreign key is given by: far more than any real one.
CODE_MAX = 40


def integer_range(field: models.Field) -> tuple[int, int]:
    """The smallest and largest value the integer column holds (smallint: −32,768 to 32,767; positive: from 0)."""
    low, high = _INTEGER_RANGES[field.get_internal_type()]
    return low, high


def column_integer(field: models.Field) -> bool:
    return field.get_internal_type() in _INTEGER_RANGES


def column_decimal(field: models.Field) -> tuple[int, int] | None:
    """(max_digits, decimal_places) of a DecimalField, else None."""
    if isinstance(field, models.DecimalField):
        return field.max_digits, field.decimal_places
    return None


def column_text(field: models.Field) -> int | None:
    """The column's max_length (a TextField's too: the house gives every free text one), else None."""
    return getattr(field, "max_length", None)


def _label(field: models.Field | None) -> str:
    return str(field.verbose_name) if field is not None else ""


class Checker:
    """Collects field-path → message pairs so that every problem is reported at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: Any) -> None:
        self.errors.setdefault(path, []).append(str(message))

    def has(self, path: str) -> bool:
        return path in self.errors

    def __bool__(self) -> bool:
        return bool(self.errors)

    def merge(self, exc: ValidationError) -> None:
        for path, messages in exc.message_dict.items():
            for message in messages:
                self.add(path, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    # --- text -----------------------------------------------------------------------------------------

    def text(self, path: str, value: Any, field: models.Field | None = None, *, required: Any = None,
             limit: int | None = None, label: Any = None) -> str:
        """The cleaned text (validation.text.clean_text). Refused: NUL, more than the column's max_length
        (or `limit`), and, when `required` (its message) is given, nothing left after cleaning."""
        if value is not None and not isinstance(value, str):
            value = str(value)
        text = clean_text(value)
        if has_nul(text):
            self.add(path, _("%(field)s contains a NUL character (\\0), which cannot be stored: remove it.")
                     % {"field": label or _label(field) or path})
            return text.replace("\x00", "")
        if not text and required:
            self.add(path, required)
        most = limit if limit is not None else (column_text(field) if field is not None else None)
        if most and len(text) > most:
            self.add(path, _("Use at most %(limit)s characters.") % {"limit": most})
        return text

    # --- numbers --------------------------------------------------------------------------------------

    def integer(self, path: str, value: Any, field: models.Field, *, low: int | None = None,
                high: int | None = None, message: Any = None, optional: bool = False) -> int | None:
        """A whole number in the one number format, within [low, high] and the column's range."""
        if optional and (value is None or (isinstance(value, str) and not clean_text(value))):
            return None
        number = parse_int(clean_text(value) if isinstance(value, str) else value)
        col_low, col_high = integer_range(field)
        low = col_low if low is None else max(low, col_low)
        high = col_high if high is None else min(high, col_high)
        if number is None or not (low <= number <= high):
            self.add(path, message or _("Give a whole number from %(low)s to %(high)s.") % {
                "low": f"{low:,}", "high": f"{high:,}"})
            return None
        return number

    def decimal(self, path: str, value: Any, field: models.Field, *, low: Decimal | None = None,
                high: Decimal | None = None, message: Any = None, optional: bool = False) -> Decimal | None:
        """A finite number in the one format that fits the column (max_digits, decimal_places) and [low, high]."""
        if optional and (value is None or (isinstance(value, str) and not clean_text(value))):
            return None
        number = parse_decimal(clean_text(value) if isinstance(value, str) else value)
        digits, places = column_decimal(field) or (None, None)
        if number is None or (low is not None and number < low) or (high is not None and number > high):
            self.add(path, message or _("Give a number, with digits 0–9 and a decimal point."))
            return None
        if digits is not None and abs(number) >= Decimal(10) ** (digits - places):
            self.add(path, _("Use at most %(digits)s digits before the decimal point.") % {
                "digits": digits - places})
            return None
        if places is not None and number != number.quantize(Decimal(10) ** -places):
            self.add(path, _("Use at most %(places)s decimal places.") % {"places": places})
            return None
        return number

    # --- any column -----------------------------------------------------------------------------------

    def column(self, path: str, value: Any, field: models.Field, *, required: Any = None) -> Any:
        """The value checked against its column by the column's type: text (max_length), decimal
        (max_digits, decimal_places), integer (its range), date, boolean; a foreign key takes a code
        (text). Returns the cleaned value, None when refused."""
        if isinstance(field, models.BooleanField):
            return bool(value)
        if isinstance(field, models.DecimalField):
            return self.decimal(path, value, field, optional=field.null)
        if column_integer(field) and not field.is_relation:
            return self.integer(path, value, field, optional=field.null)
        if isinstance(field, models.DateField):
            return self.date(path, value, optional=field.null)
        if field.is_relation:
            return None if value is None else self.text(path, value, field, required=required, limit=CODE_MAX)
        return self.text(path, value, field, required=required)

    # --- dates ----------------------------------------------------------------------------------------

    def date(self, path: str, value: Any, *, window: tuple[datetime.date, datetime.date] | None = None,
             message: Any = None, optional: bool = False) -> datetime.date | None:
        """A date (not a datetime) within the window, if one is given."""
        if optional and value is None:
            return None
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            self.add(path, message or _("Give a date."))
            return None
        if window is not None and not (window[0] <= value <= window[1]):
            self.add(path, _("Give a date from %(first)s to %(last)s.") % {
                "first": window[0].isoformat(), "last": window[1].isoformat()})
            return None
        return value


def field_of(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)  # type: ignore[return-value]
