"""The 403, 404 and 500 pages."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse


def test_404_uses_the_layout(as_role):
    response = as_role("agency").get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html and 'class="site-header"' in html and "Go to the home page" in html


def test_403_explains_what_to_do(as_role):
    response = as_role("employer_th").get(reverse("audit_list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in html
    assert "ask a ministry administrator" in html


def test_500_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Something went wrong" in html and "corridor.css" in html
