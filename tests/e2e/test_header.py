"""At 1280 px the header keeps to one line, in English and in Khmer, for every role: the main navigation is one
row, and the account block sits beside it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["admin", "ministry.admin", "ministry.reviewer", "employer.th", "agency", "counsellor", "attache"]

MEASURE = """() => {
  const tops = [...document.querySelectorAll('.nav > li')].map(li => Math.round(li.getBoundingClientRect().top));
  const nav = document.querySelector('.navbar nav');
  const account = document.querySelector('.navbar .account');
  const rows = (el) => el ? Math.round(el.getBoundingClientRect().height) : 0;
  const texts = [...document.querySelectorAll(
    '.nav a, .account a, .account button, .brand__tagline, .account__who--band span')];
  return {
    navRows: new Set(tops).size,
    sameLine: nav && account ? Math.abs(nav.getBoundingClientRect().top - account.getBoundingClientRect().top) < 30
                                 : true,
    wrapped: texts.filter(el => el.getClientRects().length > 1).map(el => el.textContent.trim()),
    bandHeight: rows(document.querySelector('.band')),
    widths: [nav, account, document.querySelector('.navbar__inner')].map(el => el ? Math.round(el.scrollWidth) : 0),
  };
}"""


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize("username", ROLES)
def test_the_header_keeps_to_one_line_at_1280(page, users, agreements, username, language):
    sign_in(page, username)
    if language == "km":
        page.get_by_role("button", name="ខ្មែរ").click()
        page.wait_for_load_state()
    page.goto("/")
    measured = page.evaluate(MEASURE)
    assert measured["navRows"] == 1, measured
    assert measured["sameLine"], measured
    assert measured["wrapped"] == [], measured
