"""The choice of destination (a job seeker's preferences, an agreement's partner): never Cambodia, where workers
leave from, nor Antarctica and uninhabited territories; the countries with an agreement in force first. One
selector (mou.selectors.destination_country_choices) serves both page forms and GraphQL; the services refuse the
same countries whichever door they come through."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mou.models import AgreementStatus
from mou.selectors import destination_country_choices
from mou.services import agreement_create, terms_from_version
from reference.selectors import NOT_DESTINATIONS, ORIGIN_COUNTRY
from tests.api.helpers import NOT_SIGNED_IN, ROLES, error_messages, run
from tests.coordination.jobseekers.helpers import register

pytestmark = pytest.mark.django_db

IN_FORCE = {"TH", "KR", "MY", "JP"}
NEVER = {ORIGIN_COUNTRY, *NOT_DESTINATIONS}


def codes(countries: Any) -> list[str]:
    return [c.iso2 for c in countries]


def test_agreement_countries_first_and_never_cambodia_or_antarctica(users: dict[str, Any],
                                                                   agreements: dict[str, Any]) -> None:
    listed = codes(destination_country_choices(actor=users["counsellor"]))
    assert set(listed[:4]) == IN_FORCE
    assert not NEVER & set(listed) and {"KH", "AQ"}.isdisjoint(listed)
    assert {"SA", "SG", "US"} <= set(listed[4:])  # the others follow, by name
    rest = list(destination_country_choices(actor=users["counsellor"]))[4:]
    assert [c.name for c in rest] == sorted(c.name for c in rest)


def test_a_suspended_agreement_no_longer_puts_its_country_first(users: dict[str, Any],
                                                                agreements: dict[str, Any]) -> None:
    agreements["MY"].status = AgreementStatus.SUSPENDED
    agreements["MY"].save(update_fields=["status"])
    listed = codes(destination_country_choices(actor=users["ministry_admin"]))
    assert set(listed[:3]) == IN_FORCE - {"MY"} and "MY" in listed[3:]


def _select(page: str, name: str) -> list[tuple[str, list[str]]]:
    """The <optgroup>s of a <select> and their options' values, in order."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert match, name
    groups = []
    for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', match.group(1), re.S):
        groups.append((label, re.findall(r'<option value="([^"]*)"', body)))
    return groups


def test_the_seeker_form_offers_agreement_countries_first(as_role: Any, agreements: dict[str, Any]) -> None:
    page = as_role("counsellor").get(reverse("jobseeker_register")).content.decode()
    for slot in ("destination_1", "destination_2", "destination_3"):
        (first_label, first), (other_label, others) = _select(page, slot)
        assert first_label == "Countries with an agreement in force" and set(first) == IN_FORCE
        assert other_label == "Other countries" and not NEVER & set(first + others) and "SA" in others


def test_the_agreement_form_offers_no_cambodia_as_partner(as_role: Any, agreements: dict[str, Any]) -> None:
    page = as_role("ministry_admin").get(reverse("agreement_create")).content.decode()
    groups = _select(page, "partner_country")
    offered = [code for _label, values in groups for code in values]
    assert set(groups[0][1]) == IN_FORCE and not NEVER & set(offered) and "SA" in offered


@pytest.mark.parametrize("code", ["KH", "AQ"])
def test_registering_a_seeker_for_cambodia_or_antarctica_is_refused(users: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        register(users["counsellor"], destinations=["KR", code])
    assert "destinations.1" in caught.value.message_dict
    assert "not a destination" in caught.value.message_dict["destinations.1"][0]


def test_an_agreement_with_cambodia_as_partner_is_refused(users: dict[str, Any], agreements: dict[str, Any]) -> None:
    terms = terms_from_version(agreements["TH"].versions.get())
    with pytest.raises(ValidationError) as caught:
        agreement_create(actor=users["ministry_admin"], partner_country="KH", title="Cambodia–Cambodia",
                         channel="g2g", terms=terms)
    assert "cannot be an agreement's partner" in caught.value.message_dict["partner_country"][0]


@pytest.mark.parametrize("role", ROLES)
def test_destination_countries_through_graphql_by_role(role: str, as_user: Any, agreements: dict[str, Any]) -> None:
    body = run(as_user(role), "{ destinationCountries(first: 100) { edges { node { iso2 } } } }")
    if role in NOT_SIGNED_IN:
        assert body["data"]["destinationCountries"] is None and error_messages(body)
        return
    listed = [edge["node"]["iso2"] for edge in body["data"]["destinationCountries"]["edges"]]
    assert not NEVER & set(listed)
    # Each role sees the agreements it may see first: a Korean employer sees only Korea's.
    first = {"employer_th": {"TH"}, "employer_kr": {"KR"}, "no_org": set()}.get(role, IN_FORCE)
    assert set(listed[:len(first)]) == first
