"""Searching the registry across scripts (coordination.jobseekers.selectors.seeker_list): Latin letters find a
name written only in Khmer, and Khmer finds a name written only in Latin letters."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from coordination.jobseekers.selectors import seeker_list
from tests.coordination.jobseekers.helpers import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def seekers(users: dict[str, Any]) -> dict[str, Any]:
    counsellor = users["counsellor"]
    return {
        "latin": register(counsellor, name_km="", name_latin="Sok Dara"),
        "joined": register(counsellor, name_km="", name_latin="Srey Neang", national_id="010203041",
                           phone="012 345 679", date_of_birth=datetime.date(1995, 2, 3)),
        "khmer": register(counsellor, name_km="ចាន់ សុភា", name_latin="", national_id="010203042",
                          phone="012 345 680", date_of_birth=datetime.date(1990, 6, 7)),
    }


def found(users: dict[str, Any], search: str) -> set[str]:
    return {s.display_name for s in seeker_list(actor=users["counsellor"], search=search)}


@pytest.mark.parametrize(("search", "expected"), [
    ("សុខ ដារា", {"Sok Dara"}),        # Khmer finds the record written only in Latin letters
    ("ដារា សុខ", {"Sok Dara"}),        # in either order of family and given name
    ("ដារា", {"Sok Dara"}),
    ("ស្រីនាង", {"Srey Neang"}),        # a Khmer name written as one word, in Latin as two
    ("chan sophea", {"ចាន់ សុភា"}),     # and Latin finds the record written only in Khmer
    ("ចាន់", {"ចាន់ សុភា"}),             # Khmer as typed still finds Khmer
])
def test_search_across_scripts(users: dict[str, Any], seekers: dict[str, Any], search: str,
                               expected: set[str]) -> None:
    assert found(users, search) == expected


def test_a_khmer_search_for_another_name_finds_no_latin_record(users: dict[str, Any], seekers: dict[str, Any]) -> None:
    assert found(users, "ហេង វិចិត្រ") == set()
    assert found(users, "សុខ វិចិត្រ") == set()  # every word must be found, not one of them
