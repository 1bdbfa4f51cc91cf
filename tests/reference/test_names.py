"""Country, language, currency and organisation names in the reader's language."""

from __future__ import annotations

import pytest
from babel import Locale
from django.utils import translation

from accounts.models import Organisation
from reference.models import Country, Currency, Language

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("iso2", ["KR", "TH", "MY", "JP", "SA", "KH"])
def test_country_names_follow_cldr_in_khmer_and_stay_english_otherwise(reference_data, iso2):
    country = Country.objects.get(iso2=iso2)
    with translation.override("km"):
        assert country.local_name == Locale.parse("km").territories[iso2] != country.name
        assert str(country) == country.local_name
    with translation.override("en"):
        assert country.local_name == country.name


@pytest.mark.parametrize("code", ["KRW", "THB", "USD", "MYR", "JPY"])
def test_currency_names_follow_cldr_in_khmer(reference_data, code):
    currency = Currency.objects.get(code=code)
    with translation.override("km"):
        assert currency.local_name == Locale.parse("km").currencies[code]
    with translation.override("en"):
        assert currency.local_name == currency.name


@pytest.mark.parametrize("code", ["ko", "ja", "th", "ms", "en", "km"])
def test_language_names_follow_cldr_in_khmer(reference_data, code):
    language = Language.objects.get(code=code)
    with translation.override("km"):
        assert language.local_name == Locale.parse("km").languages[code] != language.name
        assert str(language) == language.local_name
    with translation.override("en"):
        assert language.local_name == language.name


def test_the_seeker_form_lists_languages_in_the_readers_language(users):
    from frontend.jobseekers.forms import SeekerChoices

    with translation.override("km"):
        languages = dict(SeekerChoices.load(actor=users["counsellor"]).languages)
    assert languages["ko"] == Locale.parse("km").languages["ko"] and "Korean" not in languages.values()


def test_a_code_cldr_does_not_know_keeps_its_stored_name(reference_data):
    country = Country(iso2="AA", iso3="AAA", name="Nowhere")
    with translation.override("km"):
        assert country.local_name == "Nowhere"


def test_organisations_show_their_khmer_name_on_khmer_pages(users):
    ministry = users["ministry_admin"].organisation
    assert ministry.name_km  # the demo ministry writes its name in Khmer
    with translation.override("km"):
        assert ministry.local_name == ministry.name_km == str(ministry)
    with translation.override("en"):
        assert ministry.local_name == ministry.name
    employer = Organisation.objects.get(pk=users["employer_kr"].organisation_id)
    assert employer.name_km == ""
    with translation.override("km"):
        assert employer.local_name == employer.name  # none given: the name as written
