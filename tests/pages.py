"""The web-page tests' plugin (loaded by tests/conftest.py for every tests/<app>/pages/): the `as_role` fixture
signs in as a role; the helpers check a status and read a rendered form as a browser would."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

# Every role the pages are checked for, plus "anonymous" (not signed in).
ROLES = [
    "anonymous", "admin", "ministry_admin", "ministry_reviewer", "employer_th", "employer_kr", "agency",
    "counsellor", "attache", "no_org", "inactive",
]
LOGIN = "login"


@pytest.fixture
def as_role(client: Any, users: dict[str, Any]) -> Any:
    """as_role("employer_th") → the test client, signed in as that role's demo user (or not at all)."""

    def sign_in(role: str) -> Any:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return sign_in


def assert_status(response: Any, expected: int | str) -> None:
    """expected is a status code, or LOGIN for a redirect to the sign-in page."""
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response.url.startswith(reverse("login")), response.url
    else:
        assert response.status_code == expected, response.status_code


class _FormReader(HTMLParser):
    """Collects every <form> with the values a browser would submit (ignores <template> content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._template_depth = 0
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "template":
            self._template_depth += 1
        if self._template_depth:
            return
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if "name" not in attrs or kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form["fields"].append((attrs["name"], attrs.get("value", "on" if kind in ("checkbox", "radio")
                                                                   else "")))
        elif tag == "select" and "name" in attrs:
            self._select = {"name": attrs["name"], "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and "name" in attrs:
            self._textarea = {"name": attrs["name"], "text": ""}

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._template_depth -= 1
            return
        if self._template_depth or self._form is None:
            return
        if tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]] or ([] if self._select["multiple"] else options[:1])
            for o in chosen:
                value = o["value"] if o["value"] is not None else o["text"].strip()
                self._form["fields"].append((self._select["name"], value))
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            self._form["fields"].append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data: str) -> None:
        if self._template_depth:
            return
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data


def form_data(html: bytes | str, *, containing: str) -> dict[str, Any]:
    """The data a browser would send for the form that has a field named `containing`.

    Single values are strings, repeated names (multi-selects, checkbox groups) are lists.
    """
    reader = _FormReader()
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    for form in reader.forms:
        names = [name for name, _ in form["fields"]]
        if containing in names:
            data: dict[str, Any] = {}
            for name, value in form["fields"]:
                if name in data:
                    data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
                else:
                    data[name] = value
            return data
    raise AssertionError(f"no form with a field named {containing!r}")
