"""Eligibility from each agreement's own terms, with the clause each requirement rests on."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from coordination.jobseekers.eligibility import (
    Status,
    on_roster_q,
    seeker_eligibility,
    seekers_eligibility,
    versions_in_force,
)
from coordination.jobseekers.models import JobSeeker
from mou.models import AgreementVersion
from mou.predicates import LEGAL_MIN_AGE, age_on, agreement_terms, pass_only, score_meets, score_value
from mou.selectors import version_prefetch
from tests.coordination.jobseekers.helpers import put_on_roster, register
from tests.coordination.jobseekers.vetting_helpers import DAY, born_aged, record, today, vet_for_korea

pytestmark = pytest.mark.django_db


def by_country(results: list[Any]) -> dict[str, Any]:
    return {r.agreement.partner_country.iso2: r for r in results}


def requirement(result: Any, code: str) -> Any:
    return next(r for r in result.requirements if r.code == code)


# --- the predicates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "minimum", "expected"), [
    ("80", "80", True), ("72", "80", False), ("100", "80", True), ("9", "80", False),  # numbers, not text
    ("6.5", "6", True), ("5.5", "6", False),
    ("N3", "N4", True), ("N4", "N4", True), ("N5", "N4", False), ("n1", "N2", True),  # a smaller N is higher
    ("B2", "B1", True), ("A2", "B1", False),
    ("N3", "80", None), ("good", "80", None), ("", "80", None),  # not comparable
])
def test_scores_compare_as_numbers_and_levels(score: str, minimum: str, expected: bool | None) -> None:
    assert score_meets(score, minimum) is expected


def test_a_pass_requirement_has_no_score_to_reach() -> None:
    assert pass_only("Pass") and pass_only("pass ")
    assert not pass_only("80") and not pass_only("N4")
    assert score_value("N4") == ("jlpt", 2)


def test_age_in_whole_years(db: None) -> None:
    import datetime

    assert age_on(datetime.date(2000, 2, 29), datetime.date(2018, 2, 28)) == 17
    assert age_on(datetime.date(2000, 2, 29), datetime.date(2018, 3, 1)) == 18


def test_the_legal_minimum_of_18_applies_even_where_an_agreement_says_less(agreements: dict[str, Any]) -> None:
    version = agreements["KR"].versions.get()
    AgreementVersion.objects.filter(pk=version.pk).update(min_age=16, max_age=0)
    version = AgreementVersion.objects.prefetch_related(*version_prefetch()).get(pk=version.pk)
    terms = agreement_terms(version)
    assert terms.age_limits() == (LEGAL_MIN_AGE, None)
    assert not terms.age_within(17) and terms.age_within(18) and terms.age_within(70)


# --- eligibility -----------------------------------------------------------------------------------------


def test_every_agreement_in_force_is_judged_with_its_clauses(users: dict[str, Any], agreements: dict[str, Any]
                                                             ) -> None:
    seeker = register(users["counsellor"])
    results = by_country(seeker_eligibility(seeker))
    assert set(results) == {"TH", "KR", "MY", "JP"}
    korea = results["KR"]
    assert not korea.eligible
    assert [r.code for r in korea.requirements] == [
        "legal_age", "age", "identity", "medical", "orientation", "police", "test:EPS-TOPIK", "test:EPS skills test"]
    assert requirement(korea, "legal_age").basis == "law" and requirement(korea, "legal_age").clause == ""
    assert requirement(korea, "age").clause == "Art. 5" and requirement(korea, "age").met
    assert requirement(korea, "test:EPS-TOPIK").clause == "Art. 5.2"
    assert requirement(korea, "test:EPS skills test").clause == "Art. 5.3"
    assert requirement(korea, "medical").clause == "Art. 5"
    assert requirement(korea, "police").text == "No police clearance recorded"
    # The result the counsellor typed at registration is not yet checked evidence.
    assert requirement(korea, "test:EPS-TOPIK").status == Status.MISSING
    assert requirement(korea, "test:EPS-TOPIK").text == (
        "Needs EPS-TOPIK ≥ 80: the result given at registration (72) is not yet checked")
    assert requirement(results["JP"], "test:JLPT").text == "Needs JLPT ≥ N4: no result recorded"


def test_a_score_below_the_minimum_says_what_is_needed_in_english_and_khmer(users: dict[str, Any],
                                                                           agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    record(users["counsellor"], seeker, "test", test="EPS-TOPIK", score="72")
    topik = requirement(by_country(seeker_eligibility(seeker))["KR"], "test:EPS-TOPIK")
    assert topik.status == Status.FAILED
    assert topik.text == "Needs EPS-TOPIK ≥ 80, has 72"
    # The test is stored in both of the agreement's forms: the reader's is picked when the message is read.
    assert topik.data()["message"] == {"k": "Needs %(test)s ≥ %(min)s, has %(score)s",
                                       "p": {"test": {"en": "EPS-TOPIK", "km": "ការប្រឡងភាសាកូរ៉េ EPS-TOPIK"},
                                             "min": "80", "score": "72"}}
    with translation.override("km"):
        khmer = topik.text
    assert khmer != topik.text and "72" in khmer and "ការប្រឡងភាសាកូរ៉េ EPS-TOPIK" in khmer


def test_jlpt_levels_rank_with_the_smaller_number_higher(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    record(users["counsellor"], seeker, "test", test="JLPT", score="N5")
    assert requirement(by_country(seeker_eligibility(seeker))["JP"], "test:JLPT").status == Status.FAILED
    record(users["counsellor"], seeker, "test", test="JLPT", score="n3")
    jlpt = requirement(by_country(seeker_eligibility(seeker))["JP"], "test:JLPT")
    assert jlpt.met and jlpt.clause == "Sec. 4.1"


def test_an_expired_medical_check_says_when_it_expired(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    ended = today() - 3 * DAY
    record(users["counsellor"], seeker, "medical", on_date=today() - 300 * DAY, valid_until=ended)
    medical = requirement(by_country(seeker_eligibility(seeker))["KR"], "medical")
    assert medical.status == Status.EXPIRED
    from django.utils.formats import date_format

    assert medical.text == f"Medical check expired on {date_format(ended)}"


def test_a_failed_check_and_a_newer_record_superseding_it(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    record(users["counsellor"], seeker, "police", result="failed", on_date=today() - 20 * DAY)
    assert requirement(by_country(seeker_eligibility(seeker))["TH"], "police").status == Status.FAILED
    record(users["counsellor"], seeker, "police", on_date=today() - 2 * DAY)
    assert requirement(by_country(seeker_eligibility(seeker))["TH"], "police").met


def test_under_18_is_never_eligible_and_over_the_agreement_maximum_is_not_either(
        users: dict[str, Any], agreements: dict[str, Any]) -> None:
    # Registration refuses under 18; a record kept from before that rule (or a date of birth corrected later)
    # is still never eligible.
    young = register(users["counsellor"], date_of_birth=born_aged(18), national_id="111111111", phone="",
                     name_latin="Chan Vanna", name_km="ចាន់ វណ្ណា")
    JobSeeker.objects.filter(pk=young.pk).update(date_of_birth=born_aged(17))
    young.date_of_birth = born_aged(17)
    results = by_country(seeker_eligibility(young))
    for result in results.values():
        legal = requirement(result, "legal_age")
        assert legal.status == Status.FAILED and legal.text == "Under the legal minimum age of 18: aged 17"
    older = register(users["counsellor"], date_of_birth=born_aged(42), national_id="222222222", phone="",
                     name_latin="Keo Sophal", name_km="កែវ សុផល")
    korea = by_country(seeker_eligibility(older))["KR"]
    assert requirement(korea, "legal_age").met
    age = requirement(korea, "age")
    assert age.status == Status.FAILED and age.clause == "Art. 5"
    assert age.text == "Aged 42: the agreement accepts 18 to 39"


def test_meeting_every_requirement_is_eligible(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    vet_for_korea(users["counsellor"], seeker)
    korea = by_country(seeker_eligibility(seeker))["KR"]
    assert korea.eligible and korea.missing == []
    assert korea.roster_entry is not None and korea.roster_clause == "Art. 6"


def test_one_seeker_across_every_agreement_in_a_bounded_number_of_queries(
        users: dict[str, Any], agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    vet_for_korea(users["counsellor"], seeker)
    seeker = JobSeeker.objects.get(pk=seeker.pk)
    with CaptureQueriesContext(connection) as all_at_once:
        results = seeker_eligibility(seeker)
    assert len(results) == 4
    versions = versions_in_force()
    with CaptureQueriesContext(connection) as given_versions:
        seeker_eligibility(JobSeeker.objects.get(pk=seeker.pk), versions=versions)
    assert len(given_versions) == 4  # the seeker, then its evidence, languages and roster entries
    assert len(all_at_once) <= 3 + 1 + len(version_prefetch())


def test_many_seekers_in_a_constant_number_of_queries(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    counsellor = users["counsellor"]
    first = register(counsellor)
    vet_for_korea(counsellor, first)
    versions = versions_in_force()

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            out = seekers_eligibility(JobSeeker.objects.all(), versions=versions)
        assert len(out) == JobSeeker.objects.count()
        return len(ctx)

    one = queries()
    for n in range(4):
        other = register(counsellor, national_id=f"90000000{n}", phone="", name_latin=f"Test Person {'ABCD'[n]}",
                         name_km="", date_of_birth=born_aged(25 + n))
        record(counsellor, other, "identity")
    assert queries() == one


def test_on_roster_filters_active_unexpired_entries(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    counsellor = users["counsellor"]
    on = register(counsellor)
    lapsed = register(counsellor, national_id="333333333", phone="", name_latin="Lim Dara", name_km="")
    put_on_roster(on, agreements["KR"], counsellor)
    entry = put_on_roster(lapsed, agreements["KR"], counsellor)
    entry.valid_until = today() - DAY
    entry.save()
    assert list(JobSeeker.objects.filter(on_roster_q(agreements["KR"].pk, today=today()))) == [on]
    assert not JobSeeker.objects.filter(on_roster_q(agreements["TH"].pk)).exists()


def test_the_result_as_data_keeps_messages_as_keys(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    seeker = register(users["counsellor"])
    korea = by_country(seeker_eligibility(seeker))["KR"].data()
    assert korea["agreement"] == agreements["KR"].pk and korea["eligible"] is False
    assert korea["roster_clause"] == "Art. 6" and korea["roster_valid_until"] is None
    police = next(r for r in korea["requirements"] if r["code"] == "police")
    assert police == {"code": "police", "clause": "Art. 5", "status": "missing", "basis": "agreement",
                      "message": {"k": "No police clearance recorded"}}
