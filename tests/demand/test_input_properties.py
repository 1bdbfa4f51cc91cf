"""Property tests for the services' inputs (issue 9 §2): whatever text, number or date a door hands a
service, it either writes clean values that fit their columns or raises a ValidationError naming fields;
nothing else escapes, and a refusal writes nothing."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demand import services
from demand.models import DemandLetter, Position
from mou import services as mou_services
from mou.models import Agreement
from tests.demand.helpers import kr_position, letter_data
from validation import ZERO_WIDTH, clean_text, parse_decimal, parse_id, parse_int

pytestmark = pytest.mark.django_db

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])
# Text with what people and attackers send: NUL, zero-width characters, other scripts, very long runs.
nasty_text = st.one_of(
    st.text(alphabet=st.sampled_from(["a", " ", "\x00", *ZERO_WIDTH, "ក", "\n", "é"]), max_size=30),
    st.text(max_size=40),
    st.integers(min_value=0, max_value=6000).map(lambda n: "x" * n),
)
numberish = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True), st.integers(min_value=-10**25, max_value=10**25),
    st.floats(), st.text(alphabet="0123456789.,-+e_ ١٢३NaInfity", max_size=25),
)


class Rollback(Exception):
    pass


def attempt(call):
    """Run the call in a savepoint that is always rolled back: ("ok", result) or ("refused", error)."""
    try:
        with transaction.atomic():
            try:
                result = call()
            except ValidationError as exc:
                return "refused", exc
            raise Rollback(result)
    except Rollback as done:
        return "ok", done.args[0]


@given(st.text())
def test_clean_text_removes_what_cannot_be_seen(value):
    cleaned = clean_text(value)
    assert not any(c in cleaned for c in ZERO_WIDTH)
    assert cleaned == cleaned.strip() and clean_text(cleaned) == cleaned


@given(st.one_of(st.text(max_size=50), numberish))
def test_numbers_are_ascii_and_finite(value):
    number = parse_decimal(value)
    if number is not None:
        assert number.is_finite()
        if isinstance(value, str):
            assert value.strip().isascii() and "_" not in value and "e" not in value.lower()
    whole = parse_int(value)
    assert whole is None or isinstance(whole, int)


@given(st.one_of(st.text(max_size=25), st.integers()))
def test_ids_are_ascii_digits_within_a_bigint(value):
    pk = parse_id(value)
    if pk is not None:
        assert 0 < pk < 2**63
        assert isinstance(value, int) or (value.isascii() and value.isdigit())


@PROPERTY
@given(location=nasty_text, skills=nasty_text, hours=numberish, wage=numberish, workers=numberish,
       valid_from=st.dates(), valid_until=st.dates())
def test_letter_create_writes_clean_fitting_values_or_refuses(users, agreements, employers, location, skills,
                                                              hours, wage, workers, valid_from, valid_until):
    data = letter_data([kr_position(work_location=location, skills=skills, hours_per_day=hours, wage_amount=wage,
                                    workers=workers)], valid_from=valid_from, valid_until=valid_until)
    outcome, value = attempt(lambda: services.letter_create(actor=users["employer_kr"],
                                                            agreement=agreements["KR"], data=data))
    if outcome == "refused":
        assert value.message_dict and all(value.message_dict.values())
        assert not DemandLetter.objects.exists()
        return
    position = value.positions.get()
    for name in ("work_location", "skills"):
        stored = getattr(position, name)
        assert "\x00" not in stored and not any(c in stored for c in ZERO_WIDTH)
        assert len(stored) <= Position._meta.get_field(name).max_length
    assert position.hours_per_day.is_finite() and abs(position.wage_amount) < Decimal(10) ** 10
    today = datetime.date.today()
    assert today - datetime.timedelta(days=367) <= value.valid_from <= value.valid_until
    assert value.valid_until <= today.replace(year=today.year + 10) + datetime.timedelta(days=1)


@PROPERTY
@given(hours=numberish, months=numberish, clause=nasty_text, title=nasty_text, signed=st.dates())
def test_agreement_create_writes_fitting_values_or_refuses(users, agreements, hours, months, clause, title, signed):
    terms = mou_services.terms_from_version(agreements["KR"].versions.order_by("-number").first())
    terms = dataclasses.replace(terms, hours_per_day=hours, contract_max_months=months, hours_clause=clause,
                                signed_date=signed, in_force_from=max(signed, terms.in_force_from))
    before = Agreement.objects.count()
    outcome, value = attempt(lambda: mou_services.agreement_create(
        actor=users["ministry_admin"], partner_country="SG", title=title, channel="g2g", terms=terms))
    if outcome == "refused":
        assert value.message_dict and Agreement.objects.count() == before
        return
    version = value.versions.get()
    assert value.title and len(value.title) <= 255 and "\x00" not in value.title
    assert len(version.hours_clause) <= 60 and 1 <= version.hours_per_day <= 12
    assert version.contract_max_months <= 32767
