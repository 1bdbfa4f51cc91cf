"""Reference numbers: one counter row per prefix, locked by each create (issue 9 §3). Concurrent creates by
one employer on PostgreSQL give as many letters as requests, each with its own reference, and no error."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from demand import services
from demand.models import DemandLetter, ReferenceCounter
from tests.demand.helpers import kr_position, letter_data


def year() -> int:
    """This year in Phnom Penh, read when the test runs (a suite may cross midnight on 31 December)."""
    return timezone.localdate().year



@pytest.mark.django_db
def test_references_follow_the_counter_seeded_from_existing_letters(users, agreements, employers, letter_in):
    first = letter_in("draft")
    prefix = f"DL-KR-{year()}-"
    assert first.reference == f"{prefix}00001"
    # A counter lost (or a letter written before counters existed) is seeded again from the letters.
    ReferenceCounter.objects.filter(prefix=prefix).delete()
    DemandLetter.objects.filter(pk=first.pk).update(reference=f"{prefix}00041")
    second = services.letter_create(actor=users["employer_kr"], agreement=agreements["KR"],
                                    data=letter_data([kr_position()]))
    assert second.reference == f"{prefix}00042"
    assert ReferenceCounter.objects.get(prefix=prefix).last == 42


@pytest.mark.django_db(transaction=True)
def test_reference_next_needs_the_letters_transaction():
    with pytest.raises(RuntimeError):
        services.reference_next("DL-XX-2026-")


@pytest.mark.django_db
def test_reference_next_counts_per_prefix():
    with transaction.atomic():
        assert services.reference_next("DL-YY-2026-") == "DL-YY-2026-00001"
        assert services.reference_next("DL-XX-2026-") == "DL-XX-2026-00001"
        assert services.reference_next("DL-XX-2026-") == "DL-XX-2026-00002"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_creates_get_fifty_distinct_references(users, agreements, employers):
    """50 threads, each on its own connection, create a letter for the same employer at the same moment."""
    count = 50
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def create() -> None:
        try:
            barrier.wait(timeout=60)
            letter = services.letter_create(actor=users["employer_kr"], agreement=agreements["KR"],
                                            data=letter_data([kr_position()]))
            outcome = letter.reference
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=create) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    errors = [o for o in outcomes if o.startswith("error")]
    assert errors == [] and len(outcomes) == count, errors[:3]
    assert len(set(outcomes)) == count
    stored = list(DemandLetter.objects.filter(employer=users["employer_kr"].organisation)
                  .values_list("reference", flat=True))
    assert len(stored) == count and len(set(stored)) == count
    assert sorted(stored) == [f"DL-KR-{year()}-{n:05d}" for n in range(1, count + 1)]
