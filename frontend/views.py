"""The web pages. Each view parses the request, calls a selector or a service, and renders.

Who may see a page is decided by accounts.permissions and the selectors (scoped to the actor);
a view never decides on its own. PermissionDenied becomes the 403 page, a row the actor may not see
becomes the 404 page.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.models import Role
from accounts.selectors import api_token_list, organisation_list, user_list
from accounts.services import (
    api_token_create,
    api_token_revoke,
    organisation_save,
    user_create,
    user_set_active,
    user_set_role,
)
from audit.selectors import audit_event_list
from jobs.selectors import job_get
from jobs.services import job_start
from mou.models import Agreement, AgreementStatus, AgreementVersion
from mou.selectors import (
    agreement_get,
    agreement_list,
    agreement_version_in_force,
    agreement_version_list,
    version_prefetch,
)
from mou.services import STATUS_TRANSITIONS, agreement_amend, agreement_set_status, terms_from_version
from mou.services import agreement_create as agreement_create_service
from notifications.selectors import delivery_problem_list
from reference.selectors import country_list, occupation_list

from .forms import (
    AgreementFilterForm,
    AuditFilterForm,
    OccupationSearchForm,
    OrganisationForm,
    StatusChangeForm,
    TermChoices,
    TermsEditor,
    TokenCreateForm,
    UserActiveForm,
    UserCreateForm,
    UserRoleForm,
    form_error_items,
)
from .labels import audit_action_label

PAGE_SIZE = 25
EXPORT_KIND = "mou.export_agreements"


def _page(request: HttpRequest, items: QuerySet[Any] | list[Any], param: str = "page") -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get(param))


# ---------------------------------------------------------------------------------------------------
# Sign in, sign out


class LoginView(auth_views.LoginView):
    template_name = "frontend/auth/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.label_suffix = ""
        form.fields["username"].widget.attrs.update(autocapitalize="none", spellcheck="false")
        return form

    def form_invalid(self, form: Any) -> HttpResponse:
        if form.non_field_errors():
            for name in ("username", "password"):
                form.fields[name].widget.attrs["aria-describedby"] = "login-error"
                form.fields[name].widget.attrs["aria-invalid"] = "true"
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are signed out."))
        return response


# ---------------------------------------------------------------------------------------------------
# Home

# What each role will do here as the platform grows: said plainly on the home page.
COMING_NEXT = {
    Role.EMPLOYER_STAFF: gettext_lazy(
        "Soon you will post demand for workers here and see at once whether it complies with the agreement, "
        "then follow its approval and review shortlists."
    ),
    Role.AGENCY_STAFF: gettext_lazy(
        "Soon you will see the demand allocated to your agency here, match vetted job seekers to it and "
        "declare every cost charged to a worker."
    ),
    Role.COUNSELLOR: gettext_lazy(
        "Soon you will register and vet job seekers here, record their consent, and show each of them the "
        "vacancies they qualify for."
    ),
    Role.EMBASSY_OFFICER: gettext_lazy(
        "Soon you will attest demand letters here and follow the workers deployed in your country."
    ),
}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = request.user
    context: dict[str, Any] = {"is_member": permissions.is_member(actor)}
    if permissions.is_ministry(actor):
        rows = agreement_list(actor=actor).order_by().values("status").annotate(n=Count("pk"))
        counts = {row["status"]: row["n"] for row in rows}
        context["status_counts"] = [
            {"status": status, "label": label, "count": counts.get(status, 0),
             "url": f"{reverse('agreement_list')}?status={status}"}
            for status, label in AgreementStatus.choices
        ]
        context["total"] = sum(counts.values())
        context["can_manage_agreements"] = permissions.can_manage_agreements(actor)
        context["can_manage_users"] = permissions.can_manage_users(actor)
        context["can_view_audit"] = permissions.can_view_audit(actor)
        return render(request, "frontend/home_ministry.html", context)
    if context["is_member"]:
        context["agreements"] = agreement_list(actor=actor, status=AgreementStatus.IN_FORCE)
        context["coming_next"] = COMING_NEXT.get(actor.role, "")
    return render(request, "frontend/home.html", context)


# ---------------------------------------------------------------------------------------------------
# Agreements


def _member_agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    permissions.require(permissions.is_member(request.user))
    agreement = agreement_get(actor=request.user, agreement_id=agreement_id)
    if agreement is None:
        raise Http404
    return agreement


@login_required
@require_GET
def agreement_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.is_member(actor))
    visible = agreement_list(actor=actor)
    countries = country_list(actor=actor).filter(pk__in=visible.values("partner_country_id"))
    form = AgreementFilterForm(request.GET or None, countries=[(c.iso2, c.name) for c in countries])
    filters = form.cleaned_data if form.is_valid() else {}
    agreements = agreement_list(
        actor=actor, status=filters.get("status") or None, country=filters.get("country") or None,
        search=filters.get("q", ""),
    )
    can_manage = permissions.can_manage_agreements(actor)
    return render(request, "frontend/agreements/list.html", {
        "form": form, "page": _page(request, agreements), "can_manage": can_manage,
        "show_status_filter": can_manage, "filtered": bool(filters and any(filters.values())),
    })


@login_required
@require_POST
def agreement_export(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.can_manage_agreements(request.user))
    params = {key: request.POST.get(key, "").strip() for key in ("status", "country", "q")}
    try:
        job = job_start(actor=request.user, kind=EXPORT_KIND, params={
            "status": params["status"], "country": params["country"], "search": params["q"]})
    except ValueError:
        messages.error(request, _("The spreadsheet export is not available at the moment. Try again later."))
        return redirect("agreement_list")
    messages.info(
        request, _("The export has started. The spreadsheet will be ready to download on this page.")
    )
    return redirect("job_detail", job_id=job.pk)


def _chosen_version(
    request: HttpRequest, agreement: Agreement, versions: list[AgreementVersion], in_force: Any
) -> Any:
    """The version asked for with ?version=N, else the one in force today, else the latest."""
    wanted = request.GET.get("version")
    if wanted:
        if not wanted.isdigit() or int(wanted) not in {v.number for v in versions}:
            raise Http404
        if in_force is not None and in_force.number == int(wanted):
            return in_force
        return agreement.versions.prefetch_related(*version_prefetch()).get(number=int(wanted))
    if in_force is not None or not versions:
        return in_force
    return agreement.versions.prefetch_related(*version_prefetch()).get(pk=versions[0].pk)


@login_required
@require_GET
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    actor = request.user
    agreement = _member_agreement(request, agreement_id)
    versions = list(agreement_version_list(actor=actor, agreement=agreement))
    in_force = agreement_version_in_force(agreement=agreement)
    version = _chosen_version(request, agreement, versions, in_force)
    can_view_audit = permissions.can_view_audit(actor)
    return render(request, "frontend/agreements/detail.html", {
        "agreement": agreement,
        "version": version,
        "in_force_number": in_force.number if in_force else None,
        "versions": versions,
        "can_manage": permissions.can_manage_agreements(actor),
        "can_view_audit": can_view_audit,
        "audit_events": audit_event_list(actor=actor, target=agreement)[:100] if can_view_audit else [],
    })


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_agreements(actor))
    choices = TermChoices.load(actor=actor, countries=True)
    data = request.POST if request.method == "POST" else None
    editor = TermsEditor(data=data, choices=choices, mode="create")
    if request.method == "POST" and editor.is_valid():
        try:
            agreement = agreement_create_service(
                actor=actor, terms=editor.terms(), **editor.agreement_fields()
            )
        except ValidationError as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, _("The agreement is registered with its first version."))
            return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(request, "frontend/agreements/form.html", {"editor": editor, "agreement": None})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_amend_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_agreements(actor))
    agreement = _member_agreement(request, agreement_id)
    base = agreement_version_in_force(agreement=agreement) or agreement_version_list(
        actor=actor, agreement=agreement).first()
    choices = TermChoices.load(actor=actor)
    editor = TermsEditor(
        data=request.POST if request.method == "POST" else None, choices=choices, mode="amend",
        initial=terms_from_version(base) if base else None,
    )
    if request.method == "POST" and editor.is_valid():
        try:
            version = agreement_amend(
                actor=actor, agreement=agreement, terms=editor.terms(), reason=editor.reason
            )
        except ValidationError as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, _("Version %(number)s is saved. It applies from %(date)s.") % {
                "number": version.number, "date": date_format(version.in_force_from, "DATE_FORMAT")})
            return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(request, "frontend/agreements/form.html", {"editor": editor, "agreement": agreement,
                                                             "base_version": base})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_status(request: HttpRequest, agreement_id: int) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_agreements(actor))
    agreement = _member_agreement(request, agreement_id)
    allowed = STATUS_TRANSITIONS.get(agreement.status, ())
    form = StatusChangeForm(request.POST if request.method == "POST" else None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_set_status(actor=actor, agreement=agreement, status=form.cleaned_data["status"],
                                 reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(request, "frontend/agreements/status.html", {
        "agreement": agreement, "form": form, "allowed": allowed,
        "error_summary": form_error_items(form) if form.is_bound else [],
    })


def _add_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, or at the top."""
    if hasattr(exc, "error_dict"):
        for key, msgs in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, msgs)
    else:
        form.add_error(None, exc.messages)


# ---------------------------------------------------------------------------------------------------
# Occupations


@login_required
@require_GET
def occupation_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.is_signed_in(actor))
    form = OccupationSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    occupations = occupation_list(actor=actor, search=filters.get("q", ""), level=filters.get("level"))
    context = {"form": form, "page": _page(request, occupations.select_related("parent")),
               "query": filters.get("q", "")}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "frontend/occupations/_results.html" if partial else "frontend/occupations/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


# ---------------------------------------------------------------------------------------------------
# Users


@login_required
@require_GET
def user_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_users(actor))
    return render(request, "frontend/users/list.html", {
        "page": _page(request, user_list(actor=actor)),
        "organisations": _page(request, organisation_list(actor=actor), "orgs_page"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_id: int | None = None) -> HttpResponse:
    """Register an organisation, or change one with a reason (ministry administrators)."""
    actor = request.user
    permissions.require(permissions.can_manage_users(actor))
    organisation = None
    if organisation_id is not None:
        organisation = organisation_list(actor=actor).filter(pk=organisation_id).first()
        if organisation is None:
            raise Http404
    initial = {} if organisation is None else {
        "name": organisation.name, "kind": organisation.kind, "country": organisation.country.iso2,
        "licence_number": organisation.licence_number, "is_active": organisation.is_active,
    }
    form = OrganisationForm(request.POST if request.method == "POST" else None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = organisation_save(actor=actor, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The organisation %(name)s is saved.") % {"name": saved.name})
            return redirect("user_list")
    return render(request, "frontend/users/organisation_form.html", {
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
            _add_errors(form, exc)
        else:
            messages.success(request, _("The account %(username)s is created.") % {"username": user.username})
            return redirect("user_detail", user_id=user.pk)
    return render(request, "frontend/users/create.html", {
        "form": form, "error_summary": form_error_items(form) if form.is_bound else []})


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_manage_users(actor))
    person = user_list(actor=actor).filter(pk=user_id).first()
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
            _add_errors(role_form, exc)
        else:
            messages.success(request, _("The role is changed."))
            return redirect("user_detail", user_id=person.pk)
    elif action == "active" and active_form.is_valid():
        try:
            user_set_active(actor=actor, user=person, active=not person.is_active,
                            reason=active_form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_errors(active_form, exc)
        else:
            messages.success(request, _("The account is switched on.") if person.is_active
                             else _("The account is switched off."))
            return redirect("user_detail", user_id=person.pk)
    bound = role_form if action == "role" else active_form if action == "active" else None
    return render(request, "frontend/users/detail.html", {
        "person": person, "role_form": role_form, "active_form": active_form,
        "can_change_role": len(role_form.fields["role"].choices) > 1,
        "error_summary": form_error_items(bound) if bound is not None else [],
        "audit_events": audit_event_list(actor=actor, target=person)[:50],
    })


# ---------------------------------------------------------------------------------------------------
# API tokens


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.is_signed_in(request.user))
    return render(request, "frontend/tokens/list.html", {
        "page": _page(request, api_token_list(actor=request.user)), "form": TokenCreateForm()})


@login_required
@require_http_methods(["GET", "POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.is_signed_in(actor))
    if request.method == "GET":  # e.g. after switching language on the page that showed a new token
        return redirect("token_list")
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, raw = api_token_create(actor=actor, name=form.cleaned_data["name"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            # The raw value exists only in this response: it is stored as a digest and never shown again.
            response = render(request, "frontend/tokens/created.html", {
                "token": token, "raw": raw, "graphql_url": request.build_absolute_uri(reverse("graphql"))})
            add_never_cache_headers(response)
            return response
    return render(request, "frontend/tokens/list.html", {
        "page": _page(request, api_token_list(actor=actor)), "form": form,
        "error_summary": form_error_items(form)})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    actor = request.user
    token = api_token_list(actor=actor).filter(pk=token_id).first()
    if token is None:
        raise Http404
    api_token_revoke(actor=actor, token_id=token.pk)
    messages.success(request, _("The token “%(name)s” is revoked. Systems using it can no longer sign in.")
                     % {"name": token.name})
    return redirect("token_list")


# ---------------------------------------------------------------------------------------------------
# Audit trail


@login_required
@require_GET
def administration(request: HttpRequest) -> HttpResponse:
    """The administration pages this person may use, each with the figure that says whether it needs a look."""
    actor = request.user
    permissions.require(permissions.can_administer(actor))
    since = timezone.now() - datetime.timedelta(days=7)
    return render(request, "frontend/administration.html", {
        "users": user_list(actor=actor).filter(is_active=True).count() if permissions.can_manage_users(actor) else None,
        "organisations": organisation_list(actor=actor).count() if permissions.can_manage_users(actor) else None,
        "events": audit_event_list(actor=actor).filter(at__gte=since).count()
        if permissions.can_view_audit(actor) else None,
        "deliveries": delivery_problem_list(actor=actor).count() if permissions.can_resend_deliveries(actor) else None,
    })


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_view_audit(actor))
    events = audit_event_list(actor=actor)
    actions = sorted(events.order_by().values_list("action", flat=True).distinct())
    form = AuditFilterForm(request.GET or None, actions=[(a, audit_action_label(a)) for a in actions])
    action = form.cleaned_data.get("action") if form.is_valid() else ""
    if action:
        events = events.filter(action=action)
    return render(request, "frontend/audit/list.html", {"form": form, "page": _page(request, events)})


# ---------------------------------------------------------------------------------------------------
# Background jobs


def _job_or_404(request: HttpRequest, job_id: int) -> Any:
    job = job_get(actor=request.user, job_id=job_id)
    if job is None:
        raise Http404
    return job


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(request, "frontend/jobs/detail.html", {"job": _job_or_404(request, job_id)})


@login_required
@require_GET
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    response = render(request, "frontend/jobs/_progress.html", {"job": _job_or_404(request, job_id)})
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = _job_or_404(request, job_id)
    if not job.result_file:
        raise Http404
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(job.result_file.name))

