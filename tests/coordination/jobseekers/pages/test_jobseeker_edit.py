"""Changing a record: the form filled from it, the change saved, a problem named on its row."""

from __future__ import annotations

from django.urls import reverse

from tests.pages import form_data


def edit_data(client, seeker, **values):
    data = form_data(client.get(reverse("jobseeker_edit", args=[seeker.pk])).content, containing="name_latin")
    data.update(values)
    return data


def test_the_form_holds_the_record(sign_in, registry):
    seeker = registry["shared"]
    data = edit_data(sign_in("counsellor"), seeker)
    assert data["name_latin"] == "Sok Dara" and data["national_id"] == "010203040"
    assert data["province"] == "KH-12" and data["destination_1"] == "KR" and data["destination_2"] == "TH"
    assert data["experiences-0-occupation"].startswith("7531") and data["languages-0-score"] == "72"


def test_a_change_is_saved(sign_in, registry):
    seeker = registry["shared"]
    client = sign_in("counsellor")
    response = client.post(reverse("jobseeker_edit", args=[seeker.pk]),
                           edit_data(client, seeker, name_latin="Sok Dara Vann", **{"experiences-1-occupation": "8153",
                                                                                     "experiences-1-years": "1.5"}))
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.name_latin == "Sok Dara Vann"
    assert sorted(seeker.experiences.values_list("occupation__code", flat=True)) == ["7531", "8153"]


def test_a_problem_is_named_on_its_row(sign_in, registry):
    seeker = registry["shared"]
    client = sign_in("counsellor")
    response = client.post(reverse("jobseeker_edit", args=[seeker.pk]),
                           edit_data(client, seeker, **{"languages-0-valid_until": "2020-01-01"}))
    assert response.status_code == 200
    text = "\n".join(item["message"] for item in response.context["error_summary"])
    assert "Languages, row 1, Valid until" in text
    seeker.refresh_from_db()
    assert seeker.languages.get().valid_until.year == 2028
