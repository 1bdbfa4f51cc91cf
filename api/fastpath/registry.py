"""Which list fields under a top-level list the fast path may read from rows (see api/fastpath/plan.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Rows:
    """How a list field's items are read for every parent on a page at once."""

    queryset: Callable[[Any], QuerySet[Any]]  # actor -> the items the actor may see, in the list's order
    parent: str  # the item's column holding its parent's primary key, e.g. "letter_id"
    connection: bool = False  # a relay connection, paged per parent (first / after)
    columns: tuple[str, ...] = ()  # items of a type that is not a model type: every attribute it reads


_ROWS: dict[tuple[type, str], Rows] = {}


def register(graphql_type: type, field_name: str, rows: Rows) -> None:
    """Let `graphql_type.field_name` (a list or connection field) be read from rows."""
    definition = getattr(graphql_type, "__strawberry_definition__", None)
    if definition is None or not any(f.python_name == field_name for f in definition.fields):
        raise ValueError(f"{graphql_type!r} has no field {field_name!r}")
    _ROWS[(graphql_type, field_name)] = rows
