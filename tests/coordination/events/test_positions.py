"""The positions a seeker fits, with EVERY unmet requirement: the position's (occupation, experience, language)
and the agreement's as vetting computes them (identity, medical, orientation, police clearance, each required
test, age), each a message rendered in the reader's language."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from coordination.events.positions import NEARLY_QUALIFIES, QUALIFIES, seeker_position_fits
from coordination.jobseekers.vetting import evidence_record
from i18n.messages import Message
from tests.coordination.events.helpers import korean_letter
from tests.coordination.jobseekers.helpers import register
from tests.coordination.jobseekers.vetting_helpers import born_aged

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _fit(seeker):
    fits = seeker_position_fits(seeker)
    assert len(fits) == 1, fits
    return fits[0]


def _record(actor, seeker, kind, **fields):
    fields.setdefault("on_date", timezone.localdate() - 5 * DAY)
    if kind in ("medical", "police"):
        fields.setdefault("valid_until", timezone.localdate() + 300 * DAY)
    return evidence_record(actor=actor, seeker=seeker, kind=kind, **fields)


def test_nearly_lists_every_missing_piece_of_evidence_not_only_the_test(users, agreements):
    korean_letter(users, agreements)
    seeker = register(users["counsellor"])  # 7531 for 3 years, EPS-TOPIK 72 given at registration, nothing vetted
    fit = _fit(seeker)
    assert fit.status == NEARLY_QUALIFIES
    assert all(isinstance(m, Message) for m in fit.missing)
    texts = fit.missing_texts
    assert "needs EPS-TOPIK ≥ 80, has 72" in texts
    for wanted in ("Identity not yet checked", "No medical check recorded",
                   "Pre-departure orientation not yet completed", "No police clearance recorded",
                   "Needs a pass in EPS skills test: no result recorded"):
        assert wanted in texts, (wanted, texts)
    # The agreement's EPS-TOPIK requirement is not said twice: the position's check already says what is missing.
    assert sum("EPS-TOPIK" in t for t in texts) == 1


def test_expired_and_failed_evidence_are_listed_and_a_failed_check_counts_against_nearly(users, agreements):
    korean_letter(users, agreements, positions=[{
        "occupation": "7531", "sector": "C", "wage_amount": "2300000", "wage_currency": "KRW",
        "wage_period": "month", "costs": [], "language_test": "", "language_min_score": "",
        "experience_months": 0}])
    counsellor = users["counsellor"]
    seeker = register(counsellor)
    today = timezone.localdate()
    _record(counsellor, seeker, "identity")
    _record(counsellor, seeker, "orientation")
    _record(counsellor, seeker, "police", on_date=today - 400 * DAY, valid_until=today - 20 * DAY)
    _record(counsellor, seeker, "medical", result="failed")
    _record(counsellor, seeker, "test", test="EPS-TOPIK", score="95", valid_until=today + 600 * DAY)
    fit = _fit(seeker)
    texts = fit.missing_texts
    assert any(t.startswith("Police clearance expired on") for t in texts), texts
    assert any(t.startswith("Medical check failed on") for t in texts), texts
    assert "Needs a pass in EPS skills test: no result recorded" in texts
    assert not any("Identity" in t or "orientation" in t or "EPS-TOPIK" in t for t in texts), texts
    assert fit.status == NEARLY_QUALIFIES

    _record(counsellor, seeker, "medical", valid_until=today + 300 * DAY)
    _record(counsellor, seeker, "police", valid_until=today + 300 * DAY)
    _record(counsellor, seeker, "test", test_name="EPS skills test")
    assert _fit(seeker).status == QUALIFIES and _fit(seeker).missing == []


def test_the_agreements_age_range_is_a_reason_too(users, agreements):
    korean_letter(users, agreements)
    seeker = register(users["counsellor"], date_of_birth=born_aged(45))
    texts = _fit(seeker).missing_texts
    assert any("the agreement accepts 18 to 39" in t for t in texts), texts


def test_the_reasons_are_read_in_the_readers_language(users, agreements):
    korean_letter(users, agreements)
    seeker = register(users["counsellor"])
    fit = _fit(seeker)
    english = fit.missing_texts
    with translation.override("km"):
        khmer = fit.missing_texts
    assert len(khmer) == len(english) and khmer != english
