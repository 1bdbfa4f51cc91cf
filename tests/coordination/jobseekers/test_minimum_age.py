"""Cambodian law sets 18 as the minimum age for work abroad: registration refuses a younger person at every door
(the shared cleaner here, and the import by row and column; the page in pages/test_jobseeker_register.py,
GraphQL in graphql/test_mutations.py), with a message naming the date of birth."""

from __future__ import annotations

from typing import Any

import pytest

from coordination.jobseekers.cleaning import SeekerCleaner
from coordination.jobseekers.imports import seekers_import
from coordination.jobseekers.models import JobSeeker
from tests.coordination.jobseekers.helpers import seeker_data
from tests.coordination.jobseekers.import_helpers import ROW, fill, person
from tests.coordination.jobseekers.vetting_helpers import born_aged

pytestmark = pytest.mark.django_db


def test_the_cleaner_refuses_16_and_17_and_takes_18() -> None:
    cleaner = SeekerCleaner()
    for age in (16, 17):
        _, e = cleaner.clean(seeker_data(date_of_birth=born_aged(age)))
        assert "date_of_birth" in e.errors, age
        assert "minimum age to work abroad" in str(e.errors["date_of_birth"][0])
        assert f"This person is {age}" in str(e.errors["date_of_birth"][0])
    _, e = cleaner.clean(seeker_data(date_of_birth=born_aged(18)))
    assert "date_of_birth" not in e.errors


def test_the_import_names_the_row_and_column_and_writes_nothing(users: dict[str, Any]) -> None:
    outcome = seekers_import(actor=users["counsellor"], data=fill([ROW, person(1, **{
        "Date of birth": born_aged(16)})]))
    assert outcome.imported == 0 and not JobSeeker.objects.exists()
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "Date of birth")]
    assert "minimum age to work abroad" in outcome.errors[0].message

