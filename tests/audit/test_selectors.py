"""Reads of the audit trail: filters by action and time, and the actions recorded, only for those allowed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from audit.selectors import audit_action_list, audit_event_list
from audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_filters_and_the_list_of_actions(users):
    admin, user = users["admin"], users["employer_th"]
    audit_record(actor=admin, action="user.set_role", target=user)
    audit_record(actor=admin, action="user.set_active", target=user)
    assert {"user.set_role", "user.set_active"} <= set(audit_action_list(actor=admin))
    assert audit_action_list(actor=admin) == sorted(audit_action_list(actor=admin))
    assert {e.action for e in audit_event_list(actor=admin, action="user.set_role")} == {"user.set_role"}
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert not audit_event_list(actor=admin, since=tomorrow).exists()
    assert audit_event_list(actor=admin, since=timezone.now() - datetime.timedelta(minutes=5)).count() >= 2


def test_nobody_else_reads_the_actions(users):
    admin = users["admin"]
    audit_record(actor=admin, action="user.set_role", target=users["employer_th"])
    assert audit_action_list(actor=users["employer_th"]) == []
