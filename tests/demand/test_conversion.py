"""Wage, period and currency conversion: Decimal arithmetic, never float."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest

from demand.conversion import (
    Rate,
    RateTable,
    from_monthly,
    grouped,
    load_rates,
    plain,
    round_money,
    round_up,
    to_monthly,
)
from reference.models import Currency, ExchangeRate


@pytest.mark.parametrize(("amount", "period", "hours", "days", "monthly"), [
    (D("370"), "day", D("8"), 6, D("9620")),  # 370 × 6 × 52 / 12
    (D("46.25"), "hour", D("8"), 6, D("9620")),  # 46.25 × 8 × 6 × 52 / 12
    (D("2220"), "week", D("8"), 6, D("9620")),  # 2220 × 52 / 12
    (D("9620"), "month", D("8"), 6, D("9620")),
    (D("115440"), "year", D("8"), 6, D("9620")),  # 115440 / 12
    (D("10030"), "hour", D("8"), 5, D("1738533.33")),  # 10030 × 8 × 5 × 52 / 12 = 1738533.33…
    (D("1055"), "hour", D("7.5"), 5, D("171437.50")),  # 1055 × 7.5 × 5 × 52 / 12
    (D("350"), "day", D("8"), 5, D("7583.33")),
])
def test_to_monthly(amount, period, hours, days, monthly):
    result = to_monthly(amount, period, hours_per_day=hours, days_per_week=days)
    assert isinstance(result, D)
    assert round_money(result) == monthly


def test_to_monthly_multiplies_before_it_divides():
    # 52/12 is a repeating fraction: dividing last keeps 370 a day at exactly 9620 a month.
    assert to_monthly(D("370"), "day", hours_per_day=D("8"), days_per_week=6) == D("9620")
    assert to_monthly(D("0.1"), "month", hours_per_day=D("8"), days_per_week=6) == D("0.1")


@pytest.mark.parametrize("period", ["hour", "day", "week", "month", "year"])
def test_from_monthly_inverts_to_monthly(period):
    monthly = to_monthly(D("123.45"), period, hours_per_day=D("7.5"), days_per_week=5)
    back = from_monthly(monthly, period, hours_per_day=D("7.5"), days_per_week=5)
    assert isinstance(back, D) and round_money(back) == D("123.45")


def test_from_monthly_without_hours_or_days_has_no_answer():
    assert from_monthly(D("1000"), "hour", hours_per_day=D("0"), days_per_week=5) is None
    assert from_monthly(D("1000"), "day", hours_per_day=D("8"), days_per_week=0) is None
    assert from_monthly(D("1000"), "month", hours_per_day=D("0"), days_per_week=0) == D("1000")


def test_an_unknown_period_is_an_error():
    with pytest.raises(ValueError, match="fortnight"):
        to_monthly(D("1"), "fortnight", hours_per_day=D("8"), days_per_week=5)


@pytest.fixture
def table() -> RateTable:
    day = datetime.date(2026, 1, 1)
    return RateTable(on=day, rates={
        "THB": Rate("THB", D("33.5"), day), "KRW": Rate("KRW", D("1400"), day), "MYR": Rate("MYR", D("4.3"), day),
    })


def test_rates_convert_through_the_dollar(table):
    assert round_money(table.to_usd(D("9000"), "THB")) == D("268.66")
    assert table.from_usd(D("20"), "THB") == D("670.0")
    assert round_money(table.convert(D("700"), "THB", "USD")) == D("20.90")
    assert round_money(table.convert(D("1400"), "KRW", "THB")) == D("33.50")
    assert table.convert(D("12.34"), "MYR", "MYR") == D("12.34")
    for value in (table.to_usd(D("1"), "THB"), table.convert(D("1"), "KRW", "MYR")):
        assert isinstance(value, D)


def test_the_dollar_needs_no_rate_row(table):
    assert table.has("USD") and table.to_usd(D("5"), "USD") == D("5")


def test_a_missing_rate_gives_none(table):
    assert not table.has("CNY")
    assert table.to_usd(D("1"), "CNY") is None
    assert table.convert(D("1"), "CNY", "THB") is None
    assert table.convert(D("1"), "THB", "CNY") is None
    assert table.monthly_usd(D("1"), "CNY", "month", hours_per_day=D("8"), days_per_week=5) is None


def test_monthly_usd(table):
    # 370 THB a day on 6 days: 9620 THB a month = 287.16 USD
    usd = table.monthly_usd(D("370"), "THB", "day", hours_per_day=D("8"), days_per_week=6)
    assert isinstance(usd, D) and round_money(usd) == D("287.16")
    # 10,030 KRW an hour, 8 hours, 5 days: 1,738,533.33 KRW = 1241.81 USD
    usd = table.monthly_usd(D("10030"), "KRW", "hour", hours_per_day=D("8"), days_per_week=5)
    assert round_money(usd) == D("1241.81")


@pytest.mark.django_db
def test_load_rates_takes_the_latest_on_or_before_the_day(reference_data, django_assert_num_queries):
    sgd = Currency.objects.get(code="SGD")
    for day, rate in ((datetime.date(2001, 1, 1), "1.70"), (datetime.date(2001, 6, 1), "1.75"),
                      (datetime.date(2002, 1, 1), "1.80")):
        ExchangeRate.objects.create(currency=sgd, as_of=day, per_usd=D(rate))
    with django_assert_num_queries(1):
        table = load_rates(datetime.date(2001, 12, 31), ["SGD", "THB"])
    assert table.get("SGD") == Rate("SGD", D("1.75"), datetime.date(2001, 6, 1))
    assert not table.has("THB")  # the reference rates start later
    assert load_rates(datetime.date(2001, 6, 1), ["SGD"]).get("SGD").per_usd == D("1.75")
    assert not load_rates(datetime.date(2000, 12, 31), ["SGD"]).has("SGD")
    assert load_rates(datetime.date(2003, 1, 1)).get("SGD").per_usd == D("1.80")  # every currency


@pytest.mark.django_db
def test_load_rates_of_no_currency_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert load_rates(datetime.date(2026, 1, 1), []).rates == {}


@pytest.mark.parametrize(("amount", "places", "text"), [
    (D("9000"), 2, "9,000"), (D("9000.00"), 2, "9,000"), (D("252.5"), 2, "252.50"),
    (D("1234567.891"), 2, "1,234,567.89"), (D("2086240"), 0, "2,086,240"), (D("0.004"), 2, "0"),
    (D("287.165"), 2, "287.17"),
])
def test_grouped(amount, places, text):
    assert grouped(amount, places) == text


@pytest.mark.parametrize(("amount", "text"), [
    (D("9000.00"), "9000"), (D("370.50"), "370.5"), (D("1E+3"), "1000"), (D("0.25"), "0.25"), (D("8"), "8"),
])
def test_plain(amount, text):
    assert plain(amount) == text


def test_rounding():
    assert round_money(D("287.164")) == D("287.16")
    assert round_money(D("287.165")) == D("287.17")
    assert round_up(D("287.161")) == D("287.17")
    assert round_up(D("287.16")) == D("287.16")
    assert round_up(D("1738533.34"), 0) == D("1738534")
    assert round_money(D("1738533.5"), 0) == D("1738534")
