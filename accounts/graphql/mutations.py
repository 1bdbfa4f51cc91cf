"""Personal API tokens: create one (its value is shown once) and revoke one."""

from __future__ import annotations

import strawberry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from strawberry.types import Info

from accounts import services
from accounts.graphql.types import ApiTokenType
from accounts.permissions import is_signed_in
from config.graphql_context import actor
from config.graphql_errors import FieldError, field_errors, not_found, unauthenticated
from validation import parse_id  # ASCII digits only: "१२" is no id (validation.numbers)


@strawberry.type
class ApiTokenPayload:
    token: ApiTokenType | None = None
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class ApiTokenCreatePayload:
    token: ApiTokenType | None = None
    raw_token: str | None = strawberry.field(
        default=None,
        description="The token itself, shown this once: send it as 'Authorization: Bearer <rawToken>'.",
    )
    errors: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create a personal API token for the signed-in user.")
    def api_token_create(self, info: Info, name: str) -> ApiTokenCreatePayload:
        user = actor(info)
        if not is_signed_in(user):
            return ApiTokenCreatePayload(errors=unauthenticated())
        try:
            token, raw = services.api_token_create(actor=user, name=name)
        except (ValidationError, PermissionDenied) as exc:
            return ApiTokenCreatePayload(errors=field_errors(exc))
        info.context.response["Cache-Control"] = "no-store"  # the raw token must not linger in any cache
        return ApiTokenCreatePayload(token=token, raw_token=raw)  # type: ignore[arg-type]

    @strawberry.mutation(description="Revoke one of your API tokens; requests with it then get HTTP 401.")
    def api_token_revoke(self, info: Info, id: strawberry.ID) -> ApiTokenPayload:
        user = actor(info)
        if not is_signed_in(user):
            return ApiTokenPayload(errors=unauthenticated())
        token_id = parse_id(id)
        if token_id is None:
            return ApiTokenPayload(errors=not_found("id", _("That token does not exist.")))
        try:
            token = services.api_token_revoke(actor=user, token_id=token_id)
        except ValidationError as exc:
            return ApiTokenPayload(errors=[FieldError(field="id", code="not_found", message=m) for m in exc.messages])
        return ApiTokenPayload(token=token)  # type: ignore[arg-type]
