"""Role-aware navigation: each item shows only to those whose permission rule allows the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import permissions


@dataclass
class NavItem:
    label: Any
    url: str
    active: bool


def navigation_for(user: Any, path: str) -> list[NavItem]:
    if not permissions.is_signed_in(user):
        return []
    items: list[tuple[Any, str]] = [(_("Home"), "home")]
    if permissions.is_member(user):
        items.append((_("Agreements"), "agreement_list"))
    items.append((_("Occupations"), "occupation_list"))
    if permissions.can_manage_users(user):
        items.append((_("Users"), "user_list"))
    if permissions.can_view_audit(user):
        items.append((_("Audit trail"), "audit_list"))
    items.append((_("API tokens"), "token_list"))
    out = []
    for label, name in items:
        url = reverse(name)
        active = path == url if url == "/" else path.startswith(url)
        out.append(NavItem(label=label, url=url, active=active))
    return out
