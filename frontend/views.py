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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from accounts import permissions
from accounts.selectors import organisation_list, user_list
from accounts.services import user_language_set
from audit.selectors import audit_event_list
from coordination.agencies.permissions import agency_access_blocked_reason
from frontend.home import home_panels
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


@require_POST
def language_switch_view(request: HttpRequest) -> HttpResponse:
    """Django's language switch (the cookie, back to `next`), and for a signed-in person the language their
    e-mails and SMS are written in from now on."""
    response = set_language(request)
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language"))
    return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are signed out."))
        return response


def permission_denied_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page (config.urls.handler403). The staff of an agency whose licence is not valid today are told
    the real reason (suspended, revoked, expired, not recorded: coordination.agencies.permissions decides), not
    to ask for another role."""
    return render(request, "403.html", {"blocked_reason": agency_access_blocked_reason(request.user)}, status=403)


@login_required
@require_GET
def home_view(request: HttpRequest) -> HttpResponse:
    """The person's own work first: each domain's panel (frontend/<domain>/home.py) for what they may do."""
    actor = request.user
    return render(request, "frontend/home.html", {
        "is_member": permissions.is_member(actor),
        "panels": home_panels(request),
        "can_manage_users": permissions.can_manage_users(actor),
        "can_view_audit": permissions.can_view_audit(actor),
    })


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
