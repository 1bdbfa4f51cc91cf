"""GraphQL test fixtures (a pytest plugin, registered in tests/conftest.py): `as_user(role)`; for the fast path's
tests, `world` (letters in many states) and `pages_from_rows` (which pages the rows path answered)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from api import fastpath
from api.fastpath import PageSource
from demand.models import Allocation, DemandLetter, Finding
from tests.coordination.jobseekers.graphql.world import registry_world
from tests.demand.factories import make_letter
from tests.demand.helpers import kr_position


@pytest.fixture
def as_user(client: Client, users: dict[str, Any]) -> Any:
    """as_user(role) -> the test client, signed in as that role's demo user (`anonymous`: nobody)."""

    def sign_in(role: str) -> Client:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return sign_in


@pytest.fixture
def world(letter_in: Any, users: dict[str, Any], agreements: dict[str, Any], agency: Any,
          other_agency: Any) -> dict[str, DemandLetter]:
    """Letters of both employers in many states: drafts (no submission, no deadline), one without positions, one
    with more positions than a page, findings, and an allocated letter shared by two agencies."""
    made = {
        "kr_draft": letter_in("draft", positions=[kr_position(), kr_position(workers=2, overtime_rate=Decimal("2"))]),
        "kr_submitted": letter_in("submitted"),
        "kr_allocated": letter_in("allocated", positions=[kr_position(workers=6), kr_position(workers=4)]),
        "kr_returned": letter_in("returned"),
        "th_under_review": letter_in("under_review", country="TH"),
        "th_recruiting": letter_in("recruiting", country="TH"),
    }
    made["kr_many"] = make_letter(
        agreement=agreements["KR"], employer=users["employer_kr"].organisation, created_by=users["employer_kr"],
        positions=[{"workers": n + 1, "work_location": f"Plant {n}"} for n in range(7)],
    )
    registry_world(users, agreements)  # job seekers, for jobSeekers (not returned: the values are letters)
    made["th_empty"] = make_letter(agreement=agreements["TH"], employer=users["employer_th"].organisation,
                                   created_by=users["employer_th"], positions=0)
    # Past its deadline: overdue.
    DemandLetter.objects.filter(pk=made["kr_submitted"].pk).update(
        review_due=timezone.localdate() - timezone.timedelta(days=3))
    allocated = made["kr_allocated"]
    Allocation.objects.create(letter=allocated, agency=other_agency, workers=1, filled=1, created_by=users["admin"])
    first = allocated.positions.order_by("line").first()
    Finding.objects.bulk_create([
        Finding(letter=allocated, position=first, rule="protected_terms", severity="warning", clause="Art. 9",
                values={"terms": ["young"], "field": "skills"}, message_en="Mentions age", message_km="អាយុ"),
        Finding(letter=allocated, rule="attestation", severity="warning", clause="Art. 4", values={},
                message_en="Attested late", message_km="ការបញ្ជាក់"),
        Finding(letter=made["kr_submitted"], rule="wage_floor", severity="blocker", clause="Art. 12",
                values={"wage": "300.00", "floor": "370.00"}, message_en="Below the floor", message_km="ប្រាក់"),
    ])
    return made


@pytest.fixture
def pages_from_rows(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of nodes each page answered from rows built (a page that fell back is not counted)."""
    built: list[int] = []
    original = PageSource.__getitem__

    def spy(self: PageSource, page: slice) -> list[Any]:
        nodes = original(self, page)
        if all(isinstance(node, fastpath.Precomputed) for node in nodes):
            built.append(len(nodes))
        return nodes

    monkeypatch.setattr(PageSource, "__getitem__", spy)
    yield built
