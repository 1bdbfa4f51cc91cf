"""Reference-data pages: the ISCO-08 occupations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from accounts import permissions
from frontend.paging import page_of
from frontend.reference.forms import OccupationSearchForm
from reference.selectors import occupation_list


@login_required
@require_GET
def occupation_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.is_signed_in(actor))
    form = OccupationSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    occupations = occupation_list(actor=actor, search=filters.get("q", ""), level=filters.get("level"))
    context = {"form": form, "page": page_of(request, occupations.select_related("parent")),
               "query": filters.get("q", "")}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "reference/occupations/_results.html" if partial else "reference/occupations/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
