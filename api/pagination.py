"""Relay connections for every GraphQL list: at most settings.GRAPHQL_MAX_PAGE_SIZE items a page."""

# strawberry types connections over relay Nodes; ours hold plain types (see `Item` below).
# mypy: disable-error-code="type-var"

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry
import strawberry_django
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from strawberry import relay
from strawberry.relay.types import PREFIX
from strawberry.relay.utils import SliceMetadata, from_base64
from strawberry.types import Info
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.optimizer import is_optimized_by_prefetching, optimizer
from strawberry_django.relay import DjangoListConnection

from api import fastpath
from api.errors import BadRequest


def check_page_arguments(
    info: Info, *, before: str | None, after: str | None, first: int | None, last: int | None
) -> None:
    """Reject a page larger than the maximum, a negative size, or a cursor we never handed out."""
    limit = settings.GRAPHQL_MAX_PAGE_SIZE
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise BadRequest(_("%(name)s cannot be negative.") % {"name": name})
        if value is not None and value > limit:
            raise BadRequest(_("%(name)s must be at most %(limit)d.") % {"name": name, "limit": limit})
    for cursor in (before, after):
        if cursor is not None and cursor_offset(cursor) is None:
            raise BadRequest(_("The cursor is not valid: use one returned by this API."))
    try:
        SliceMetadata.from_arguments(info, before=before, after=after, first=first, last=last, max_results=limit)
    except (TypeError, ValueError) as exc:
        raise BadRequest(_("The cursor is not valid: use one returned by this API.")) from exc


# No list holds more items than this; an offset beyond it is no cursor this API handed out (and past the
# database's bigint range, no offset at all).
MAX_OFFSET = 2**31 - 1


def cursor_offset(cursor: Any) -> int | None:
    """The offset a cursor stands for (`arrayconnection:<n>`, base64), or None for anything this API never
    hands out: other text, a negative or huge offset, a non-ASCII digit."""
    try:
        prefix, number = from_base64(cursor)
    except (TypeError, ValueError, UnicodeError):
        return None
    if prefix != PREFIX or not number.isascii() or not number.isdigit():
        return None
    offset = int(number)
    return offset if offset <= MAX_OFFSET else None


if TYPE_CHECKING:
    # Our items are plain types identified by their database id or code, not relay Nodes.
    Item = TypeVar("Item")
else:
    Item = relay.NodeType  # strawberry fills in the Edge type by this type variable


@strawberry.type(name="Connection", description="A page of items; ask for the next with `after: endCursor`.")
class Connection(DjangoListConnection[Item]):
    @classmethod
    def resolve_connection(
        cls,
        nodes: Any,
        *,
        info: Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> Any:
        check_page_arguments(info, before=before, after=after, first=first, last=last)
        if isinstance(nodes, QuerySet) and not is_optimized_by_prefetching(nodes):
            planned = fastpath.planned(info)
            if planned is not None:
                # The nodes answered from rows (api/fastpath/); slicing, cursors and page info stay
                # strawberry's own (ListConnection, beneath strawberry_django's queryset handling).
                plan, with_total = planned
                source = fastpath.PageSource(nodes, plan, info, with_total)
                conn = super(DjangoListConnection, cls).resolve_connection(
                    source, info=info, before=before, after=after, first=first, last=last,
                    max_results=settings.GRAPHQL_MAX_PAGE_SIZE, **kwargs,
                )
                conn.nodes = source  # type: ignore[union-attr]
                return conn
        conn = super().resolve_connection(
            nodes, info=info, before=before, after=after, first=first, last=last,
            max_results=settings.GRAPHQL_MAX_PAGE_SIZE, **kwargs,
        )
        if not inspect.isawaitable(conn):
            remember = getattr(info.context, "remember", None)
            if remember is not None:
                remember(edge.node for edge in conn.edges)
        return conn


class ConnectionField(StrawberryDjangoField):
    """A connection field that leaves its queryset unoptimized when its nodes are answered from rows:
    the optimizer's only()/select_related()/prefetch plan (nested prefetches built for the whole selection)
    would be thrown away by api.fastpath, which reads exactly the columns it needs."""

    def get_queryset(self, queryset: Any, info: Info, **kwargs: Any) -> Any:
        if is_optimized_by_prefetching(queryset) or fastpath.planned(info) is None:
            return super().get_queryset(queryset, info, **kwargs)
        token = optimizer.set(None)
        try:
            return super().get_queryset(queryset, info, **kwargs)
        finally:
            optimizer.reset(token)


class RowsConnectionField(ConnectionField):
    """A top-level connection field registered for the fast path (a class, so that it survives strawberry's
    copies of the field)."""

    corridor_from_rows = True


def connection(graphql_type: Any = None, *, from_rows: bool = False, **options: Any) -> Any:
    """A connection field (strawberry_django.connection) whose items need not be relay Nodes.

    Use with `Connection[ItemType]` (or `Connection[ItemType] | None` for top-level fields, which
    answer null with an error rather than failing the whole request). `from_rows=True` lets a top-level
    connection take the fast path (api/fastpath/registry.py); without it, it never does.
    """
    options.setdefault("field_cls", RowsConnectionField if from_rows else ConnectionField)
    return strawberry_django.connection(graphql_type, **options)
