"""Accounts pages: users, organisations and API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.selectors import api_token_get, api_token_list, organisation_get, organisation_list, user_get, user_list
from accounts.services import (
    api_token_create,
    api_token_revoke,
    organisation_save,
    user_create,
    user_set_active,
    user_set_role,
)
from audit.selectors import audit_event_list
from frontend.accounts.forms import OrganisationForm, TokenCreateForm, UserActiveForm, UserCreateForm, UserRoleForm
from frontend.forms import add_service_errors, form_error_items
from frontend.paging import page_of


@login_required
@require_GET
def user_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_users(actor))
    return render(request, "accounts/users/list.html", {
        "page": page_of(request, user_list(actor=actor)),
        "organisations": page_of(request, organisation_list(actor=actor), "orgs_page"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit_view(request: HttpRequest, organisation_id: int | None = None) -> HttpResponse:
    """Register an organisation, or change one with a reason (ministry administrators)."""
    actor = request.user
    permissions.require(permissions.can_manage_users(actor))
    organisation = None
    if organisation_id is not None:
        organisation = organisation_get(actor=actor, organisation_id=organisation_id)
        if organisation is None:
            raise Http404
    initial = {} if organisation is None else {
        "name": organisation.name, "name_km": organisation.name_km, "kind": organisation.kind,
        "country": organisation.country.iso2,
        "licence_number": organisation.licence_number, "is_active": organisation.is_active,
    }
    form = OrganisationForm(request.POST if request.method == "POST" else None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = organisation_save(actor=actor, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organisation %(name)s is saved.") % {"name": saved.name})
            return redirect("user_list")
    return render(request, "accounts/users/organisation_form.html", {
        "form": form, "organisation": organisation,
        "error_summary": form_error_items(form) if form.is_bound else []})


@login_required
@require_http_methods(["GET", "POST"])
def user_create_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_users(actor))
    form = UserCreateForm(request.POST if request.method == "POST" else None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The account %(username)s is created.") % {"username": user.username})
            return redirect("user_detail", user_id=user.pk)
    return render(request, "accounts/users/create.html", {
        "form": form, "error_summary": form_error_items(form) if form.is_bound else []})


@login_required
@require_http_methods(["GET", "POST"])
def user_detail_view(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_users(actor))
    person = user_get(actor=actor, user_id=user_id)
    if person is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if data else None
    role_form = UserRoleForm(data if action == "role" else None, user=person)
    active_form = UserActiveForm(data if action == "active" else None)
    if action == "role" and role_form.is_valid():
        try:
            user_set_role(actor=actor, user=person, **role_form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(role_form, exc)
        else:
            messages.success(request, _("The role is changed."))
            return redirect("user_detail", user_id=person.pk)
    elif action == "active" and active_form.is_valid():
        try:
            user_set_active(actor=actor, user=person, active=not person.is_active,
                            reason=active_form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(active_form, exc)
        else:
            messages.success(request, _("The account is switched on.") if person.is_active
                             else _("The account is switched off."))
            return redirect("user_detail", user_id=person.pk)
    bound = role_form if action == "role" else active_form if action == "active" else None
    return render(request, "accounts/users/detail.html", {
        "person": person, "role_form": role_form, "active_form": active_form,
        "can_change_role": len(role_form.fields["role"].choices) > 1,
        "error_summary": form_error_items(bound) if bound is not None else [],
        "audit_events": audit_event_list(actor=actor, target=person)[:50],
    })


@login_required
@require_GET
def token_list_view(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.is_signed_in(request.user))
    return render(request, "accounts/tokens/list.html", {
        "page": page_of(request, api_token_list(actor=request.user)), "form": TokenCreateForm()})


@login_required
@require_http_methods(["GET", "POST"])
def token_create_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.is_signed_in(actor))
    if request.method == "GET":  # e.g. after switching language on the page that showed a new token
        return redirect("token_list")
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, raw = api_token_create(actor=actor, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # The raw value exists only in this response: it is stored as a digest and never shown again.
            response = render(request, "accounts/tokens/created.html", {
                "token": token, "raw": raw, "graphql_url": request.build_absolute_uri(reverse("graphql"))})
            add_never_cache_headers(response)
            return response
    return render(request, "accounts/tokens/list.html", {
        "page": page_of(request, api_token_list(actor=actor)), "form": form,
        "error_summary": form_error_items(form)})


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    actor = request.user
    token = api_token_get(actor=actor, token_id=token_id)
    if token is None:
        raise Http404
    api_token_revoke(actor=actor, token_id=token.pk)
    messages.success(request, _("The token “%(name)s” is revoked. Systems using it can no longer sign in.")
                     % {"name": token.name})
    return redirect("token_list")
