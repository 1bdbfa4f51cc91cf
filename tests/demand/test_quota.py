"""Quota draw-down: approval draws, allocation, filled positions, and what goes back on revoke, close,
expiry and fill; the usage selector; concurrent approvals on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from audit.models import AuditEvent
from demand import services
from demand.models import DemandLetter, QuotaDraw, QuotaUse
from demand.screening import screen_letter
from demand.selectors import quota_usage
from mou.models import Quota
from reference.models import Occupation, Sector
from tests.demand.helpers import kr_position, letter_data, th_position

pytestmark = pytest.mark.django_db



def year() -> int:
    """This year in Phnom Penh, read when the test runs (a suite may cross midnight on 31 December)."""
    return timezone.localdate().year



def use(agreement, code: str, occupation: str | None = None) -> tuple[int, int, int]:
    """(approved, allocated, used) of one pool: a sector-wide one, or an occupation's in a sector."""
    pools = QuotaUse.objects.filter(agreement=agreement, year=year(), sector__code=code)
    pools = pools.filter(occupation__code=occupation) if occupation else pools.filter(occupation__isnull=True)
    row = pools.first()
    return (row.approved, row.allocated, row.used) if row else (0, 0, 0)


def test_approval_draws_each_sector_from_its_quota(agreements, letter_in):
    letter = letter_in("approved", positions=[kr_position(workers=7), kr_position(workers=3, sector="A"),
                                              kr_position(workers=5)])
    assert use(agreements["KR"], "C") == (12, 0, 0)
    assert use(agreements["KR"], "A") == (3, 0, 0)
    draws = {d.quota_use.sector.code: d.workers for d in QuotaDraw.objects.filter(letter=letter)}
    assert draws == {"A": 3, "C": 12}
    event = AuditEvent.objects.get(action="letter.approve")
    assert event.after["quota"] == {f"{year()} A": 3, f"{year()} C": 12}


def test_a_division_draws_from_its_sections_quota(agreements, letter_in):
    letter_in("approved", positions=[kr_position(sector="28", workers=4)])  # 28 is in C; Korea caps C
    assert use(agreements["KR"], "C") == (4, 0, 0)
    assert not QuotaUse.objects.filter(sector__code="28").exists()


def test_a_division_with_its_own_quota_draws_from_it(agreements, letter_in):
    # Thailand caps fishing (03) apart from agriculture (A), its section.
    letter_in("approved", country="TH", positions=[th_position(sector="03", occupation="9216", workers=6)])
    assert use(agreements["TH"], "03") == (6, 0, 0)
    assert use(agreements["TH"], "A") == (0, 0, 0)


def test_no_quota_no_approval(agreements, letter_in, run_action):
    letter = letter_in("under_review", positions=[kr_position(), kr_position(sector="I", occupation="5120")])
    with pytest.raises(ValidationError) as exc:
        run_action(letter, "approve")
    assert exc.value.message_dict["quota"] == [
        f"There is no quota in {year()} for occupation 5120 in sector I: the letter cannot be approved. Return it so "
        "the employer can change the position, or have the agreement's quotas amended."]
    assert DemandLetter.objects.get(pk=letter.pk).status == "under_review"
    assert not QuotaUse.objects.exists() and not QuotaDraw.objects.exists()


def test_the_cap_is_never_exceeded_and_a_refusal_changes_nothing(agreements, letter_in, run_action):
    # Korea caps construction (F) at 1,000 workers.
    letter_in("approved", positions=[kr_position(sector="F", occupation="7112", workers=600)])
    big = letter_in("under_review", positions=[kr_position(workers=1), kr_position(sector="F", occupation="7112",
                                                                                  workers=401)])
    with pytest.raises(ValidationError) as exc:
        run_action(big, "approve")
    message = exc.value.message_dict["quota"][0]
    assert "sector F" in message and "1000" in message and "400 remain" in message and "needs 401" in message
    assert use(agreements["KR"], "F") == (600, 0, 0) and use(agreements["KR"], "C") == (0, 0, 0)  # all or nothing
    assert DemandLetter.objects.get(pk=big.pk).status == "under_review"

    exact = letter_in("under_review", positions=[kr_position(sector="F", occupation="7112", workers=400)])
    run_action(exact, "approve")
    assert use(agreements["KR"], "F") == (1000, 0, 0)


def test_allocation_raises_allocated_up_to_what_was_approved(users, agreements, letter_in, agency, other_agency):
    letter = letter_in("approved", positions=[kr_position(workers=10)])
    reviewer = users["ministry_reviewer"]
    services.letter_allocate(actor=reviewer, letter=letter, allocations=[(agency, 4), (other_agency, 3)])
    assert use(agreements["KR"], "C") == (10, 7, 0)
    with pytest.raises(ValidationError, match="at most 3 more can be allocated, not 4"):
        services.letter_allocate(actor=reviewer, letter=letter, allocations=[(agency, 4)])
    services.letter_allocate(actor=reviewer, letter=letter, allocations=[(agency, 3)])
    assert use(agreements["KR"], "C") == (10, 10, 0)
    assert sorted(letter.allocations.values_list("agency__name", "workers")) == [
        (agency.name, 7), (other_agency.name, 3)]


def test_allocation_input_errors(users, letter_in, agency, other_agency):
    letter = letter_in("approved")
    employer = users["employer_kr"].organisation
    unlicensed = Organisation.objects.create(name="No Licence Ltd", kind=OrganisationKind.AGENCY,
                                             country=agency.country)
    closed = Organisation.objects.create(name="Closed Agency", kind=OrganisationKind.AGENCY, country=agency.country,
                                         licence_number="L-1", is_active=False)
    with pytest.raises(ValidationError) as exc:
        services.letter_allocate(actor=users["ministry_admin"], letter=letter, allocations=[
            (employer, 1), (unlicensed, 1), (closed, 1), (agency, 0), (other_agency, 1), (other_agency, 1)])
    assert set(exc.value.message_dict) == {"allocations[0].agency", "allocations[1].agency",
                                           "allocations[2].agency", "allocations[3].workers",
                                           "allocations[5].agency"}
    with pytest.raises(ValidationError):
        services.letter_allocate(actor=users["ministry_admin"], letter=letter, allocations=[])
    assert not letter.allocations.exists()


@pytest.fixture
def recruiting(users, agreements, letter_in, agency, other_agency):
    """10 approved in C, 6 allocated (4 + 2), 3 filled by the demo agency."""
    letter = letter_in("approved", positions=[kr_position(workers=10)])
    services.letter_allocate(actor=users["ministry_reviewer"], letter=letter,
                             allocations=[(agency, 4), (other_agency, 2)])
    letter = services.letter_start_recruiting(actor=users["agency"], letter=letter)
    services.allocation_set_filled(actor=users["agency"], allocation=letter.allocations.get(agency=agency), filled=3)
    assert use(agreements["KR"], "C") == (10, 6, 3)
    return letter


@pytest.mark.parametrize("action", ["revoke", "close", "expire"])
def test_ending_early_returns_what_was_not_used(agreements, recruiting, run_action, action):
    run_action(recruiting, action)
    assert use(agreements["KR"], "C") == (3, 3, 3)  # only the 3 filled stay drawn
    draw = QuotaDraw.objects.get(letter=recruiting)
    assert (draw.workers, draw.returned) == (10, 7)
    event = AuditEvent.objects.get(action=f"letter.{action}")
    assert event.after["returned_to_quota"] == {f"{year()} C": 7} and event.after["filled"] == 3


def test_filled_uses_every_allocated_post_and_returns_the_unallocated(agreements, recruiting, run_action):
    run_action(recruiting, "fill")
    assert use(agreements["KR"], "C") == (6, 6, 6)
    assert QuotaDraw.objects.get(letter=recruiting).returned == 4
    assert sorted(recruiting.allocations.values_list("workers", "filled")) == [(2, 2), (4, 4)]


def test_returned_quota_can_be_approved_again(agreements, letter_in, run_action):
    first = letter_in("approved", positions=[kr_position(sector="F", occupation="7112", workers=1000)])
    waiting = letter_in("under_review", positions=[kr_position(sector="F", occupation="7112", workers=500)])
    with pytest.raises(ValidationError):
        run_action(waiting, "approve")
    run_action(first, "revoke")
    run_action(waiting, "approve")
    assert use(agreements["KR"], "F") == (500, 0, 0)


def test_filled_positions_are_bounded_and_need_an_active_letter(users, recruiting, agency):
    allocation = recruiting.allocations.get(agency=agency)
    for bad in (-1, 5, "many"):
        with pytest.raises(ValidationError):
            services.allocation_set_filled(actor=users["agency"], allocation=allocation, filled=bad)
    services.letter_revoke(actor=users["ministry_admin"], letter=recruiting, reason="Employer closed the factory")
    with pytest.raises(ValidationError, match="allocated or recruiting"):
        services.allocation_set_filled(actor=users["agency"], allocation=allocation, filled=4)


def test_a_letter_drawing_from_two_quotas_spreads_allocation_and_use_in_sector_order(users, agreements, letter_in,
                                                                                   agency):
    letter = letter_in("approved", positions=[kr_position(workers=5), kr_position(workers=5, sector="A")])
    services.letter_allocate(actor=users["ministry_reviewer"], letter=letter, allocations=[(agency, 7)])
    assert use(agreements["KR"], "A") == (5, 5, 0) and use(agreements["KR"], "C") == (5, 2, 0)
    letter = services.letter_start_recruiting(actor=users["agency"], letter=letter)
    services.allocation_set_filled(actor=users["agency"], allocation=letter.allocations.get(), filled=6)
    assert use(agreements["KR"], "A") == (5, 5, 5) and use(agreements["KR"], "C") == (5, 2, 1)
    services.letter_close(actor=users["employer_kr"], letter=letter, reason="Enough workers found locally")
    assert use(agreements["KR"], "A") == (5, 5, 5) and use(agreements["KR"], "C") == (1, 1, 1)


def test_quota_usage_per_sector(users, agreements, recruiting, letter_in):
    letter_in("approved", positions=[kr_position(sector="A", workers=20)])
    lines = {line.sector_code: line for line in quota_usage(actor=users["ministry_reviewer"],
                                                            agreement=agreements["KR"], year=year())}
    assert set(lines) == {"03", "A", "C", "F"}
    c = lines["C"]
    assert (c.cap, c.approved, c.allocated, c.used, c.remaining) == (6000, 10, 6, 3, 5990)
    assert (lines["A"].approved, lines["A"].remaining) == (20, 3480)
    assert (lines["F"].approved, lines["F"].remaining) == (0, 1000)
    # A year the version sets no quota for, and nothing drawn: nothing to show.
    assert quota_usage(actor=users["ministry_reviewer"], agreement=agreements["KR"], year=year() + 5) == []


@pytest.mark.parametrize("role", ["employer_th", "agency", "counsellor", "attache", "no_org", "inactive"])
def test_quota_usage_is_for_the_ministry(users, agreements, role):
    """Anyone but the ministry and the agreement country's employers sees nothing (employer_th: Korea's)."""
    assert quota_usage(actor=users[role], agreement=agreements["KR"], year=year()) == []


# --- per-occupation quota rows: one rule for screening and approval -----------------------------------------


@pytest.fixture
def split_quota(agreements):
    """Korea, this year: C keeps its sector-wide cap of 6,000 and gets 5 for 8211 (machine-tool setters) and 4
    for 8212 (electrical assemblers); F has no sector-wide row any more, only 3 for 711 (building frame
    workers); division 28 (in C) has 2 for 7223 (metal-working machine operators) and nothing else."""
    version = agreements["KR"].versions.get()

    def row(sector: str, occupation: str | None, cap: int, clause: str) -> Quota:
        return Quota.objects.create(version=version, year=year(), sector=Sector.objects.get(code=sector), cap=cap,
                                    occupation=Occupation.objects.get(code=occupation) if occupation else None,
                                    clause=clause)

    Quota.objects.filter(version=version, year=year(), sector__code="F").delete()
    row("C", "8211", 5, "Annex 2.1")
    row("C", "8212", 4, "Annex 2.2")
    row("F", "711", 3, "Annex 2.3")
    row("28", "7223", 2, "Annex 2.4")
    return version


def quota_findings(letter) -> list[tuple[str, int | None, str, str | None]]:
    """What screening says about quotas: (rule, line, sector, occupation of the pool or position)."""
    return [(f.rule, f.position_line, f.values["sector"], f.values["occupation"])
            for f in screen_letter(letter) if f.rule.startswith("quota")]


@pytest.mark.parametrize(("sector", "occupation", "pool"), [
    ("C", "8211", ("C", "8211")),     # (a) an occupation with its own row draws from it
    ("C", "7223", ("C", None)),       # (b) another occupation of the sector falls to the sector-wide row
    ("F", "7112", ("F", "711")),      # a row for an ISCO group covers the occupations under it
    ("28", "8211", ("C", "8211")),    # (e) a division with no row for the position falls back to its section's
    ("28", "7112", ("C", None)),      #     … and to the section's sector-wide row
    ("28", "7223", ("28", "7223")),   #     a division's own row comes first
])
def test_screening_and_approval_agree_on_the_pool(split_quota, agreements, letter_in, run_action, sector,
                                                  occupation, pool):
    korea = agreements["KR"]
    letter = letter_in("under_review", positions=[kr_position(sector=sector, occupation=occupation, workers=2)])
    assert quota_findings(letter) == []
    run_action(letter, "approve")
    assert use(korea, *pool) == (2, 0, 0)
    assert QuotaUse.objects.filter(agreement=korea, approved__gt=0).count() == 1  # and from no other pool
    # One worker more than the pool has left: screening and approval both stop at the same pool.
    cap = {("C", "8211"): 5, ("C", None): 6000, ("F", "711"): 3, ("28", "7223"): 2}[pool]
    more = letter_in("under_review", positions=[kr_position(sector=sector, occupation=occupation,
                                                            workers=cap - 2 + 1)])
    assert quota_findings(more) == [("quota", None, pool[0], pool[1])]
    with pytest.raises(ValidationError) as exc:
        run_action(more, "approve")
    named = f"sector {pool[0]}, occupation {pool[1]} in" if pool[1] else f"sector {pool[0]} in"
    assert exc.value.message_dict["quota"][0].startswith(f"Not enough quota for {named} {year()}: the cap is {cap}")
    assert use(korea, *pool) == (2, 0, 0)


def test_an_occupation_without_a_row_in_a_sector_set_per_occupation_has_no_quota(split_quota, agreements,
                                                                                 letter_in, run_action):
    """(c) F has a row for 711 only: building labourers (9313) have no quota, and nothing is drawn."""
    letter = letter_in("under_review", positions=[kr_position(sector="F", occupation="7112", workers=1),
                                                  kr_position(sector="F", occupation="9313", workers=1)])
    findings = [f for f in screen_letter(letter) if f.rule.startswith("quota")]
    assert [(f.rule, f.severity, f.position_line) for f in findings] == [("quota_missing", "blocker", 2)]
    assert findings[0].values == {"sector": "F", "occupation": "9313", "year": year(), "occupations": ["711"]}
    assert findings[0].clause == "Annex 2.3"
    assert "for 711 only, and none covers 9313" in findings[0].message_en
    assert "Choose one of those occupations" in findings[0].message_en
    with pytest.raises(ValidationError) as exc:
        run_action(letter, "approve")
    assert exc.value.message_dict["quota"] == [
        f"There is no quota in {year()} for occupation 9313 in sector F: the letter cannot be approved. Return it so "
        "the employer can change the position, or have the agreement's quotas amended."]
    assert not QuotaUse.objects.exists() and DemandLetter.objects.get(pk=letter.pk).status == "under_review"


def test_two_occupations_pools_are_counted_apart(split_quota, agreements, letter_in, run_action):
    """(d) Approving all of 8211's cap leaves 8212's and the sector's untouched."""
    korea = agreements["KR"]
    letter_in("approved", positions=[kr_position(occupation="8211", workers=5)])
    assert use(korea, "C", "8211") == (5, 0, 0)
    assert (use(korea, "C", "8212"), use(korea, "C")) == ((0, 0, 0), (0, 0, 0))

    other = letter_in("under_review", positions=[kr_position(occupation="8212", workers=4),
                                                 kr_position(occupation="7223", workers=10)])
    assert quota_findings(other) == []
    run_action(other, "approve")
    assert use(korea, "C", "8212") == (4, 0, 0) and use(korea, "C") == (10, 0, 0)
    assert use(korea, "C", "8211") == (5, 0, 0)
    event = AuditEvent.objects.filter(action="letter.approve").latest("pk")
    assert event.after["quota"] == {f"{year()} C": 10, f"{year()} C 8212": 4}

    one_more = letter_in("under_review", positions=[kr_position(occupation="8211", workers=1)])
    assert quota_findings(one_more) == [("quota", None, "C", "8211")]
    with pytest.raises(ValidationError, match="occupation 8211 .* 0 remain"):
        run_action(one_more, "approve")
    assert use(korea, "C", "8211") == (5, 0, 0) and use(korea, "C", "8212") == (4, 0, 0)


def test_revoking_returns_quota_to_the_pools_it_came_from(split_quota, users, agreements, letter_in, agency,
                                                          run_action):
    korea = agreements["KR"]
    letter = letter_in("approved", positions=[kr_position(occupation="8211", workers=3),
                                              kr_position(occupation="7223", workers=4),
                                              kr_position(sector="28", occupation="8211", workers=1)])
    assert use(korea, "C") == (4, 0, 0) and use(korea, "C", "8211") == (4, 0, 0)
    # 5 allocated: the sector-wide pool first (pool order), then 8211's.
    services.letter_allocate(actor=users["ministry_reviewer"], letter=letter, allocations=[(agency, 5)])
    assert use(korea, "C") == (4, 4, 0) and use(korea, "C", "8211") == (4, 1, 0)
    letter = services.letter_start_recruiting(actor=users["agency"], letter=letter)
    services.allocation_set_filled(actor=users["agency"], allocation=letter.allocations.get(), filled=2)
    run_action(letter, "revoke")
    assert use(korea, "C") == (2, 2, 2) and use(korea, "C", "8211") == (0, 0, 0)
    event = AuditEvent.objects.get(action="letter.revoke")
    assert event.after["returned_to_quota"] == {f"{year()} C": 2, f"{year()} C 8211": 4}
    # What went back can be approved again, from the same pool.
    again = letter_in("under_review", positions=[kr_position(occupation="8211", workers=5)])
    run_action(again, "approve")
    assert use(korea, "C", "8211") == (5, 0, 0)


def test_quota_usage_has_one_line_per_pool(split_quota, users, agreements, letter_in):
    korea = agreements["KR"]
    letter_in("approved", positions=[kr_position(occupation="8211", workers=3), kr_position(workers=2,
                                                                                           occupation="7223")])
    lines = [(line.sector_code, line.occupation_code, line.clause, line.cap, line.approved, line.remaining)
             for line in quota_usage(actor=users["ministry_reviewer"], agreement=korea, year=year())]
    assert lines == [
        ("03", None, "Annual quota letter", 500, 0, 500),
        ("28", "7223", "Annex 2.4", 2, 0, 2),
        ("A", None, "Annual quota letter", 3500, 0, 3500),
        ("C", None, "Annual quota letter", 6000, 2, 5998),
        ("C", "8211", "Annex 2.1", 5, 3, 2),
        ("C", "8212", "Annex 2.2", 4, 0, 4),
        ("F", "711", "Annex 2.3", 3, 0, 3),
    ]


def test_a_pool_the_version_no_longer_sets_is_shown_without_a_cap(split_quota, users, agreements, letter_in):
    korea = agreements["KR"]
    letter_in("approved", positions=[kr_position(occupation="8212", workers=3)])
    Quota.objects.filter(version=split_quota, occupation__code="8212").delete()
    line = next(q for q in quota_usage(actor=users["ministry_reviewer"], agreement=korea, year=year())
                if q.occupation_code == "8212")
    assert (line.sector_code, line.cap, line.clause, line.approved, line.remaining) == ("C", None, "", 3, None)


def test_quota_use_is_unique_per_pool(agreements):
    c, occupation = Sector.objects.get(code="C"), Occupation.objects.get(code="8211")
    QuotaUse.objects.create(agreement=agreements["KR"], year=year(), sector=c)
    QuotaUse.objects.create(agreement=agreements["KR"], year=year(), sector=c, occupation=occupation)
    for duplicate in ({}, {"occupation": occupation}):
        with pytest.raises(IntegrityError), transaction.atomic():
            QuotaUse.objects.create(agreement=agreements["KR"], year=year(), sector=c, **duplicate)


# --- concurrency (PostgreSQL row locks) ---------------------------------------------------------------------


@pytest.fixture
def silent_notify(monkeypatch):
    """Transactions commit in this test: keep notifications (and their broker messages) out of it."""
    monkeypatch.setattr("demand.services._notify", lambda **kwargs: None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("pool", [None, "7112"], ids=["sector-wide", "per-occupation"])
def test_concurrent_approvals_never_exceed_the_cap(silent_notify, users, agreements, employers, no_screening,
                                                   pool):
    """Eight reviewers approve eight letters of 300 workers at once against Korea's F cap of 1,000 (the
    sector-wide row, or a row for bricklayers in its place): exactly three succeed, the others are refused
    with a clear message, and the cap holds."""
    korea = agreements["KR"]
    if pool:
        Quota.objects.filter(version__agreement=korea, sector__code="F").update(
            occupation=Occupation.objects.get(code=pool))
    letters = []
    for _ in range(8):
        letter = services.letter_create(actor=users["employer_kr"], agreement=korea, data=letter_data(
            [kr_position(sector="F", occupation="7112", workers=300)]))
        letter = services.letter_submit(actor=users["employer_kr"], letter=letter)
        letters.append(services.letter_start_review(actor=users["ministry_reviewer"], letter=letter))

    barrier = threading.Barrier(len(letters))
    outcomes: dict[int, str] = {}

    def approve(letter: DemandLetter) -> None:
        try:
            barrier.wait(timeout=30)
            services.letter_approve(actor=users["ministry_reviewer"], letter=letter)
            outcomes[letter.pk] = "approved"
        except ValidationError as exc:
            outcomes[letter.pk] = " ".join(exc.message_dict.get("quota", ["?"]))
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            outcomes[letter.pk] = f"error: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(letter,)) for letter in letters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    approved = [pk for pk, outcome in outcomes.items() if outcome == "approved"]
    refused = [outcome for outcome in outcomes.values() if outcome != "approved"]
    assert len(outcomes) == 8 and len(approved) == 3, outcomes
    named = f"sector F, occupation {pool} in" if pool else "sector F in"
    assert all(o.startswith(f"Not enough quota for {named}") and "needs 300" in o for o in refused), refused
    assert use(korea, "F", pool) == (900, 0, 0)
    assert QuotaUse.objects.filter(agreement=korea).count() == 1
    assert QuotaDraw.objects.filter(quota_use__sector__code="F").count() == 3
    assert set(DemandLetter.objects.filter(status="approved").values_list("pk", flat=True)) == set(approved)
