"""How the GraphQL door reports problems.

Mutations never raise for bad input or missing permission: they return a payload whose `errors`
list holds one `FieldError` per problem. Queries raise `NotSignedIn` (a GraphQL error) when nobody
is signed in; everything else a query cannot show is simply absent (null or an empty page).
"""

from __future__ import annotations

import re
from typing import Any

import strawberry
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from graphql import GraphQLError
from strawberry.utils.str_converters import to_camel_case

ALL = NON_FIELD_ERRORS  # "__all__": the error concerns the request as a whole


class NotSignedIn(GraphQLError):
    def __init__(self) -> None:
        super().__init__(
            _("Sign in, or send a personal API token as 'Authorization: Bearer <token>'."),
            extensions={"code": "UNAUTHENTICATED"},
        )


class BadRequest(GraphQLError):
    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "BAD_USER_INPUT"})


@strawberry.type(description="One problem with a mutation's input, naming the field it concerns.")
class FieldError:
    field: str = strawberry.field(
        description="Path of the input field in camelCase, e.g. `wageFloors[0].amount`; "
        "`__all__` when the problem concerns the request as a whole."
    )
    code: str = strawberry.field(
        description="Machine-readable: `invalid`, `not_found`, `permission_denied` or `unauthenticated`."
    )
    message: str = strawberry.field(description="A sentence a person can read, in the request's language.")


_SEGMENT = re.compile(r"^(?P<name>[A-Za-z0-9_]+)(?P<index>(\[\d+\])*)$")


def camel_path(path: str) -> str:
    """`wage_floors[0].cap_amount` -> `wageFloors[0].capAmount`; `__all__` stays as it is."""
    if path == ALL:
        return path
    out = []
    for segment in path.split("."):
        match = _SEGMENT.match(segment)
        out.append(to_camel_case(match["name"]) + match["index"] if match else segment)
    return ".".join(out)


def field_errors(exc: ValidationError | PermissionDenied) -> list[FieldError]:
    """Turn a service's ValidationError / PermissionDenied into FieldErrors."""
    if isinstance(exc, PermissionDenied):
        message = str(exc) or _("You do not have permission to do this.")
        return [FieldError(field=ALL, code="permission_denied", message=message)]
    by_field: dict[str, list[ValidationError]] = (
        exc.error_dict if hasattr(exc, "error_dict") else {ALL: exc.error_list}
    )
    return [
        FieldError(field=camel_path(name), code=error.code or "invalid", message=_message(error))
        for name, errors in by_field.items()
        for error in errors
    ]


def _message(error: ValidationError) -> str:
    message: Any = error.message
    if error.params:
        message = message % error.params
    return str(message)


def not_found(field: str, message: str) -> list[FieldError]:
    return [FieldError(field=field, code="not_found", message=message)]


def unauthenticated() -> list[FieldError]:
    return [FieldError(field=ALL, code="unauthenticated", message=NotSignedIn().message)]
