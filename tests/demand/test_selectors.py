"""Reads: who sees which letters and employers, the review queue, overdue, and constant query counts."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demand.models import DemandLetter
from demand.selectors import (
    employer_get,
    employer_list,
    letter_get,
    letter_is_overdue,
    letter_list,
    letter_review_queue,
)
from tests.demand.helpers import kr_position, th_position

pytestmark = pytest.mark.django_db

ROLES = ["admin", "ministry_admin", "ministry_reviewer", "employer_th", "employer_kr", "agency", "counsellor",
         "attache", "no_org", "inactive"]
ALL = {"kr_draft", "kr_approved", "kr_allocated", "kr_revoked", "th_draft"}
SEES = {
    "admin": ALL, "ministry_admin": ALL, "ministry_reviewer": ALL,
    "employer_kr": {"kr_draft", "kr_approved", "kr_allocated", "kr_revoked"},
    "employer_th": {"th_draft"},
    "agency": {"kr_allocated", "kr_revoked"},  # allocated to it; still visible once revoked
    "counsellor": set(), "attache": set(), "no_org": set(), "inactive": set(),
}


@pytest.fixture
def letters(letter_in, run_action):
    made = {
        "kr_draft": letter_in("draft"),
        "kr_approved": letter_in("approved"),
        "kr_allocated": letter_in("allocated"),
        "th_draft": letter_in("draft", country="TH"),
    }
    made["kr_revoked"] = run_action(letter_in("allocated"), "revoke")
    return made


@pytest.mark.parametrize("role", ROLES)
def test_letter_list_is_scoped_by_role(users, letters, role):
    names = {pk: name for name, letter in letters.items() for pk in [letter.pk]}
    seen = {names[letter.pk] for letter in letter_list(actor=users[role])}
    assert seen == SEES[role]


@pytest.mark.parametrize("role", ROLES)
def test_letter_get_is_scoped_by_role(users, letters, role):
    for name, letter in letters.items():
        found = letter_get(actor=users[role], letter_id=letter.pk)
        assert (found is not None) == (name in SEES[role]), name


def test_anonymous_sees_nothing(letters):
    assert not letter_list(actor=AnonymousUser()).exists()
    assert not letter_review_queue(actor=AnonymousUser()).exists()
    assert not employer_list(actor=AnonymousUser()).exists()


def test_an_agency_does_not_see_letters_allocated_to_others(users, letter_in, other_agency):
    letter = letter_in("approved")
    from demand.services import letter_allocate

    letter_allocate(actor=users["ministry_admin"], letter=letter, allocations=[(other_agency, 2)])
    assert not letter_list(actor=users["agency"]).filter(pk=letter.pk).exists()


def test_letter_get_brings_everything_for_the_page(users, letter_in):
    letter = letter_in("allocated", positions=[kr_position(), kr_position(workers=2, sector="A")])
    found = letter_get(actor=users["employer_kr"], letter_id=letter.pk)
    with CaptureQueriesContext(connection) as queries:
        assert [p.line for p in found.positions.all()] == [1, 2]
        assert [c.currency.code for p in found.positions.all() for c in p.costs.all()] == ["KRW", "KRW"]
        assert found.positions.all()[0].occupation.code == "8211"
        assert [a.agency.name for a in found.allocations.all()]
        assert {d.quota_use.sector.code for d in found.quota_draws.all()} == {"A", "C"}
        assert list(found.findings.all()) == [] and list(found.attachments.all()) == []
        assert (found.position_count, found.worker_count) == (2, 12)
    assert len(queries) == 0


def _touch(letter):
    return (letter.reference, letter.employer.name, letter.agreement.partner_country.iso2, letter.worker_count,
            letter.position_count, letter.warning_count, [a.agency.name for a in letter.allocations.all()],
            letter.version and letter.version.number)


def test_listing_costs_the_same_number_of_queries_for_more_letters(users, letter_in):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = [_touch(letter) for letter in letter_list(actor=users["ministry_reviewer"])]
            rows += [_touch(letter) for letter in letter_review_queue(actor=users["ministry_reviewer"])]
        return len(queries)

    letter_in("allocated")
    letter_in("under_review")
    few = count()
    for status in ("allocated", "submitted", "returned", "approved", "draft"):
        letter_in(status, positions=[kr_position(), kr_position(sector="A")])
    assert count() == few


def test_review_queue_is_the_ministrys_oldest_first(users, letter_in):
    first = letter_in("submitted")
    second = letter_in("under_review")
    third = letter_in("returned")
    letter_in("draft")
    letter_in("approved")
    DemandLetter.objects.filter(pk=second.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=9))
    queue = list(letter_review_queue(actor=users["ministry_reviewer"]))
    assert [letter.pk for letter in queue] == [second.pk, first.pk, third.pk]
    for role in ("employer_kr", "agency", "counsellor", "attache"):
        assert not letter_review_queue(actor=users[role]).exists()


def test_review_queue_filters(users, agreements, letter_in):
    kr_c = letter_in("submitted")
    kr_a = letter_in("under_review", positions=[kr_position(sector="01", occupation="6111")])
    th = letter_in("submitted", country="TH", positions=[th_position()])
    reviewer = users["ministry_reviewer"]

    def pks(**filters):
        return {letter.pk for letter in letter_review_queue(actor=reviewer, **filters)}

    assert pks(agreement=agreements["KR"]) == {kr_c.pk, kr_a.pk}
    assert pks(agreement=agreements["TH"].pk) == {th.pk}
    assert pks(sector="A") == {kr_a.pk}  # a section matches its divisions
    assert pks(sector="C") == {kr_c.pk, th.pk}  # TH's position is in division 14, part of C
    assert pks(sector="14") == {th.pk}
    assert pks(status="under_review") == {kr_a.pk}
    assert pks(status=["submitted", "under_review"]) == {kr_c.pk, kr_a.pk, th.pk}

    DemandLetter.objects.filter(pk=kr_c.pk).update(review_due=timezone.localdate() - datetime.timedelta(days=1))
    assert pks(overdue=True) == {kr_c.pk}
    assert pks(overdue=False) == {kr_a.pk, th.pk}


def test_is_overdue():
    today = datetime.date(2026, 3, 10)
    due = datetime.date(2026, 3, 9)
    assert letter_is_overdue(letter=DemandLetter(status="submitted", review_due=due), today=today)
    assert letter_is_overdue(letter=DemandLetter(status="under_review", review_due=due), today=today)
    # due today: not yet
    assert not letter_is_overdue(letter=DemandLetter(status="under_review", review_due=today), today=today)
    # a returned letter waits on the employer
    assert not letter_is_overdue(letter=DemandLetter(status="returned", review_due=due), today=today)
    assert not letter_is_overdue(letter=DemandLetter(status="approved", review_due=due), today=today)
    assert not letter_is_overdue(letter=DemandLetter(status="draft", review_due=None), today=today)


@pytest.mark.parametrize(("role", "expected"), [
    ("ministry_reviewer", {"employer_th", "employer_kr"}), ("admin", {"employer_th", "employer_kr"}),
    ("employer_th", {"employer_th"}), ("employer_kr", {"employer_kr"}),
    ("agency", set()), ("counsellor", set()), ("attache", set()), ("no_org", set()), ("inactive", set()),
])
def test_employer_list_is_scoped(users, employers, role, expected):
    orgs = {users[r].organisation_id: r for r in ("employer_th", "employer_kr")}
    assert {orgs[p.organisation_id] for p in employer_list(actor=users[role])} == expected


def test_an_agency_sees_the_employers_of_letters_allocated_to_it(users, letter_in):
    letter_in("allocated")
    assert [p.organisation_id for p in employer_list(actor=users["agency"])] == [
        users["employer_kr"].organisation_id]
    assert employer_get(actor=users["agency"], organisation_id=users["employer_th"].organisation_id) is None


def test_employer_list_filters(users, employers):
    reviewer = users["ministry_reviewer"]
    assert employer_list(actor=reviewer, search="hanbit").count() == 1
    assert employer_list(actor=reviewer, accreditation="pending").count() == 0
    assert employer_list(actor=reviewer, accreditation="accredited").count() == 2


def test_letter_list_orders(users, letter_in):
    draft = letter_in("draft")
    older = letter_in("submitted")
    newer = letter_in("submitted")
    DemandLetter.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=3),
                                                    review_due=timezone.localdate() + datetime.timedelta(days=9))
    employer = users["employer_kr"]
    assert [x.pk for x in letter_list(actor=employer)] == [older.pk, newer.pk, draft.pk]
    assert [x.pk for x in letter_list(actor=employer, order="newest")] == [newer.pk, older.pk, draft.pk]
    assert [x.pk for x in letter_list(actor=employer, order="due")] == [newer.pk, older.pk, draft.pk]


def test_an_agency_sees_only_its_own_allocation(users, employers, agency, other_agency, letter_in):
    from demand.selectors import letter_get, letter_list
    from demand.services import letter_allocate

    letter = letter_in("approved")
    letter_allocate(actor=users["ministry_reviewer"], letter=letter, allocations=[(agency, 4), (other_agency, 3)])
    seen = letter_get(actor=users["agency"], letter_id=letter.pk)
    assert [(a.agency_id, a.workers) for a in seen.allocations.all()] == [(agency.pk, 4)]
    listed = letter_list(actor=users["agency"]).get(pk=letter.pk)
    assert [a.agency_id for a in listed.allocations.all()] == [agency.pk]
    ministry = letter_get(actor=users["ministry_reviewer"], letter_id=letter.pk)
    assert sorted(a.workers for a in ministry.allocations.all()) == [3, 4]


@pytest.mark.parametrize("role", ["admin", "ministry_admin", "ministry_reviewer", "employer_th", "agency",
                                  "counsellor", "attache", "no_org", "inactive"])
def test_licensed_agencies_are_listed_for_reviewers_only(users, agency, other_agency, role):
    from accounts.models import Organisation, OrganisationKind
    from demand.selectors import licensed_agency_list

    Organisation.objects.create(name="Unlicensed Manpower", kind=OrganisationKind.AGENCY,
                                country=agency.country, licence_number="")
    Organisation.objects.create(name="Closed Manpower", kind=OrganisationKind.AGENCY, country=agency.country,
                                licence_number="LIC-0", is_active=False)
    names = [o.name for o in licensed_agency_list(actor=users[role])]
    if role in {"admin", "ministry_admin", "ministry_reviewer"}:
        assert names == sorted([agency.name, other_agency.name])
    else:
        assert names == []


# ---------------------------------------------------------------------------------------------------
# The terms a letter is judged against


def test_letter_version_is_the_recorded_one_else_the_one_in_force(letter_in, agreements, run_action):
    from demand.selectors import letter_version
    from mou.selectors import agreement_version_in_force

    draft = letter_in("draft")
    in_force = agreement_version_in_force(agreement=agreements["KR"])
    assert draft.version_id is None and letter_version(letter=draft).pk == in_force.pk
    assert letter_version(letter=draft, on=datetime.date(2000, 1, 1)) is None  # nothing in force then
    submitted = letter_in("submitted")
    assert submitted.version_id == in_force.pk
    assert letter_version(letter=submitted, on=datetime.date(2000, 1, 1)).pk == in_force.pk  # recorded wins


def test_letter_review_terms_show_the_floors_and_quotas_of_the_letters_sectors(users, letter_in):
    from demand.selectors import letter_review_terms

    # Thailand: floors and quotas for A, C, F and division 03 (in A). Division 10 is in C.
    letter = letter_in("draft", country="TH", positions=[th_position(sector="10"), th_position(sector="03")])
    letter = letter_get(actor=users["ministry_reviewer"], letter_id=letter.pk)
    terms = letter_review_terms(actor=users["ministry_reviewer"], letter=letter)
    assert terms["version"].agreement_id == letter.agreement_id
    assert [f.sector.code for f in terms["floors"]] == ["03", "A", "C"]  # each division's and its section's
    assert terms["quota_year"] == timezone.localdate().year
    assert [q.sector_code for q in terms["quota_lines"]] == ["03", "A", "C"]
    employer_view = letter_review_terms(actor=users["employer_th"], letter=letter)
    # the employer sees the cap and what remains, not what others hold (demand.permissions.quota_figures)
    assert [q.sector_code for q in employer_view["quota_lines"]] == ["03", "A", "C"]
    assert all(q.approved is None and q.remaining == q.cap for q in employer_view["quota_lines"])


def test_letter_review_terms_show_every_floor_when_none_applies(users, letter_in, agreements):
    from demand.selectors import letter_review_terms
    from mou.selectors import agreement_version_in_force

    letter = letter_in("draft", country="TH", positions=[th_position(sector="C")])
    version = agreement_version_in_force(agreement=agreements["TH"])
    version.wage_floors.filter(sector__code="C").delete()
    terms = letter_review_terms(actor=users["ministry_reviewer"], letter=letter)
    assert [f.sector.code for f in terms["floors"]] == ["03", "A", "F"]
