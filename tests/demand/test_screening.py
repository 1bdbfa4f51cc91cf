"""Screening a demand letter against the agreement in force: every rule with a passing and a failing case.

Letters are built straight through the ORM (tests/demand/factories.py) against the four illustrative
agreements of mou/demo.py. Exchange rates are set for the day of the check so the arithmetic does not
depend on the reference file's rates.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.functional import Promise

from demand import screening
from demand.models import Accreditation, Attachment, QuotaUse
from demand.screening import (
    BLOCKER,
    LETTER_RULES,
    POSITION_RULES,
    RULES,
    VALUE_LABELS,
    WARNING,
    FindingData,
    hit,
    protected_words,
    rule,
    score_rank,
    screen_letter,
)
from mou.models import AgreementVersion, Quota
from reference.models import Currency, ExchangeRate, Occupation, Sector
from tests.demand.factories import make_employer_profile, make_letter

pytestmark = pytest.mark.django_db



def today() -> datetime.date:
    """Today in Phnom Penh, read when a test runs, not when the module is imported: a suite that crosses
    midnight must not screen against yesterday."""
    return timezone.localdate()


def days(offset: int | None) -> datetime.date | None:
    return None if offset is None else today() + datetime.timedelta(days=offset)

RATES = {"USD": "1", "THB": "33.5", "KRW": "1400", "MYR": "4.3", "JPY": "150"}

# A position that complies with each illustrative agreement (merged over factories.POSITION_DEFAULTS,
# which already complies with Thailand's).
COMPLIANT: dict[str, dict[str, Any]] = {
    "TH": {},
    "KR": {
        "wage_amount": D("2300000"), "wage_currency": "KRW", "wage_period": "month", "days_per_week": 5,
        "rest_days_per_week": 2, "contract_months": 36, "language_test": "EPS-TOPIK", "language_min_score": "80",
        "costs": [
            {"name": "EPS-TOPIK test fee", "payer": "worker", "amount": D("24"), "currency": "USD"},
            {"name": "Recruitment and placement", "payer": "employer", "amount": D("500"), "currency": "USD"},
        ],
    },
    "MY": {
        "wage_amount": D("1800"), "wage_currency": "MYR", "wage_period": "month", "days_per_week": 5,
        "rest_days_per_week": 2, "contract_months": 24,
        "costs": [{"name": "Air ticket", "payer": "employer", "amount": D("200"), "currency": "USD"}],
    },
    "JP": {
        "wage_amount": D("1100"), "wage_currency": "JPY", "wage_period": "hour", "days_per_week": 5,
        "rest_days_per_week": 2, "contract_months": 36, "language_test": "JLPT", "language_min_score": "N4",
        "costs": [{"name": "Recruitment and placement", "payer": "employer", "amount": D("500"), "currency": "USD"}],
    },
}


def cost(name: str, amount: str, currency: str = "USD", payer: str = "worker") -> dict[str, Any]:
    return {"name": name, "payer": payer, "amount": D(amount), "currency": currency}


@pytest.fixture
def rates(reference_data: None) -> None:
    for code, per_usd in RATES.items():
        ExchangeRate.objects.update_or_create(
            currency=Currency.objects.get(code=code), as_of=today(), defaults={"per_usd": D(per_usd), "source": "test"})


@pytest.fixture
def build(agreements: dict[str, Any], users: dict[str, Any], rates: None):
    """build("TH", [{overrides}, …], **letter fields) → a letter of compliant positions with those changes."""

    def make(country: str = "TH", positions: list[dict[str, Any]] | None = None, **fields: Any):
        specs = [{**COMPLIANT[country], **p} for p in (positions if positions is not None else [{}])]
        return make_letter(agreement=agreements[country], employer=users["employer_th"].organisation,
                           positions=specs, **fields)

    return make


def rules(findings: list[FindingData]) -> list[tuple[str, str, int | None]]:
    return [(f.rule, f.severity, f.position_line) for f in findings]


def only(findings: list[FindingData], rule: str) -> FindingData:
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, rules(findings)
    return matching[0]


def version_of(agreement: Any) -> Any:
    return agreement.versions.get()


# --- a compliant letter passes every rule ---------------------------------------------------------------

@pytest.mark.parametrize("country", ["TH", "KR", "MY", "JP"])
def test_a_compliant_letter_has_no_findings(build, country):
    assert screen_letter(build(country, [{}, {"line": 2, "workers": 3}]), on=today()) == []


def test_on_defaults_to_today_in_phnom_penh(build):
    letter = build("TH", valid_from=today(), valid_until=today())
    assert screen_letter(letter) == []


# --- position rules: a failing and a passing case each --------------------------------------------------

FAILING = [
    # id, agreement, position changes, rule, severity, clause
    ("sector not covered", "TH", {"sector": "Q"}, "sector_covered", "blocker", "Art. 2"),
    ("monthly wage below a daily floor", "TH", {"wage_amount": D("9000"), "wage_period": "month"}, "wage_floor",
     "blocker", "Art. 11.4"),
    ("hourly wage below a daily floor", "TH", {"wage_amount": D("46.24"), "wage_period": "hour"}, "wage_floor",
     "blocker", "Art. 11.4"),
    ("dollar wage below a baht floor", "TH", {"wage_amount": D("287"), "wage_currency": "USD",
                                              "wage_period": "month"}, "wage_floor", "blocker", "Art. 11.4"),
    ("a division takes its section's floor", "TH", {"sector": "14", "wage_amount": D("369.99")}, "wage_floor",
     "blocker", "Art. 11.4"),
    ("yen per hour below the floor", "JP", {"wage_amount": D("1054")}, "wage_floor", "blocker", "Sec. 3.2"),
    ("no exchange rate for the wage", "TH", {"wage_amount": D("3000"), "wage_currency": "CNY",
                                             "wage_period": "month"}, "wage_rate_missing", "warning", "Art. 11.4"),
    ("hours per day", "TH", {"hours_per_day": D("8.5"), "days_per_week": 5, "rest_days_per_week": 2},
     "hours_per_day", "blocker", "Art. 11.1"),
    ("hours per week", "KR", {"days_per_week": 6, "rest_days_per_week": 1}, "hours_per_week", "blocker",
     "Art. 10"),
    ("no rest day", "TH", {"rest_days_per_week": 0}, "rest_days", "blocker", "Art. 11.2"),
    ("more than seven days", "TH", {"rest_days_per_week": 2}, "days_in_week", "blocker", "Art. 11.2"),
    ("overtime rate", "TH", {"overtime_rate": D("1.25")}, "overtime_rate", "blocker", "Art. 11.3"),
    ("contract too short", "TH", {"contract_months": 11}, "contract_length", "blocker", "Art. 12"),
    ("contract too long", "TH", {"contract_months": 25}, "contract_length", "blocker", "Art. 12"),
    ("contract beyond the stay", "TH", {"contract_months": 49}, "max_stay", "blocker", "Art. 13"),
    ("worker pays under zero-fee", "MY", {"costs": [cost("Passport", "5")]}, "zero_fee", "blocker",
     "Art. 10"),
    ("worker pays under zero-fee (Japan)", "JP", {"costs": [cost("Support plan", "1", "JPY")]}, "zero_fee",
     "blocker", "Sec. 5"),
    ("item not in the schedule", "TH", {"costs": [cost("Training fee", "50")]}, "worker_fee_not_allowed",
     "blocker", "Art. 14"),
    ("employer's item charged to the worker", "TH", {"costs": [cost("recruitment SERVICE fee", "100")]},
     "worker_fee_not_allowed", "blocker", "Art. 14.1"),
    ("above the cap", "TH", {"costs": [cost("Passport", "20.01")]}, "worker_fee_cap", "blocker", "Art. 14.2"),
    ("above the cap once converted", "TH", {"costs": [cost("Passport", "700", "THB")]}, "worker_fee_cap",
     "blocker", "Art. 14.2"),
    ("two lines of one item above the cap together", "TH",
     {"costs": [cost("Passport", "15"), cost("PASSPORT", "10")]}, "worker_fee_cap", "blocker", "Art. 14.2"),
    ("no exchange rate for the cost", "TH", {"costs": [cost("Passport", "100", "CNY")]},
     "worker_fee_rate_missing", "warning", "Art. 14.2"),
    ("women only", "TH", {"required_sex": "female"}, "required_sex", "blocker", "Art. 10"),
    ("men only", "KR", {"required_sex": "male"}, "required_sex", "blocker", "Art. 10"),
    ("younger than eligible", "TH", {"min_age": 17}, "age_range", "blocker", "Art. 5"),
    ("older than eligible", "KR", {"max_age": 40}, "age_range", "blocker", "Art. 5"),
    ("minimum above maximum", "TH", {"min_age": 30, "max_age": 25}, "age_range", "blocker", "Art. 5"),
    ("narrower than the agreement", "TH", {"min_age": 18, "max_age": 30}, "age_narrower", "warning", "Art. 10"),
    ("narrower: minimum only", "TH", {"min_age": 21}, "age_narrower", "warning", "Art. 10"),
    ("protected words in English", "TH", {"skills": "Women only, unmarried, under 30"}, "protected_terms",
     "warning", "Art. 10"),
    ("protected words in Khmer", "TH", {"skills": "ត្រូវការកម្មករភេទស្រី មិនទាន់រៀបការ"}, "protected_terms",
     "warning", "Art. 10"),
    ("a test the agreement does not know", "KR", {"language_test": "IELTS", "language_min_score": "5"},
     "language_test", "warning", "Art. 5"),
    ("a lower score", "KR", {"language_min_score": "79.5"}, "language_score", "warning", "Art. 5.2"),
    ("a lower JLPT level", "JP", {"language_min_score": "N5"}, "language_score", "warning", "Sec. 4.1"),
    ("no score for a named test", "JP", {"language_min_score": ""}, "language_score", "warning", "Sec. 4.1"),
]


@pytest.mark.parametrize(("country", "changes", "rule", "severity", "clause"),
                         [case[1:] for case in FAILING], ids=[case[0] for case in FAILING])
def test_rule_fails(build, country, changes, rule, severity, clause):
    findings = screen_letter(build(country, [changes]), on=today())
    finding = only(findings, rule)
    assert (finding.severity, finding.clause, finding.position_line) == (severity, clause, 1)
    assert finding.message_en.startswith("Line 1: ")
    json.dumps(finding.values)


PASSING = [
    ("a division of a covered section", "TH", {"sector": "14"}),
    ("a division the agreement lists", "TH", {"sector": "03"}),
    ("a monthly wage equal to the daily floor", "TH", {"wage_amount": D("9620"), "wage_period": "month"}),
    ("an hourly wage equal to the daily floor", "TH", {"wage_amount": D("46.25"), "wage_period": "hour"}),
    ("a weekly wage equal to the daily floor", "TH", {"wage_amount": D("2220"), "wage_period": "week"}),
    ("a yearly wage equal to the daily floor", "TH", {"wage_amount": D("115440"), "wage_period": "year"}),
    ("a dollar wage above the baht floor", "TH", {"wage_amount": D("287.17"), "wage_currency": "USD",
                                                  "wage_period": "month"}),
    ("the same daily wage on fewer days", "TH", {"wage_amount": D("370"), "days_per_week": 5,
                                                 "rest_days_per_week": 2}),
    ("yen per hour at the floor", "JP", {"wage_amount": D("1055")}),
    ("shorter hours", "TH", {"hours_per_day": D("7.5"), "days_per_week": 5, "rest_days_per_week": 2}),
    ("hours at the weekly maximum", "KR", {"hours_per_day": D("8"), "days_per_week": 5}),
    ("two rest days", "TH", {"days_per_week": 5, "rest_days_per_week": 2}),
    ("a higher overtime rate", "TH", {"overtime_rate": D("2")}),
    ("the shortest contract", "TH", {"contract_months": 12}),
    ("the longest contract", "KR", {"contract_months": 36}),
    ("the employer pays under zero-fee", "MY", {}),
    ("an allowed item in any case and spacing", "TH", {"costs": [cost("  passport ", "20")]}),
    ("at the cap once converted", "TH", {"costs": [cost("Passport", "670", "THB")]}),
    ("two allowed items within their caps", "TH", {"costs": [cost("Passport", "20"),
                                                             cost("Medical check in Cambodia", "25")]}),
    ("no cost at all", "TH", {"costs": []}),
    ("any sex", "TH", {"required_sex": "any"}),
    ("the agreement's own age range", "TH", {"min_age": 18, "max_age": 45}),
    ("innocent English", "TH", {"skills": "Garment management; page layouts; wages paid monthly; manpower "
                                          "planning; single shift; single-phase motors; storage; encourage"}),
    ("innocent Khmer", "TH", {"skills": "ប្រភេទការងារ៖ ដេរសម្លៀកបំពាក់ អាយុកាលកិច្ចសន្យា ២ ឆ្នាំ"}),
    ("a recognised test spelt differently", "KR", {"language_test": "eps topik", "language_min_score": "80"}),
    ("a higher score", "KR", {"language_min_score": "90"}),
    ("a higher JLPT level", "JP", {"language_min_score": "N3"}),
    ("any test where the agreement names none", "TH", {"language_test": "IELTS", "language_min_score": "4"}),
]


@pytest.mark.parametrize(("country", "changes"), [case[1:] for case in PASSING], ids=[case[0] for case in PASSING])
def test_rule_passes(build, country, changes):
    assert screen_letter(build(country, [changes]), on=today()) == []


# --- coverage, floors and quotas that need a changed agreement ------------------------------------------

@pytest.mark.parametrize(("occupation", "covered"), [("9329", False), ("7531", True), ("75", True),
                                                     ("8153", True), ("8154", False)])
def test_occupation_covered_when_it_or_an_ancestor_is_listed(build, agreements, occupation, covered):
    version = version_of(agreements["TH"])
    version.occupations.set(Occupation.objects.filter(code__in=["75", "8153"]))
    version.occupations_clause = "Art. 2.2"
    version.save(update_fields=["occupations_clause"])
    findings = screen_letter(build("TH", [{"occupation": occupation}]), on=today())
    if covered:
        assert findings == []
    else:
        finding = only(findings, "occupation_covered")
        assert (finding.severity, finding.clause) == ("blocker", "Art. 2.2")
        assert finding.values == {"occupation": occupation, "covered": ["75", "8153"]}


def test_a_sector_without_a_floor_is_a_warning(build, agreements):
    version_of(agreements["TH"]).wage_floors.filter(sector__code="F").delete()
    findings = screen_letter(build("TH", [{"sector": "F"}, {"line": 2, "sector": "C"}]), on=today())
    assert rules(findings) == [("wage_floor_missing", "warning", 1)]
    assert findings[0].clause == "Art. 11.4"


def test_an_uncovered_sector_is_reported_once(build):
    """Not also as a missing floor or a missing quota."""
    assert rules(screen_letter(build("TH", [{"sector": "Q"}]), on=today())) == [("sector_covered", "blocker", 1)]


def test_no_quota_row_for_the_sector(build, agreements):
    Quota.objects.filter(version=version_of(agreements["TH"]), sector__code="C").delete()
    findings = screen_letter(build("TH", [{"sector": "14"}, {"line": 2, "sector": "03"}]), on=today())
    assert rules(findings) == [("quota_missing", "blocker", 1)]
    assert findings[0].values == {"sector": "14", "occupation": "7531", "year": today().year}


@pytest.mark.parametrize(("approved", "blocked"), [(19990, False), (19991, True), (0, False)])
def test_quota_remaining_must_cover_the_workers(build, agreements, approved, blocked):
    th = agreements["TH"]
    QuotaUse.objects.create(agreement=th, year=today().year, sector=Sector.objects.get(code="C"), approved=approved)
    findings = screen_letter(build("TH", [{"workers": 6}, {"line": 2, "sector": "14", "workers": 4}]), on=today())
    if not blocked:
        assert findings == []
        return
    assert rules(findings) == [("quota", "blocker", None)]
    finding = findings[0]
    assert finding.clause == "Annex 1"
    assert finding.values == {"sector": "C", "occupation": None, "year": today().year, "requested": 10, "remaining": 9,
                              "cap": 20000, "approved": 19991, "lines": [1, 2]}
    assert "10 workers requested (lines 1, 2), 9 remaining of the cap of 20000" in finding.message_en


def test_quota_use_of_another_year_or_agreement_does_not_count(build, agreements):
    c = Sector.objects.get(code="C")
    QuotaUse.objects.create(agreement=agreements["TH"], year=today().year - 1, sector=c, approved=20000)
    QuotaUse.objects.create(agreement=agreements["KR"], year=today().year, sector=c, approved=20000)
    assert screen_letter(build("TH"), on=today()) == []


def test_a_division_quota_comes_before_its_section(build, agreements):
    Quota.objects.create(version=version_of(agreements["TH"]), year=today().year, sector=Sector.objects.get(code="14"),
                         cap=5, clause="Annex 2")
    findings = screen_letter(build("TH", [{"sector": "14", "workers": 6}, {"line": 2, "workers": 50}]), on=today())
    finding = only(findings, "quota")
    assert (finding.clause, finding.values["sector"], finding.values["requested"]) == ("Annex 2", "14", 6)


def test_a_quota_for_an_occupation_applies_to_that_occupation_only(build, agreements):
    version = version_of(agreements["TH"])
    f = Sector.objects.get(code="F")
    Quota.objects.filter(version=version, sector=f).delete()
    Quota.objects.create(version=version, year=today().year, sector=f, occupation=Occupation.objects.get(code="711"),
                         cap=5, clause="Annex 3")
    # 7112 (bricklayers) is under 711; 9313 (building labourers) is not.
    findings = screen_letter(build("TH", [{"sector": "F", "occupation": "7112", "workers": 5},
                                          {"line": 2, "sector": "F", "occupation": "9313"}]), on=today())
    assert rules(findings) == [("quota_missing", "blocker", 2)]
    assert findings[0].values == {"sector": "F", "occupation": "9313", "year": today().year, "occupations": ["711"]}
    assert findings[0].clause == "Annex 3"
    assert "per occupation, for 711 only, and none covers 9313" in findings[0].message_en
    findings = screen_letter(build("TH", [{"sector": "F", "occupation": "7112", "workers": 6}]), on=today())
    assert rules(findings) == [("quota", "blocker", None)]
    assert findings[0].values["cap"] == 5
    assert "Not enough quota for Construction (F), occupation 711 " in findings[0].message_en


def test_an_occupation_cap_inside_a_sector_wide_quota(build, agreements):
    Quota.objects.create(version=version_of(agreements["TH"]), year=today().year, sector=Sector.objects.get(code="C"),
                         occupation=Occupation.objects.get(code="7531"), cap=8, clause="Annex 4")
    findings = screen_letter(build("TH", [{"workers": 9}, {"line": 2, "occupation": "8153", "workers": 100}]),
                             on=today())
    finding = only(findings, "quota")
    assert (finding.clause, finding.values["occupation"], finding.values["requested"]) == ("Annex 4", "7531", 9)
    assert "7531" in finding.message_en


def test_an_occupation_pool_and_its_sectors_are_counted_apart(build, agreements):
    """What approved demand holds in the 7531 pool does not count against the sector's, and the reverse."""
    th, c = agreements["TH"], Sector.objects.get(code="C")
    tailors = Occupation.objects.get(code="7531")
    Quota.objects.create(version=version_of(th), year=today().year, sector=c, occupation=tailors, cap=8,
                         clause="Annex 4")
    QuotaUse.objects.create(agreement=th, year=today().year, sector=c, occupation=tailors, approved=8)
    QuotaUse.objects.create(agreement=th, year=today().year, sector=c, approved=19_990)
    letter = build("TH", [{"occupation": "8153", "workers": 10}, {"line": 2, "occupation": "7531", "workers": 1}])
    finding = only(screen_letter(letter, on=today()), "quota")
    assert finding.position_line is None and finding.clause == "Annex 4"
    assert finding.values == {"sector": "C", "occupation": "7531", "year": today().year, "requested": 1, "remaining": 0,
                              "cap": 8, "approved": 8, "lines": [2]}
    assert screen_letter(build("TH", [{"occupation": "8153", "workers": 10}]), on=today()) == []


# --- letter-level rules ---------------------------------------------------------------------------------

def test_no_version_in_force(build):
    day = datetime.date(2015, 6, 1)  # before every illustrative agreement
    letter = build("TH", valid_from=day, valid_until=day + datetime.timedelta(days=90))
    findings = screen_letter(letter, on=day)
    assert rules(findings) == [("version_in_force", "blocker", None)]
    assert findings[0].values["on"] == "2015-06-01"


@pytest.mark.parametrize(("valid_from", "valid_until", "expected"), [
    (0, 0, []),
    (-30, 30, []),
    (10, 5, ["validity_dates"]),
    (-100, -1, ["validity_expired"]),
    (0, -1, ["validity_dates", "validity_expired"]),
])
def test_letter_validity(build, valid_from, valid_until, expected):
    """Validity dates as days from today."""
    findings = screen_letter(build("TH", valid_from=days(valid_from), valid_until=days(valid_until)), on=today())
    assert [f.rule for f in findings] == expected
    assert all(f.severity == "blocker" and f.position_line is None for f in findings)


def test_at_least_one_position(build):
    assert rules(screen_letter(build("TH", []), on=today())) == [("positions_present", "blocker", None)]


def test_missing_employer_profile(agreements, users, rates):
    letter = make_letter(agreement=agreements["TH"], employer=users["employer_th"].organisation, profile=False)
    assert rules(screen_letter(letter, on=today())) == [("employer_profile", "blocker", None)]


DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(("accreditation", "accredited_until", "banned_until", "expected"), [
    (Accreditation.ACCREDITED, None, None, None),
    (Accreditation.ACCREDITED, 0, None, None),
    (Accreditation.ACCREDITED, -1, None, "employer_accredited"),
    (Accreditation.PENDING, None, None, "employer_accredited"),
    (Accreditation.SUSPENDED, 30, None, "employer_accredited"),
    (Accreditation.BANNED, None, None, "employer_banned"),
    (Accreditation.BANNED, None, 0, "employer_banned"),
    (Accreditation.ACCREDITED, None, 1, "employer_banned"),
    (Accreditation.ACCREDITED, None, -1, None),
    (Accreditation.BANNED, None, -1, "employer_accredited"),  # the ban is over but not re-accredited
])
def test_employer_accredited_and_not_banned(build, users, accreditation, accredited_until, banned_until,
                                            expected):
    letter = build("TH")
    make_employer_profile(users["employer_th"].organisation, accreditation=accreditation,
                          accredited_until=days(accredited_until), banned_until=days(banned_until))
    findings = screen_letter(letter, on=today())
    if expected is None:
        assert findings == []
    else:
        assert rules(findings) == [(expected, "blocker", None)]


@pytest.mark.parametrize(("country", "status", "found"), [
    ("TH", "attested", False),
    ("TH", "requested", True),
    ("TH", "not_required", True),
    ("TH", "refused", True),
    ("MY", "requested", True),
    ("KR", "not_required", False),
])
def test_attestation_where_the_agreement_requires_it(build, country, status, found):
    """The rule is satisfied by the labour attaché's attestation on the platform, and only by it: it tells the
    employer (a warning) that the letter goes to the attaché before the Ministry's review."""
    findings = screen_letter(build(country, attestation_status=status), on=today())
    if not found:
        assert findings == []
        return
    finding = only(findings, "attestation")
    assert (finding.severity, finding.position_line) == ("warning", None)
    assert finding.clause == {"TH": "Art. 7", "MY": "Art. 6"}[country]
    assert "labour attaché" in finding.message_en


def test_a_typed_in_attestation_or_an_attached_one_does_not_count(build, users):
    """What the employer types or attaches is no attestation: only the attaché's, on the platform."""
    letter = build("TH", attestation_status="requested", attestation_date=today(), attestation_officer="Someone")
    Attachment.objects.create(letter=letter, kind="attestation", file="demand/test/attestation.pdf",
                              original_name="attestation.pdf", content_type="application/pdf", size=1000,
                              uploaded_by=users["employer_th"])
    assert only(screen_letter(letter, on=today()), "attestation").severity == "warning"


# --- what a finding carries -----------------------------------------------------------------------------

def test_the_wage_finding_carries_the_values_compared_and_a_message_to_act_on(build):
    finding = only(screen_letter(build("TH", [{}, {"line": 3, "wage_amount": D("9000"),
                                                   "wage_period": "month"}]), on=today()), "wage_floor")
    assert finding.position_line == 3
    assert finding.values == {
        "offered": "9000 THB per month", "floor": "370 THB per day", "floor_sector": "C",
        "hours_per_day": "8", "days_per_week": 6,
        "offered_monthly_usd": "268.66", "floor_monthly_usd": "287.16",
        "offered_monthly": "9000 THB", "floor_monthly": "9620 THB", "required": "9620 THB per month",
    }
    assert finding.message_en == (
        "Line 3: the wage of 9,000 THB per month is below the agreement's minimum wage of 370 THB per day for "
        "Manufacturing (C) (about 268.66 USD a month against 287.16 USD, at 8 hours a day and 6 days a week). "
        "Raise the wage to at least 9,620 THB per month.")
    # Rendered under the Khmer catalogue: strings it already has (the periods) come out in Khmer.
    assert "9,000 THB ក្នុងមួយខែ" in finding.message_km


def test_the_required_wage_is_rounded_up_in_the_wage_currency(build):
    finding = only(screen_letter(build("KR", [{"wage_amount": D("10000"), "wage_period": "hour"}]), on=today()),
                   "wage_floor")
    assert finding.values["required"] == "10030 KRW per hour"
    finding = only(screen_letter(build("TH", [{"wage_amount": D("280"), "wage_currency": "USD",
                                               "wage_period": "month"}]), on=today()), "wage_floor")
    assert finding.values["required"] == "287.17 USD per month"  # 9620 / 33.5 = 287.164…, rounded up


def test_protected_words_are_quoted_for_the_reviewer(build):
    finding = only(screen_letter(build("TH", [{"skills": "Female workers, not pregnant; Buddhist preferred"}]),
                                 on=today()), "protected_terms")
    assert finding.values == {"field": "skills", "matched": ["Female", "pregnant", "Buddhist"]}
    assert "“Female”, “pregnant”, “Buddhist”" in finding.message_en


def test_fee_finding_values(build):
    finding = only(screen_letter(build("TH", [{"costs": [cost("Passport", "15"), cost("passport", "335", "THB")]}]),
                                 on=today()), "worker_fee_cap")
    assert finding.values == {"item": "Passport", "paid": ["15 USD", "335 THB"], "paid_in_cap_currency": "25",
                              "cap": "20 USD"}
    assert "15 USD + 335 THB (about 25 USD)" in finding.message_en


def test_every_finding_is_complete_and_ordered(build, users):
    make_employer_profile(users["employer_th"].organisation, accreditation=Accreditation.PENDING)
    letter = build("TH", [
        {"line": 2, "sector": "Q"},
        {"line": 1, "wage_amount": D("1"), "hours_per_day": D("10"), "rest_days_per_week": 0,
         "overtime_rate": D("1"), "contract_months": 60, "required_sex": "male", "min_age": 16,
         "skills": "young men", "costs": [cost("Passport", "30"), cost("Bribe", "5")]},
    ], attestation_status="requested", valid_until=today() - DAY, valid_from=today() - 10 * DAY)
    findings = screen_letter(letter, on=today())
    assert [f.rule for f in findings] == [
        "validity_expired", "employer_accredited", "attestation",
        "wage_floor", "hours_per_day", "hours_per_week", "rest_days", "overtime_rate", "contract_length",
        "max_stay", "worker_fee_not_allowed", "worker_fee_cap", "required_sex", "age_range", "protected_terms",
        "sector_covered",
    ]
    known = set(LETTER_RULES) | set(POSITION_RULES)
    for f in findings:
        assert isinstance(f, FindingData)
        assert f.rule in known and len(f.rule) <= 40
        assert f.severity in {"blocker", "warning"}
        assert len(f.clause) <= 60
        assert json.loads(json.dumps(f.values)) == f.values
        assert f.message_en and f.message_km
        assert (f.position_line is None) == (f.rule in LETTER_RULES)
        if f.position_line is not None:
            assert f.message_en.startswith(f"Line {f.position_line}: ")
    with pytest.raises(dataclasses.FrozenInstanceError):
        findings[0].rule = "other"  # type: ignore[misc]


# --- a constant number of queries -----------------------------------------------------------------------

def test_query_count_does_not_grow_with_positions(build, agreements):
    QuotaUse.objects.create(agreement=agreements["TH"], year=today().year, sector=Sector.objects.get(code="C"),
                            approved=10)
    mixed = [{"costs": [cost("Passport", "600", "THB"), cost("Visa and work permit", "50", "USD", "employer")]},
             {"sector": "14", "skills": "women", "wage_amount": D("100")}, {"sector": "03"}]
    counts = []
    for n in (5, 50):
        letter = build("TH", [mixed[i % 3] for i in range(n)], attestation_status="requested")
        with CaptureQueriesContext(connection) as ctx:
            findings = screen_letter(letter, on=today())
        assert findings
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


# --- the protected-words list ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words"), [
    ("Female workers preferred", ["Female"]),
    ("MEN ONLY", ["MEN"]),
    ("women and girls", ["women", "girls"]),
    ("must be single", ["must be single"]),
    ("single women", ["single women"]),
    ("married or unmarried", ["married", "unmarried"]),
    ("marital status: any", ["marital status"]),
    ("not pregnant", ["pregnant"]),
    ("no pregnancy test", ["pregnancy"]),
    ("gender identity and sexual orientation", ["gender identity", "sexual orientation"]),
    ("no gay, lesbian or transgender applicants", ["gay", "lesbian", "transgender"]),
    ("religion: Muslim or Christian", ["religion", "Muslim", "Christian"]),
    ("ethnic Khmer Krom", ["ethnic", "Khmer Krom"]),
    ("race", ["race"]),
    ("no disabled or handicapped workers", ["disabled", "handicapped"]),
    ("age under 30", ["age", "under 30"]),
    ("below 25 years old", ["below 25 years old"]),
    ("applicants 20-35 years old", ["20-35 years old"]),
    ("young and energetic", ["young"]),
    ("aged 18 to 30", ["aged"]),
    ("កម្មករស្រី", ["ស្រី"]),
    ("កម្មករប្រុស", ["ប្រុស"]),
    ("ភេទ៖ ស្ត្រី", ["ភេទ", "ស្ត្រី"]),
    ("នៅលីវ មិនមានផ្ទៃពោះ", ["នៅលីវ", "មានផ្ទៃពោះ"]),
    ("សាសនា ពុទ្ធសាសនិក", ["សាសនា", "ពុទ្ធសាសនិក"]),
    ("ជនជាតិខ្មែរក្រោម", ["ជនជាតិ", "ខ្មែរក្រោម"]),
    ("មិនពិការ", ["ពិការ"]),
    ("អាយុក្រោម ៣០ ឆ្នាំ", ["អាយុ"]),
    ("ត្រូវរៀបការរួច", ["រៀបការ"]),
])
def test_protected_words_are_found(text, words):
    assert protected_words(text) == words


@pytest.mark.parametrize("text", [
    "management experience", "page layout", "wages paid monthly", "manpower planning", "500 man-hours",
    "human resources", "single shift", "single-phase motors", "storage and packaging", "encourage teamwork",
    "homage", "mentor new staff", "menu planning", "agency", "average output", "under 30 kg loads",
    "over 20 machines", "10-15 years of experience", "old-age pension", "raced", "sextant", "",
    "ប្រភេទការងារ", "អាយុកាលកិច្ចសន្យា", "ស្រីលង្កា", "ឆ្នាំគ្រិស្តសករាជ ២០២៦", "ដេរសម្លៀកបំពាក់",
])
def test_innocent_words_are_not_flagged(text):
    assert protected_words(text) == []


def test_each_protected_word_is_quoted_once():
    assert protected_words("Women; women; WOMEN; men") == ["Women", "men"]


# --- comparing test scores ------------------------------------------------------------------------------

@pytest.mark.parametrize(("lower", "higher"), [("N5", "N4"), ("N4", "N1"), ("n3", "N2"), ("79.5", "80"),
                                               ("80", "200")])
def test_score_ranks(lower, higher):
    assert score_rank(lower)[0] == score_rank(higher)[0]
    assert score_rank(lower) < score_rank(higher)


def test_score_rank_of_words_is_unknown():
    assert score_rank("Pass") is None and score_rank("") is None


# --- the registry: one decorated function is a whole rule ---------------------------------------------------

def test_every_rule_says_what_it_is():
    assert set(RULES) == set(LETTER_RULES) | set(POSITION_RULES)
    version_fields = {f.name for f in AgreementVersion._meta.fields}
    for found in RULES.values():
        assert found.severity in {BLOCKER, WARNING} and len(found.id) <= 40
        assert isinstance(found.label, Promise) and str(found.label)
        assert found.clause_field == "" or found.clause_field in version_fields
        assert all(isinstance(m, Promise) for m in found.messages.values())
        if found.scope == "position":  # position messages name their line
            assert all(str(m).startswith("Line %(line)s: ") for m in found.messages.values()), found.id
        with translation.override("en"):
            english = str(found.label)
        with translation.override("km"):
            assert str(found.label) != english  # translated
    assert RULES["rest_days"].clause_field == "rest_clause" and RULES["rest_days"].severity == BLOCKER


def test_the_report_labels_come_from_the_rules():
    from frontend.demand import report

    assert report.FINDING_VALUE_LABELS is VALUE_LABELS
    assert str(VALUE_LABELS["rest_days_per_week"]) == "Rest days a week"


def test_a_rule_is_one_decorated_function(build, monkeypatch):
    """Registering a rule is all it takes for screening to run it, with its severity, clause and message."""
    monkeypatch.setattr(screening, "RULES", dict(RULES))
    monkeypatch.setattr(screening, "VALUE_LABELS", dict(VALUE_LABELS))

    @rule("night_shift", "warning", "hours_clause", label=screening._("Hours"),
          message=screening._("Line %(line)s: the position works %(hours)s hours a day."),
          labels={"night_hours": screening._("Hours a day")})
    def night_shift(p, ctx):
        return hit({"night_hours": str(p.hours_per_day)}, hours=str(p.hours_per_day))

    position_checks = (*screening._POSITION_CHECKS, screening.RULES["night_shift"])
    monkeypatch.setattr(screening, "_POSITION_CHECKS", position_checks)
    letter = build("TH", [{}])
    [found] = [f for f in screen_letter(letter) if f.rule == "night_shift"]
    version = letter.agreement.versions.get()
    assert (found.severity, found.clause, found.position_line, found.values) == (
        "warning", version.hours_clause, 1, {"night_hours": "8.0"})
    assert found.message_en == "Line 1: the position works 8.0 hours a day."
    assert screening.VALUE_LABELS["night_hours"] is not None


def test_the_registry_refuses_a_rule_twice_or_a_clause_the_agreement_lacks(monkeypatch):
    monkeypatch.setattr(screening, "RULES", dict(RULES))
    with pytest.raises(ImproperlyConfigured):
        rule("rest_days", BLOCKER, label="x", message="x")(lambda p, ctx: None)
    with pytest.raises(ImproperlyConfigured):
        rule("brand_new", BLOCKER, "no_such_clause", label="x", message="x")
    with pytest.raises(ImproperlyConfigured):
        rule("brand_new", "fatal", label="x", message="x")


def test_underscore_means_only_gettext_in_screening():
    assert screening._ is translation.gettext_lazy
    tree = ast.parse(Path(screening.__file__).read_text())
    bound = [node.lineno for node in ast.walk(tree)
             if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)]
    assert bound == []  # no `_` as a throwaway variable, nothing rebinds it
