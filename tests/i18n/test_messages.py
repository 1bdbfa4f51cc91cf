"""Stored messages: a key and parameters, rendered in the language of whoever reads them."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy, ngettext_lazy, override

from demand.models import LetterStatus
from i18n.messages import message, plural, render, stored


def _through_json(msg):
    return json.loads(json.dumps(stored(msg)))


def test_a_message_is_stored_as_its_key_and_rendered_in_the_readers_language():
    with override("en"):  # written by someone reading English…
        data = _through_json(message(gettext_lazy("Demand letter %(ref)s: %(status)s"), ref="DL-KR-2031-00001",
                                     status=LetterStatus.APPROVED.label))
    assert data == {"k": "Demand letter %(ref)s: %(status)s",
                    "p": {"ref": "DL-KR-2031-00001", "status": {"t": "Approved"}}}
    assert render(data, "en") == "Demand letter DL-KR-2031-00001: Approved"
    khmer = render(data, "km")  # …read in Khmer
    assert "DL-KR-2031-00001" in khmer and "Demand letter" not in khmer and "Approved" not in khmer
    with override("km"):
        assert render(data) == khmer


def test_the_key_is_the_msgid_whatever_language_is_active_when_written():
    with override("km"):
        data = stored(message(gettext_lazy("Demand letter %(ref)s: %(status)s"), ref="X",
                              status=LetterStatus.RETURNED.label))
    assert data["k"] == "Demand letter %(ref)s: %(status)s" and data["p"]["status"] == {"t": "Returned for changes"}


def test_plurals_numbers_and_dates_follow_the_reader():
    msg = plural(ngettext_lazy("%(count)s position imported.", "%(count)s positions imported.", 1))
    assert render(stored(msg), "en") == "1 position imported."
    many = _through_json(plural(ngettext_lazy("%(count)s position imported.", "%(count)s positions imported.",
                                              1200)))
    assert render(many, "en") == "1,200 positions imported."
    assert "positions" not in render(many, "km") and "1,200" in render(many, "km")
    dated = _through_json(message(gettext_lazy("%(employer)s's letter was due for a decision on %(due)s."),
                                  employer="Hanil", due=datetime.date(2031, 3, 5)))
    assert render(dated, "en") == "Hanil's letter was due for a decision on March 5, 2031."
    km = render(dated, "km")
    assert "2031" in km and "March" not in km and "due for a decision" not in km
    amount = _through_json(message(gettext_lazy("%(employer)s, %(workers)s workers. Review due by %(due)s."),
                                   employer="E", workers=Decimal("12"), due=datetime.date(2031, 1, 2)))
    assert render(amount, "en").startswith("E, 12 workers.")


@pytest.mark.parametrize("odd", [None, "", 3, [], {"k": "%(missing)s here", "p": {}}, {"k": "x", "p": "y"},
                                 {"k": "%(n)s", "p": {"n": {"d": "not a number"}}},
                                 {"k": "%(n)s", "p": {"n": {"date": "31-31-31"}}},
                                 {"k": "a", "pl": "b", "n": "many"}])
def test_odd_stored_data_never_raises(odd):
    assert isinstance(render(odd, "km"), str)


def test_plain_text_is_kept_as_written():
    assert stored("Hanil Co.: 5") == {"s": "Hanil Co.: 5"}
    assert render(stored("Hanil Co.: 5"), "km") == "Hanil Co.: 5"


def test_plural_needs_an_ngettext_lazy_with_a_count():
    """Fails loudly if Django's lazy proxy stops keeping its arguments (plural() reads them)."""
    with pytest.raises(TypeError):
        plural(gettext_lazy("Approved"))
    with pytest.raises(TypeError):
        plural(ngettext_lazy("%(count)s item", "%(count)s items", "count"))
    assert plural(ngettext_lazy("%(count)s item", "%(count)s items", 2)).data() == {
        "k": "%(count)s item", "pl": "%(count)s items", "n": 2, "p": {"count": {"n": 2}}}
