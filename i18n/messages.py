"""Messages stored for later, rendered in the reader's language when read.

A notification, a job's messages or an import's report is read later, by someone else, perhaps in another
language than the one active when it was written. So what is stored is the message's key (its English
msgid, as written in the code and found by makemessages) and its parameters, as JSON; `render` translates
and formats them in the language active when they are read.

    message(gettext_lazy("Demand letter %(ref)s: %(status)s"), ref=letter.reference,
            status=letter.status_label)            # a lazy label is stored as its msgid too

Parameters may be plain text (data such as a reference or a name, stored as given), integers and decimals
(formatted with the reader's number format), dates, other lazy strings (translated when read), data written in
English and Khmer (`bilingual(english, khmer)`: an agreement's title, a test's name; the reader's form is
picked when read) and other messages (rendered when read). `plural(ngettext_lazy(singular, plural, count),
**params)` stores an ngettext message.

Stored form: {"k": msgid, "p": {name: param}} or, for a plural, {"k": singular, "pl": plural, "n": count, ...};
a param is a str, {"n": int}, {"d": "decimal"}, {"date": "YYYY-MM-DD"}, {"t": msgid}, {"en": text, "km": text}
or a nested message.
Plain strings given instead of a message are stored as {"s": text} and shown as written.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext


class Message:
    """A message key and its parameters; `str()` renders it in the active language."""

    __slots__ = ("count", "key", "params", "plural_key")

    def __init__(self, key: Any, params: dict[str, Any] | None = None, *, plural_key: Any = None,
                 count: int | None = None) -> None:
        self.key = _msgid(key)
        self.plural_key = _msgid(plural_key) if plural_key is not None else None
        self.count = count
        self.params = dict(params or {})

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"k": self.key}
        if self.plural_key is not None:
            out["pl"] = self.plural_key
            out["n"] = int(self.count or 0)
        if self.params:
            out["p"] = {name: _param_data(value) for name, value in self.params.items()}
        return out

    def __str__(self) -> str:
        return render(self.data())

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.params!r})"


class Bilingual:
    """Data written in English and in Khmer, as a message parameter; `str()` gives the reader's form."""

    __slots__ = ("english", "khmer")

    def __init__(self, english: str, khmer: str) -> None:
        self.english = english or ""
        self.khmer = khmer or ""

    def __str__(self) -> str:
        from i18n.content import pick

        return pick(self.english, self.khmer)

    def __repr__(self) -> str:
        return f"Bilingual({self.english!r}, {self.khmer!r})"


def bilingual(english: str, khmer: str) -> Bilingual:
    """A parameter kept in both languages: read in Khmer when the reader reads Khmer and `khmer` is written."""
    return Bilingual(english, khmer)


def message(key: Any, **params: Any) -> Message:
    """A message to store: `key` is a lazy string (gettext_lazy) or its msgid; params as in the module doc."""
    return Message(key, params)


def plural(text: Any, **params: Any) -> Message:
    """An ngettext message: `text` is `ngettext_lazy(singular, plural, count)` (so makemessages finds both
    forms); the count chooses the form when read and is also the parameter %(count)s."""
    kw = getattr(text, "_kw", None)  # Django's lazy proxy keeps its call's arguments (tests/i18n checks)
    if not isinstance(kw, dict) or not {"singular", "plural", "number"} <= kw.keys():
        raise TypeError("plural() takes ngettext_lazy(singular, plural, count) with an integer count")
    count = int(kw["number"])
    return Message(kw["singular"], {"count": count, **params}, plural_key=kw["plural"], count=count)


def stored(value: Any) -> dict[str, Any]:
    """What to store for a message, a lazy string or plain text."""
    if isinstance(value, Message):
        return value.data()
    if isinstance(value, Promise):
        return {"k": _msgid(value)}
    if isinstance(value, dict) and ("k" in value or "s" in value):
        return value
    return {"s": "" if value is None else str(value)}


def render(data: Any, language: str | None = None) -> str:
    """A stored message as text in `language` (default: the active one). Never raises on odd data: a
    message whose parameters no longer fit its key shows its key."""
    if language is not None:
        with translation.override(language):
            return render(data)
    if data is None:
        return ""
    if isinstance(data, str):
        return data
    if not isinstance(data, dict):
        return str(data)
    if "s" in data:
        return str(data["s"])
    key = str(data.get("k", ""))
    if "pl" in data:
        try:
            text = ngettext(key, str(data["pl"]), int(data.get("n") or 0))
        except (TypeError, ValueError):
            text = gettext(key)
    else:
        text = gettext(key) if key else ""
    params = data.get("p")
    if not params or not isinstance(params, dict):
        return text
    try:
        text, values = single_stops(text, {name: _param_text(value) for name, value in params.items()})
        return text % values
    except (KeyError, TypeError, ValueError):
        return text


def single_stops(text: str, values: dict[str, str]) -> tuple[str, dict[str, str]]:
    """A value that ends with a full stop (a time, "2:06 a.m.", an abbreviation, "Co., Ltd.") where the message
    puts its own full stop right after it: that stop is dropped there, so that a sentence never ends "a.m..".
    Elsewhere in the message the value is shown as it is."""
    out = dict(values)
    for name, value in values.items():
        if isinstance(value, str) and value.endswith(".") and f"%({name})s." in text:
            text = text.replace(f"%({name})s.", f"%({name}__ends)s")
            out[f"{name}__ends"] = value
    return text, out


def _msgid(value: Any) -> str:
    """The untranslated text of a lazy string (rendered with no translation active), else the text itself."""
    if isinstance(value, Promise):
        with translation.override(None):
            return str(value)
    return str(value)


def _param_data(value: Any) -> Any:
    if isinstance(value, Message):
        return value.data()
    if isinstance(value, Bilingual):
        return {"en": value.english, "km": value.khmer}
    if isinstance(value, Promise):
        return {"t": _msgid(value)}
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return {"n": value}
    if isinstance(value, Decimal):
        return {"d": str(value)}
    if isinstance(value, float):
        return {"d": repr(value)}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    return "" if value is None else str(value)


def _param_text(value: Any) -> str:
    if not isinstance(value, dict):
        return str(value)
    if "t" in value:
        return gettext(str(value["t"]))
    if "en" in value and "k" not in value:
        return str(Bilingual(str(value.get("en") or ""), str(value.get("km") or "")))
    if "n" in value and "k" not in value:
        return formats.number_format(value["n"], force_grouping=True)
    if "d" in value:
        try:
            number = Decimal(str(value["d"]))
        except InvalidOperation:
            return str(value["d"])
        number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
        return formats.number_format(number, force_grouping=True)
    if "date" in value:
        try:
            return formats.date_format(datetime.date.fromisoformat(str(value["date"])), "DATE_FORMAT")
        except ValueError:
            return str(value["date"])
    if "datetime" in value:
        try:
            # In the platform's time zone, as every page shows a time (the value is stored in UTC).
            moment = datetime.datetime.fromisoformat(str(value["datetime"]))
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "DATETIME_FORMAT")
        except ValueError:
            return str(value["datetime"])
    return render(value)
