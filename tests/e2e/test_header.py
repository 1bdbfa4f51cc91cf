"""On a laptop screen the header fits the page, in English and in Khmer, for every role: nothing runs off the right
edge, the main navigation is one row, no link breaks over two lines, and who is signed in, with the account links,
sits in the band above it. Checked at 1280 px: the page's container reaches its full width (74rem) below that, so a
wider screen (1366 px) lays the header out the same."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["admin", "ministry.admin", "ministry.reviewer", "employer.th", "agency", "counsellor", "attache"]

MEASURE = """() => {
  const tops = [...document.querySelectorAll('.nav > li')].map(li => Math.round(li.getBoundingClientRect().top));
  const band = document.querySelector('.account-band');
  const visible = (el) => !!el && el.getClientRects().length > 0;
  const rows = (el) => el ? Math.round(el.getBoundingClientRect().height) : 0;
  const texts = [...document.querySelectorAll(
    '.nav a, .account-band a, .account-band button, .brand__tagline, .account-band span')];
  return {
    navRows: new Set(tops).size,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    bandLinks: band ? [...band.querySelectorAll('a, button')].filter(visible).map(el => el.textContent.trim()) : [],
    navbarAccountShown: visible(document.querySelector('.navbar .account')),
    wrapped: texts.filter(el => el.getClientRects().length > 1).map(el => el.textContent.trim()),
    bandHeight: rows(document.querySelector('.band')),
  };
}"""


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize("username", ROLES)
def test_the_header_fits_a_laptop_screen(page, users, agreements, username, language):
    sign_in(page, username)
    if language == "km":
        page.get_by_role("button", name="ខ្មែរ").click()
        page.wait_for_load_state()
    page.goto("/")
    measured = page.evaluate(MEASURE)
    assert measured["overflow"] <= 0, measured
    assert measured["navRows"] == 1, measured
    assert measured["wrapped"] == [], measured
    assert not measured["navbarAccountShown"], measured
    assert len(measured["bandLinks"]) == 3, measured  # notifications, API tokens, sign out
