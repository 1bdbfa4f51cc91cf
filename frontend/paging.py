"""The one paging helper of the pages: PAGE_SIZE rows a page, the page number from the query string."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25


def page_of(request: HttpRequest, items: QuerySet[Any] | list[Any], param: str = "page") -> Page:
    """The page asked for with ?<param>=N (the last page past the end, the first for anything odd). Its rows are
    read once into a list, so that a view may give them extra attributes for the template."""
    result = Paginator(items, PAGE_SIZE).get_page(request.GET.get(param))
    result.object_list = list(result.object_list)
    return result
