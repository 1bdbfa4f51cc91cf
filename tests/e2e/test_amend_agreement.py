"""In a real browser: ministry staff sign in, switch to Khmer, amend an agreement, and see the new
version and its audit entry."""

from __future__ import annotations

import datetime
import re

import pytest

from audit.models import AuditEvent
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ministry_amends_an_agreement_in_khmer(page, agreements):
    thailand = agreements["TH"]
    sign_in(page, "ministry.admin")

    # Switch the interface to Khmer with the header's language switch.
    page.get_by_role("button", name="ខ្មែរ").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "km"
    assert page.get_by_role("button", name="ខ្មែរ").get_attribute("aria-pressed") == "true"

    page.goto(f"/agreements/{thailand.pk}/amend/")
    assert page.locator("html").get_attribute("lang") == "km"
    start = datetime.date.today() + datetime.timedelta(days=30)
    page.locator("[name=hours_per_week]").fill("44")
    page.locator("[name=in_force_from]").fill(start.isoformat())
    page.locator("[name=reason]").fill("Exchange of letters lowering weekly hours")
    page.locator("form").filter(has=page.locator("[name=reason]")).locator("button[type=submit]").last.click()

    # Back on the agreement: version 2 is listed in the history with its reason…
    page.wait_for_url(re.compile(rf"/agreements/{thailand.pk}/"))
    history = page.locator("#history")
    assert history.get_by_role("link", name="2", exact=True).is_visible()
    assert history.get_by_text("Exchange of letters lowering weekly hours").first.is_visible()
    # …and the audit trail shows the change before → after, in the Khmer interface.
    changes = history.locator(".event").first
    assert "44" in changes.locator(".changes__after").all_inner_texts()[0] or "44" in changes.inner_text()
    assert "48" in changes.inner_text()
    assert page.locator("html").get_attribute("lang") == "km"

    version = thailand.versions.get(number=2)
    assert version.hours_per_week == 44 and version.in_force_from == start
    event = AuditEvent.objects.get(action="agreement.amend")
    assert event.actor.username == "ministry.admin"
    assert event.reason == "Exchange of letters lowering weekly hours"


def test_an_invalid_amendment_shows_the_error_and_changes_nothing(page, agreements):
    thailand = agreements["TH"]
    sign_in(page, "ministry.reviewer")
    page.goto(f"/agreements/{thailand.pk}/amend/")
    page.locator("[name=contract_min_months]").fill("36")
    page.locator("[name=contract_max_months]").fill("12")
    page.locator("[name=in_force_from]").fill((datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    page.locator("[name=reason]").fill("Trying a wrong contract length")
    page.locator("form").filter(has=page.locator("[name=reason]")).locator("button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "longest contract cannot be shorter" in summary.inner_text()
    field = page.locator("[name=contract_max_months]")
    assert field.get_attribute("aria-invalid") == "true"
    assert thailand.versions.count() == 1
    assert not AuditEvent.objects.filter(action="agreement.amend").exists()


def test_khmer_pages_render_shaped_khmer(page, agreements, tmp_path):
    """Khmer is shaped with a real Khmer font (fonts-khmeros), not drawn as boxes: a subscript consonant
    (coeng + ro) tucks under its base, so the cluster is narrower than its three code points apart."""
    sign_in(page, "counsellor")
    page.get_by_role("button", name="ខ្មែរ").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "km"
    widths = page.evaluate(
        """() => {
             const measure = (text) => { const s = document.createElement('span'); s.textContent = text;
               s.style.fontSize = '40px'; document.querySelector('main').appendChild(s);
               const w = s.getBoundingClientRect().width; s.remove(); return w; };
             return {cluster: measure('ព្រ'), parts: measure('ព') + measure('្') + measure('រ')};
           }"""
    )
    assert widths["cluster"] < 0.8 * widths["parts"], widths
    page.screenshot(path=str(tmp_path / "home-km.png"), full_page=True)
