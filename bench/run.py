"""Benchmarks for the foundation: reference loading and the GraphQL agreement and occupation lists.

Run: `make bench` (or `.venv/bin/python bench/run.py`). It uses its own SQLite database under
var/bench/ unless DATABASE_URL is set. Figures go to docs/performance.md.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CORRIDOR_VAR_DIR", str(ROOT / "var" / "bench"))
Path(os.environ["CORRIDOR_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.demo import load_demo_users  # noqa: E402
from accounts.models import User  # noqa: E402
from bench.synthetic import make_agreements  # noqa: E402
from mou.models import AgreementVersion  # noqa: E402
from reference.loader import load_reference  # noqa: E402

AGREEMENTS = 100
VERSIONS = 3
REPEAT = 5

TERMS = """number inForceFrom hoursPerDay hoursPerWeek zeroFee
  sectors { code title } wageFloors { amount period sector { code } currency { code } }
  feeItems { name payer capAmount } quotas { year cap sector { code } }
  portabilityRules { branch summaryEn summaryKm }"""
AGREEMENTS_QUERY = f"""{{ agreements(first: 100) {{ totalCount edges {{ node {{
  id title status partnerCountry {{ iso2 name }} versionInForce {{ {TERMS} }}
  versions {{ edges {{ node {{ {TERMS} }} }} }} }} }} }} }}"""
OCCUPATIONS_QUERY = """query($after: String) { occupations(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { code title level parent { code } } } } }"""


def timed(fn, repeat: int = REPEAT) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    runs, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), result


def main() -> None:
    call_command("migrate", verbosity=0)
    seconds, counts = timed(load_reference, repeat=3)
    print(f"load_reference (idempotent re-run): {seconds * 1000:.0f} ms median for {counts}")

    admin = load_demo_users()
    start = time.perf_counter()
    made = make_agreements(actor=admin, count=AGREEMENTS, versions=VERSIONS, year=timezone.localdate().year)
    print(f"synthetic data: {made} agreements, {AgreementVersion.objects.count()} versions "
          f"({time.perf_counter() - start:.1f} s to create)")

    client = Client()
    client.force_login(User.objects.get(username="ministry.admin"))

    def graphql(query: str, variables: dict | None = None) -> dict:  # type: ignore[type-arg]
        response = client.post("/graphql/", {"query": query, "variables": variables or {}},
                               content_type="application/json")
        body = response.json()
        assert "errors" not in body, body
        return body

    graphql(AGREEMENTS_QUERY)  # warm up
    reset_queries()  # the debug query log is a bounded deque; a full one would capture nothing
    with CaptureQueriesContext(connection) as ctx:
        graphql(AGREEMENTS_QUERY)
    seconds, body = timed(lambda: graphql(AGREEMENTS_QUERY))
    size = len(json.dumps(body))
    print(f"GraphQL agreements(first: 100) with {VERSIONS} versions' terms each: "
          f"{seconds * 1000:.0f} ms median, {len(ctx.captured_queries)} SQL queries, {size / 1024:.0f} KiB")

    def orm_baseline() -> str:
        """The same nested data as the GraphQL query, by hand: values() per table, stitched in Python."""
        from collections import defaultdict

        from mou.models import Agreement, FeeItem, PortabilityRule, Quota, WageFloor

        agreements = list(Agreement.objects.values("id", "title", "status", "partner_country__iso2",
                                                   "partner_country__name").order_by("partner_country__name")[:100])
        ids = [a["id"] for a in agreements]
        versions = list(AgreementVersion.objects.filter(agreement_id__in=ids).values(
            "id", "agreement_id", "number", "in_force_from", "in_force_to", "hours_per_day", "hours_per_week",
            "zero_fee").order_by("-number"))
        vids = [v["id"] for v in versions]
        children: dict[str, dict[int, list[dict]]] = {}  # type: ignore[type-arg]
        for name, qs in (
            ("sectors", AgreementVersion.sectors.through.objects.filter(agreementversion_id__in=vids).values(
                "agreementversion_id", "sector__code", "sector__title")),
            ("wageFloors", WageFloor.objects.filter(version_id__in=vids).values(
                "version_id", "amount", "period", "sector__code", "currency__code")),
            ("feeItems", FeeItem.objects.filter(version_id__in=vids).values("version_id", "name", "payer",
                                                                            "cap_amount")),
            ("quotas", Quota.objects.filter(version_id__in=vids).values("version_id", "year", "cap",
                                                                        "sector__code")),
            ("portabilityRules", PortabilityRule.objects.filter(version_id__in=vids).values(
                "version_id", "branch", "summary_en", "summary_km")),
        ):
            grouped: dict[int, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
            for row in qs:
                key = row.pop("agreementversion_id", None) or row.pop("version_id")
                grouped[key].append(row)
            children[name] = grouped
        by_agreement: dict[int, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
        today = timezone.localdate()
        for v in versions:
            for name, grouped in children.items():
                v[name] = grouped.get(v["id"], [])
            by_agreement[v["agreement_id"]].append(v)
        for a in agreements:
            a["versions"] = by_agreement[a["id"]]
            a["versionInForce"] = next((v for v in a["versions"] if v["in_force_from"] <= today and (
                v["in_force_to"] is None or v["in_force_to"] >= today)), None)
        return json.dumps(agreements, default=str)

    reset_queries()
    seconds_orm, _ = timed(orm_baseline)
    print(f"plain ORM values() + json of the same rows: {seconds_orm * 1000:.0f} ms median "
          f"(GraphQL is {seconds / seconds_orm:.1f}x)")

    def all_occupations() -> int:
        after, pages = None, 0
        while True:
            page = graphql(OCCUPATIONS_QUERY, {"after": after})["data"]["occupations"]
            pages += 1
            if not page["pageInfo"]["hasNextPage"]:
                return pages
            after = page["pageInfo"]["endCursor"]

    seconds, pages = timed(all_occupations)
    print(f"GraphQL occupations, all 619 in pages of 100: {seconds * 1000:.0f} ms median for {pages} pages")


if __name__ == "__main__":
    main()
