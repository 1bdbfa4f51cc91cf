from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from mou.models import AgreementStatus
from mou.selectors import agreement_get, agreement_list, agreement_version_list

pytestmark = pytest.mark.django_db

EXPECTED = {
    "admin": {"TH", "KR", "MY", "JP", "SA"},
    "ministry_admin": {"TH", "KR", "MY", "JP", "SA"},
    "ministry_reviewer": {"TH", "KR", "MY", "JP", "SA"},
    "employer_th": {"TH"},
    "employer_kr": {"KR"},
    "agency": {"TH", "KR", "MY", "JP"},
    "counsellor": {"TH", "KR", "MY", "JP"},
    "attache": {"TH", "KR", "MY", "JP"},
    "no_org": set(),
    "inactive": set(),
}


@pytest.fixture
def with_draft(agreements):
    """A draft agreement with Saudi Arabia beside the four in force: only the ministry sees drafts."""
    from mou.models import Agreement
    from reference.models import Country

    thailand = agreements["TH"]
    return Agreement.objects.create(partner_country=Country.objects.get(iso2="SA"), title="Draft SA",
                                    channel=thailand.channel, status=AgreementStatus.DRAFT)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_agreement_list_is_scoped_by_role(users, agreements, with_draft, role):
    seen = {a.partner_country.iso2 for a in agreement_list(actor=users[role])}
    assert seen == EXPECTED[role]


def test_anonymous_sees_nothing(agreements):
    assert not agreement_list(actor=AnonymousUser()).exists()


def test_employer_cannot_get_another_countrys_agreement(users, agreements):
    assert agreement_get(actor=users["employer_th"], agreement_id=agreements["TH"].pk) is not None
    assert agreement_get(actor=users["employer_th"], agreement_id=agreements["KR"].pk) is None
    assert not agreement_version_list(actor=users["employer_th"], agreement=agreements["KR"]).exists()


def test_suspended_agreements_are_ministry_only(users, agreements):
    malaysia = agreements["MY"]
    malaysia.status = AgreementStatus.SUSPENDED
    malaysia.save()
    assert agreement_get(actor=users["agency"], agreement_id=malaysia.pk) is None
    assert agreement_get(actor=users["ministry_reviewer"], agreement_id=malaysia.pk) is not None


def test_filters(users, agreements):
    actor = users["ministry_admin"]
    assert [a.partner_country.iso2 for a in agreement_list(actor=actor, country="kr")] == ["KR"]
    assert [a.partner_country.iso2 for a in agreement_list(actor=actor, search="Japan")] == ["JP"]
    assert agreement_list(actor=actor, status="draft").count() == 0


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_status_counts_and_countries_follow_the_same_scope(users, agreements, with_draft, role):
    from mou.selectors import agreement_country_list, agreement_status_counts

    actor = users.get(role) or AnonymousUser()
    counts = agreement_status_counts(actor=actor)
    assert set(counts) == set(AgreementStatus.values)
    assert sum(counts.values()) == len(EXPECTED[role])
    assert counts[AgreementStatus.DRAFT] == (1 if "SA" in EXPECTED[role] else 0)
    assert {c.iso2 for c in agreement_country_list(actor=actor)} == EXPECTED[role]


def test_the_current_version_is_the_one_in_force_else_the_latest(users, agreements):
    import datetime

    from mou.selectors import agreement_version_current, agreement_version_get, agreement_version_in_force

    agreement = agreements["KR"]
    in_force = agreement_version_in_force(agreement=agreement)
    assert agreement_version_current(agreement=agreement) == in_force
    long_ago = datetime.date(1990, 1, 1)
    assert agreement_version_in_force(agreement=agreement, on=long_ago) is None
    assert agreement_version_current(agreement=agreement, on=long_ago) == agreement.versions.order_by("-number")[0]
    ministry, employer_th = users["ministry_admin"], users["employer_th"]
    assert agreement_version_get(actor=ministry, agreement=agreement, number=in_force.number) == in_force
    assert agreement_version_get(actor=ministry, agreement=agreement, number=999) is None
    # scoped: the Thai employer cannot read the Korean agreement's versions
    assert agreement_version_get(actor=employer_th, agreement=agreement, number=in_force.number) is None


def test_version_sector_list_applies_the_section_rule(agreements):
    """A covered section brings its divisions; a covered division comes alone; extra codes are added."""
    from mou.selectors import agreement_version_in_force, version_sector_list
    from reference.models import Sector

    version = agreement_version_in_force(agreement=agreements["KR"])
    covered = {s.code for s in version.sectors.all()}
    codes = {s.code for s in version_sector_list(versions=[version, None])}
    for code in covered:
        sector = Sector.objects.get(code=code)
        assert code in codes
        if sector.parent_id is None:  # a section: every division of it too
            assert set(Sector.objects.filter(parent=sector).values_list("code", flat=True)) <= codes
    assert all(Sector.objects.get(code=c).code in covered or Sector.objects.get(code=c).parent.code in covered
               for c in codes)
    assert "Q" in {s.code for s in version_sector_list(versions=[version], extra_codes={"Q"})}
    assert version_sector_list(versions=[]) == []
