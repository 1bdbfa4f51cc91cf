"""Benchmark: import a 10,000-position workbook end to end on the embedded default.

Run: `.venv/bin/python bench/demand_import.py` (own SQLite database and broker under var/bench-import/).
End to end = the upload is saved, a background job is queued on the filesystem broker, a real Celery
worker picks it up, checks and reads the workbook, validates every row and writes every position.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench-import"
shutil.rmtree(VAR, ignore_errors=True)
VAR.mkdir(parents=True)
os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "CORRIDOR_VAR_DIR": str(VAR)})
os.environ.pop("DATABASE_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

from celery.contrib.testing.worker import start_worker  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from accounts.demo import load_demo_users  # noqa: E402
from accounts.models import User  # noqa: E402
from config.celery import app as celery_app  # noqa: E402
from demand.demo import load_demo_demand  # noqa: E402
from demand.inputs import LetterData  # noqa: E402
from demand.models import DemandLetter  # noqa: E402
from demand.services import letter_create  # noqa: E402
from demand.spreadsheets import (  # noqa: E402
    POSITIONS,
    POSITIONS_IMPORT_JOB,
    build_template,
    parse_positions,
    positions_import,
)
from jobs.services import job_start  # noqa: E402
from mou.demo import load_demo_agreements  # noqa: E402
from mou.models import Agreement  # noqa: E402
from reference.loader import load_reference  # noqa: E402

ROWS = 10_000


def workbook(template: bytes, rows: int) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    ws = wb[POSITIONS]
    for i in range(1, rows + 1):
        ws.append([i, "7531 — Tailors, dressmakers, furriers and hatters", "C — Manufacturing", 2 + i % 5,
                   12000 + i % 700, "THB", "per month", 8, 6, 1, 1.5, 24, f"Factory {i % 40}, Samut Prakan",
                   "Industrial sewing", 12, "", "", "Yes", "No", "Yes"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> None:
    call_command("migrate", verbosity=0)
    load_reference()
    admin = load_demo_users()
    load_demo_agreements(actor=admin, year=timezone.localdate().year)
    load_demo_demand()
    employer = User.objects.get(username="employer.th")
    thailand = Agreement.objects.get(partner_country__iso2="TH")
    today = timezone.localdate()

    def new_letter() -> DemandLetter:
        return letter_create(actor=employer, agreement=thailand, data=LetterData(
            valid_from=today, valid_until=today.replace(year=today.year + 1), positions=[]))

    data = workbook(build_template(agreement=thailand), ROWS)
    print(f"workbook: {ROWS:,} positions, {len(data) / 1024:.0f} KiB")

    start = time.perf_counter()
    parsed = parse_positions(data)
    parse_s = time.perf_counter() - start
    assert not parsed.errors, parsed.errors[:3]
    print(f"check + read (calamine) + row checks: {parse_s:.2f} s")

    letter = new_letter()
    start = time.perf_counter()
    outcome = positions_import(actor=employer, letter=letter, data=data)
    sync_s = time.perf_counter() - start
    assert outcome.imported == ROWS, outcome.errors[:3]
    print(f"positions_import in process (read, check, write {ROWS:,} positions): {sync_s:.2f} s")

    letter = new_letter()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        start = time.perf_counter()
        path = default_storage.save("uploads/bench.xlsx", ContentFile(data))
        with transaction.atomic():
            job = job_start(actor=employer, kind=POSITIONS_IMPORT_JOB,
                            params={"letter_id": letter.pk, "upload": path, "language": "en"})
        while True:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.05)
        e2e_s = time.perf_counter() - start
    assert job.status == "succeeded", job.messages
    assert letter.positions.count() == ROWS
    print(f"end to end (save upload, queue, worker, import): {e2e_s:.2f} s (target ≤ 10 s)")


if __name__ == "__main__":
    main()
