"""The one definition of a licensed agency: the query and the predicate agree, case by case; an agency's
staff are told why their agency is paused."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from accounts.models import Organisation
from coordination.agencies import permissions as perms
from coordination.agencies.models import AgencyProfile, AgencyStatus, InspectionOutcome
from tests.coordination.agencies.helpers import expire, inspect, license, make_agency, set_status, today

CASES = ["never_supervised", "dates_not_recorded", "licensed", "issued_today", "not_yet_in_force", "expires_today",
         "expired", "suspended", "revoked", "restored", "no_number", "deactivated", "not_an_agency"]
LICENSED = {"licensed", "issued_today", "expires_today", "restored"}


def _build(case: str, users: dict[str, Any]) -> Organisation:
    org = make_agency(users, name=f"Agency {case}")
    if case == "licensed":
        license(users, org)
    elif case == "dates_not_recorded":  # supervised (inspected) but the licence never recorded
        inspect(users, org, InspectionOutcome.COMPLIANT)
    elif case == "issued_today":
        license(users, org, issued_ago=0)
    elif case == "not_yet_in_force":
        AgencyProfile.objects.create(organisation=org, licence_issued_on=today() + datetime.timedelta(days=1),
                                     licence_expires_on=today() + datetime.timedelta(days=400))
    elif case == "expires_today":
        license(users, org, expires_in=0)
    elif case == "expired":
        expire(org)
    elif case in ("suspended", "revoked"):
        license(users, org)
        set_status(users, org, case)
    elif case == "restored":
        license(users, org)
        set_status(users, org, AgencyStatus.SUSPENDED)
        set_status(users, org, AgencyStatus.ACTIVE, reason="Refunds paid")
    elif case == "no_number":
        org.licence_number = ""
        org.save()
    elif case == "deactivated":
        org.is_active = False
        org.save()
    elif case == "not_an_agency":
        org.kind = "employer"
        org.save()
    return Organisation.objects.get(pk=org.pk)


@pytest.mark.parametrize("case", CASES)
def test_query_and_predicate_agree(case: str, users: dict[str, Any]) -> None:
    org = _build(case, users)
    in_query = Organisation.objects.filter(perms.licensed_agency_q(), pk=org.pk).exists()
    assert perms.is_licensed_agency(org) is in_query is (case in LICENSED)
    assert bool(perms.licence_problem(org)) is (case not in LICENSED)


def test_expiry_is_judged_on_the_given_day(users: dict[str, Any]) -> None:
    org = make_agency(users)
    license(users, org, expires_in=5)
    later = today() + datetime.timedelta(days=6)
    assert perms.is_licensed_agency(org)
    assert not perms.is_licensed_agency(org, on=later)
    assert not Organisation.objects.filter(perms.licensed_agency_q(later), pk=org.pk).exists()


def test_staff_of_a_paused_agency_are_told_why(users: dict[str, Any]) -> None:
    agency = users["agency"].organisation
    assert perms.agency_access_blocked_reason(users["agency"]) == ""
    expire(agency, days_ago=3)
    users["agency"].organisation = Organisation.objects.get(pk=agency.pk)
    reason = perms.agency_access_blocked_reason(users["agency"])
    expired_on = AgencyProfile.objects.get(organisation=agency).licence_expires_on
    assert "expired on" in reason and "access to job seekers are paused" in reason
    assert expired_on.strftime("%Y") in reason
    assert not perms.can_act_as_licensed_agency(users["agency"])
    # Nobody else is "blocked": the rule is about an agency's own staff.
    for role in ("ministry_admin", "employer_th", "counsellor", "no_org"):
        assert perms.agency_access_blocked_reason(users[role]) == ""


def test_reason_in_khmer(users: dict[str, Any]) -> None:
    from django.utils import translation

    agency = users["agency"].organisation
    set_status(users, agency, AgencyStatus.SUSPENDED, reason="Fees")
    users["agency"].organisation = Organisation.objects.get(pk=agency.pk)
    with translation.override("km"):
        reason = perms.agency_access_blocked_reason(users["agency"])
    assert reason and "suspended" not in reason and "Fees" in reason


@pytest.mark.parametrize("role", ["admin", "ministry_admin", "ministry_reviewer"])
def test_ministry_supervises(role: str, users: dict[str, Any]) -> None:
    assert perms.can_supervise_agencies(users[role])


@pytest.mark.parametrize("role", ["agency", "employer_th", "counsellor", "attache", "no_org", "inactive"])
def test_others_do_not_supervise(role: str, users: dict[str, Any]) -> None:
    assert not perms.can_supervise_agencies(users[role])
    assert perms.can_view_agency(users[role], users["agency"].organisation) is (role == "agency")


@pytest.mark.parametrize(("case", "says"), [("never_supervised", "has not recorded the agency's licence dates"),
                                            ("dates_not_recorded", "has not recorded the agency's licence dates"),
                                            ("not_yet_in_force", "takes effect on")])
def test_an_unrecorded_or_future_licence_is_not_taken_on_trust(case: str, says: str, users: dict[str, Any]) -> None:
    org = _build(case, users)
    assert says in perms.licence_problem(org)
    staff = users["agency"]
    staff.organisation = org
    assert says in perms.agency_access_blocked_reason(staff) and not perms.can_act_as_licensed_agency(staff)
