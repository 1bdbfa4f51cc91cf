"""The page forms clean what a person typed with the shared input rules (validation), so that the message
is on the field and comes in the same round as every other."""

from __future__ import annotations

import pytest
from django import forms

from frontend.forms import CorridorForm


class SampleForm(CorridorForm):
    title = forms.CharField(label="Title", max_length=20)
    note = forms.CharField(label="Note", required=False)
    workers = forms.IntegerField(label="Workers", required=False)
    wage = forms.DecimalField(label="Wage", required=False, max_digits=12, decimal_places=2)
    secret = forms.CharField(label="Secret", required=False, strip=False)


def errors(**data):
    form = SampleForm(data={"title": "T", **data})
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_text_is_cleaned_of_invisible_characters():
    form = SampleForm(data={"title": "\u200b Bounds\u2060 ", "note": "\ufeffa\u200cb", "secret": " \u200b "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Bounds"
    assert form.cleaned_data["note"] == "ab"
    assert form.cleaned_data["secret"] == " \u200b "  # a password-like field keeps what was typed


def test_a_required_field_of_blanks_is_missing():
    assert errors(title="\u200b\u200d \ufeff") == {"title": ["This field is required."]}


def test_nul_is_refused_on_the_field_naming_it():
    found = errors(note="a\x00b", workers="1")
    assert list(found) == ["note"] and "Note contains a NUL character" in found["note"][0]


@pytest.mark.parametrize("value", ["١٢٣٤٥٦٧", "१२", "1_000", "NaN", "Infinity", "1e5", "12.5"])
def test_integers_take_the_one_number_format(value):
    assert errors(workers=value) == {"workers": ["Enter a whole number."]}


@pytest.mark.parametrize("value", ["١٢٣", "1_000", "NaN", "-Infinity", "1e20"])
def test_decimals_take_the_one_number_format(value):
    assert errors(wage=value) == {"wage": ["Enter a number."]}


def test_every_problem_in_one_round():
    found = errors(title="", note="\x00", workers="٣", wage="NaN")
    assert set(found) == {"title", "note", "workers", "wage"}
