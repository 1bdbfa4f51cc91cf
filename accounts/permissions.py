"""Who may do what: the one place role + organisation rules live.

Selectors and services call these; views and GraphQL resolvers never decide on their own.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationKind, Role

MINISTRY_ROLES = frozenset({Role.MINISTRY_ADMIN, Role.MINISTRY_REVIEWER})


def is_signed_in(actor: Any) -> bool:
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active)


def is_platform_admin(actor: Any) -> bool:
    return is_signed_in(actor) and bool(actor.is_superuser)


def is_ministry(actor: Any) -> bool:
    return is_platform_admin(actor) or (
        is_signed_in(actor)
        and actor.role in MINISTRY_ROLES
        and actor.organisation_id is not None
        and actor.organisation.kind == OrganisationKind.MINISTRY
        and actor.organisation.is_active
    )


def is_ministry_admin(actor: Any) -> bool:
    return is_platform_admin(actor) or (is_ministry(actor) and actor.role == Role.MINISTRY_ADMIN)


def is_member(actor: Any) -> bool:
    """Signed in and part of an active organisation (or a platform administrator)."""
    return is_platform_admin(actor) or (
        is_signed_in(actor) and actor.organisation_id is not None and actor.organisation.is_active
    )


def can_manage_agreements(actor: Any) -> bool:
    return is_ministry(actor)


def can_view_audit(actor: Any) -> bool:
    return is_ministry(actor)


def can_manage_users(actor: Any) -> bool:
    return is_ministry_admin(actor)


def can_resend_deliveries(actor: Any) -> bool:
    """See failed and stuck e-mail/SMS deliveries (they show people's addresses) and send them again."""
    return is_ministry_admin(actor)


def can_see_every_job(actor: Any) -> bool:
    """See everyone's background jobs (a person always sees the ones they started)."""
    return is_ministry_admin(actor)


def can_administer(actor: Any) -> bool:
    """Reach the administration page: anyone who may use at least one of the pages it gathers."""
    return can_manage_users(actor) or can_view_audit(actor) or can_resend_deliveries(actor)


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You do not have permission to do this."))
