"""The registry: everyone for counsellors and the ministry, the shared seekers for a licensed agency; filters;
the national ID masked except for the owning job centre and the ministry."""

from __future__ import annotations

import pytest
from django.urls import reverse


def names(response) -> set[str]:
    return {s.name_latin for s in response.context["page"].object_list}


def test_a_counsellor_sees_the_whole_registry_with_other_centres_ids_masked(sign_in, registry):
    response = sign_in("counsellor").get(reverse("jobseeker_list"))
    assert names(response) == {"Sok Dara", "Chan Sophea", "Heng Vichet"}
    html = response.content.decode()
    assert "010203040" in html  # its own seeker, in full
    assert "140233917" not in html and "•••••3917" in html  # another job centre's, masked


def test_the_ministry_sees_every_id_in_full(sign_in, registry):
    html = sign_in("ministry_reviewer").get(reverse("jobseeker_list")).content.decode()
    assert "010203040" in html and "140233917" in html and "110456782" in html


def test_an_agency_sees_only_the_vetted_seekers_who_consented_masked(sign_in, registry):
    response = sign_in("agency").get(reverse("jobseeker_list"))
    assert names(response) == {"Sok Dara"}
    html = response.content.decode()
    assert "010203040" not in html and "•••••3040" in html


def test_an_agency_without_a_valid_licence_is_told_why(sign_in, registry):
    agency = registry["users"]["agency"].organisation
    agency.licence_number = ""
    agency.save()
    response = sign_in("agency").get(reverse("jobseeker_list"))
    assert response.status_code == 200
    assert "cannot see job seekers now" in response.content.decode()
    assert not response.context["page"].object_list


@pytest.mark.parametrize(("query", "found"), [
    ({"q": "sok dara"}, {"Sok Dara"}),
    ({"q": "ចាន់"}, {"Chan Sophea"}),
    ({"q": "140233917"}, {"Heng Vichet"}),
    ({"province": "KH-2"}, {"Heng Vichet"}),
    ({"occupation": "75"}, {"Sok Dara", "Chan Sophea", "Heng Vichet"}),
    ({"occupation": "9112"}, set()),
    ({"vetting_status": "vetted"}, {"Sok Dara"}),
])
def test_the_filters(sign_in, registry, query, found):
    assert names(sign_in("counsellor").get(reverse("jobseeker_list"), query)) == found


def test_the_roster_filter(sign_in, registry):
    kr = registry["agreements"]["KR"]
    response = sign_in("counsellor").get(reverse("jobseeker_list"), {"agreement": kr.pk})
    assert names(response) == {"Sok Dara"}


def test_a_wrong_filter_is_named_and_left_out(sign_in, registry):
    response = sign_in("counsellor").get(reverse("jobseeker_list"), {"occupation": "abc", "province": "KH-99"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "occupation" in form.errors and "province" in form.errors
    assert len(names(response)) == 3


# Searching by the whole national ID: who it answers, per role. `shared` (010203040) is in the agency's scope with
# its ID masked; `private` (110456782) and `other` (140233917) are outside it.
SEARCHES = {"010203040": "Sok Dara", "110456782": "Chan Sophea", "140233917": "Heng Vichet"}
FINDS_BY_NATIONAL_ID = {"counsellor": True, "ministry_reviewer": True, "other_counsellor": True, "agency": False}


@pytest.mark.parametrize("who", list(FINDS_BY_NATIONAL_ID))
@pytest.mark.parametrize("number", list(SEARCHES))
def test_a_search_by_national_id_reveals_nothing_outside_what_the_reader_may_see(sign_in, registry, who, number):
    """The registry's own staff find a person by the number; an agency's search answers to names only, so it
    confirms neither that someone outside its scope holds a number nor the masked digits of someone inside it."""
    client = sign_in(registry[who] if who == "other_counsellor" else who)
    response = client.get(reverse("jobseeker_list"), {"q": number})
    assert response.status_code == 200
    found = names(response)
    assert found == ({SEARCHES[number]} if FINDS_BY_NATIONAL_ID[who] else set())
    if not FINDS_BY_NATIONAL_ID[who]:
        html = response.content.decode()
        assert "No job seeker matches these filters." in html
        assert "Name or national ID" not in html  # the field says what it searches


def test_an_agency_still_finds_the_seekers_it_may_see_by_name(sign_in, registry):
    assert names(sign_in("agency").get(reverse("jobseeker_list"), {"q": "sok dara"})) == {"Sok Dara"}
    assert names(sign_in("agency").get(reverse("jobseeker_list"), {"q": "Chan Sophea"})) == set()
