"""Registration on the page: the person, the address, the rows and the consent; every problem on its field;
a likely duplicate shown with its candidates (masked) until the counsellor says it is a different person."""

from __future__ import annotations

from django.urls import reverse

from coordination.jobseekers.models import JobSeeker
from reference.models import Commune, District, Village
from tests.pages import form_data


def page_data(client, **values):
    data = form_data(client.get(reverse("jobseeker_register")).content, containing="name_latin")
    data.update(values)
    return data


def address():
    district = District.objects.filter(province__code="KH-12").order_by("code").first()
    commune = Commune.objects.filter(district=district).order_by("code").first()
    village = Village.objects.filter(commune=commune).order_by("code").first()
    return {"province": "KH-12", "district": district.code, "commune": commune.code, "village": village.code}


PERSON = {"name_km": "ប៊ុន ធារី", "name_latin": "Bun Theary", "sex": "female", "date_of_birth": "2000-01-23",
          "national_id": "170562233", "phone": "077 562 233"}


def test_a_counsellor_registers_a_seeker_with_rows_and_consent(sign_in, registry):
    client = sign_in("counsellor")
    data = page_data(client, **PERSON, **address(), education_level="vocational",
                     **{"experiences-0-occupation": "5120 — Cooks", "experiences-0-years": "2",
                        "languages-0-language": "ja", "languages-0-test": "JLPT", "languages-0-score": "N4",
                        "certifications-0-name": "Food hygiene", "destination_1": "JP", "destination_2": "KR",
                        "sectors": ["I"], "min_wage": "180000", "min_wage_currency": "JPY"})
    data.pop("consent_employers")
    response = client.post(reverse("jobseeker_register"), data)
    seeker = JobSeeker.objects.get(national_id="170562233")
    assert response.status_code == 302 and response.url == reverse("jobseeker_detail", args=[seeker.pk])
    assert seeker.village is not None and seeker.job_centre == registry["users"]["counsellor"].organisation
    assert seeker.experiences.get().occupation.code == "5120"
    assert seeker.languages.get().score == "N4"
    assert [p.country.iso2 for p in seeker.destination_preferences.all()] == ["JP", "KR"]
    consent = seeker.consents.get()
    assert consent.for_matching and consent.share_with_agencies and not consent.share_with_employers


def test_every_problem_is_named_by_its_field_and_nothing_is_saved(sign_in, registry):
    client = sign_in("counsellor")
    before = JobSeeker.objects.count()
    data = page_data(client, name_km="Sok", name_latin="", sex="", date_of_birth="", phone="12", province="KH-12",
                     district="9999", **{"experiences-1-occupation": "12", "experiences-1-years": "70",
                                         "languages-0-language": "ko", "languages-0-test": "JLPT",
                                         "languages-0-score": "72"})
    response = client.post(reverse("jobseeker_register"), data)
    assert response.status_code == 200 and JobSeeker.objects.count() == before
    summary = [item["message"] for item in response.context["error_summary"]]
    text = "\n".join(summary)
    for label in ("Name in Khmer script", "Sex", "Date of birth", "Phone", "District",
                  "Work experience, row 2, Occupation (ISCO-08)", "Work experience, row 2, Years",
                  "Languages, row 1, Score or level"):
        assert label in text, label


def test_errors_read_in_khmer(sign_in, registry):
    client = sign_in("counsellor")
    client.cookies["django_language"] = "km"
    response = client.post(reverse("jobseeker_register"), page_data(client, sex="", date_of_birth=""))
    assert response.status_code == 200
    text = "\n".join(item["message"] for item in response.context["error_summary"])
    assert "ភេទ" in text  # the sex field's label in Khmer
    assert "Choose the sex" not in text


def test_a_likely_duplicate_shows_the_candidates_masked_then_registers_when_confirmed(sign_in, registry):
    other = registry["other"]  # Heng Vichet, born 1995-07-19, kept by another job centre
    client = sign_in("counsellor")
    data = page_data(client, name_km="ហេង វិចិត្រ", name_latin="", sex="male", date_of_birth="1995-07-19",
                     province="KH-14")
    response = client.post(reverse("jobseeker_register"), data)
    assert response.status_code == 200
    assert [c.pk for c in response.context["candidates"]] == [other.pk]
    html = response.content.decode()
    assert reverse("jobseeker_detail", args=[other.pk]) in html
    assert "•••••3917" in html and "140233917" not in html
    assert not JobSeeker.objects.filter(name_latin="", name_km="ហេង វិចិត្រ").exists()
    confirmed = form_data(html, containing="distinct_from")
    confirmed["confirm_distinct"] = "1"
    response = client.post(reverse("jobseeker_register"), confirmed)
    assert response.status_code == 302
    assert JobSeeker.objects.filter(name_km="ហេង វិចិត្រ").count() == 2


def test_show_the_places_fills_the_lists_without_saving_or_complaining(sign_in, registry):
    client = sign_in("counsellor")
    district = District.objects.filter(province__code="KH-2").first()
    response = client.post(reverse("jobseeker_register"), page_data(client, province="KH-2", refresh_places="1"))
    assert response.status_code == 200 and not response.context["error_summary"]
    assert f'value="{district.code}"' in response.content.decode()
    assert JobSeeker.objects.count() == 3


def test_a_taken_national_id_links_to_the_record_for_a_reader_who_may_see_it(sign_in, registry):
    """Another job centre's counsellor types a national ID already registered (Heng Vichet's): the error names the
    record and links to it (the registry is national: every counsellor may open it). Nothing is saved."""
    other = registry["other"]
    client = sign_in("counsellor")
    data = page_data(client, **{**PERSON, "national_id": other.national_id}, **address())
    response = client.post(reverse("jobseeker_register"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "already registered (Heng Vichet" in html and f"record {other.pk}" in html
    assert f'href="{reverse("jobseeker_detail", args=[other.pk])}"' in html
    assert not JobSeeker.objects.filter(name_latin="Bun Theary").exists()


def test_a_taken_national_id_says_only_that_it_exists_to_a_reader_who_may_not_see_it(registry):
    """The rule under both doors (services._taken_message through selectors.seeker_holding_national_id): without
    a right to see the record, no name, job centre or record number."""
    import pytest
    from django.core.exceptions import ValidationError

    from coordination.jobseekers.services import seeker_check
    from tests.coordination.jobseekers.helpers import seeker_data

    other = registry["other"]
    for actor in (registry["users"]["agency"], registry["users"]["employer_kr"], None):
        with pytest.raises(ValidationError) as exc:
            seeker_check(data=seeker_data(national_id=other.national_id), actor=actor)
        (text,) = exc.value.message_dict["national_id"]
        assert text.startswith("A job seeker with this national ID is already registered.")
        assert "Heng" not in text and str(other.pk) not in text and other.job_centre.name not in text
    with pytest.raises(ValidationError) as exc:
        seeker_check(data=seeker_data(national_id=other.national_id), actor=registry["users"]["counsellor"])
    assert f"record {other.pk}" in exc.value.message_dict["national_id"][0]


def test_a_16_year_old_is_refused_on_the_date_of_birth(sign_in, registry):
    from tests.coordination.jobseekers.vetting_helpers import born_aged

    client = sign_in("counsellor")
    before = JobSeeker.objects.count()
    data = page_data(client, **{**PERSON, "date_of_birth": born_aged(16).isoformat()}, **address())
    response = client.post(reverse("jobseeker_register"), data)
    assert JobSeeker.objects.count() == before
    summary = "\n".join(item["message"] for item in response.context["error_summary"])
    assert "Date of birth" in summary and "minimum age to work abroad" in summary
