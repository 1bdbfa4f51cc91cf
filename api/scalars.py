"""Scalars read with the platform's one number format (validation.numbers), not Python's.

strawberry's Decimal reads its input with `Decimal(str)`, which also takes other scripts' digits ("١٢٣"),
underscores ("1_000"), exponents and NaN: a wage of "1e20" or "NaN" would reach the services as a number.
The override keeps the scalar's name and description (the committed schema does not change) and refuses
anything but ASCII digits with an optional sign and decimal point, as a coercion error (BAD_USER_INPUT).
"""

from __future__ import annotations

import decimal
from typing import Any

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

from validation import parse_decimal


def _decimal(value: Any) -> decimal.Decimal:
    number = parse_decimal(value)
    if number is None:
        raise StrawberryInputCoercionError(
            f'Value cannot represent a Decimal: "{str(value)[:40]}". Write digits 0-9, with a point for decimals.')
    return number


DECIMAL = ScalarDefinition(
    name="Decimal",
    description="Decimal (fixed-point)",
    specified_by_url=None,
    serialize=str,
    parse_value=_decimal,
    parse_literal=None,
    origin=decimal.Decimal,
)

SCALAR_OVERRIDES: dict[object, Any] = {decimal.Decimal: DECIMAL}
