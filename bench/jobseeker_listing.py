"""Benchmark: list 2,000 job seekers over GraphQL, beside a plain ORM baseline (issue #10 §6/§7).

Run: `.venv/bin/python bench/jobseeker_listing.py` (own fresh SQLite database under var/bench-jobseekers/).

The same method as bench/demand_listing.py: the data is written with bulk ORM inserts (2,000 seekers of the demo
job centre, each with two work experiences, a language test, two destination countries and a certificate); the
GraphQL side pages through all of them with `jobSeekers(first: 100, after: …)` as the ministry administrator
through the test client (middleware, session, JSON and all), with the start-up heap frozen as config/wsgi.py
does. The time counted is the time the requests take to be served. Both the path that answers from rows
(api/fastpath/) and the ordinary path are measured in the same run, and, for scale, the ordinary path with the
fields that depend on who is asking (masked identifiers, sex), which the rows path does not answer. The baseline
reads the same rows with `values()` — one query per table per page — stitches them by hand and serialises them
with json.dumps. Targets: a constant number of queries per page; within 3× of the baseline, best to best and
median to median.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench-jobseekers"
shutil.rmtree(VAR, ignore_errors=True)
VAR.mkdir(parents=True)
os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "CORRIDOR_VAR_DIR": str(VAR)})
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.demo import load_demo_users  # noqa: E402
from accounts.models import User  # noqa: E402
from api.fastpath import plan as fastpath_plan  # noqa: E402
from coordination.jobseekers.models import (  # noqa: E402
    Certification,
    DestinationPreference,
    Experience,
    JobSeeker,
    LanguageSkill,
)
from reference.loader import load_reference  # noqa: E402
from reference.models import Country, District, Language, Occupation, Province  # noqa: E402

SEEKERS = 2_000
PAGE = 100
REPEAT = 7

FIELDS = """id nameKm nameLatin displayName dateOfBirth vettingStatus passportStatus consentActive availableFrom
    createdAt province { code nameEn } district { code nameEn } jobCentre { name }
    experiences { occupation { code title } years }
    languages { language { code } test score validUntil }
    destinations { rank country { iso2 } }
    certifications { name issuer issuedOn }"""
QUERY = f"""query($after: String) {{ jobSeekers(first: {PAGE}, after: $after) {{
  totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {FIELDS} }} }} }} }}"""
QUERY_WITH_IDENTIFIERS = QUERY.replace("consentActive", "consentActive nationalId phone identifiersMasked sex")


def timed(fn: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, float, Any]:
    runs, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs), result


def make_seekers() -> None:
    load_demo_users()
    counsellor = User.objects.get(username="counsellor")
    provinces = list(Province.objects.order_by("code"))
    districts = {p.pk: District.objects.filter(province=p).order_by("code").first() for p in provinces}
    occupations = list(Occupation.objects.filter(code__in=["7531", "8153", "8156", "9329", "6111"]))
    countries = list(Country.objects.filter(iso2__in=["KR", "TH", "JP", "MY"]))
    korean = Language.objects.get(code="ko")
    with transaction.atomic():
        seekers = JobSeeker.objects.bulk_create([
            JobSeeker(job_centre=counsellor.organisation, name_km="សុខ ដារា", name_latin=f"Sok Dara {i}",
                      name_latin_key=f"SOK DARA {i}", name_km_romanised="SOK DARA", sex="male" if i % 2 else "female",
                      date_of_birth=datetime.date(1990 + i % 15, 1 + i % 12, 1 + i % 28),
                      national_id=f"{100000000 + i}", phone=f"+8551{2000000 + i:07d}",
                      province=provinces[i % len(provinces)], district=districts[provinces[i % len(provinces)].pk],
                      education_level="upper_secondary", passport_status="none", consent_active=True,
                      available_from=datetime.date(2027, 1, 1), registered_by=counsellor)
            for i in range(SEEKERS)
        ], batch_size=500)
        Experience.objects.bulk_create([
            Experience(seeker=s, occupation=occupations[(n + k) % len(occupations)], years=Decimal(1 + k))
            for n, s in enumerate(seekers) for k in range(2)
        ], batch_size=2000)
        LanguageSkill.objects.bulk_create([
            LanguageSkill(seeker=s, language=korean, test="EPS-TOPIK", score=str(60 + n % 40),
                          taken_on=datetime.date(2026, 5, 1), valid_until=datetime.date(2028, 5, 1))
            for n, s in enumerate(seekers)
        ], batch_size=2000)
        DestinationPreference.objects.bulk_create([
            DestinationPreference(seeker=s, country=countries[(n + k) % len(countries)], rank=k + 1)
            for n, s in enumerate(seekers) for k in range(2)
        ], batch_size=2000)
        Certification.objects.bulk_create([
            Certification(seeker=s, name="Industrial sewing", issuer="NTTI", issued_on=datetime.date(2025, 3, 1))
            for s in seekers
        ], batch_size=2000)


def orm_baseline() -> int:
    """The same data as QUERY, page by page: values() per table, stitched by hand, json.dumps."""
    total = JobSeeker.objects.count()
    size = 0
    for offset in range(0, total, PAGE):
        seekers = list(JobSeeker.objects.filter(status="active").order_by("-created_at", "-pk").values(
            "id", "name_km", "name_latin", "date_of_birth", "vetting_status", "passport_status", "consent_active",
            "available_from", "created_at", "province__code", "province__name_en", "district__code",
            "district__name_en", "job_centre__name")[offset:offset + PAGE])
        ids = [s["id"] for s in seekers]

        def by_seeker(queryset: Any, ids: list[int], *fields: str) -> dict[int, list[dict[str, Any]]]:
            out: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for row in queryset.filter(seeker_id__in=ids).values("seeker_id", *fields):
                out[row.pop("seeker_id")].append(row)
            return out

        experiences = by_seeker(Experience.objects.order_by("seeker_id", "-years", "pk"), ids, "occupation__code",
                                "occupation__title", "years")
        languages = by_seeker(LanguageSkill.objects.order_by("seeker_id", "language__name", "pk"), ids,
                              "language__code", "test", "score", "valid_until")
        destinations = by_seeker(DestinationPreference.objects.order_by("seeker_id", "rank"), ids, "rank",
                                 "country__iso2")
        certifications = by_seeker(Certification.objects.order_by("seeker_id", "name", "pk"), ids, "name", "issuer",
                                   "issued_on")
        for s in seekers:
            s["display_name"] = f"{s['name_latin']} ({s['name_km']})"
            s["experiences"] = experiences[s["id"]]
            s["languages"] = languages[s["id"]]
            s["destinations"] = destinations[s["id"]]
            s["certifications"] = certifications[s["id"]]
        size += len(json.dumps({"totalCount": total, "edges": seekers}, default=str))
    return size


def main() -> None:
    call_command("migrate", verbosity=0)
    load_reference()
    start = time.perf_counter()
    make_seekers()
    print(f"synthetic data: {JobSeeker.objects.count():,} seekers, {Experience.objects.count():,} experiences, "
          f"{LanguageSkill.objects.count():,} language results, {DestinationPreference.objects.count():,} "
          f"destinations, {Certification.objects.count():,} certificates ({time.perf_counter() - start:.1f} s)")
    client = Client()
    client.force_login(User.objects.get(username="ministry.admin"))
    from config.wsgi import freeze_startup_heap

    freeze_startup_heap()
    served = [0.0]

    def page(query: str, after: str | None) -> dict[str, Any]:
        start = time.perf_counter()
        response = client.post("/graphql/", {"query": query, "variables": {"after": after}},
                               content_type="application/json")
        served[0] += time.perf_counter() - start
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]["jobSeekers"]

    def all_pages(query: str) -> int:
        after, pages = None, 0
        while True:
            result = page(query, after)
            pages += 1
            if not result["pageInfo"]["hasNextPage"]:
                return pages
            after = result["pageInfo"]["endCursor"]

    def serving(query: str) -> tuple[float, float, int]:
        runs, pages = [], 0
        for _ in range(REPEAT):
            served[0] = 0.0
            pages = all_pages(query)
            runs.append(served[0])
        return statistics.median(runs), min(runs), pages

    all_pages(QUERY)
    reset_queries()
    counts, after, size = [], None, 0
    while True:
        with CaptureQueriesContext(connection) as ctx:
            result = page(QUERY, after)
        counts.append(len(ctx.captured_queries))
        size += len(json.dumps(result))
        if not result["pageInfo"]["hasNextPage"]:
            break
        after = result["pageInfo"]["endCursor"]
    reset_queries()

    fastpath_plan.enabled = False
    ordinary_median, ordinary, _ = serving(QUERY)
    fastpath_plan.enabled = True
    masked_median, masked, _ = serving(QUERY_WITH_IDENTIFIERS)
    seconds_median, seconds, pages = serving(QUERY)
    reset_queries()
    orm_median, orm, orm_size = timed(orm_baseline)
    print(f"GraphQL jobSeekers(first: {PAGE}) × {pages} pages, {SEEKERS:,} seekers with experiences, languages, "
          f"destinations, certificates, {size / 1024:.0f} KiB; time serving the requests, best and median of "
          f"{REPEAT}:")
    print(f"  answered from rows (api/fastpath/): {seconds * 1000:.0f} ms best, {seconds_median * 1000:.0f} ms "
          f"median ({seconds * 1000 / pages:.0f} ms a page)")
    print(f"  the ordinary path (fastpath_plan.enabled = False): {ordinary * 1000:.0f} ms best, "
          f"{ordinary_median * 1000:.0f} ms median")
    print(f"  with nationalId phone identifiersMasked sex (the ordinary path: they depend on who asks): "
          f"{masked * 1000:.0f} ms best, {masked_median * 1000:.0f} ms median")
    print(f"SQL queries per page: {sorted(set(counts))} (every page: {counts})")
    print(f"plain ORM values() + json of the same rows, same pages: {orm * 1000:.0f} ms best, "
          f"{orm_median * 1000:.0f} ms median ({orm_size / 1024:.0f} KiB)")
    ratio = seconds / orm
    print(f"GraphQL / baseline: {ratio:.2f}x best to best, {seconds_median / orm_median:.2f}x median to median "
          f"(target ≤ 3x: {'met' if ratio <= 3 else 'NOT met'}; constant queries: "
          f"{'yes' if len(set(counts)) == 1 else 'NO'}); the ordinary path {ordinary / orm:.2f}x; with the "
          f"identifiers {masked / orm:.2f}x")


if __name__ == "__main__":
    main()
