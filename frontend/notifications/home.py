"""The deliveries panel of the home page: e-mail and SMS that failed or are stuck, for those who may resend them."""

from __future__ import annotations

from django.http import HttpRequest

from accounts import permissions
from frontend.home import Panel
from notifications.selectors import delivery_problem_list


def panels(request: HttpRequest) -> list[Panel]:
    actor = request.user
    if not permissions.can_resend_deliveries(actor):
        return []
    return [Panel("notifications/home.html", {"problems": delivery_problem_list(actor=actor).count()}, order=20)]
