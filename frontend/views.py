"""The shell's pages: sign in, sign out, home and the administration index.

Who may see a page is decided by accounts.permissions and the selectors (scoped to the actor);
a view never decides on its own. PermissionDenied becomes the 403 page, a row the actor may not see
becomes the 404 page. Each domain's pages are in their own package (frontend/<domain>/).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts import permissions
from accounts.models import Role
from accounts.selectors import organisation_list, user_list
from audit.selectors import audit_event_list
from mou.models import AgreementStatus
from mou.selectors import (
    agreement_list,
    agreement_status_counts,
)
from notifications.selectors import delivery_problem_list


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
def home_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    context: dict[str, Any] = {"is_member": permissions.is_member(actor)}
    if permissions.is_ministry(actor):
        counts = agreement_status_counts(actor=actor)
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


@login_required
@require_GET
def administration_view(request: HttpRequest) -> HttpResponse:
    """The administration pages this person may use, each with the figure that says whether it needs a look."""
    actor = request.user
    permissions.require(permissions.can_administer(actor))
    since = timezone.now() - datetime.timedelta(days=7)
    return render(request, "frontend/administration.html", {
        "users": user_list(actor=actor, active=True).count() if permissions.can_manage_users(actor) else None,
        "organisations": organisation_list(actor=actor).count() if permissions.can_manage_users(actor) else None,
        "events": audit_event_list(actor=actor, since=since).count()
        if permissions.can_view_audit(actor) else None,
        "deliveries": delivery_problem_list(actor=actor).count() if permissions.can_resend_deliveries(actor) else None,
    })
