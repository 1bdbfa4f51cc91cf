"""Public holidays: kept by platform administrators in the Django admin, read when a letter is submitted."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from reference.models import PublicHoliday
from reference.selectors import public_holidays
from tests.api.helpers import ROLES

ADD = "/admin/reference/publicholiday/add/"



@pytest.mark.parametrize("role", ROLES)
def test_only_platform_administrators_keep_the_holidays(role: str, as_user: Any) -> None:
    client = as_user(role)
    response = client.post(ADD, {"date": "2027-04-14", "name_en": "Khmer New Year", "name_km": "ចូលឆ្នាំខ្មែរ"})
    if role == "admin":
        assert response.status_code == 302
        assert PublicHoliday.objects.get().date == datetime.date(2027, 4, 14)
        assert client.get("/admin/reference/publicholiday/").status_code == 200
    else:  # the admin site's sign-in, and nothing written
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert not PublicHoliday.objects.exists()


def test_a_day_entered_twice_is_refused_and_nothing_changes(as_user: Any) -> None:
    PublicHoliday.objects.create(date=datetime.date(2027, 4, 14), name_en="Khmer New Year", name_km="")
    response = as_user("admin").post(ADD, {"date": "2027-04-14", "name_en": "Another name", "name_km": ""})
    assert response.status_code == 200
    assert "Public holiday with this Date already exists." in response.content.decode()
    assert list(PublicHoliday.objects.values_list("name_en", flat=True)) == ["Khmer New Year"]


def test_public_holidays_from_a_day_on(db: Any) -> None:
    for day in (datetime.date(2027, 1, 1), datetime.date(2027, 1, 7), datetime.date(2027, 3, 8)):
        PublicHoliday.objects.create(date=day, name_en="Holiday")
    assert public_holidays(since=datetime.date(2027, 1, 7)) == {datetime.date(2027, 1, 7), datetime.date(2027, 3, 8)}
