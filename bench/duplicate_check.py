"""Benchmark: the duplicate check at registration against 200,000 job seekers (issue #10, target < 50 ms).

Run: `.venv/bin/python bench/duplicate_check.py` — its own fresh SQLite database under var/bench-dups/; with
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_dups` it uses (and re-creates) that PostgreSQL database
instead. `--seekers N` changes the size of the registry.

The registry: 200,000 seekers with realistic names built from common Cambodian family and given names, a third
in both scripts, a third in Latin letters only, a third in Khmer only, the Latin spellings varied the way they
are on real forms (Ly/Lee, Srey/Srei, Chhun/Chhoun, family name first or last), born 1966–2008, each with a
phone; written with bulk_create, the stored comparison keys computed as registration computes them. Then
`seeker_check` — what registration runs before writing: cleaning, the national-ID lookup and likely_matches —
is timed for 200 new records: 100 new people and 100 near-duplicates of registered ones (the same name in the
other script, a variant spelling, the same phone). Reported: median, p95 and the worst, for a cold pass (a
fresh process's caches: romanised words, phonetic keys, the transducer not loaded; some Khmer names carry words
outside the shipped table, so the transducer runs) and a warm pass over the same records; the cleaner is built
once and reused, as event mode and the import do, and its construction is reported on its own.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench-dups"
shutil.rmtree(VAR, ignore_errors=True)
VAR.mkdir(parents=True)
os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "CORRIDOR_VAR_DIR": str(VAR)})


if os.environ.get("DATABASE_URL"):
    from bench.databases import fresh_postgres

    fresh_postgres(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.demo import load_demo_users  # noqa: E402
from accounts.models import User  # noqa: E402
from coordination.jobseekers import names  # noqa: E402
from coordination.jobseekers.cleaning import SeekerCleaner  # noqa: E402
from coordination.jobseekers.inputs import SeekerData  # noqa: E402
from coordination.jobseekers.models import JobSeeker  # noqa: E402
from coordination.jobseekers.services import seeker_check  # noqa: E402
from reference.loader import load_reference  # noqa: E402
from reference.models import Province  # noqa: E402

FAMILY = [
    ("សុខ", "Sok"), ("ចាន់", "Chan"), ("ហេង", "Heng"), ("លី", "Ly"), ("ឈុន", "Chhun"), ("កែវ", "Keo"),
    ("មាស", "Meas"), ("សៀង", "Sieng"), ("ជា", "Chea"), ("ទូច", "Touch"), ("ពេជ្រ", "Pich"), ("គឹម", "Kim"),
    ("ស៊ុន", "Sun"), ("ឯក", "Ek"), ("នួន", "Nuon"), ("យឹម", "Yim"), ("ម៉ៅ", "Mao"), ("ហ៊ុន", "Hun"),
    ("ឈឹម", "Chhim"), ("ព្រំ", "Prum"), ("ស៊ឹម", "Sim"), ("តាំង", "Tang"), ("ថោង", "Thong"), ("សេង", "Seng"),
    ("អ៊ុក", "Ouk"), ("ង៉ែត", "Nget"), ("ភួង", "Phuong"), ("លឹម", "Lim"), ("សាន់", "San"), ("អ៊ឹម", "Im"),
    ("វង្ស", "Vong"), ("គង់", "Kong"), ("ផាន់", "Phan"), ("ហួត", "Huot"), ("សោម", "Som"), ("ញឹម", "Nhim"),
    ("ប៉ែន", "Pen"), ("ទេព", "Tep"), ("គួច", "Kouch"), ("រស់", "Ros"), ("ខៀវ", "Khiev"), ("ឈួន", "Chhoun"),
    ("ស្រេង", "Sreng"), ("ប៊ុន", "Bun"), ("មុំ", "Mom"), ("ឡុង", "Long"), ("អ៊ុំ", "Um"), ("ជិន", "Chin"),
    ("ចេង", "Cheng"), ("ឌី", "Dy"), ("ហុង", "Hong"), ("ម៉េង", "Meng"), ("ឡាយ", "Lay"), ("ប្រាក់", "Prak"),
]
GIVEN = [
    ("ដារា", "Dara"), ("សុភា", "Sophea"), ("សំណាង", "Samnang"), ("ស្រីនាង", "Sreyneang"), ("សុភ័ក្រ", "Sopheak"),
    ("ចន្ថា", "Chantha"), ("សុខា", "Sokha"), ("វណ្ណា", "Vanna"), ("វិបុល", "Vibol"), ("ស្រីមុំ", "Sreymom"),
    ("សុផល", "Sophal"), ("ធីតា", "Thida"), ("ពិសី", "Pisey"), ("សុភាព", "Sopheap"), ("សុខលី", "Sokly"),
    ("ចាន់ណា", "Channa"), ("វុទ្ធី", "Vuthy"), ("បុប្ផា", "Bopha"), ("ស្រីពៅ", "Sreypov"), ("កញ្ញា", "Kanha"),
    ("ពិសិដ្ឋ", "Piseth"), ("រតនា", "Rattana"), ("សុខុម", "Sokhom"), ("ចិន្តា", "Chenda"), ("សុធា", "Sothea"),
    ("ដាលីន", "Dalin"), ("ម៉ូនី", "Mony"), ("ចាន់ធី", "Chanthy"), ("វិសាល", "Visal"), ("ណារី", "Nary"),
    ("រដ្ឋា", "Ratha"), ("ស្រីល័ក្ខ", "Sreyleak"), ("ស្រីរ័ត្ន", "Sreyroth"), ("សុខហេង", "Sokheng"),
    ("ចាន់ថន", "Chanthon"), ("សុភី", "Sophy"), ("ចាន់ធឿន", "Chanthoeun"), ("ធារី", "Theary"), ("សុខនី", "Sokny"),
    ("សុជាតា", "Socheata"), ("បូរ៉ា", "Bora"), ("ដារី", "Dary"), ("រិទ្ធី", "Rithy"), ("វណ្ណាក់", "Vannak"),
    ("សុធារី", "Sotheary"), ("ចន្ទ្រា", "Chantrea"), ("ពិសាល", "Pisal"), ("ម៉ាលី", "Maly"), ("ភារម្យ", "Phearum"),
    ("ផល្លា", "Phalla"), ("កុសល", "Kosal"), ("វិចិត្រ", "Vichet"), ("វាសនា", "Veasna"), ("សុគន្ធា", "Sokunthea"),
    ("បូរី", "Borey"), ("មករា", "Makara"), ("ចរិយា", "Chariya"),
]
# How the same Latin name is also written on forms.
VARIANTS = {"Ly": "Lee", "Sreyneang": "Srei Neang", "Chhun": "Chhoun", "Sreymom": "Sreimom", "Keo": "Kev",
            "Kim": "Khim", "Vuthy": "Wuthy", "Rattana": "Ratana", "Thong": "Thorng", "Kanha": "Kagna",
            "Sieng": "Seang", "Sophy": "Sophey", "Chanthy": "Chanti", "Mony": "Moni", "Pisey": "Pisei"}
FIRST_BORN, LAST_BORN = datetime.date(1966, 1, 1), datetime.date(2008, 12, 31)
NEW = 200


def _born(rng: random.Random) -> datetime.date:
    return FIRST_BORN + datetime.timedelta(days=rng.randrange((LAST_BORN - FIRST_BORN).days + 1))


def _variant(latin: str, rng: random.Random) -> str:
    words = [VARIANTS.get(w, w) if rng.random() < 0.7 else w for w in latin.split()]
    return " ".join(reversed(words) if rng.random() < 0.3 else words)


def make_registry(count: int) -> None:
    rng = random.Random(10)
    load_demo_users()
    counsellor = User.objects.get(username="counsellor")
    provinces = list(Province.objects.values_list("pk", flat=True))
    batch: list[JobSeeker] = []
    with transaction.atomic():
        for i in range(count):
            (fk, fl), (gk, gl) = rng.choice(FAMILY), rng.choice(GIVEN)
            kind = i % 3
            name_km = f"{fk} {gk}" if kind != 1 else ""
            name_latin = (_variant(f"{fl} {gl}", rng) if rng.random() < 0.3 else f"{fl} {gl}") if kind != 2 else ""
            latin_key, romanised = names.comparable(name_km, name_latin)
            batch.append(JobSeeker(
                job_centre_id=counsellor.organisation_id, name_km=name_km, name_latin=name_latin,
                name_latin_key=latin_key, name_km_romanised=romanised, sex="female" if i % 2 else "male",
                date_of_birth=_born(rng), national_id=f"{100000000 + i}", phone=f"+85512{i:06d}",
                province_id=provinces[i % len(provinces)], registered_by=counsellor,
            ))
            if len(batch) == 5000:
                JobSeeker.objects.bulk_create(batch)
                batch = []
        JobSeeker.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE jobseekers_jobseeker")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def new_records(count: int) -> tuple[list[SeekerData], list[int]]:
    """Half new people, half near-duplicates of registered ones; the expected match for each (0: none)."""
    rng = random.Random(20)
    province = Province.objects.values_list("code", flat=True).first() or "KH-12"
    sample = list(JobSeeker.objects.order_by("?")[: count // 2]) if connection.vendor == "sqlite" else list(
        JobSeeker.objects.filter(pk__in=[rng.randrange(1, JobSeeker.objects.count()) for _ in range(count // 2)]))
    out: list[SeekerData] = []
    expected: list[int] = []
    for i in range(count - len(sample)):
        (fk, fl), (gk, gl) = rng.choice(FAMILY), rng.choice(GIVEN)
        # One new Khmer name in five carries a word outside the shipped table: the transducer must read it.
        given_km = gk + rng.choice(["ណារី", "សុខា", "រតនា"]) if i % 5 == 0 else gk
        out.append(SeekerData(name_km=f"{fk} {given_km}" if i % 2 else "", name_latin=f"{fl} {gl}", sex="female",
                              date_of_birth=_born(rng), national_id=f"{900000000 + i}",
                              phone=f"+85597{1000000 + i:07d}", province=province))
        expected.append(0)
    for j, seeker in enumerate(sample):
        how = j % 3
        if how == 0:  # the same person written in the other script (or both, varied)
            data = SeekerData(name_km=seeker.name_km if not seeker.name_latin else "",
                              name_latin=_variant(seeker.name_latin, rng) if seeker.name_latin else "",
                              date_of_birth=seeker.date_of_birth)
            if not seeker.name_latin:  # Khmer only: type the Latin spelling the transducer would meet
                data.name_latin = seeker.name_km_romanised.title()
                data.name_km = ""
        elif how == 1:  # a variant spelling, family name first or last
            data = SeekerData(name_km=seeker.name_km, name_latin=_variant(seeker.name_latin, rng),
                              date_of_birth=seeker.date_of_birth)
        else:  # the same phone, another name and date of birth
            data = SeekerData(name_latin="Someone Else", date_of_birth=datetime.date(1990, 1, 1), phone=seeker.phone)
        data.sex, data.province, data.national_id = "male", province, f"{800000000 + j}"
        out.append(data)
        expected.append(seeker.pk)
    return out, expected


def measure(records: list[SeekerData], cleaner: SeekerCleaner) -> tuple[list[float], list[list[int]], int]:
    runs, found, queries = [], [], 0
    for data in records:
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            _, candidates = seeker_check(data=data, cleaner=cleaner)
            runs.append((time.perf_counter() - start) * 1000)
        queries = max(queries, len(ctx.captured_queries))
        found.append([c.seeker.pk for c in candidates])
    return runs, found, queries


def report(label: str, runs: list[float]) -> None:
    p95 = statistics.quantiles(runs, n=20)[-1]
    print(f"{label}: median {statistics.median(runs):.1f} ms, p95 {p95:.1f} ms, worst {max(runs):.1f} ms "
          f"({len(runs)} checks)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seekers", type=int, default=200_000)
    args = parser.parse_args()
    print(f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    load_reference()
    start = time.perf_counter()
    make_registry(args.seekers)
    total = JobSeeker.objects.count()
    per_day = total / ((LAST_BORN - FIRST_BORN).days + 1)
    print(f"registry: {total:,} seekers in {time.perf_counter() - start:.1f} s (about {per_day:.0f} per date "
          f"of birth)")
    records, expected = new_records(NEW)

    start = time.perf_counter()
    cleaner = SeekerCleaner()
    print(f"SeekerCleaner() (reference lists loaded once, reused): {(time.perf_counter() - start) * 1000:.0f} ms")

    # Cold: as a fresh process — no word romanised yet, the transducer not loaded, no phonetic key cached.
    names.romanise_word.cache_clear()
    names.phonetic_key.cache_clear()
    names._transducer.cache_clear()
    names.shipped_words.cache_clear()
    cold, found, queries = measure(records, cleaner)
    report("cold pass", cold)
    warm, found, queries = measure(records, cleaner)
    report("warm pass", warm)
    print(f"queries per check: at most {queries}")
    hits = sum(1 for e, f in zip(expected, found, strict=True) if e and e in f)
    wanted = sum(1 for e in expected if e)
    print(f"near-duplicates found: {hits} of {wanted}; new people with a candidate: "
          f"{sum(1 for e, f in zip(expected, found, strict=True) if not e and f)} of {len(expected) - wanted}")
    fresh = []
    for data in records[:10]:
        start = time.perf_counter()
        seeker_check(data=data)
        fresh.append((time.perf_counter() - start) * 1000)
    print(f"for comparison, with a new SeekerCleaner per check (seeker_register's default): median "
          f"{statistics.median(fresh):.0f} ms")


if __name__ == "__main__":
    main()
