"""`manage.py load_demo` runs each installed app's demo step once: a second run creates nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from demand.models import DemandLetter
from mou.models import Agreement


@pytest.mark.django_db
def test_load_demo_loads_every_app_once() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "8 demo users, 4 agreements created, 4 demand letters created" in out.getvalue()
    counts = (User.objects.count(), Agreement.objects.count(), DemandLetter.objects.count())
    assert counts[0] >= 8 and counts[1] == 4 and counts[2] == 4

    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "0 agreements created, 0 demand letters created" in again.getvalue()
    assert (User.objects.count(), Agreement.objects.count(), DemandLetter.objects.count()) == counts
