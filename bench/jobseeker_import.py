"""Benchmark: bulk registration of 100,000 job seekers from one workbook (issue #10 §7).

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python bench/jobseeker_import.py`
(without DATABASE_URL: its own SQLite file under var/bench-jobseekers/). ROWS=20000 for a smaller run.

It measures, on a fresh database with the reference data and the demo users:
- the upload check in the web process (spreadsheets.reader.check_xlsx, seeker_import_start);
- parse + validate: the worker's pass over the file (the check again, calamine in its child process, every row
  through SeekerCleaner, national IDs in the file and the registry, likely duplicates), nothing written;
- end to end: seeker_import_start (check, store, queue) and the job as a worker runs it (jobs.tasks.run_job:
  the pass, then the bulk write of every seeker with experiences, languages, destinations, sectors and
  consent, and the audit event);
- peak memory: the largest resident set of this process (the web process and the worker in one) and of the
  parse child (resource.getrusage).
The Khmer names are drawn from a pool of a few dozen words: each word is romanised once per process (about
0.15 s each, cold), which the figures include.
"""

from __future__ import annotations

import datetime
import io
import os
import random
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench-jobseekers"
shutil.rmtree(VAR, ignore_errors=True)
VAR.mkdir(parents=True)
os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "CORRIDOR_VAR_DIR": str(VAR)})
os.environ.pop("CELERY_BROKER_URL", None)
ROWS = int(os.environ.get("ROWS", "100000"))
if os.environ.get("DATABASE_URL"):
    from bench.databases import fresh_postgres

    fresh_postgres(os.environ["DATABASE_URL"])  # each run starts from an empty registry

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from accounts.demo import load_demo_users  # noqa: E402
from accounts.models import User  # noqa: E402
from coordination.jobseekers.imports import seeker_import_start, seekers_check  # noqa: E402
from coordination.jobseekers.models import JobSeeker  # noqa: E402
from coordination.jobseekers.spreadsheets import COLUMNS, SHEET_TITLE, seekers_spec  # noqa: E402
from jobs.models import Job  # noqa: E402
from jobs.tasks import run_job  # noqa: E402
from reference.loader import load_reference  # noqa: E402
from spreadsheets.reader import check_xlsx  # noqa: E402

FAMILY = [("សុខ", "Sok"), ("ចាន់", "Chan"), ("ហេង", "Heng"), ("គឹម", "Kim"), ("លី", "Ly"), ("ម៉ៅ", "Mao"),
          ("សៅ", "Sao"), ("កែវ", "Keo"), ("ឈឹម", "Chhim"), ("ប៊ុន", "Bun")]
GIVEN = [("ដារា", "Dara"), ("សុភា", "Sophea"), ("វណ្ណា", "Vanna"), ("ចិន្តា", "Chenda"), ("រិទ្ធី", "Rithy"),
         ("សុខា", "Sokha"), ("ម្លិះ", "Malis"), ("ពិសី", "Pisey"), ("បុប្ផា", "Bopha"), ("កុសល", "Kosal"),
         ("ស្រីនាង", "Sreyneang"), ("សំណាង", "Samnang")]


def workbook(rows: int) -> bytes:
    """A filled-in job-seeker workbook (the template's sheet and headers, English), `rows` distinct people."""
    rng = random.Random(10)
    keys = [c.key for c in COLUMNS]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(SHEET_TITLE))
    ws.append([str(c.label) for c in COLUMNS])
    provinces = ["12 Phnom Penh", "17 Siem Reap", "14 Prey Veng", "03 Kampong Cham", "02 Battambang"]
    districts = {"12": "1201 Chamkar Mon", "17": "1710 Siem Reap", "14": "1401 Ba Phnum", "03": "0301 Batheay",
                 "02": "0202 Battambang"}
    occupations = ["7531", "8211", "6111", "9313", "7212", "5120"]
    for i in range(rows):
        fam, giv = rng.choice(FAMILY), rng.choice(GIVEN)
        province = rng.choice(provinces)
        values = {
            "name_latin": f"{fam[1]} {giv[1]}", "name_km": f"{fam[0]} {giv[0]}", "sex": rng.choice(["Male", "Female"]),
            "date_of_birth": datetime.date(1975 + i % 30, 1 + i % 12, 1 + i % 28), "national_id": f"{100000000 + i}",
            "phone": f"+855 97 {2000000 + i}", "province": province,
            "district": districts[province[:2]], "education_level": "Lower secondary school",
            "experience1_occupation": rng.choice(occupations), "experience1_years": 1 + i % 9,
            "language1": "ko — Korean" if i % 2 else "th — Thai", "language1_test": "EPS-TOPIK" if i % 2 else "",
            "language1_score": str(60 + i % 40) if i % 2 else "",
            "destinations": "KR, TH" if i % 2 else "TH", "sectors": "C", "min_wage": 300 + i % 500,
            "min_wage_currency": "USD", "passport_status": "No passport yet",
            "consent_matching": "Yes", "consent_agencies": "Yes", "consent_employers": "No",
        }
        ws.append([values.get(k) for k in keys])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    settings.JOBSEEKER_IMPORT_MAX_ROWS = max(ROWS, 100_000)
    call_command("migrate", verbosity=0)
    load_reference()
    load_demo_users()
    counsellor = User.objects.get(username="counsellor")
    print(f"database: {connection.vendor}; rows: {ROWS:,}")
    t = time.perf_counter()
    data = workbook(ROWS)
    print(f"workbook: {len(data) / 1e6:.1f} MB, made in {time.perf_counter() - t:.1f} s")
    base_rss = rss_mb(resource.RUSAGE_SELF)

    t = time.perf_counter()
    check_xlsx(data, max_rows=ROWS, spec=seekers_spec())
    check = time.perf_counter() - t
    print(f"upload check (web process): {check:.2f} s")

    t = time.perf_counter()
    checked = seekers_check(actor=counsellor, data=data, checked=True)  # as the job runs it: checked at upload
    parse_validate = time.perf_counter() - t
    assert not checked.errors, checked.errors[:5]
    print(f"parse + validate (worker pass, nothing written): {parse_validate:.2f} s = "
          f"{ROWS / parse_validate:,.0f} rows/s")
    del checked

    t = time.perf_counter()
    job = seeker_import_start(actor=counsellor, upload=SimpleUploadedFile("seekers.xlsx", data))
    started = time.perf_counter() - t
    run_job(job.pk)
    end_to_end = time.perf_counter() - t
    job = Job.objects.get(pk=job.pk)
    assert job.status == "succeeded", job.message_texts
    assert JobSeeker.objects.count() == ROWS
    print(f"end to end (check, store, queue; the job's pass and the bulk write): {end_to_end:.2f} s "
          f"(start {started:.2f} s, job {end_to_end - started:.2f} s); {job.message_texts[0]}")
    print(f"peak memory: this process {rss_mb(resource.RUSAGE_SELF):.0f} MB (before the import "
          f"{base_rss:.0f} MB); the parse child {rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")

    t = time.perf_counter()
    again = seeker_import_start(actor=counsellor, upload=SimpleUploadedFile("seekers.xlsx", data))
    run_job(again.pk)
    again = Job.objects.get(pk=again.pk)
    print(f"the same file again: {time.perf_counter() - t:.2f} s; {' '.join(again.message_texts)}")
    assert JobSeeker.objects.count() == ROWS


if __name__ == "__main__":
    main()
