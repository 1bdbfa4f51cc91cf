"""Reads for organisations, users and tokens, scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import ApiToken, Organisation, User
from accounts.permissions import can_manage_users, is_signed_in


def user_list(*, actor: Any) -> QuerySet[User]:
    if not can_manage_users(actor):
        return User.objects.none()
    return User.objects.select_related("organisation").order_by("organisation__name", "username")


def organisation_list(*, actor: Any) -> QuerySet[Organisation]:
    if not can_manage_users(actor):
        return Organisation.objects.none()
    return Organisation.objects.select_related("country").order_by("kind", "name")


def api_token_list(*, actor: Any) -> QuerySet[ApiToken]:
    if not is_signed_in(actor):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor).order_by("-created_at")
