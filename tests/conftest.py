"""Shared fixtures. Reference data is loaded once into the test database; demo users and agreements
are made per test (they roll back with it)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from reference.loader import load_reference

# Fixtures shared across apps live in plugins, never imported by assignment.
pytest_plugins = ["tests.pages", "tests.api.fixtures", "tests.mou.fixtures", "tests.demand.fixtures"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# The demo users by the name tests use for their role.
ROLE_USERS = {
    "admin": "admin",
    "ministry_admin": "ministry.admin",
    "ministry_reviewer": "ministry.reviewer",
    "employer_th": "employer.th",
    "employer_kr": "employer.kr",
    "agency": "agency",
    "counsellor": "counsellor",
    "attache": "attache",
}


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Hashing demo passwords with PBKDF2 would dominate the suite's time; tests use a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in English: a request in Khmer must not leave Khmer active for the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def reference_data(db: None) -> None:
    """For transactional tests, whose flush empties the tables: put the reference data back."""
    from reference.models import Occupation

    if not Occupation.objects.exists():
        load_reference()


@pytest.fixture
def users(reference_data: None) -> dict[str, Any]:
    """One demo user per role, plus `anonymous`-like outsiders: `no_org` and `inactive`."""
    from accounts.demo import load_demo_users
    from accounts.models import User

    load_demo_users()
    license_agencies()
    by_name = {u.username: u for u in User.objects.select_related("organisation", "organisation__country")}
    out: dict[str, Any] = {role: by_name[username] for role, username in ROLE_USERS.items()}
    out["no_org"] = User.objects.create_user("no.org", password="x-password-123")
    inactive = User.objects.create_user("inactive", password="x-password-123")
    inactive.organisation = out["ministry_admin"].organisation
    inactive.role = "ministry_admin"
    inactive.is_active = False
    inactive.save()
    out["inactive"] = inactive
    return out


def license_agencies(*organisations: Any) -> None:
    """A licence in force (issued two years ago, valid three more) for the given agencies, or every agency
    organisation with a licence number and no recorded licence: what the ministry records for a licensed
    agency (coordination.agencies.permissions decides that an unrecorded licence is not one)."""
    import datetime

    from django.utils import timezone

    from accounts.models import Organisation, OrganisationKind
    from coordination.agencies.models import AgencyProfile

    today = timezone.localdate()
    targets = organisations or Organisation.objects.filter(kind=OrganisationKind.AGENCY).exclude(licence_number="")
    for organisation in targets:
        AgencyProfile.objects.update_or_create(organisation_id=organisation.pk, defaults={  # no cached profile
            "licence_issued_on": today - datetime.timedelta(days=730),
            "licence_expires_on": today + datetime.timedelta(days=1095)})


@pytest.fixture
def agreements(users: dict[str, Any]) -> dict[str, Any]:
    """The four illustrative agreements, by partner country (TH, KR, MY, JP)."""
    from django.utils import timezone

    from mou.demo import load_demo_agreements
    from mou.models import Agreement

    load_demo_agreements(actor=users["admin"], year=timezone.localdate().year)
    return {a.partner_country.iso2: a for a in Agreement.objects.select_related("partner_country")}


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Tests marked `postgres` need row locks: deselected (said out loud) on the embedded default."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    keep, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("postgres") else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        print(f"\n{len(dropped)} PostgreSQL-only test(s) deselected on the embedded default database.")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Any:
    """Under CI=true a test that cannot run fails: a silent skip would hide a missing install step."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI=true, which counts as a failure: {report.longrepr}"


def reset_broker_connections() -> None:
    """Drop pooled broker connections so that changed transport options take effect."""
    from kombu import pools as kombu_pools

    from config.celery import app as celery_app

    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


@pytest.fixture
def worker(settings: Any, tmp_path: Any) -> Iterator[None]:
    """A real Celery worker thread, on whichever broker is configured (filesystem folders or Redis),
    consuming a queue of its own; in the test process, so locmem outboxes are shared."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app as celery_app

    settings.MEDIA_ROOT = tmp_path / "media"
    queue = f"test-{uuid.uuid4().hex[:12]}"
    saved = (celery_app.conf.task_default_queue, celery_app.conf.broker_transport_options)
    celery_app.conf.task_default_queue = queue
    if celery_app.conf.broker_url.startswith("filesystem"):
        folder = tmp_path / "broker"
        folder.mkdir()
        celery_app.conf.broker_transport_options = {
            "data_folder_in": str(folder), "data_folder_out": str(folder), "control_folder": str(folder / "control"),
        }
    reset_broker_connections()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30):
        yield
    celery_app.conf.task_default_queue, celery_app.conf.broker_transport_options = saved
    reset_broker_connections()
