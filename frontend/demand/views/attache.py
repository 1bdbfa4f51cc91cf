"""Demand pages for the labour attaché: the letters waiting for attestation (a letter's page, with attest and
refuse, is the shared one in employer.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import permissions
from demand import permissions as perms
from demand.selectors import letter_attestation_queue
from frontend.paging import page_of


@login_required
@require_GET
def demand_attestation_queue_view(request: HttpRequest) -> HttpResponse:
    """The letters of employers in the countries the attaché covers that wait for attestation, oldest first."""
    actor = request.user
    permissions.require(perms.is_attache(actor))
    page = page_of(request, letter_attestation_queue(actor=actor))
    return render(request, "demand/attestation_queue.html", {"page": page, "country": actor.organisation.country})
