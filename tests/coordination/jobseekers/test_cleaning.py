"""The cleaner's shortcuts give what the plain rules give: the phone fast path what phonenumbers' parser gives,
and a reused cleaner (which works out each distinct part once) what a fresh cleaner gives for every record."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from coordination.jobseekers.cleaning import SeekerCleaner, _parse_phone, normalise_phone
from coordination.jobseekers.inputs import ExperienceData, LanguageData
from tests.coordination.jobseekers.helpers import seeker_data


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("012 345 678", "+85512345678"),
        ("097 1234 567", "+855971234567"),
        ("+855 97 2000000", "+855972000000"),
        ("+855-12-345-678", "+85512345678"),
        ("+85512345678", "+85512345678"),
        ("0 00 000 000", None),
        ("+855 1234", None),
        ("012 345 6789 0", None),
        ("+82 10 1234 5678", "+821012345678"),
        ("abc", None),
    ],
)
def test_phone_numbers_read_as_before(typed: str, stored: str | None) -> None:
    assert normalise_phone(typed) == stored == _parse_phone(typed)


@settings(max_examples=400, deadline=None)
@given(
    prefix=st.sampled_from(["0", "+855", "+8550", "855", "00855", "+856", "+"]),
    digits=st.text("0123456789", min_size=6, max_size=11),
    separators=st.lists(st.sampled_from([" ", "-", "", ".", "  "]), min_size=12, max_size=12),
)
def test_the_fast_path_agrees_with_the_parser_on_any_digits(prefix: str, digits: str, separators: list[str]) -> None:
    typed = prefix + "".join(d + s for d, s in zip(digits, separators, strict=False))
    assert normalise_phone(typed) == _parse_phone(typed)


def _outcome(cleaner: SeekerCleaner, data: Any) -> tuple[Any, ...]:
    clean, e = cleaner.clean(data)
    return (
        clean.fields,
        clean.experiences,
        clean.certifications,
        clean.languages,
        clean.destinations,
        clean.sectors,
        list(e.errors.items()),
    )


RECORDS = [
    {},
    {"province": "KH-99"},
    {"province": "KH-12", "district": "0101"},
    {"min_wage": 1},
    {"min_wage": True},
    {"min_wage": 1.0},
    {"min_wage": "1"},
    {"min_wage": "-3", "min_wage_currency": "XXX"},
    {"date_of_birth": datetime.date(2020, 1, 1)},
    {"date_of_birth": datetime.datetime(1990, 1, 1, 5, 0)},
    {"experiences": [ExperienceData(occupation="7531", years=True)]},
    {"experiences": [ExperienceData(occupation="7531", years=1)]},
    {"experiences": [ExperienceData(occupation="7531", years="2"), ExperienceData(occupation="7531", years="1")]},
    {"languages": [LanguageData(language="ko", test="JLPT", score="72")]},
    {"languages": [LanguageData(language="zz")]},
    {"destinations": ["KR", "KR", "ZZ"], "sectors": ["C", "Q9"]},
    {"passport_status": "issued"},
    {"passport_number": "N1234567"},
    {"name_km": "Sok", "name_latin": "សុខ"},
    {"name_km": "", "name_latin": ""},
    {"available_from": datetime.date(1990, 1, 1)},
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "km"])
def test_a_reused_cleaner_gives_every_record_what_a_fresh_one_gives(language: str) -> None:
    records = [seeker_data(**changes) for changes in RECORDS]
    with override(language):
        fresh = [_outcome(SeekerCleaner(), data) for data in records]
        reused = SeekerCleaner()
        twice = [_outcome(reused, data) for data in records + records]
    assert twice == fresh + fresh
    assert any(errors for *_rest, errors in fresh) and not fresh[0][-1]


@pytest.mark.django_db
def test_a_remembered_part_gives_its_messages_in_the_language_of_each_record() -> None:
    cleaner = SeekerCleaner()
    data = seeker_data(province="KH-99")
    with override("en"):
        english = cleaner.clean(data)[1].errors["province"]
    with override("km"):
        khmer = cleaner.clean(data)[1].errors["province"]
        assert khmer == SeekerCleaner().clean(data)[1].errors["province"]
    assert english != khmer


@pytest.mark.django_db
def test_what_one_record_gets_is_its_own() -> None:
    cleaner = SeekerCleaner()
    first = cleaner.clean(seeker_data())[0]
    first.experiences[0]["years"] = 99
    first.destinations.append(0)
    second = cleaner.clean(seeker_data())[0]
    assert second.experiences[0]["years"] != 99 and 0 not in second.destinations
