"""Country, language and currency names in the reader's language, from CLDR (Babel ships Khmer names).

The reference tables keep the English names that the loader reads from ISO sources; pages show
`Country.local_name`, `Language.local_name` and `Currency.local_name`, which are CLDR's name for the active
language when it has one, else the stored English name. Khmer CLDR names carry zero-width spaces between words:
they are Khmer's line-break opportunities, kept on purpose.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language


@cache
def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def _active() -> Locale | None:
    language = (get_language() or "en").split("-")[0]
    return None if language == "en" else _locale(language)


def country_name(iso2: str, default: str) -> str:
    locale = _active()
    return (locale.territories.get(iso2.upper()) if locale else None) or default


def language_name(code: str, default: str) -> str:
    locale = _active()
    return (locale.languages.get(code.lower()) if locale else None) or default


def currency_name(code: str, default: str) -> str:
    locale = _active()
    return (locale.currencies.get(code.upper()) if locale else None) or default
