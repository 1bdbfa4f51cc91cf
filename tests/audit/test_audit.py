from __future__ import annotations

import pytest
from django.db import transaction

from audit.models import AuditEvent
from audit.selectors import audit_event_list
from audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_refuses_to_run_outside_a_transaction(users, django_db_blocker):
    # pytest-django wraps each test in a transaction; leave it to prove the guard.
    connection = transaction.get_connection()
    saved = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError):
            audit_record(actor=users["admin"], action="x", target=users["admin"])
    finally:
        connection.in_atomic_block = saved


def test_audit_event_rolls_back_with_the_change(users):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(actor=users["admin"], action="user.touch", target=users["agency"], after={"a": 1})
        1 / 0  # noqa: B018
    assert not AuditEvent.objects.filter(action="user.touch").exists()


@pytest.mark.parametrize(
    ("role", "sees"),
    [("admin", True), ("ministry_admin", True), ("ministry_reviewer", True), ("employer_th", False),
     ("agency", False), ("counsellor", False), ("attache", False), ("no_org", False), ("inactive", False)],
)
def test_audit_trail_is_visible_to_ministry_only(users, agreements, role, sees):
    events = audit_event_list(actor=users[role], target=agreements["TH"])
    assert events.exists() is sees


def test_changes_lists_only_what_differs(users):
    with transaction.atomic():
        event = audit_record(actor=users["admin"], action="x", target=users["agency"],
                             before={"a": 1, "b": 2}, after={"a": 1, "b": 3, "c": 4})
    assert event.changes() == [("b", 2, 3), ("c", None, 4)]


def test_an_events_label_tells_the_time_in_phnom_penh():
    import datetime

    from audit.models import AuditEvent

    event = AuditEvent(action="x.y", target_label="Z", at=datetime.datetime(2026, 12, 4, 19, 6, tzinfo=datetime.UTC))
    assert str(event) == "2026-12-05 02:06 x.y Z"
