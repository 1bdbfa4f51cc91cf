"""Job-seeker pages, who may open them: every page, every role (200, redirect, 403 or 404).

Counsellors and the ministry see the whole registry; the demo agency (licensed) sees the seekers shared with
agencies, and a seeker it may not see is not found (404), never forbidden; everyone else is turned away."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.pages import LOGIN, ROLES, assert_status

MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}
COUNSELLOR = {"counsellor"}
AGENCY = {"agency"}


def expect(role: str, *, ok: set[str], code: int = 200, hidden: set[str] = frozenset()) -> object:
    if role in ("anonymous", "inactive"):
        return LOGIN
    if role in ok:
        return code
    if role in hidden:
        return 404
    return 403


@pytest.mark.parametrize("role", ROLES)
def test_the_registry_by_role(as_role, registry, role):
    assert_status(as_role(role).get(reverse("jobseeker_list")), expect(role, ok=MINISTRY | COUNSELLOR | AGENCY))


@pytest.mark.parametrize("role", ROLES)
def test_registration_by_role(as_role, registry, role):
    assert_status(as_role(role).get(reverse("jobseeker_register")), expect(role, ok=COUNSELLOR))


@pytest.mark.parametrize("role", ROLES)
def test_the_address_lists_by_role(as_role, registry, role):
    response = as_role(role).get(reverse("jobseeker_places"), {"province": "KH-12"})
    assert_status(response, expect(role, ok=COUNSELLOR))


@pytest.mark.parametrize("role", ROLES)
def test_a_shared_profile_by_role(as_role, registry, role):
    url = reverse("jobseeker_detail", args=[registry["shared"].pk])
    assert_status(as_role(role).get(url), expect(role, ok=MINISTRY | COUNSELLOR | AGENCY))


@pytest.mark.parametrize("role", ROLES)
def test_a_profile_not_shared_with_agencies_by_role(as_role, registry, role):
    url = reverse("jobseeker_detail", args=[registry["private"].pk])
    assert_status(as_role(role).get(url), expect(role, ok=MINISTRY | COUNSELLOR, hidden=AGENCY))


@pytest.mark.parametrize("role", ROLES)
def test_editing_by_role(as_role, registry, role):
    """Only the job centre that keeps the record changes it; the agency may see it but not change it."""
    url = reverse("jobseeker_edit", args=[registry["shared"].pk])
    assert_status(as_role(role).get(url), expect(role, ok=COUNSELLOR))


@pytest.mark.parametrize("role", ROLES)
def test_recording_consent_by_role(as_role, registry, role):
    url = reverse("jobseeker_consent", args=[registry["shared"].pk])
    response = as_role(role).post(url, {"consent-for_matching": "on"})
    assert_status(response, expect(role, ok=COUNSELLOR, code=302))


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_consent_by_role(as_role, registry, role):
    """Any counsellor or the ministry takes a withdrawal (nobody has to travel back to their job centre)."""
    url = reverse("jobseeker_consent_withdraw", args=[registry["private"].pk])
    response = as_role(role).post(url, {"withdraw-reason": "", "withdraw-confirm": "on"})
    assert_status(response, expect(role, ok=MINISTRY | COUNSELLOR, code=302, hidden=AGENCY))


@pytest.mark.parametrize("role", ROLES)
def test_the_vetting_page_by_role(as_role, registry, role):
    """The keeping job centre's counsellors and the ministry; the agency sees the profile but may not vet."""
    url = reverse("jobseeker_vetting", args=[registry["shared"].pk])
    assert_status(as_role(role).get(url), expect(role, ok=MINISTRY | COUNSELLOR))


@pytest.mark.parametrize("role", ROLES)
def test_recording_vetting_evidence_by_role(as_role, registry, role):
    url = reverse("jobseeker_vetting", args=[registry["private"].pk])
    response = as_role(role).post(url, {"kind": "identity", "on_date": timezone.localdate().isoformat()})
    assert_status(response, expect(role, ok=MINISTRY | COUNSELLOR, code=302, hidden=AGENCY))


@pytest.mark.parametrize("role", ROLES)
def test_putting_on_a_roster_by_role(as_role, registry, role):
    url = reverse("jobseeker_roster_enter", args=[registry["private"].pk, registry["agreements"]["KR"].pk])
    assert_status(as_role(role).post(url), expect(role, ok=MINISTRY | COUNSELLOR, code=302, hidden=AGENCY))


@pytest.mark.parametrize("role", ROLES)
def test_the_seekers_own_data_by_role(as_role, registry, role):
    url = reverse("jobseeker_subject_export", args=[registry["shared"].pk])
    assert_status(as_role(role).post(url), expect(role, ok=MINISTRY | COUNSELLOR))


@pytest.mark.parametrize("role", ROLES)
def test_merging_by_role(as_role, registry, twin, role):
    """A counsellor of either record's job centre, or the ministry; the agency sees both records but may not."""
    url = reverse("jobseeker_merge", args=[twin.pk])
    response = as_role(role).post(url, {"into": registry["shared"].pk, "reason": "Same ID card"})
    assert_status(response, expect(role, ok=MINISTRY | COUNSELLOR, code=302))


@pytest.mark.parametrize("role", ROLES)
def test_confirming_distinct_by_role(as_role, registry, twin, role):
    url = reverse("jobseeker_confirm_distinct", args=[twin.pk])
    response = as_role(role).post(url, {"other": registry["shared"].pk})
    assert_status(response, expect(role, ok=MINISTRY | COUNSELLOR, code=302))


@pytest.mark.parametrize("role", ["counsellor", "ministry_admin", "agency"])
def test_the_pages_that_only_take_a_post_refuse_a_get(as_role, registry, role):
    for name in ("jobseeker_consent", "jobseeker_consent_withdraw", "jobseeker_subject_export", "jobseeker_merge",
                 "jobseeker_confirm_distinct"):
        response = as_role(role).get(reverse(name, args=[registry["shared"].pk]))
        assert response.status_code == 405, name
    url = reverse("jobseeker_roster_enter", args=[registry["shared"].pk, registry["agreements"]["KR"].pk])
    assert as_role(role).get(url).status_code == 405
