"""The address lists the registration form reloads: each list holds the places inside the one chosen above."""

from __future__ import annotations

from django.urls import reverse

from reference.models import Commune, District


def test_a_province_brings_its_districts(sign_in, registry):
    response = sign_in("counsellor").get(reverse("jobseeker_places"), {"province": "KH-12"})
    html = response.content.decode()
    district = District.objects.filter(province__code="KH-12").first()
    other = District.objects.exclude(province__code="KH-12").first()
    assert f'value="{district.code}"' in html and f'value="{other.code}"' not in html
    assert 'id="address-fields"' in html


def test_a_district_brings_its_communes_and_a_new_province_drops_them(sign_in, registry):
    district = District.objects.filter(province__code="KH-12").first()
    commune = Commune.objects.filter(district=district).first()
    client = sign_in("counsellor")
    html = client.get(reverse("jobseeker_places"), {"province": "KH-12", "district": district.code}).content.decode()
    assert f'value="{commune.code}"' in html
    html = client.get(reverse("jobseeker_places"), {"province": "KH-2", "district": district.code}).content.decode()
    assert f'value="{commune.code}"' not in html and f'value="{district.code}" selected' not in html
