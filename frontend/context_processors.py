from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from frontend.navigation import navigation_for
from notifications.selectors import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user

    @cache
    def notifications_unread() -> int:
        # Called by the template only where the header shows it: at most one COUNT per response.
        return unread_count(actor=user)

    return {"nav_items": navigation_for(user, request.path), "notifications_unread": notifications_unread}
