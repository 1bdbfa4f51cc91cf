"""The values a finding compared are stored in one form and read in the reader's language."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from demand.screening import finding_value_text


@pytest.mark.parametrize(("value", "english", "khmer"), [
    ("300 THB per day", "300 THB per day", "300 THB ក្នុងមួយថ្ងៃ"),
    ("9000.5 KRW per month", "9,000.50 KRW per month", "9,000.50 KRW ក្នុងមួយខែ"),
    ("1054 JPY", "1,054 JPY", "1,054 JPY"),
    ("2031-03-05", "March 5, 2031", "5 ខែ មិនា ឆ្នាំ 2031"),
    ("250.5", "250.5", "250.5"),
    ("7531", "7531", "7531"),  # an occupation code is not a number to group
    ("03", "03", "03"),  # nor is a sector code
    ("Hanil Co.", "Hanil Co.", "Hanil Co."),
    ("2031-13-45", "2031-13-45", "2031-13-45"),
])
def test_values_read_in_each_language(value, english, khmer):
    with override("en"):
        assert finding_value_text(value) == english
    with override("km"):
        assert finding_value_text(value) == khmer
