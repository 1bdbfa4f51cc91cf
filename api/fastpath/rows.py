"""Reading the rows a plan asks for: a top-level page, then each registered list for every parent at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet, Window
from strawberry_django.optimizer import optimizer
from strawberry_django.pagination import apply_window_pagination

from api.fastpath.plan import NotCompilable, Precomputed, _Child, _Plan

# ---------------------------------------------------------------------------------------------------
# Loading


def _load(children: list[_Child], rows: list[tuple[Any, ...]], actor: Any) -> None:
    for child in children:
        keys = {row[child.parent_index] for row in rows}
        keys.discard(None)
        if not keys:
            child.found = {}
            continue
        queryset = child.rows.queryset(actor).filter(**{f"{child.rows.parent}__in": keys})
        if child.page is not None:
            page = child.page
            queryset = apply_window_pagination(queryset, related_field_id=child.rows.parent, offset=page.start,
                                               limit=page.end - page.start,
                                               max_results=settings.GRAPHQL_MAX_PAGE_SIZE)
        items = list(queryset.values_list(*child.plan.columns.paths))
        found: dict[Any, list[tuple[Any, ...]]] = {}
        for item in items:
            bucket = found.get(item[0])
            if bucket is None:
                found[item[0]] = [item]
            else:
                bucket.append(item)
        child.found = found
        _load(child.plan.children, items, actor)


class PageSource:
    """What a top-level connection pages through when its nodes can be answered from rows.

    strawberry's connection slices it once (`[start:stop]`, one more than the page to see whether another
    follows); that runs one values_list() query for the page, one per registered list, and builds each
    node. When a value would be an error the page is read again as model instances, and executed the
    ordinary way. `len()` is the total count (from the page's window count, else one COUNT query)."""

    def __init__(self, queryset: QuerySet[Any], plan: _Plan, info: Any, with_total: bool) -> None:
        self.queryset = queryset
        self.plan = plan
        self.info = info
        self.actor = info.context.request.user
        self.with_total = with_total
        self.total: int | None = None

    def __getitem__(self, page: slice) -> list[Any]:
        # The selector's prefetches serve model instances; rows read no related manager. What they fetch for a
        # field in the selection is read instead through that field's registered Rows — the same selector
        # (e.g. demand's allocations: selectors.allocation_list in letter_list's prefetch and in
        # ALLOCATION_ROWS) — and a list field nobody registered makes the plan refuse the whole list.
        queryset = self.queryset.prefetch_related(None)
        paths = list(self.plan.columns.paths)
        if self.with_total:
            queryset = queryset.annotate(_corridor_total=Window(Count("pk")))
            paths.append("_corridor_total")
        rows = list(queryset.values_list(*paths)[page])
        if rows and self.with_total:
            self.total = rows[0][-1]
        try:
            _load(self.plan.children, rows, self.actor)
            build = self.plan.build
            return [Precomputed(build(row)) for row in rows]
        except NotCompilable:
            # The ordinary path, with the optimizer's plan that api.pagination.ConnectionField
            # left out.
            extension = optimizer.get()
            queryset = extension.optimize(self.queryset, info=self.info) if extension else self.queryset
            return list(queryset[page])

    def __len__(self) -> int:
        if self.total is None:
            self.total = self.queryset.count()
        return self.total

    def __iter__(self) -> Iterator[Any]:  # strawberry slices; iterating the whole list is never needed
        raise TypeError("PageSource is read by slices")
