"""The agreements panel of the home page: the registry's figures for the ministry, the agreements in force for
everyone else in an organisation."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from accounts import permissions
from frontend.home import Panel
from mou.models import AgreementStatus
from mou.selectors import agreement_list, agreement_status_counts


def panels(request: HttpRequest) -> list[Panel]:
    actor = request.user
    if not permissions.is_member(actor):
        return []
    if permissions.is_ministry(actor):
        counts = agreement_status_counts(actor=actor)
        return [Panel("mou/home/registry.html", {
            "total": sum(counts.values()),
            "status_counts": [{"status": status, "label": label, "count": counts[status],
                               "url": f"{reverse('agreement_list')}?status={status}"}
                              for status, label in AgreementStatus.choices],
            "can_manage_agreements": permissions.can_manage_agreements(actor),
        }, order=30)]
    return [Panel("mou/home/in_force.html", {
        "agreements": agreement_list(actor=actor, status=AgreementStatus.IN_FORCE),
        "role": actor.role,
    }, order=30)]
