"""Agency services: the licence, the status with its reason and history, inspections; validated with field
paths, audited, the agency's staff told; ministry staff only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Organisation
from audit.models import AuditEvent
from coordination.agencies.models import AgencyProfile, AgencyStatus, AgencyStatusChange, InspectionOutcome
from coordination.agencies.services import agency_licence_save, agency_set_status, inspection_record
from notifications.models import Notification
from tests.coordination.agencies.helpers import inspect, license, make_agency, set_status, today


def _errors(exc: Any) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_licence_is_recorded_on_the_organisation_and_profile(users: dict[str, Any]) -> None:
    agency = users["agency"].organisation
    day = today()
    profile = agency_licence_save(actor=users["ministry_reviewer"], organisation=agency, licence_number=" LIC-99 ",
                                  issued_on=day - datetime.timedelta(days=30),
                                  expires_on=day + datetime.timedelta(days=700), reason="Renewed")
    assert Organisation.objects.get(pk=agency.pk).licence_number == "LIC-99"  # one home for the number
    assert (profile.licence_issued_on, profile.licence_expires_on) == (day - datetime.timedelta(days=30),
                                                                       day + datetime.timedelta(days=700))
    event = AuditEvent.objects.get(action="agency.licence")
    assert event.after["licence_number"] == "LIC-99" and event.reason == "Renewed"
    assert Notification.objects.filter(user=users["agency"], kind="agencies.licence").exists()
    assert profile.ranking_tier  # computed on the way


def test_licence_input_is_checked_field_by_field(users: dict[str, Any]) -> None:
    day = today()
    before = AgencyProfile.objects.get(organisation=users["agency"].organisation).licence_expires_on
    with pytest.raises(ValidationError) as exc:
        agency_licence_save(actor=users["ministry_admin"], organisation=users["agency"].organisation,
                            licence_number="  \u200b ", issued_on=day + datetime.timedelta(days=1),
                            expires_on=day - datetime.timedelta(days=3000))
    errors = _errors(exc)
    assert set(errors) == {"licence_number", "issued_on", "expires_on"}
    with pytest.raises(ValidationError) as exc:
        agency_licence_save(actor=users["ministry_admin"], organisation=users["agency"].organisation,
                            licence_number="X" * 61, issued_on=day, expires_on=day)
    assert set(_errors(exc)) == {"licence_number", "expires_on"}
    assert "The expiry date must be after the issue date" in _errors(exc)["expires_on"][0]
    with pytest.raises(ValidationError) as exc:
        agency_licence_save(actor=users["ministry_admin"], organisation=users["employer_th"].organisation,
                            licence_number="L", issued_on=None, expires_on=None)
    assert set(_errors(exc)) == {"organisation", "issued_on", "expires_on"}
    assert not AgencyProfile.objects.filter(organisation=users["employer_th"].organisation).exists()
    assert AgencyProfile.objects.get(organisation=users["agency"].organisation).licence_expires_on == before


@pytest.mark.parametrize("role", ["agency", "employer_th", "counsellor", "attache", "no_org"])
def test_only_the_ministry_supervises(role: str, users: dict[str, Any]) -> None:
    agency = users["agency"].organisation
    day = today()
    with pytest.raises(PermissionDenied):
        agency_licence_save(actor=users[role], organisation=agency, licence_number="L", issued_on=day,
                            expires_on=day + datetime.timedelta(days=9))
    with pytest.raises(PermissionDenied):
        agency_set_status(actor=users[role], organisation=agency, status="suspended", reason="x")
    with pytest.raises(PermissionDenied):
        inspection_record(actor=users[role], organisation=agency, inspected_on=day, inspector="I", findings="F",
                          outcome="minor")


def test_status_change_needs_a_reason_and_keeps_the_history(users: dict[str, Any]) -> None:
    agency = users["agency"].organisation
    with pytest.raises(ValidationError) as exc:
        agency_set_status(actor=users["ministry_admin"], organisation=agency, status="closed", reason=" ")
    assert set(_errors(exc)) == {"status", "reason"}
    with pytest.raises(ValidationError) as exc:
        agency_set_status(actor=users["ministry_admin"], organisation=agency, status="active", reason="Why not")
    assert "already active" in _errors(exc)["status"][0]
    set_status(users, agency, AgencyStatus.SUSPENDED, reason="Fees over the cap")
    set_status(users, agency, AgencyStatus.ACTIVE, reason="Refunds paid")
    history = list(AgencyStatusChange.objects.filter(profile__organisation=agency).order_by("pk"))
    assert [(c.status_from, c.status_to, c.reason, c.changed_by_id) for c in history] == [
        ("active", "suspended", "Fees over the cap", users["ministry_admin"].pk),
        ("suspended", "active", "Refunds paid", users["ministry_admin"].pk)]
    assert AuditEvent.objects.filter(action="agency.set_status").count() == 2
    titles = [n.title_text for n in Notification.objects.filter(user=users["agency"], kind="agencies.status")
              .order_by("pk")]
    assert titles == ["Your agency's licence is suspended", "Your agency's licence is active again"]


def test_reason_longer_than_the_column_is_refused(users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        set_status(users, users["agency"].organisation, AgencyStatus.REVOKED, reason="x" * 2001)
    assert "at most 2000" in _errors(exc)["reason"][0]


def test_inspection_is_recorded_and_ranked(users: dict[str, Any]) -> None:
    agency = users["agency"].organisation
    inspection = inspect(users, agency, InspectionOutcome.MAJOR)
    assert inspection.profile.organisation_id == agency.pk
    profile = AgencyProfile.objects.get(organisation=agency)
    assert profile.ranking_score == 100 - 15  # major findings (the licence is on record)
    other = make_agency(users)
    inspect(users, other, InspectionOutcome.MAJOR)
    assert AgencyProfile.objects.get(organisation=other).ranking_score == 100 - 15 - 10  # and dates not recorded
    assert AuditEvent.objects.filter(action="agency.inspection").exists()
    assert Notification.objects.filter(user=users["agency"], kind="agencies.inspection").exists()


def test_inspection_input_is_checked(users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        inspection_record(actor=users["ministry_admin"], organisation=users["agency"].organisation,
                          inspected_on=today() + datetime.timedelta(days=1), inspector="", findings="\x00",
                          outcome="terrible")
    assert set(_errors(exc)) == {"inspected_on", "inspector", "findings", "outcome"}


def test_other_agencies_are_untouched(users: dict[str, Any]) -> None:
    other = make_agency(users)
    license(users, other)
    set_status(users, users["agency"].organisation, AgencyStatus.REVOKED)
    assert AgencyProfile.objects.get(organisation=other).status == AgencyStatus.ACTIVE
    assert not Notification.objects.filter(user=users["agency"], kind="agencies.licence").exists()


# One agency per licence number -------------------------------------------------------------------------------


def test_a_licence_number_another_agency_holds_is_refused_whatever_its_case_or_blanks(users: dict[str, Any]) -> None:
    other = make_agency(users, name="Mekong Manpower (test)", licence="MLVT 045")
    license(users, other)
    demo = users["agency"].organisation
    number_before = Organisation.objects.get(pk=demo.pk).licence_number
    day = today()
    for typed in ("MLVT 045", " mlvt   045 ", "Mlvt\t045"):
        with pytest.raises(ValidationError) as exc:
            agency_licence_save(actor=users["ministry_admin"], organisation=demo, licence_number=typed,
                                issued_on=day - datetime.timedelta(days=10),
                                expires_on=day + datetime.timedelta(days=700))
        assert _errors(exc) == {"licence_number": [
            "Licence number MLVT 045 is already held by Mekong Manpower (test): each agency has a licence of its "
            "own. Check the number on the licence."]}
    assert Organisation.objects.get(pk=demo.pk).licence_number == number_before  # nothing changed
    assert not AuditEvent.objects.filter(action="agency.licence", target_id=str(demo.pk)).exists()


def test_an_agency_keeps_its_own_number_and_it_is_stored_normalised(users: dict[str, Any]) -> None:
    other = make_agency(users, name="Mekong Manpower (test)", licence="MLVT 045")
    day = today()
    agency_licence_save(actor=users["ministry_admin"], organisation=other, licence_number="  mlvt   045 ",
                        issued_on=day - datetime.timedelta(days=10), expires_on=day + datetime.timedelta(days=700))
    assert Organisation.objects.get(pk=other.pk).licence_number == "MLVT 045"


def test_the_database_refuses_a_second_agency_with_the_number_written_round_the_services(users: dict[str, Any]
                                                                                         ) -> None:
    from django.db import IntegrityError, transaction

    from accounts.models import OrganisationKind

    make_agency(users, name="Mekong Manpower (test)", licence="MLVT 045")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_agency(users, name="Copycat (test)", licence=" mlvt 045")
    # another kind of organisation may carry the same text (an employer's business licence is another register)
    Organisation.objects.create(name="Employer (test)", kind=OrganisationKind.EMPLOYER,
                                country=users["agency"].organisation.country, licence_number="MLVT 045")


def test_a_number_taken_by_a_concurrent_write_is_a_field_error_not_a_server_error(users: dict[str, Any]) -> None:
    """The check before the write and the write are not one step: the database's refusal is mapped the same way."""
    from accounts.services import licence_number_guard

    make_agency(users, name="Mekong Manpower (test)", licence="MLVT 045")
    with pytest.raises(ValidationError) as exc, licence_number_guard("MLVT 045"):
        make_agency(users, name="Copycat (test)", licence="mlvt 045")
    assert "already held by Mekong Manpower (test)" in _errors(exc)["licence_number"][0]
    assert not Organisation.objects.filter(name="Copycat (test)").exists()


def test_the_organisations_page_service_refuses_it_too(users: dict[str, Any]) -> None:
    from accounts.services import organisation_save

    make_agency(users, name="Mekong Manpower (test)", licence="MLVT 045")
    with pytest.raises(ValidationError) as exc:
        organisation_save(actor=users["ministry_admin"], name="Copycat (test)", kind="agency", country="KH",
                          licence_number="mlvt  045")
    assert "already held by Mekong Manpower (test)" in _errors(exc)["licence_number"][0]
    assert not Organisation.objects.filter(name="Copycat (test)").exists()
    employer = organisation_save(actor=users["ministry_admin"], name="Employer (test)", kind="employer",
                                 country="KH", licence_number="mlvt 045")
    assert employer.licence_number == "MLVT 045"


# Licence dates read in the reader's language ------------------------------------------------------------------


def test_an_expiry_on_or_before_the_issue_date_names_both_fields_and_the_issue_date(users: dict[str, Any]) -> None:
    from django.utils import formats, translation

    day = today()
    for language in ("en", "km"):
        with translation.override(language), pytest.raises(ValidationError) as exc:
            agency_licence_save(actor=users["ministry_admin"], organisation=users["agency"].organisation,
                                licence_number="LIC-1", issued_on=day, expires_on=day)
        with translation.override(language):
            issued = formats.date_format(day, "DATE_FORMAT")
            expected = translation.gettext("The expiry date must be after the issue date (%(issued)s): a licence "
                                           "cannot expire on or before the day it was issued.") % {"issued": issued}
        assert _errors(exc)["expires_on"] == [expected]
        assert day.isoformat() not in expected
    assert "ថ្ងៃ" in expected and "expiry" not in expected  # the Khmer message, not the English one


def test_the_licence_notification_reads_its_dates_in_the_readers_language(users: dict[str, Any]) -> None:
    from django.utils import formats, translation

    from i18n.messages import render

    day = today()
    expires = day + datetime.timedelta(days=700)
    agency_licence_save(actor=users["ministry_admin"], organisation=users["agency"].organisation,
                        licence_number="LIC-99", issued_on=day - datetime.timedelta(days=3), expires_on=expires)
    note = Notification.objects.filter(user=users["agency"], kind="agencies.licence").latest("pk")
    for language in ("en", "km"):
        text = render(note.content["body"], language)
        with translation.override(language):
            assert formats.date_format(expires, "DATE_FORMAT") in text
        assert expires.isoformat() not in text
