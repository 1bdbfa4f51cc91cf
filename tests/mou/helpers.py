"""Plain helpers of the agreement tests: VersionTerms as the GraphQL VersionTermsInput."""

from __future__ import annotations

import dataclasses
import datetime
import enum
from decimal import Decimal
from typing import Any

from strawberry.utils.str_converters import to_camel_case

from mou import models as mou_models
from mou.terms import VersionTerms

# Enum-valued fields of the terms' rows, to send enum names (e.g. DAY) rather than values (day).
_ENUMS: dict[tuple[str, str], type[enum.Enum]] = {
    ("wage_floors", "period"): mou_models.Period,
    ("required_tests", "kind"): mou_models.TestKind,
    ("fee_items", "payer"): mou_models.Payer,
    ("protections", "kind"): mou_models.ProtectionKind,
    ("portability_rules", "branch"): mou_models.Branch,
    ("portability_rules", "premium_payer"): mou_models.PremiumPayer,
}


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def terms_input(terms: VersionTerms) -> dict[str, Any]:
    """VersionTerms as the GraphQL VersionTermsInput (camelCase keys, enum names)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(terms):
        value = getattr(terms, f.name)
        if isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            value = [
                {
                    to_camel_case(k): _ENUMS[(f.name, k)](v).name if (f.name, k) in _ENUMS else _json(v)
                    for k, v in dataclasses.asdict(row).items()
                }
                for row in value
            ]
        out[to_camel_case(f.name)] = _json(value)
    return out
