"""Accounts 0004: licence numbers already stored are normalised, and agencies that shared one keep their standing
(the first registered keeps the number; each later one is marked for the ministry) so the constraint can be made.

Run forward from 0003 with rows in it, with Django's MigrationExecutor, on whichever database the run uses (SQLite
by default, PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

OLD = [("accounts", "0003_user_language")]
NEW = [("accounts", "0004_one_agency_per_licence_number")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_apps(users):
    apps = _migrate(OLD)
    yield apps
    _migrate_to_latest()  # the rest of the run finds the current shape whatever happened


def test_duplicates_are_kept_marked_and_the_constraint_then_holds(old_apps, users):
    Old = old_apps.get_model("accounts", "Organisation")
    country_id = users["agency"].organisation.country_id

    def org(name, number, kind="agency"):
        return Old.objects.create(name=name, kind=kind, country_id=country_id, licence_number=number).pk

    first = org("First (test)", " mlvt  045 ")
    second = org("Second (test)", "MLVT 045")
    third = org("Third (test)", "Mlvt 045\t")
    alone = org("Alone (test)", "  kh-9 ")
    employer = org("Employer (test)", "MLVT 045", kind="employer")
    new_apps = _migrate(NEW)
    New = new_apps.get_model("accounts", "Organisation")
    numbers = dict(New.objects.filter(pk__in=[first, second, third, alone, employer]).values_list("pk",
                                                                                                  "licence_number"))
    assert numbers == {first: "MLVT 045", second: f"MLVT 045 DUPLICATE-{second}",
                       third: f"MLVT 045 DUPLICATE-{third}", alone: "KH-9", employer: "MLVT 045"}
    with pytest.raises(IntegrityError), transaction.atomic():
        New.objects.filter(pk=second).update(licence_number="mlvt 045")
