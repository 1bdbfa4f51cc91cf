"""Reads for organisations, users and tokens, scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import ApiToken, Organisation, User
from accounts.permissions import can_manage_users, is_signed_in


def user_list(*, actor: Any, active: bool | None = None) -> QuerySet[User]:
    if not can_manage_users(actor):
        return User.objects.none()
    qs = User.objects.select_related("organisation").order_by("organisation__name", "username")
    return qs if active is None else qs.filter(is_active=active)


def user_get(*, actor: Any, user_id: int) -> User | None:
    return user_list(actor=actor).filter(pk=user_id).first()


def organisation_list(*, actor: Any) -> QuerySet[Organisation]:
    if not can_manage_users(actor):
        return Organisation.objects.none()
    return Organisation.objects.select_related("country").order_by("kind", "name")


def organisation_get(*, actor: Any, organisation_id: int) -> Organisation | None:
    return organisation_list(actor=actor).filter(pk=organisation_id).first()


def api_token_list(*, actor: Any) -> QuerySet[ApiToken]:
    if not is_signed_in(actor):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor).order_by("-created_at")


def api_token_get(*, actor: Any, token_id: int) -> ApiToken | None:
    """One of the actor's own tokens (nobody sees another person's)."""
    return api_token_list(actor=actor).filter(pk=token_id).first()
