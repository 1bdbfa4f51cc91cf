"""The duplicate check: within Khmer, within Latin, across the two scripts; narrowed by date of birth or phone;
a pair once decided distinct is not proposed again."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from coordination.jobseekers.cleaning import SeekerCleaner
from coordination.jobseekers.duplicates import likely_matches, likely_matches_of
from coordination.jobseekers.merging import seeker_confirm_distinct
from coordination.jobseekers.services import LikelyDuplicate, seeker_check
from tests.coordination.jobseekers.helpers import register, seeker_data

pytestmark = pytest.mark.django_db

BORN = datetime.date(1998, 4, 14)


def check(**overrides: Any) -> list[Any]:
    overrides.setdefault("national_id", "")
    overrides.setdefault("phone", "")
    _, candidates = seeker_check(data=seeker_data(**overrides))
    return [c.seeker for c in candidates]


@pytest.mark.parametrize(("stored", "typed"), [
    ({"name_km": "លី ស្រីនាង", "name_latin": ""}, {"name_km": "លី ស្រីនាង", "name_latin": ""}),
    ({"name_km": "លី ស្រីនាង", "name_latin": ""}, {"name_km": "លី ស្រី នាង", "name_latin": ""}),
    ({"name_km": "ឈុន សុភ័ក្រ", "name_latin": ""}, {"name_km": "សុភ័ក្រ ឈុន", "name_latin": ""}),
], ids=["same", "split-word", "given-name-first"])
def test_within_khmer(users: dict[str, Any], stored: dict[str, str], typed: dict[str, str]) -> None:
    first = register(users["counsellor"], phone="", **stored)
    assert check(**typed) == [first]


@pytest.mark.parametrize(("stored", "typed"), [
    ("Ly Sreyneang", "Lee Srei Neang"), ("Chhun Sopheak", "Sopheak Chhoun"), ("Heng Samnang", "HENG Sâmnang"),
])
def test_within_latin(users: dict[str, Any], stored: str, typed: str) -> None:
    first = register(users["counsellor"], name_km="", name_latin=stored, phone="")
    assert check(name_km="", name_latin=typed) == [first]


@pytest.mark.parametrize(("khmer", "latin"), [
    ("សុខ ដារា", "Sok Dara"), ("ហេង សំណាង", "Heng Samnang"), ("លី ស្រីនាង", "Ly Sreyneang"),
    ("កែវ ចន្ថា", "Keo Chantha"), ("ថោង ពិសិដ្ឋ", "Thong Piseth"),
])
def test_across_scripts_both_ways(users: dict[str, Any], khmer: str, latin: str) -> None:
    latin_only = register(users["counsellor"], name_km="", name_latin=latin, phone="")
    assert check(name_km=khmer, name_latin="") == [latin_only]
    khmer_only = register(users["counsellor"], name_km=khmer, name_latin="", phone="", national_id="",
                          date_of_birth=datetime.date(1990, 1, 2))
    assert check(name_km="", name_latin=latin, date_of_birth=datetime.date(1990, 1, 2)) == [khmer_only]


def test_different_people_born_the_same_day_are_not_proposed(users: dict[str, Any]) -> None:
    register(users["counsellor"], name_km="សុខ ដារា", name_latin="Sok Dara", phone="")
    assert check(name_km="ចាន់ សុភា", name_latin="Chan Sophea") == []
    assert check(name_km="", name_latin="Sok Dary") == []
    assert check(name_km="", name_latin="Chan Dara") == []


def test_a_similar_name_born_another_day_is_not_proposed(users: dict[str, Any]) -> None:
    register(users["counsellor"], phone="")
    assert check(date_of_birth=datetime.date(1998, 4, 15)) == []
    assert check(name_latin="Sok Dary", name_km="", date_of_birth=datetime.date(1997, 4, 14)) == []


def test_the_same_phone_is_proposed_whatever_the_name(users: dict[str, Any]) -> None:
    first = register(users["counsellor"])
    _, candidates = seeker_check(data=seeker_data(name_km="", name_latin="Chan Sophea", national_id="",
                                                  date_of_birth=datetime.date(1980, 1, 1), phone="+855 12 345 678"))
    assert [c.seeker for c in candidates] == [first]
    assert candidates[0].reasons == ["phone"]


def test_the_reasons_and_the_order(users: dict[str, Any]) -> None:
    exact = register(users["counsellor"], name_km="", name_latin="Sok Dara", phone="", national_id="")
    near = register(users["counsellor"], name_km="", name_latin="Sok Dara Vy", phone="", national_id="",
                    distinct_from=[exact.pk])
    _, candidates = seeker_check(data=seeker_data(name_km="", name_latin="Dara Sok", national_id="", phone=""))
    assert [c.seeker for c in candidates] == [exact, near]
    assert candidates[0].score == 100.0 and candidates[1].score < 100.0
    assert all(c.reasons == ["name_dob"] for c in candidates)


def test_merged_records_are_not_candidates(users: dict[str, Any]) -> None:
    first = register(users["counsellor"], phone="")
    first.status = "merged"
    first.save()
    assert check() == []


def test_a_pair_decided_distinct_is_not_proposed_again(users: dict[str, Any]) -> None:
    first = register(users["counsellor"], name_km="", phone="")
    second = register(users["counsellor"], name_latin="", name_km="សុខ ដារា", national_id="999888777", phone="",
                      distinct_from=[first.pk])
    assert likely_matches_of(first) == [] and likely_matches_of(second) == []
    third = register(users["counsellor"], name_latin="Sok Dara", name_km="", national_id="", phone="",
                     distinct_from=[first.pk, second.pk])
    assert [c.seeker for c in likely_matches_of(third)] == []
    fourth_fields = {"date_of_birth": BORN, "phone": "", "name_km": "", "name_latin_key": "SOK DARA",
                     "name_km_romanised": ""}
    assert {c.seeker.pk for c in likely_matches(fourth_fields)} == {first.pk, second.pk, third.pk}


def test_confirming_distinct_clears_the_profile_and_the_update(users: dict[str, Any]) -> None:
    from coordination.jobseekers.services import seeker_update

    first = register(users["counsellor"], name_km="", phone="")
    other = register(users["counsellor"], name_km="", name_latin="Sok Darra", national_id="", phone="",
                     date_of_birth=datetime.date(1990, 1, 1))
    with pytest.raises(LikelyDuplicate):
        seeker_update(actor=users["counsellor"], seeker=other, data=seeker_data(
            name_km="", name_latin="Sok Darra", national_id="", phone=""))
    seeker_confirm_distinct(actor=users["counsellor"], first=first, second=other)
    updated = seeker_update(actor=users["counsellor"], seeker=other, data=seeker_data(
        name_km="", name_latin="Sok Darra", national_id="", phone=""))
    assert updated.date_of_birth == BORN
    assert likely_matches_of(first) == []


def test_the_check_reuses_a_cleaner_and_writes_nothing(users: dict[str, Any]) -> None:
    from coordination.jobseekers.models import JobSeeker

    register(users["counsellor"], phone="")
    cleaner = SeekerCleaner()
    for _ in range(3):
        _, candidates = seeker_check(data=seeker_data(national_id="", phone=""), cleaner=cleaner)
        assert len(candidates) == 1
    assert JobSeeker.objects.count() == 1


# The check as a form is typed (event mode) -------------------------------------------------------------------

def test_the_check_as_typed_finds_what_registration_would(users: dict[str, Any]) -> None:
    from coordination.jobseekers.inputs import SeekerData
    from coordination.jobseekers.services import seeker_duplicate_check

    existing = register(users["counsellor"], name_latin="", national_id="010203040", phone="")
    typed = SeekerData(name_latin="Sok Dara", date_of_birth=BORN)  # no sex, no province: not yet typed
    found = seeker_duplicate_check(actor=users["counsellor"], data=typed)
    assert found.taken is None and [c.seeker for c in found.candidates] == [existing]
    assert [c.seeker for c in found.candidates] == check(name_latin="Sok Dara", name_km="")
    assert not seeker_duplicate_check(actor=users["counsellor"], data=typed, distinct_from=[existing.pk])
    # the national ID as on the card: the block, and the same record is not listed again
    found = seeker_duplicate_check(actor=users["counsellor"], data=SeekerData(
        name_latin="Sok Dara", date_of_birth=BORN, national_id="0102 03040"))
    assert found.taken == existing and found.candidates == []
    # half-typed or invalid parts are left out, never an error
    assert not seeker_duplicate_check(actor=users["counsellor"], data=SeekerData(
        name_latin="Sok", date_of_birth=None, phone="012", national_id="01"))


def test_the_check_as_typed_is_for_those_who_register(users: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    from coordination.jobseekers.inputs import SeekerData
    from coordination.jobseekers.services import seeker_duplicate_check

    for role in ("ministry_admin", "agency", "employer_kr"):
        with pytest.raises(PermissionDenied):
            seeker_duplicate_check(actor=users[role], data=SeekerData(name_latin="Sok Dara", date_of_birth=BORN))


def test_the_identity_parts_are_cleaned_as_registration_cleans_them() -> None:
    from coordination.jobseekers.cleaning import IdentityCleaner

    data = seeker_data(national_id="0102-03040", phone="012 345 678")
    fields, problems = IdentityCleaner().identity(data)
    clean, _ = SeekerCleaner().clean(data)
    assert fields == {k: clean.fields[k] for k in fields} and not problems.errors
    _, problems = IdentityCleaner().identity(seeker_data(phone="12", national_id="x", date_of_birth=None))
    assert set(problems.errors) == {"phone", "national_id", "date_of_birth"}
