"""Registration, its checks, consent and the access log."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coordination.jobseekers import selectors
from coordination.jobseekers.models import Consent, JobSeeker, ProfileView
from coordination.jobseekers.services import (
    LikelyDuplicate,
    consent_withdraw,
    profile_open,
    seeker_register,
    seeker_subject_export,
)
from tests.coordination.jobseekers.helpers import put_on_roster, register, seeker_data

pytestmark = pytest.mark.django_db


def test_a_counsellor_registers_a_seeker_with_consent(users: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    assert seeker.job_centre == users["counsellor"].organisation
    assert seeker.phone == "+85512345678"
    assert seeker.name_latin_key == "SOK DARA" and seeker.name_km_romanised == "SOK DARA"
    assert seeker.consent_active
    assert seeker.experiences.get().occupation.code == "7531"
    assert [p.country.iso2 for p in seeker.destination_preferences.all()] == ["KR", "TH"]


@pytest.mark.parametrize("role", ["ministry_admin", "agency", "employer_th", "attache"])
def test_only_counsellors_register(users: dict[str, Any], role: str) -> None:
    with pytest.raises(PermissionDenied):
        seeker_register(actor=users[role], data=seeker_data())
    assert not JobSeeker.objects.exists()


def test_every_problem_is_named_by_its_field_and_nothing_is_written(users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        register(users["counsellor"], name_km="Sok", name_latin="សុខ", sex="x", phone="12", province="KH-99",
                 date_of_birth=datetime.date(2020, 1, 1), national_id="12 3", min_wage="-1")
    errors = caught.value.message_dict
    assert {"name_km", "name_latin", "sex", "phone", "province", "date_of_birth", "national_id",
            "min_wage"} <= set(errors)
    assert not JobSeeker.objects.exists()


def test_an_address_must_nest(users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        register(users["counsellor"], province="KH-1", district="1201")
    assert "district" in caught.value.message_dict


def test_the_same_national_id_blocks_registration(users: dict[str, Any]) -> None:
    register(users["counsellor"])
    with pytest.raises(ValidationError) as caught:
        register(users["counsellor"], national_id="0102-03040", name_latin="Someone Else", name_km="",
                 phone="", date_of_birth=datetime.date(1990, 1, 1))
    assert "already registered" in caught.value.message_dict["national_id"][0]
    assert JobSeeker.objects.count() == 1


def test_a_likely_duplicate_across_scripts_needs_a_decision(users: dict[str, Any]) -> None:
    first = register(users["counsellor"], name_km="", phone="")
    with pytest.raises(LikelyDuplicate) as caught:
        register(users["counsellor"], name_latin="", name_km="សុខ ដារា", national_id="999888777", phone="")
    assert [c.seeker for c in caught.value.candidates] == [first]
    second = register(users["counsellor"], name_latin="", name_km="សុខ ដារា", national_id="999888777", phone="",
                      distinct_from=[first.pk])
    assert second.pk != first.pk


def test_withdrawal_hides_the_seeker_from_agencies_at_once(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    put_on_roster(seeker, agreements["KR"], users["counsellor"])
    assert selectors.seeker_scope(users["agency"]).filter(pk=seeker.pk).exists()
    consent_withdraw(actor=users["counsellor"], seeker=seeker, reason="Asked to be removed")
    seeker.refresh_from_db()
    assert not seeker.consent_active
    assert not selectors.seeker_scope(users["agency"]).filter(pk=seeker.pk).exists()
    assert selectors.seeker_scope(users["counsellor"]).filter(pk=seeker.pk).exists()
    assert Consent.objects.filter(seeker=seeker).count() == 1  # the history is kept


def test_identifiers_are_masked_outside_the_owning_job_centre_and_views_logged(users: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    full = selectors.seeker_identifiers(actor=users["counsellor"], seeker=seeker)
    assert full["national_id"] == "010203040"
    masked = selectors.seeker_identifiers(actor=users["agency"], seeker=seeker)
    assert masked["national_id"].endswith("3040") and "0102" not in masked["national_id"]
    assert "345" not in masked["phone"]
    profile_open(actor=users["counsellor"], seeker=seeker, channel="page")
    profile_open(actor=users["ministry_admin"], seeker=seeker, channel="page")
    assert not ProfileView.objects.exists()
    profile_open(actor=users["agency"], seeker=seeker, channel="page")
    assert ProfileView.objects.get().viewer == users["agency"]


def test_a_seeker_can_have_their_own_data(users: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    data = seeker_subject_export(actor=users["counsellor"], seeker=seeker)
    assert data["national_id"] == "010203040" and data["consents"][0]["matching"] is True
    # Times in Phnom Penh time (UTC+7), with the offset said.
    assert data["registered_at"].endswith("+07:00") and data["consents"][0]["recorded_at"].endswith("+07:00")
    with pytest.raises(PermissionDenied):
        seeker_subject_export(actor=users["agency"], seeker=seeker)


def test_a_village_is_given_by_code_or_by_name_where_the_list_repeats_a_code(users: dict[str, Any]) -> None:
    from coordination.jobseekers.cleaning import SeekerCleaner

    cleaner = SeekerCleaner()
    address = {"province": "05", "district": "0506", "commune": "050614"}
    _, e = cleaner.clean(seeker_data(**address, village="0506140-"))
    assert "give the village's name" in e.errors["village"][0]
    clean, e = cleaner.clean(seeker_data(**address, village="Pring"))
    assert not e and clean.fields["village_id"] is not None
    clean, e = cleaner.clean(seeker_data(province="KH-12", district="1201", commune="120101", village="12010101"))
    assert not e and clean.fields["village_id"] is not None
