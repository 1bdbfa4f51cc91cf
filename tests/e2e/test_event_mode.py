"""Event mode on a phone (390×844), in English and in Khmer: the counsellor opens the event, registers a seeker,
sees the duplicate warning for a near-duplicate written in the other script, confirms a different person, and
sees the positions of the event's demand the seeker nearly qualifies for, with what is missing. The warning also
appears as the name is typed, before anything is sent."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def _text(language: str) -> dict[str, str]:
    """What the page says, as the catalogue translates it (a hard-coded Khmer copy goes stale when a
    translation is improved)."""
    from django.utils import translation

    with translation.override(language):
        return {"warning": translation.gettext("This may be someone already registered"),
                "nearly": translation.gettext("Nearly qualifies"),
                "check_in": translation.gettext("Same person: check them in")}


@pytest.mark.parametrize("language", ["en", "km"])
def test_register_a_seeker_at_an_event_on_a_phone(browser, live_server, users, agreements, language):
    from tests.coordination.events.helpers import make_event
    from tests.coordination.jobseekers.helpers import register

    event = make_event(users, agreements)
    register(users["counsellor"], name_latin="", name_km="សុខ ដារា", national_id="", phone="")

    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, "counsellor")
        if language == "km":
            page.get_by_role("button", name="ខ្មែរ").click()
            page.wait_for_load_state()
        page.goto(f"/events/{event.pk}/")
        page.locator(f"a[href='/events/{event.pk}/register/']").first.click()
        page.fill("input[name=name_latin]", "Sok Dara")
        page.check("input[name=sex][value=male]")
        page.fill("input[name=date_of_birth]", "1998-04-14")
        assert page.locator("select[name=province]").input_value() == event.province.code  # the event's
        page.select_option("select[name=province]", "KH-12")
        # The district list follows the province chosen (htmx swaps in Phnom Penh's districts).
        page.locator("select[name=district] option[value='1201']").wait_for(state="attached")
        page.select_option("select[name=district]", "1201")
        page.fill("input[name=occupation]", "7531")
        page.fill("input[name=years]", "3")
        page.check("input[name=consent]")
        page.locator("form.card button[type=submit]:not([name=refresh_places])").click()

        warning = page.locator("#duplicates")
        warning.wait_for()
        assert _text(language)["warning"] in warning.inner_text()
        assert "សុខ ដារា" in warning.inner_text()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390 + 1, width

        page.locator("form.card button[type=submit]:not([name=refresh_places])").click()
        page.wait_for_url(re.compile(r"/events/\d+/seekers/\d+/$"))
        fits = page.locator("[data-fits]").first
        fits.wait_for()
        text = fits.inner_text()
        assert _text(language)["nearly"] in text
        assert "EPS-TOPIK" in text and "7531" in text
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "km"])
def test_a_likely_duplicate_appears_as_the_name_is_typed(browser, live_server, users, agreements, language):
    from coordination.jobseekers.models import JobSeeker
    from tests.coordination.events.helpers import make_event
    from tests.coordination.jobseekers.helpers import register

    event = make_event(users, agreements)
    existing = register(users["counsellor"], name_latin="", name_km="សុខ ដារា", national_id="", phone="")

    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    submits: list[str] = []
    page.on("request", lambda r: submits.append(r.url) if r.method == "POST" and r.url.endswith("/register/")
            else None)
    try:
        sign_in(page, "counsellor")
        if language == "km":
            page.get_by_role("button", name="ខ្មែរ").click()
            page.wait_for_load_state()
        page.goto(f"/events/{event.pk}/register/")
        page.fill("input[name=date_of_birth]", "1998-04-14")
        page.locator("input[name=name_latin]").press_sequentially("Sok Dara", delay=40)

        warning = page.locator("#duplicate-check #duplicates")
        warning.wait_for()
        text = warning.inner_text()
        assert _text(language)["warning"] in text
        assert "សុខ ដារា" in text
        assert warning.locator(f"a[href='/jobseekers/{existing.pk}/']").count() == 1
        assert _text(language)["check_in"] in text
        assert page.url.endswith(f"/events/{event.pk}/register/")
        assert submits == []  # nothing was sent but the check
        assert JobSeeker.objects.count() == 1
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390 + 1, width
    finally:
        context.close()


def test_the_cancel_reason_is_usable_on_a_phone(browser, live_server, users, agreements):
    from tests.coordination.events.helpers import make_event

    event = make_event(users, agreements)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, "counsellor")
        page.goto(f"/events/{event.pk}/")
        box = page.locator("input[name=reason]").bounding_box()
        assert box is not None and box["width"] >= 250 and box["height"] >= 40, box
    finally:
        context.close()
