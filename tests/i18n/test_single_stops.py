"""A sentence never ends in two full stops when what ends it is a time ("2:06 a.m.") or an abbreviation: stored
messages drop their own stop after such a value (i18n.messages.single_stops), and no page template puts a full
stop right after a formatted date and time."""

from __future__ import annotations

import datetime
import pathlib
import re

from django.utils import translation

from i18n.messages import message, render, single_stops, stored

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_a_time_at_the_end_of_a_stored_message_gets_one_full_stop():
    # 19:06 UTC is 2:06 a.m. in Phnom Penh: the English time format ends with a full stop of its own.
    at = datetime.datetime(2026, 12, 4, 19, 6, tzinfo=datetime.UTC)
    data = stored(message("Workbook uploaded %(when)s.", when=at))
    with translation.override("en"):
        text = render(data)
    assert text == "Workbook uploaded Dec. 5, 2026, 2:06 a.m."
    assert ".." not in text


def test_an_abbreviation_keeps_its_stop_elsewhere_in_the_message():
    text, values = single_stops("%(name)s signed; %(name)s.", {"name": "Kim Co., Ltd."})
    assert text % values == "Kim Co., Ltd. signed; Kim Co., Ltd."
    text, values = single_stops("Paid on %(day)s.", {"day": "4 December"})
    assert text % values == "Paid on 4 December."


def test_no_template_ends_a_sentence_right_after_a_formatted_time():
    pattern = re.compile(r"\{% blocktranslate with (?P<args>[^%]*?) (?:trimmed )?%\}"
                         r"(?P<body>.*?)\{% endblocktranslate %\}", re.S)
    offenders = []
    for path in (ROOT / "frontend").glob("**/templates/**/*.html"):
        for found in pattern.finditer(path.read_text(encoding="utf-8")):
            timed = re.findall(r"(\w+)=\S+\|(?:date|time):\"(?:SHORT_)?(?:DATETIME|TIME)_FORMAT\"", found["args"])
            for name in timed:
                if re.search(r"\{\{ " + name + r" \}\}\.", found["body"]):
                    offenders.append(f"{path.relative_to(ROOT)}: {found['body'].strip()}")
    assert offenders == []
