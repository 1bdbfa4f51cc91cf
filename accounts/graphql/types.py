"""Organisations, users and API tokens as GraphQL types."""

from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import auto

from accounts import models, permissions
from accounts.models import OrganisationKind, Role
from api.fields import column, fast_type
from reference.graphql.types import CountryType

# strawberry registers the choices classes themselves as GraphQL enums.
strawberry.enum(OrganisationKind, name="OrganisationKind")
strawberry.enum(Role, name="Role")


@fast_type(models.Organisation, name="Organisation")
class OrganisationType:
    id: strawberry.ID
    name: auto
    kind: OrganisationKind
    country: CountryType = column(
        description="Where the organisation is based: the destination country for an employer."
    )


@fast_type(models.User, name="User", description="A person, as others see them.")
class UserType:
    id: strawberry.ID
    username: auto
    first_name: auto
    last_name: auto

    @strawberry_django.field(only=["first_name", "last_name", "username"])
    def full_name(self, root: models.User) -> str:
        return root.get_full_name() or root.username


@strawberry.type(description="What the signed-in user may do; the same rules the web pages apply.")
class Permissions:
    is_platform_admin: bool
    is_ministry: bool
    can_manage_agreements: bool
    can_view_audit: bool
    can_manage_users: bool


# Everything the permission rules read about a user and their organisation.
_PERMISSION_FIELDS = [
    "is_active", "is_superuser", "role", "organisation__kind", "organisation__is_active",
]


@fast_type(models.User, name="Me", description="The signed-in user.")
class MeType:
    id: strawberry.ID
    username: auto
    first_name: auto
    last_name: auto
    email: auto
    organisation: OrganisationType | None

    @strawberry_django.field(only=["role"], description="Null for a platform administrator without a role.")
    def role(self, root: models.User) -> Role | None:
        return Role(root.role) if root.role else None

    @strawberry_django.field(only=_PERMISSION_FIELDS, select_related=["organisation"])
    def permissions(self, root: models.User) -> Permissions:
        return Permissions(
            is_platform_admin=permissions.is_platform_admin(root),
            is_ministry=permissions.is_ministry(root),
            can_manage_agreements=permissions.can_manage_agreements(root),
            can_view_audit=permissions.can_view_audit(root),
            can_manage_users=permissions.can_manage_users(root),
        )


@fast_type(models.ApiToken, name="ApiToken", description="A personal API token (never its value).")
class ApiTokenType:
    id: strawberry.ID
    name: auto
    hint: auto = column(description="The first characters, to recognise the token.")
    created_at: auto
    last_used_at: auto
    revoked_at: auto

    @strawberry_django.field(only=["revoked_at"])
    def is_active(self, root: models.ApiToken) -> bool:
        return root.is_active
