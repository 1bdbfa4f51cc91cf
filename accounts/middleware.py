"""Authenticate `Authorization: Bearer …` requests with a personal API token (for /graphql/)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from accounts.services import api_token_authenticate


class BearerTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            user = api_token_authenticate(raw=header[7:].strip())
            if user is None:
                return JsonResponse(
                    {"errors": [{"message": "Invalid or revoked API token."}]}, status=401
                )
            request.user = user
            # Token requests carry no session cookie, so CSRF does not apply to them.
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)
