"""The audit trail page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import permissions
from audit.selectors import audit_action_list, audit_event_list
from frontend.audit.forms import AuditFilterForm
from frontend.labels import audit_action_label
from frontend.paging import page_of


@login_required
@require_GET
def audit_list_view(request: HttpRequest) -> HttpResponse:
    actor = request.user
    permissions.require(permissions.can_view_audit(actor))
    actions = audit_action_list(actor=actor)
    form = AuditFilterForm(request.GET or None, actions=[(a, audit_action_label(a)) for a in actions])
    events = audit_event_list(actor=actor, action=form.cleaned_data.get("action", "") if form.is_valid() else "")
    return render(request, "audit/list.html", {"form": form, "page": page_of(request, events)})
