"""A profile: identifiers in full or masked by the rules, the access log written for outsiders and shown to
the owning job centre and the ministry, merged records sent on to the record they went into."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination.jobseekers.models import JobSeeker, ProfileView, SeekerStatus


def open_profile(client, seeker):
    return client.get(reverse("jobseeker_detail", args=[seeker.pk]))


@pytest.mark.parametrize(("who", "full", "logged"), [
    ("counsellor", True, False),  # the owning job centre
    ("ministry_reviewer", True, False),
    ("agency", False, True),
])
def test_masking_and_the_access_log_by_role(sign_in, registry, who, full, logged):
    seeker = registry["shared"]
    html = open_profile(sign_in(who), seeker).content.decode()
    assert ("010203040" in html) is full
    assert ("•••••3040" in html) is not full
    assert ("+855 12 345 678" in html or "+85512345678" in html) is full
    assert ProfileView.objects.filter(seeker=seeker).exists() is logged
    assert ('id="access-log"' in html) is full


def test_another_job_centres_counsellor_sees_it_masked_and_is_logged(sign_in, registry):
    seeker = registry["shared"]
    html = open_profile(sign_in(registry["other_counsellor"]), seeker).content.decode()
    assert "010203040" not in html and 'id="access-log"' not in html
    view = ProfileView.objects.get(seeker=seeker)
    assert view.viewer == registry["other_counsellor"] and view.channel == "page"


def test_the_owner_reads_who_opened_the_profile(sign_in, registry):
    seeker = registry["shared"]
    open_profile(sign_in("agency"), seeker)
    html = open_profile(sign_in("counsellor"), seeker).content.decode()
    assert registry["users"]["agency"].organisation.name in html


def test_the_profile_shows_the_record_and_the_roster(sign_in, registry):
    html = open_profile(sign_in("counsellor"), registry["shared"]).content.decode()
    assert "7531" in html and "EPS-TOPIK" in html and registry["agreements"]["KR"].title in html
    assert reverse("jobseeker_edit", args=[registry["shared"].pk]) in html
    assert 'action="' + reverse("jobseeker_consent_withdraw", args=[registry["shared"].pk]) in html


def test_an_agency_gets_no_consent_or_change_forms(sign_in, registry):
    html = open_profile(sign_in("agency"), registry["shared"]).content.decode()
    assert reverse("jobseeker_edit", args=[registry["shared"].pk]) not in html
    assert reverse("jobseeker_consent", args=[registry["shared"].pk]) not in html
    assert reverse("jobseeker_subject_export", args=[registry["shared"].pk]) not in html


def test_a_merged_record_sends_the_reader_on(sign_in, registry):
    keep, gone = registry["shared"], registry["private"]
    JobSeeker.objects.filter(pk=gone.pk).update(status=SeekerStatus.MERGED, merged_into=keep)
    response = open_profile(sign_in("counsellor"), gone)
    assert response.status_code == 302 and response.url == reverse("jobseeker_detail", args=[keep.pk])
    html = sign_in("counsellor").get(response.url).content.decode()
    assert "Chan Sophea" in html  # "records merged into this one"


def test_counsellors_see_eligibility_per_agreement_and_its_sheets_agencies_do_not(sign_in, registry):
    seeker = registry["shared"]
    kr = registry["agreements"]["KR"]
    html = open_profile(sign_in("counsellor"), seeker).content.decode()
    assert 'id="eligibility"' in html and f'id="eligibility-{kr.pk}"' in html
    assert reverse("jobseeker_counselling_sheet", args=[seeker.pk, kr.pk]) in html
    assert 'id="eligibility"' not in open_profile(sign_in("agency"), seeker).content.decode()


IDENTIFIERS_QUERY = "query($id: ID!) { jobSeeker(id: $id) { nationalId phone passportNumber identifiersMasked } }"


@pytest.fixture
def with_passport(registry):
    seeker = registry["shared"]
    seeker.passport_status, seeker.passport_number = "issued", "N1234567"
    seeker.save(update_fields=["passport_status", "passport_number"])
    return seeker


@pytest.mark.parametrize(("who", "full"), [
    ("counsellor", True),  # the owning job centre
    ("ministry_reviewer", True),
    ("agency", False),
    ("other_counsellor", False),  # a counsellor of another job centre
])
def test_the_passport_number_is_masked_on_the_page_like_the_national_id(sign_in, registry, with_passport, who,
                                                                         full):
    user = registry[who] if who == "other_counsellor" else who
    html = open_profile(sign_in(user), with_passport).content.decode()
    assert ("N1234567" in html) is full
    assert ("••••4567" in html) is not full


@pytest.mark.parametrize("who", ["counsellor", "ministry_reviewer", "agency", "other_counsellor"])
def test_the_page_and_graphql_show_the_same_identifiers_per_role(sign_in, registry, with_passport, who):
    """Both doors read coordination.jobseekers.selectors.seeker_identifiers: what one shows, the other shows."""
    from tests.api.helpers import run

    user = registry[who] if who == "other_counsellor" else who
    client = sign_in(user)
    shown = run(client, IDENTIFIERS_QUERY, {"id": with_passport.pk})["data"]["jobSeeker"]
    html = open_profile(client, with_passport).content.decode()
    for value in (shown["nationalId"], shown["passportNumber"]):
        assert f'<span class="code" translate="no">{value}</span>' in html
    if shown["identifiersMasked"]:
        assert f'<span class="code" translate="no">{shown["phone"]}</span>' in html
        for full in ("010203040", "N1234567", "345 678", "345678"):
            assert full not in html
    else:
        assert shown["phone"] == "+85512345678" and "+855 12 345 678" in html  # the page groups the digits
