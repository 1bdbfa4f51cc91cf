"""What the fast path may read from rows (see api/fastpath/plan.py), and nothing else.

- A top-level connection field takes the path only when it opts in: `api.pagination.connection(...,
  from_rows=True)`. Its queryset is the one its resolver returns (a selector) with its type's `get_queryset`,
  exactly as on the ordinary path; anything not registered takes the ordinary path.
- A list or connection field under it is read from rows only when registered with `register(type, field,
  rows)`. The `Rows` object is the field's only source of items: its resolver's prefetch reads
  `rows.queryset(actor)` too (demand/graphql/types.py), so both paths scope, order and filter with the same
  selector, never a copy.
- A type that scopes itself (a `get_queryset`, its own or inherited — strawberry_django finds it with
  getattr) is never read from rows under another type.
"""

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

FROM_ROWS = "corridor_from_rows"  # set by api.pagination.RowsConnectionField, the field of connection(from_rows=True)


def reads_from_rows(field_def: Any) -> bool:
    """Whether a (graphql-core) top-level field opted in to the fast path."""
    definition = (field_def.extensions or {}).get("strawberry-definition") if field_def is not None else None
    return bool(getattr(definition, FROM_ROWS, False))


def scopes_itself(graphql_type: Any) -> bool:
    """The type filters what it shows with a get_queryset (declared on it or inherited: strawberry_django
    looks it up with getattr, so must we)."""
    return getattr(graphql_type, "get_queryset", None) is not None


def registrations() -> dict[tuple[type, str], Rows]:
    """Every registered list field (for the tests that walk them)."""
    return dict(_ROWS)


def register(graphql_type: type, field_name: str, rows: Rows) -> None:
    """Let `graphql_type.field_name` (a list or connection field) be read from rows."""
    definition = getattr(graphql_type, "__strawberry_definition__", None)
    if definition is None or not any(f.python_name == field_name for f in definition.fields):
        raise ValueError(f"{graphql_type!r} has no field {field_name!r}")
    _ROWS[(graphql_type, field_name)] = rows
