"""The home page: each person's own work first (letters waiting for them, the queue, allocations, failures to
look at), then the agreements that concern them; nothing that promises what is not built."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.pages import LOGIN, ROLES, assert_status

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN, "inactive": LOGIN}


@pytest.mark.parametrize("role", ROLES)
def test_home_by_role(as_role, role):
    assert_status(as_role(role).get(reverse("home")), EXPECTED[role])


def test_ministry_sees_counts_by_status(as_role, agreements):
    html = as_role("ministry_reviewer").get(reverse("home")).content.decode()
    assert "4 agreements are registered." in html
    assert f'href="{reverse("agreement_list")}?status=in_force"' in html
    assert '<span class="stat__count">4</span>' in html


def test_employer_sees_only_the_agreement_with_their_country(as_role, agreements):
    html = as_role("employer_th").get(reverse("home")).content.decode()
    assert agreements["TH"].title in html
    assert agreements["KR"].title not in html


def test_counsellor_sees_every_agreement_in_force(as_role, agreements):
    html = as_role("counsellor").get(reverse("home")).content.decode()
    for agreement in agreements.values():
        assert agreement.title in html
    assert "Open one when you counsel a job seeker." in html


def test_account_without_organisation_is_told_why(as_role):
    html = as_role("no_org").get(reverse("home")).content.decode()
    assert "Your account is not linked to an organisation" in html


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("ministry_admin", ["Administration", "Agreements"], []),
        ("ministry_reviewer", ["Administration", "Agreements"], []),
        ("employer_th", ["Agreements", "Occupations"], ["Administration"]),
        ("no_org", ["Occupations"], ["Agreements", "Administration"]),
    ],
)
def test_navigation_follows_the_role(as_role, role, shown, hidden):
    html = as_role(role).get(reverse("home")).content.decode()
    nav = html.split('<ul class="nav">', 1)[1].split("</ul>", 1)[0]
    for label in shown:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav


# --- no page promises what is not built ----------------------------------------------------------------------

PROMISES = re.compile(r"\bsoon\b|what is coming|coming next|not yet available|will be available|under construction"
                      r"|\bTODO\b|lorem ipsum", re.IGNORECASE)


def test_no_string_a_person_reads_promises_what_is_not_built():
    """Every msgid of the catalogue (what the pages, messages and exports can say) is free of promises."""
    from tests.config.test_translations import parse_po

    catalogue = parse_po(ROOT / "locale" / "km" / "LC_MESSAGES" / "django.po")
    promising = [str(entry["msgid"]) for entry in catalogue if PROMISES.search(str(entry["msgid"]))]
    assert len(catalogue) > 500
    assert promising == []


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("anonymous", "inactive")])
def test_no_home_page_promises_what_is_not_built(as_role, agreements, role):
    html = as_role(role).get(reverse("home")).content.decode()
    assert not PROMISES.search(html.split("<main", 1)[-1])
