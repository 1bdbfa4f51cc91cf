"""Notifications 0003/0004: rows that pointed at a demand letter keep pointing at it, as a generic target.

Run forward from the old shape (a `letter` key) with rows in it, with Django's MigrationExecutor, on
whichever database the run uses (SQLite by default, PostgreSQL with DATABASE_URL), and back again.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("notifications", "0002_delivery_requeues")]
NEW = [("notifications", "0004_remove_notification_letter")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(users, agreements):
    apps = _migrate(OLD)
    yield apps
    _migrate_to_latest()  # the rest of the run finds the current shape whatever happened


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _letter(users, agreements, reference):
    from demand.models import DemandLetter

    return DemandLetter.objects.create(
        reference=reference, employer=users["employer_th"].organisation, agreement=agreements["TH"],
        valid_from=datetime.date(2031, 1, 1), valid_until=datetime.date(2031, 12, 31))


def test_letter_rows_become_targets_with_label_and_link(old_apps, users, agreements):
    from django.contrib.contenttypes.models import ContentType

    first = _letter(users, agreements, "DL-TH-2031-00001")
    second = _letter(users, agreements, "DL-TH-2031-00002")
    Old = old_apps.get_model("notifications", "Notification")
    user_id = users["employer_th"].pk
    kept = Old.objects.create(user_id=user_id, kind="demand.approved", title="Approved", link="/demand/elsewhere/",
                              letter_id=first.pk)
    linked = Old.objects.create(user_id=user_id, kind="demand.returned", title="Returned", link="",
                                letter_id=second.pk)
    plain = Old.objects.create(user_id=user_id, kind="demand.accreditation", title="Accredited",
                               link="/demand/profile/")

    Notification = _migrate(NEW).get_model("notifications", "Notification")

    letter_type = ContentType.objects.get(app_label="demand", model="demandletter")
    rows = {n.pk: n for n in Notification.objects.all()}
    assert (rows[kept.pk].target_type_id, rows[kept.pk].target_id, rows[kept.pk].target_label,
            rows[kept.pk].link) == (letter_type.pk, str(first.pk), "DL-TH-2031-00001", "/demand/elsewhere/")
    assert (rows[linked.pk].target_type_id, rows[linked.pk].target_id, rows[linked.pk].target_label,
            rows[linked.pk].link) == (letter_type.pk, str(second.pk), "DL-TH-2031-00002", f"/demand/{second.pk}/")
    assert (rows[plain.pk].target_type_id, rows[plain.pk].target_id, rows[plain.pk].target_label,
            rows[plain.pk].link) == (None, "", "", "/demand/profile/")
    assert "letter_id" not in {f.column for f in Notification._meta.concrete_fields}
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "notifications_notification")}
    assert "letter_id" not in columns and {"target_type_id", "target_id", "target_label"} <= columns


def test_backwards_puts_the_letter_key_back(old_apps, users, agreements):
    letter = _letter(users, agreements, "DL-TH-2031-00003")
    Old = old_apps.get_model("notifications", "Notification")
    row = Old.objects.create(user_id=users["employer_th"].pk, kind="demand.approved", title="Approved",
                             letter_id=letter.pk)
    _migrate(NEW)
    back = _migrate(OLD)
    assert back.get_model("notifications", "Notification").objects.get(pk=row.pk).letter_id == letter.pk
