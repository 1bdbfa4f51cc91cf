"""The /graphql/ endpoint: strawberry's Django view, with session or API-token authentication.

Cookie (session) requests go through Django's CSRF check like any form post: send the `csrftoken`
cookie's value as the `X-CSRFToken` header. Requests with `Authorization: Bearer <token>` are
authenticated (and exempted from CSRF, having no cookie) by accounts.middleware.BearerTokenMiddleware.
GraphiQL is served to browsers only while settings.DEBUG is on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from strawberry.django.views import GraphQLView

from api.context import CorridorContext
from api.schema import schema


class CorridorGraphQLView(GraphQLView[CorridorContext, None]):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.graphql_ide = "graphiql" if settings.DEBUG else None
        return super().dispatch(request, *args, **kwargs)

    def get_context(self, request: HttpRequest, response: HttpResponse) -> CorridorContext:
        return CorridorContext(request=request, response=response)

    def render_graphql_ide(self, request: HttpRequest) -> HttpResponse:
        get_token(request)  # set the CSRF cookie, which GraphiQL sends back as X-CSRFToken
        return super().render_graphql_ide(request)


# Queries and mutations are POSTed; GET only serves GraphiQL (with DEBUG on).
graphql_view = CorridorGraphQLView.as_view(schema=schema, allow_queries_via_get=False, multipart_uploads_enabled=True)
