"""The occupation_list page (occupation_list_view in frontend/reference/)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.pages import ROLES, assert_status
from tests.reference.pages.helpers import EXPECTED


@pytest.mark.parametrize("role", ROLES)
def test_occupations_by_role(as_role, role):
    assert_status(as_role(role).get(reverse("occupation_list")), EXPECTED[role])


def test_search_by_code_shows_level_and_parent(as_role):
    html = as_role("counsellor").get(reverse("occupation_list"), {"q": "7531"}).content.decode()
    assert "1 occupation matches “7531”" in html
    assert "Unit group" in html
    assert '<span class="code">753</span>' in html


def test_search_by_title(as_role):
    html = as_role("counsellor").get(reverse("occupation_list"), {"q": "sewing"}).content.decode()
    assert "7533" in html


def test_full_page_has_the_htmx_search_and_works_without_it(as_role):
    html = as_role("agency").get(reverse("occupation_list")).content.decode()
    assert 'hx-trigger="keyup changed delay:300ms, search"' in html
    assert 'hx-target="#occupation-results"' in html
    assert '<form method="get" action="/occupations/"' in html  # plain GET form without JavaScript
    assert "Page 1 of" in html


def test_htmx_request_gets_only_the_results(as_role):
    response = as_role("agency").get(reverse("occupation_list"), {"q": "75"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "occupations match “75”" in html
    assert "HX-Request" in response["Vary"]


def test_filter_by_level(as_role):
    html = as_role("agency").get(reverse("occupation_list"), {"level": "1"}).content.decode()
    assert "10 occupations" in html
