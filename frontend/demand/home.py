"""The demand panels of the home page: what waits for the person's side of the demand loop."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from demand import permissions as perms
from demand.models import LetterStatus
from demand.selectors import employer_get, letter_review_queue, letter_side, letter_status_counts, letter_waiting_list
from demand.services import organisation_can_submit
from frontend.demand.views.common import mark_overdue
from frontend.home import Panel

SHOWN = 8  # letters listed on the home page; the rest are one click away


def panels(request: HttpRequest) -> list[Panel]:
    actor = request.user
    side = letter_side(actor=actor)
    if side is None:
        return []
    waiting_qs = letter_waiting_list(actor=actor)
    waiting = list(waiting_qs[:SHOWN])
    mark_overdue(waiting)
    counts = letter_status_counts(actor=actor)
    context = {
        "waiting": waiting, "waiting_total": waiting_qs.count() if len(waiting) == SHOWN else len(waiting),
        "statuses": [{"status": status, "label": label, "count": counts[status],
                      "url": f"{reverse('demand_list')}?status={status}"}
                     for status, label in LetterStatus.choices if status in counts],
    }
    if side == "employer":
        profile = employer_get(actor=actor, organisation_id=actor.organisation_id)
        allowed, why = organisation_can_submit(organisation=actor.organisation) if profile else (False, "")
        context.update(profile=profile, can_file=allowed, cannot_file_reason=why)
        return [Panel("demand/home/employer.html", context, order=10)]
    if side == "agency":
        return [Panel("demand/home/agency.html", context, order=10)]
    if side == "attache":
        return [Panel("demand/home/attache.html", context, order=10)]
    context.update(overdue=letter_review_queue(actor=actor, overdue=True).count(),
                   can_view_quota=perms.can_view_quota(actor))
    return [Panel("demand/home/ministry.html", context, order=10)]
