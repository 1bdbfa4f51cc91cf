"""Demand pages, who may open them: every page, every role (200, redirect, 403 or 404).

The letters are built with the ORM factories (tests/demand/factories.py) so that each status is reached
without depending on screening; the behaviour tests (test_demand_employer.py, test_demand_ministry.py)
go through the services and the pages.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from demand.models import Allocation, Attachment, AttachmentKind, EmployerProfile
from jobs.models import Job, JobStatus
from tests.demand.factories import make_letter
from tests.demand.pages.helpers import PDF, accredit_employers
from tests.pages import LOGIN, ROLES, assert_status

MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}
EMPLOYERS = {"employer_th", "employer_kr"}
OUTSIDERS = {"counsellor", "no_org"}  # signed in, but no business with demand
# The demo labour attaché covers Thailand: it sees the Thai letters once submitted, never a draft.
ATTACHE = {"attache"}


@pytest.fixture
def letters(users: dict[str, Any], agreements: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    accredit_employers(users)
    th_org, kr_org = users["employer_th"].organisation, users["employer_kr"].organisation
    today = timezone.localdate()
    draft = make_letter(agreement=agreements["TH"], employer=th_org, positions=[{"sector": "14"}])
    review = make_letter(agreement=agreements["TH"], employer=th_org, status="under_review",
                         submitted_at=timezone.now(), review_due=today + datetime.timedelta(days=7))
    attachment = Attachment(letter=review, kind=AttachmentKind.SIGNED_LETTER, original_name="signed.pdf",
                            content_type="application/pdf", size=len(PDF), uploaded_by=users["employer_th"])
    attachment.file.save("signed.pdf", ContentFile(PDF), save=False)
    attachment.save()
    allocated = make_letter(agreement=agreements["KR"], employer=kr_org, status="allocated",
                            positions=[{"occupation": "8211", "sector": "C", "wage_amount": Decimal("2300000"),
                                        "wage_currency": "KRW", "wage_period": "month", "costs": []}])
    Allocation.objects.create(letter=allocated, agency=users["agency"].organisation, workers=5,
                              created_by=users["ministry_admin"])
    job = Job.objects.create(kind="demand.import_positions", started_by=users["employer_th"],
                             status=JobStatus.QUEUED, params={"letter_id": draft.pk, "upload": "x", "language": "en"})
    return {"draft": draft, "review": review, "attachment": attachment, "allocated": allocated, "job": job,
            "th_org": th_org}


def expect(role: str, *, ok: set[str], code: int = 200, otherwise: int = 403, hidden: set[str] = frozenset(),
           redirect: set[str] = frozenset()) -> Any:
    """The expected answer for a role: LOGIN when not signed in, `code` when allowed, 302 when redirected,
    404 when the letter is hidden from it, else `otherwise`."""
    if role in ("anonymous", "inactive"):
        return LOGIN
    if role in ok:
        return code
    if role in redirect:
        return 302
    if role in hidden:
        return 404
    return otherwise


# --- lists and pages without a letter -------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_letter_list_by_role(as_role, letters, role):
    response = as_role(role).get(reverse("demand_list"))
    assert_status(response, expect(role, ok=MINISTRY | EMPLOYERS | {"agency"} | ATTACHE))


@pytest.mark.parametrize("role", ROLES)
def test_create_page_by_role(as_role, letters, role):
    assert_status(as_role(role).get(reverse("demand_create")), expect(role, ok=EMPLOYERS))


@pytest.mark.parametrize("role", ROLES)
def test_profile_page_by_role(as_role, letters, role):
    assert_status(as_role(role).get(reverse("employer_profile")), expect(role, ok=EMPLOYERS))


@pytest.mark.parametrize("role", ROLES)
def test_review_queue_by_role(as_role, letters, role):
    assert_status(as_role(role).get(reverse("demand_review_queue")), expect(role, ok=MINISTRY))


@pytest.mark.parametrize("role", ROLES)
def test_quota_page_by_role(as_role, letters, role):
    assert_status(as_role(role).get(reverse("demand_quota")), expect(role, ok=MINISTRY))


@pytest.mark.parametrize("role", ROLES)
def test_employer_list_by_role(as_role, letters, role):
    assert_status(as_role(role).get(reverse("demand_employer_list")), expect(role, ok=MINISTRY))


@pytest.mark.parametrize("role", ROLES)
def test_employer_page_by_role(as_role, letters, role):
    url = reverse("demand_employer_detail", args=[letters["th_org"].pk])
    assert_status(as_role(role).get(url), expect(role, ok=MINISTRY))


@pytest.mark.parametrize("role", ROLES)
def test_correcting_an_employers_profile_by_role(as_role, letters, role):
    """Who manages employers (the accreditation rule) may correct a profile, with a reason; nobody else."""
    organisation = letters["th_org"]
    url = reverse("demand_employer_detail", args=[organisation.pk])
    response = as_role(role).post(url, {
        "action": "profile", "profile-legal_name": "Siam Garments Co., Ltd.", "profile-registration_number": "R-9",
        "profile-address": "1 Road", "profile-sector": "14", "profile-contact_name": "HR",
        "profile-contact_email": "hr@example.com", "profile-reason": "Registry extract received",
    })
    assert_status(response, expect(role, ok=MINISTRY, code=302))
    profile = EmployerProfile.objects.get(organisation=organisation)
    assert (profile.registration_number == "R-9") is (role in MINISTRY)


def test_employer_page_of_an_organisation_without_profile_is_404(as_role, letters, users):
    url = reverse("demand_employer_detail", args=[users["agency"].organisation_id])
    assert as_role("ministry_reviewer").get(url).status_code == 404


# --- one letter -------------------------------------------------------------------------------------------

# A Thai draft: the Thai employer's own; hidden from the Korean employer, from the agency (not allocated) and
# from the attaché (a draft is the employer's alone).
TH_HIDDEN = {"employer_kr", "agency", "attache"}


@pytest.mark.parametrize("role", ROLES)
def test_letter_page_by_role(as_role, letters, role):
    url = reverse("demand_detail", args=[letters["draft"].pk])
    response = as_role(role).get(url)
    assert_status(response, expect(role, ok={"employer_th"}, redirect=MINISTRY, hidden=TH_HIDDEN))
    if role in MINISTRY:
        assert response.url == reverse("demand_review", args=[letters["draft"].pk])


@pytest.mark.parametrize("role", ROLES)
def test_allocated_letter_page_by_role(as_role, letters, role):
    url = reverse("demand_detail", args=[letters["allocated"].pk])
    assert_status(as_role(role).get(url),
                  expect(role, ok={"employer_kr", "agency"}, redirect=MINISTRY, hidden={"employer_th", "attache"}))


@pytest.mark.parametrize("role", ROLES)
def test_editor_by_role(as_role, letters, role):
    url = reverse("demand_edit", args=[letters["draft"].pk])
    assert_status(as_role(role).get(url), expect(role, ok={"employer_th"}, hidden=TH_HIDDEN))


def test_editor_of_a_letter_under_review_sends_back_to_the_letter(as_role, letters):
    response = as_role("employer_th").get(reverse("demand_edit", args=[letters["review"].pk]))
    assert response.status_code == 302
    assert response.url == reverse("demand_detail", args=[letters["review"].pk])


@pytest.mark.parametrize("role", ROLES)
def test_precheck_by_role(as_role, letters, role):
    url = reverse("demand_precheck", args=[letters["draft"].pk])
    assert_status(as_role(role).get(url), expect(role, ok={"employer_th"} | MINISTRY, hidden=TH_HIDDEN))


@pytest.mark.parametrize("role", ROLES)
def test_submit_by_role(as_role, letters, role):
    # The draft complies: its employer submits it and is sent back to the letter.
    url = reverse("demand_submit", args=[letters["draft"].pk])
    assert_status(as_role(role).post(url), expect(role, ok={"employer_th"}, code=302, hidden=TH_HIDDEN))


@pytest.mark.parametrize("role", ROLES)
def test_template_download_by_role(as_role, letters, role):
    url = reverse("demand_template", args=[letters["draft"].pk])
    response = as_role(role).get(url)
    assert_status(response, expect(role, ok={"employer_th"}, hidden=TH_HIDDEN))
    if role == "employer_th":
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.content.startswith(b"PK")


@pytest.mark.parametrize("role", ROLES)
def test_upload_page_by_role(as_role, letters, role):
    url = reverse("demand_upload", args=[letters["draft"].pk])
    assert_status(as_role(role).get(url), expect(role, ok={"employer_th"}, hidden=TH_HIDDEN))


@pytest.mark.parametrize("role", ROLES)
def test_import_page_by_role(as_role, letters, role):
    url = reverse("demand_import", args=[letters["draft"].pk, letters["job"].pk])
    assert_status(as_role(role).get(url), expect(role, ok={"employer_th"}, hidden=TH_HIDDEN))


@pytest.mark.parametrize("role", ROLES)
def test_import_status_fragment_by_role(as_role, letters, role):
    url = reverse("demand_import_status", args=[letters["draft"].pk, letters["job"].pk])
    assert_status(as_role(role).get(url), expect(role, ok={"employer_th"}, hidden=TH_HIDDEN))


def test_import_page_of_another_letters_job_is_404(as_role, letters):
    url = reverse("demand_import", args=[letters["review"].pk, letters["job"].pk])
    assert as_role("employer_th").get(url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_attachment_download_by_role(as_role, letters, role):
    url = reverse("demand_attachment", args=[letters["review"].pk, letters["attachment"].pk])
    response = as_role(role).get(url)
    # The Thai letter under review: the attaché covering Thailand sees its documents too.
    assert_status(response, expect(role, ok={"employer_th"} | MINISTRY | ATTACHE, hidden={"employer_kr", "agency"}))
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")


def test_attachment_of_another_letter_is_404(as_role, letters):
    url = reverse("demand_attachment", args=[letters["draft"].pk, letters["attachment"].pk])
    assert as_role("ministry_reviewer").get(url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_review_page_by_role(as_role, letters, role):
    url = reverse("demand_review", args=[letters["review"].pk])
    assert_status(as_role(role).get(url), expect(role, ok=MINISTRY))


@pytest.mark.parametrize("role", ROLES)
def test_review_decision_by_role(as_role, letters, role):
    url = reverse("demand_review", args=[letters["review"].pk])
    response = as_role(role).post(url, {"action": "decide", "decision-decision": "return", "decision-reason": ""})
    # Ministry staff get the page back (a return needs a reason); nobody else may decide.
    assert_status(response, expect(role, ok=MINISTRY))


def test_unknown_letter_is_404_for_everyone_who_may_see_demand(as_role, letters):
    for role in ("ministry_reviewer", "employer_th", "agency"):
        assert as_role(role).get(reverse("demand_detail", args=[999999])).status_code == 404
    assert as_role("ministry_reviewer").get(reverse("demand_review", args=[999999])).status_code == 404


# --- navigation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("employer_th", ["My demand letters"], ["Review queue", "Quotas", "Employers", "Allocated demand"]),
        ("agency", ["Allocated demand"], ["My demand letters", "Review queue", "Quotas", "Employers"]),
        ("ministry_reviewer", ["Review queue", "Quotas", "Employers"], ["My demand letters", "Allocated demand"]),
        ("counsellor", [], ["My demand letters", "Allocated demand", "Review queue", "Quotas", "Employers"]),
    ],
)
def test_navigation_shows_the_demand_pages_by_role(as_role, users, role, shown, hidden):
    html = as_role(role).get(reverse("home")).content.decode()
    nav = html.split('<ul class="nav">', 1)[1].split("</ul>", 1)[0]
    for label in shown:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav


# --- every page in Khmer ---------------------------------------------------------------------------------


def test_every_demand_page_renders_in_khmer(client, users, letters, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    pages = {
        "employer_th": [reverse("demand_list"), reverse("demand_create"), reverse("employer_profile"),
                        reverse("demand_detail", args=[letters["draft"].pk]),
                        reverse("demand_edit", args=[letters["draft"].pk]),
                        reverse("demand_precheck", args=[letters["draft"].pk]),
                        reverse("demand_upload", args=[letters["draft"].pk]),
                        reverse("demand_import", args=[letters["draft"].pk, letters["job"].pk])],
        "ministry_reviewer": [reverse("demand_review_queue"), reverse("demand_quota"),
                              reverse("demand_employer_list"),
                              reverse("demand_employer_detail", args=[letters["th_org"].pk]),
                              reverse("demand_review", args=[letters["review"].pk]),
                              reverse("demand_review", args=[letters["allocated"].pk])],
        "agency": [reverse("demand_list"), reverse("demand_detail", args=[letters["allocated"].pk])],
    }
    for role, urls in pages.items():
        client.force_login(users[role])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert b'<html lang="km">' in response.content, url
