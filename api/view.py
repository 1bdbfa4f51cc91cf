"""The /graphql/ endpoint: strawberry's Django view, with session or API-token authentication.

Cookie (session) requests go through Django's CSRF check like any form post: send the `csrftoken`
cookie's value as the `X-CSRFToken` header. Requests with `Authorization: Bearer <token>` are
authenticated (and exempted from CSRF, having no cookie) by accounts.middleware.BearerTokenMiddleware.
A request that carries no session cookie cannot act for anyone, so nothing can be forged with it: it needs
no CSRF token, and an anonymous one gets the JSON `UNAUTHENTICATED` answers like any other.
GraphiQL is served to browsers only while settings.DEBUG is on.

A request that is not a GraphQL request at all — a JSON body that is not an object, bytes that are not
UTF-8, JSON nested deeper than MAX_NESTING, a multipart form whose `operations` or `map` is not what the
spec says — is answered with HTTP 400 and a JSON `errors` list (code `BAD_REQUEST`), never a server error
(docs/api.md, "Malformed requests").
"""

from __future__ import annotations

import json
import logging
from typing import Any

from cross_web import HTTPException
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView
from strawberry.file_uploads.utils import replace_placeholders_with_files

from api.context import CorridorContext
from api.schema import schema

logger = logging.getLogger(__name__)

# Deeper JSON is no GraphQL request (the deepest input of the schema is a few levels): refused before
# anything recursive (json itself, variable coercion) can run out of stack.
MAX_NESTING = 64


def _nesting(value: Any) -> int:
    """How deep `value` nests lists and objects, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_NESTING:
            return depth
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _bad_request(message: str) -> HTTPException:
    return HTTPException(400, message)


class _CsrfCheck(CsrfViewMiddleware):
    """Django's CSRF check, answering the reason for a refusal instead of rendering the HTML 403 page."""

    def _reject(self, request: HttpRequest, reason: str) -> Any:
        return reason


def _csrf_refusal(request: HttpRequest) -> str | None:
    """Why a cookie-authenticated request fails Django's CSRF check; None when it passes or needs none."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None  # no session: the request acts for nobody, there is nothing to forge
    return _CsrfCheck(lambda r: HttpResponse()).process_view(request, None, (), {})  # type: ignore[arg-type]


_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def error_response(message: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status=status)


class CorridorGraphQLView(GraphQLView[CorridorContext, None]):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.graphql_ide = "graphiql" if settings.DEBUG else None
        if request.method == "POST":
            refusal = _csrf_refusal(request)
            if refusal is not None:
                logger.warning("CSRF check failed on /graphql/: %s", refusal)
                return error_response(
                    _("CSRF check failed: a request with the session cookie must send the csrftoken cookie's value "
                      "as the X-CSRFToken header."),
                    "CSRF_FAILED", 403,
                )
        try:
            return self.run(request=request)
        except HTTPException as exc:
            return error_response(str(exc.reason), _CODES.get(exc.status_code, "BAD_REQUEST"), exc.status_code)

    def parse_http_body(self, request: Any) -> Any:
        try:
            return super().parse_http_body(request)
        except UnicodeDecodeError as exc:  # the adapter decodes the body before parse_json sees it
            raise _bad_request(_("The request body is not UTF-8 text.")) from exc

    def decode_json(self, data: str | bytes) -> object:
        """A JSON document, or HTTP 400: bytes that are not UTF-8, JSON nested deeper than MAX_NESTING."""
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
        except UnicodeDecodeError as exc:
            raise _bad_request(_("The request body is not UTF-8 text.")) from exc
        try:
            value = json.loads(text)
        except RecursionError as exc:
            raise _bad_request(_("The request is nested too deeply (at most %(n)d levels).")
                               % {"n": MAX_NESTING}) from exc
        except ValueError as exc:
            raise _bad_request(_("Unable to parse request body as JSON")) from exc
        if _nesting(value) > MAX_NESTING:
            raise _bad_request(_("The request is nested too deeply (at most %(n)d levels).") % {"n": MAX_NESTING})
        return value

    def parse_json(self, data: str | bytes) -> Any:
        value = self.decode_json(data)
        if not isinstance(value, dict):
            raise _bad_request(_("The request body must be a JSON object with `query` (and `variables`, "
                                 "`operationName`)."))
        operation_name = value.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise _bad_request(_("The GraphQL operation's `operationName` must be a string or null."))
        return value

    def parse_multipart(self, request: Any) -> dict[str, Any]:
        """The GraphQL multipart request spec: `operations` an object, `map` an object of lists of paths."""
        operations = self.parse_json(request.post_data.get("operations", "{}"))
        files_map = self.decode_json(request.post_data.get("map", "{}"))
        if not isinstance(files_map, dict) or not all(
            isinstance(paths, list) and all(isinstance(p, str) for p in paths) for paths in files_map.values()
        ):
            raise _bad_request(_("The multipart `map` must be an object of lists of paths, e.g. "
                                 "{\"0\": [\"variables.file\"]}."))
        try:
            return replace_placeholders_with_files(operations, files_map, request.files)  # type: ignore[no-any-return]
        except KeyError as exc:
            raise _bad_request(_("File(s) missing in form data")) from exc
        except (TypeError, ValueError, IndexError, AttributeError) as exc:
            raise _bad_request(_("The multipart `map` names a path that is not in `operations`.")) from exc

    def get_context(self, request: HttpRequest, response: HttpResponse) -> CorridorContext:
        return CorridorContext(request=request, response=response)

    def render_graphql_ide(self, request: HttpRequest) -> HttpResponse:
        get_token(request)  # set the CSRF cookie, which GraphiQL sends back as X-CSRFToken
        return super().render_graphql_ide(request)


# Queries and mutations are POSTed; GET only serves GraphiQL (with DEBUG on). The CSRF check is the view's own
# (CorridorGraphQLView.dispatch), for requests with the session cookie, answered in JSON.
graphql_view = csrf_exempt(
    CorridorGraphQLView.as_view(schema=schema, allow_queries_via_get=False, multipart_uploads_enabled=True)
)
