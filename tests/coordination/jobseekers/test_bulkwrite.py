"""insert_rows writes what bulk_create would, on SQLite and on PostgreSQL (CI runs this file on both)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, models, transaction
from django.test.utils import isolate_apps
from django.utils import timezone

from coordination.jobseekers.bulkwrite import insert_rows
from coordination.jobseekers.models import (
    Consent,
    Experience,
    JobSeeker,
    PassportStatus,
    SeekerStatus,
    VettingStatus,
)
from reference.models import Currency, Occupation, Province
from tests.coordination.jobseekers.helpers import register

pytestmark = pytest.mark.django_db

COLUMNS = ["job_centre_id", "registered_by_id", "consent_active", "name_km", "name_latin", "sex", "date_of_birth",
           "national_id", "phone", "province_id", "min_wage", "min_wage_currency_id", "passport_status",
           "passport_number", "passport_expiry"]


def _rows(users: dict[str, Any], n: int, *, start: int = 0) -> list[tuple]:
    counsellor = users["counsellor"]
    province = Province.objects.get(code="KH-12").pk
    usd = Currency.objects.get(code="USD").pk
    return [(counsellor.organisation_id, counsellor.pk, i % 2 == 0, "សុខ ដារា", f"Sok Dara {i}", "female",
             datetime.date(1990, 1, 1) + datetime.timedelta(days=i), f"{700000000 + i}", f"+85512{345000 + i}",
             province, Decimal("812.50") if i % 3 else None, usd if i % 3 else None,
             PassportStatus.ISSUED if i % 2 else PassportStatus.NONE, f"N{1000000 + i}" if i % 2 else "",
             datetime.date(2030, 6, 30) if i % 2 else None) for i in range(start, start + n)]


def test_rows_read_back_as_given_with_the_model_defaults(users: dict[str, Any]) -> None:
    now = timezone.now().replace(microsecond=123000)
    rows = _rows(users, 7)
    ids = insert_rows(JobSeeker, COLUMNS, rows, now=now, returning=True)
    assert len(set(ids)) == 7
    for pk, row in zip(ids, rows, strict=True):
        seeker = JobSeeker.objects.get(pk=pk)
        assert [getattr(seeker, c) for c in COLUMNS] == list(row)
        assert seeker.status == SeekerStatus.ACTIVE and seeker.vetting_status == VettingStatus.NOT_VETTED
        assert seeker.created_at == now and seeker.updated_at == now
        assert seeker.merged_into_id is None and seeker.commune_id is None and seeker.name_latin_key == ""


def test_the_keys_given_out_do_not_collide_with_later_rows(users: dict[str, Any]) -> None:
    now = timezone.now()
    first = insert_rows(JobSeeker, COLUMNS, _rows(users, 3), now=now, returning=True)
    later = register(users["counsellor"], national_id="900000001", phone="012 999 888", name_latin="Chan Vanna",
                     name_km="ចាន់ វណ្ណា")
    second = insert_rows(JobSeeker, COLUMNS, _rows(users, 3, start=10), now=now, returning=True)
    assert len({*first, later.pk, *second}) == 7
    assert JobSeeker.objects.count() == 7


def test_child_rows_without_keys_back(users: dict[str, Any]) -> None:
    now = timezone.now()
    [pk] = insert_rows(JobSeeker, COLUMNS, _rows(users, 1), now=now, returning=True)
    occupations = list(Occupation.objects.filter(level=4).values_list("pk", flat=True)[:2])
    assert insert_rows(Experience, ["seeker_id", "occupation_id", "years"],
                       [(pk, occupations[0], Decimal("2.5")), (pk, occupations[1], Decimal("10"))], now=now) == []
    assert sorted(Experience.objects.filter(seeker_id=pk).values_list("years", flat=True)) == [Decimal("2.5"),
                                                                                                 Decimal("10")]
    insert_rows(Consent, ["seeker_id", "for_matching", "share_with_agencies", "share_with_employers",
                          "recorded_at", "recorded_by_id"], [(pk, True, False, False, now, users["counsellor"].pk)],
                now=now)
    consent = Consent.objects.get(seeker_id=pk)
    assert (consent.for_matching, consent.share_with_agencies, consent.recorded_at) == (True, False, now)
    assert consent.withdrawn_at is None and consent.withdrawal_reason == ""


def test_the_database_constraints_still_apply(users: dict[str, Any]) -> None:
    now = timezone.now()
    rows = _rows(users, 2)
    rows[1] = (*rows[1][:7], rows[0][7], *rows[1][8:])  # the same national ID twice
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(JobSeeker, COLUMNS, rows, now=now, returning=True)
    assert not JobSeeker.objects.exists()


def test_an_unknown_column_or_a_per_row_default_is_refused(users: dict[str, Any]) -> None:
    now = timezone.now()
    with pytest.raises(ValueError, match="no columns"):
        insert_rows(JobSeeker, ["nickname"], [("x",)], now=now)

    with isolate_apps("coordination.jobseekers"):  # a model of this test only, out of the project's registry

        class Token(models.Model):  # noqa: DJ008 — never shown
            value = models.CharField(max_length=10, default=lambda: "fresh")

            class Meta:
                app_label = "jobseekers"

        with pytest.raises(ValueError, match="per-row default"):
            insert_rows(Token, [], [()], now=now)
