"""Benchmark: list 1,000 demand letters with their positions over GraphQL, beside a plain ORM baseline.

Run: `.venv/bin/python bench/demand_listing.py` (own fresh SQLite database under var/bench-demand/; add
`--profile` to print a pyinstrument profile of one GraphQL page, if pyinstrument is installed, and
`--no-freeze` to leave the start-up heap unfrozen).

The data: 1,000 letters of the Thai employer (submitted, under review, approved, allocated), 10 positions
each with two cost items, two screening findings per letter and an allocation for the allocated ones —
written with bulk ORM inserts, which is all a listing needs. The GraphQL side pages through all of them
with `demandLetters(first: 100, after: …)`, each letter with `positions(first: 20)`, its findings and
allocations, as the ministry administrator through the test client (middleware, session, JSON and all).
The time counted is the time the requests take to be served; the client's decoding of each answer (needed
here only to find the next cursor) is reported beside it, not in the ratio. As the production server does
(config/wsgi.py), the process freezes its start-up heap before serving. Both the path that answers from rows
(api/fastpath/) and the ordinary path are measured, in the same run. The baseline reads the same
rows with `values()` — one query per table per page — stitches them by hand and serialises them with
json.dumps. Targets (issue #3): a constant number of queries per page; within 3× of the baseline.
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
VAR = ROOT / "var" / "bench-demand"
shutil.rmtree(VAR, ignore_errors=True)
VAR.mkdir(parents=True)
os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "CORRIDOR_VAR_DIR": str(VAR)})
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.demo import load_demo_users  # noqa: E402
from accounts.models import Organisation, OrganisationKind, User  # noqa: E402
from api.fastpath import plan as fastpath_plan  # noqa: E402
from demand.models import (  # noqa: E402
    AWAITING_REVIEW_STATUSES,  # noqa: E402
    Allocation,
    DemandLetter,
    Finding,
    LetterStatus,
    Position,
    PositionCost,
)
from demand.services import employer_profile_save, employer_set_accreditation  # noqa: E402
from mou.demo import load_demo_agreements  # noqa: E402
from mou.models import Agreement  # noqa: E402
from reference.loader import load_reference  # noqa: E402
from reference.models import Currency, Occupation, Sector  # noqa: E402

LETTERS = 1_000
POSITIONS = 10  # per letter, all within one page of positions(first: 20)
PAGE = 100
REPEAT = 7

POSITION_FIELDS = """line workers wageAmount wagePeriod hoursPerDay daysPerWeek restDaysPerWeek overtimeRate
  contractMonths workLocation occupation { code } sector { code } wageCurrency { code }
  costs { name payer amount currency { code } }"""
QUERY = f"""query($after: String) {{ demandLetters(first: {PAGE}, after: $after) {{
  totalCount pageInfo {{ hasNextPage endCursor }}
  edges {{ node {{
    id reference status validFrom validUntil submittedAt reviewDue overdue
    employer {{ name }} agreement {{ title }}
    positions(first: 20) {{ totalCount edges {{ node {{ {POSITION_FIELDS} }} }} }}
    findings {{ rule severity clause values positionLine message }}
    allocations {{ agency {{ name }} workers filled }}
  }} }} }} }}"""


def timed(fn: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, float, Any]:
    """(median, best, result) of `repeat` runs: the best is the steadier figure on a busy machine."""
    runs, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs), result


def make_letters() -> None:
    """1,000 letters with 10 positions each, two costs per position, findings and allocations (bulk ORM)."""
    admin = load_demo_users()
    today = timezone.localdate()
    load_demo_agreements(actor=admin, year=today.year)
    thailand = Agreement.objects.get(partner_country__iso2="TH")
    version = thailand.versions.get()
    employer = User.objects.get(username="employer.th")
    agency = Organisation.objects.get(kind=OrganisationKind.AGENCY, licence_number__gt="")
    employer_profile_save(
        actor=admin, organisation=employer.organisation, legal_name="Siam Garments Company Limited",
        registration_number="0105548012345", address="Samut Prakan", sector="14", contact_name="HR",
        contact_email="hr@example.com", reason="Bench",
    )
    employer_set_accreditation(actor=admin, organisation=employer.organisation, status="accredited", reason="Bench")

    occupations = list(Occupation.objects.filter(code__in=["7531", "8153", "8156", "9329"]))
    sectors = list(Sector.objects.filter(code__in=["C", "14"]))
    thb, usd = Currency.objects.get(code="THB"), Currency.objects.get(code="USD")
    statuses = [LetterStatus.SUBMITTED, LetterStatus.UNDER_REVIEW, LetterStatus.APPROVED, LetterStatus.ALLOCATED]
    now = timezone.now()
    with transaction.atomic():
        letters = DemandLetter.objects.bulk_create([
            DemandLetter(
                reference=f"DL-TH-{today.year}-{i + 1:05d}", employer=employer.organisation, agreement=thailand,
                version=version, status=statuses[i % 4], valid_from=today,
                valid_until=today.replace(year=today.year + 1),
                attestation_date=today, attestation_officer="Labour attaché",
                submitted_at=now - datetime.timedelta(minutes=LETTERS - i),
                review_due=today + datetime.timedelta(days=(i % 15) - 5), created_by=employer,
            )
            for i in range(LETTERS)
        ], batch_size=500)
        positions = Position.objects.bulk_create([
            Position(
                letter=letter, line=line, occupation=occupations[(n + line) % len(occupations)],
                sector=sectors[line % 2], workers=1 + (n + line) % 9, skills="Industrial sewing machine",
                experience_months=12, wage_amount=Decimal(400 + line), wage_currency=thb, wage_period="day",
                hours_per_day=Decimal("8"), days_per_week=6, rest_days_per_week=1, overtime_rate=Decimal("1.5"),
                contract_months=24, work_location=f"Factory {n % 40}, Samut Prakan", accommodation=True,
                transport=True,
            )
            for n, letter in enumerate(letters) for line in range(1, POSITIONS + 1)
        ], batch_size=1000)
        PositionCost.objects.bulk_create([
            cost for position in positions for cost in (
                PositionCost(position=position, name="Recruitment service fee", payer="employer",
                             amount=Decimal("3000"), currency=thb),
                PositionCost(position=position, name="Passport", payer="worker", amount=Decimal("20"), currency=usd),
            )
        ], batch_size=2000)
        first_lines = {p.letter_id: p for p in positions if p.line == 1}
        Finding.objects.bulk_create([
            finding for letter in letters for finding in (
                Finding(letter=letter, position=first_lines[letter.pk], rule="protected_terms", severity="warning",
                        clause="Art. 9", values={"terms": ["young"], "field": "skills"},
                        message_en="Line 1: the skills mention an age requirement.", message_km="ជួរទី ១"),
                Finding(letter=letter, rule="attestation", severity="warning", clause="Art. 4",
                        values={"attestation_date": today.isoformat()},
                        message_en="The attestation is older than 90 days.", message_km="ការបញ្ជាក់"),
            )
        ], batch_size=2000)
        Allocation.objects.bulk_create([
            Allocation(letter=letter, agency=agency, workers=5, filled=1, created_by=admin)
            for letter in letters if letter.status == LetterStatus.ALLOCATED
        ])


def orm_baseline() -> int:
    """The same data as the GraphQL query, page by page: values() per table, stitched by hand, json.dumps."""
    today = timezone.localdate()
    order = (F("submitted_at").asc(nulls_last=True), "created_at", "pk")
    total = DemandLetter.objects.count()
    size = 0
    for offset in range(0, total, PAGE):
        letters = list(DemandLetter.objects.order_by(*order).values(
            "id", "reference", "status", "valid_from", "valid_until", "submitted_at", "review_due",
            "employer__name", "agreement__title")[offset:offset + PAGE])
        ids = [letter["id"] for letter in letters]
        positions = list(Position.objects.filter(letter_id__in=ids).order_by("letter_id", "line").values(
            "id", "letter_id", "line", "workers", "wage_amount", "wage_period", "hours_per_day", "days_per_week",
            "rest_days_per_week", "overtime_rate", "contract_months", "work_location", "occupation__code",
            "sector__code", "wage_currency__code"))
        costs: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for cost in PositionCost.objects.filter(position__letter_id__in=ids).order_by("position_id", "id").values(
                "position_id", "name", "payer", "amount", "currency__code"):
            costs[cost.pop("position_id")].append(cost)
        by_letter: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for position in positions:
            position["costs"] = costs[position.pop("id")]
            by_letter[position.pop("letter_id")].append(position)
        findings: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for finding in Finding.objects.filter(letter_id__in=ids).order_by("position__line", "severity", "rule").values(
                "letter_id", "rule", "severity", "clause", "values", "position__line", "message_en"):
            findings[finding.pop("letter_id")].append(finding)
        allocations: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for allocation in Allocation.objects.filter(letter_id__in=ids).values(
                "letter_id", "agency__name", "workers", "filled"):
            allocations[allocation.pop("letter_id")].append(allocation)
        for letter in letters:
            letter["overdue"] = letter["status"] in AWAITING_REVIEW_STATUSES and letter["review_due"] < today
            letter["positions"] = {"totalCount": len(by_letter[letter["id"]]), "edges": by_letter[letter["id"]][:20]}
            letter["findings"] = findings[letter["id"]]
            letter["allocations"] = allocations[letter["id"]]
        size += len(json.dumps({"totalCount": total, "edges": letters}, default=str))
    return size


# The same shape as QUERY, for graphql-core alone (no Django, no strawberry): what executing ~30,000 fields a
# page costs before any of our code runs.
FLOOR_SDL = """
scalar JSON
type Query { demandLetters(first: Int, after: String): Letters! }
type Letters { totalCount: Int pageInfo: PageInfo! edges: [LetterEdge!]! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type LetterEdge { node: Letter! }
type Code { code: String! }
type Name { name: String! }
type Title { title: String! }
type Letter { id: ID! reference: String! status: String! validFrom: String! validUntil: String!
  submittedAt: String reviewDue: String overdue: Boolean! employer: Name! agreement: Title!
  positions(first: Int): Positions! findings: [Finding!]! allocations: [Allocation!]! }
type Positions { totalCount: Int edges: [PositionEdge!]! }
type PositionEdge { node: Position! }
type Position { line: Int! workers: Int! wageAmount: String! wagePeriod: String! hoursPerDay: String!
  daysPerWeek: Int! restDaysPerWeek: Int! overtimeRate: String! contractMonths: Int! workLocation: String!
  occupation: Code! sector: Code! wageCurrency: Code! costs: [Cost!]! }
type Cost { name: String! payer: String! amount: String! currency: Code! }
type Finding { rule: String! severity: String! clause: String! values: JSON! positionLine: Int message: String! }
type Allocation { agency: Name! workers: Int! filled: Int! }
"""


def graphql_core_floor(pages: list[dict[str, Any]]) -> float:
    """Execute QUERY with graphql-core over the answers GraphQL gave (plain dicts), and serialise them."""
    from graphql import build_schema, graphql_sync

    schema = build_schema(FLOOR_SDL)

    def run() -> None:
        for data in pages:
            result = graphql_sync(schema, QUERY, root_value={"demandLetters": data})
            assert not result.errors, result.errors
            json.dumps(result.data)

    _median, best, _ = timed(run)
    return best


def main() -> None:
    call_command("migrate", verbosity=0)
    load_reference()
    start = time.perf_counter()
    make_letters()
    print(f"synthetic data: {DemandLetter.objects.count():,} letters, {Position.objects.count():,} positions, "
          f"{PositionCost.objects.count():,} cost items, {Finding.objects.count():,} findings "
          f"({time.perf_counter() - start:.1f} s to create)")

    client = Client()
    client.force_login(User.objects.get(username="ministry.admin"))
    if "--no-freeze" not in sys.argv:
        # As the production server does at start-up (config/wsgi.py): the heap loaded so far is frozen out of the
        # garbage collector's full collections.
        from config.wsgi import freeze_startup_heap

        freeze_startup_heap()

    served = [0.0]  # seconds spent serving the requests; the client's decoding of the answers is not counted

    def page(after: str | None) -> dict[str, Any]:
        start = time.perf_counter()
        response = client.post("/graphql/", {"query": QUERY, "variables": {"after": after}},
                               content_type="application/json")
        served[0] += time.perf_counter() - start
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]["demandLetters"]

    def all_pages() -> tuple[int, int]:
        after, pages, letters = None, 0, 0
        while True:
            result = page(after)
            pages += 1
            letters += len(result["edges"])
            if not result["pageInfo"]["hasNextPage"]:
                return pages, letters
            after = result["pageInfo"]["endCursor"]

    def serving() -> tuple[float, float, float, float, tuple[int, int]]:
        """(served median, served best, wall median, wall best, (pages, letters)) of REPEAT runs of all_pages."""
        served_runs, wall_runs, shape = [], [], (0, 0)
        for _ in range(REPEAT):
            served[0] = 0.0
            start = time.perf_counter()
            shape = all_pages()
            wall_runs.append(time.perf_counter() - start)
            served_runs.append(served[0])
        return (statistics.median(served_runs), min(served_runs), statistics.median(wall_runs), min(wall_runs),
                shape)

    all_pages()  # warm up
    reset_queries()  # the debug query log is a bounded deque; a full one would capture nothing
    counts, after = [], None
    size = 0
    answers = []
    while True:
        with CaptureQueriesContext(connection) as ctx:
            result = page(after)
        counts.append(len(ctx.captured_queries))
        size += len(json.dumps(result))
        answers.append(result)
        if not result["pageInfo"]["hasNextPage"]:
            break
        after = result["pageInfo"]["endCursor"]
    reset_queries()
    # For scale, before the timings (the answers are not kept alive while the others run).
    floor = graphql_core_floor(answers)
    del answers
    if "--profile" in sys.argv:
        try:
            from pyinstrument import Profiler
        except ImportError:
            print("--profile needs pyinstrument (a tool, not a dependency): pip install pyinstrument")
        else:
            profiler = Profiler()
            with profiler:
                page(None)
            print(profiler.output_text(unicode=True, color=False, show_all=False))

    fastpath_plan.enabled = False
    ordinary_median, ordinary, _, _, _ = serving()
    fastpath_plan.enabled = True
    seconds_median, seconds, wall_median, wall, (pages, letters) = serving()
    reset_queries()
    orm_median, seconds_orm, orm_size = timed(orm_baseline)
    print(f"GraphQL demandLetters(first: {PAGE}) × {pages} pages, {letters:,} letters with positions(first: 20), "
          f"findings, allocations, {size / 1024:.0f} KiB; time serving the requests (test client, middleware, "
          f"session, view, JSON), best and median of {REPEAT}:")
    print(f"  answered from rows (api/fastpath/): {seconds * 1000:.0f} ms best, "
          f"{seconds_median * 1000:.0f} ms median ({seconds * 1000 / pages:.0f} ms a page); with the client "
          f"decoding each answer: {wall * 1000:.0f} ms best, {wall_median * 1000:.0f} ms median")
    print(f"  the ordinary path (fastpath_plan.enabled = False): {ordinary * 1000:.0f} ms best, "
          f"{ordinary_median * 1000:.0f} ms median")
    print(f"SQL queries per page: {sorted(set(counts))} (every page: {counts})")
    print(f"plain ORM values() + json of the same rows, same pages: {seconds_orm * 1000:.0f} ms best, "
          f"{orm_median * 1000:.0f} ms median ({orm_size / 1024:.0f} KiB)")
    ratio = seconds / seconds_orm
    print(f"GraphQL / baseline: {ratio:.2f}x best to best, {seconds_median / orm_median:.2f}x median to median "
          f"(target ≤ 3x: {'met' if ratio <= 3 else 'NOT met'}; "
          f"constant queries: {'yes' if len(set(counts)) == 1 else 'NO'}); the ordinary path "
          f"{ordinary / seconds_orm:.2f}x; with the client's decoding {wall / seconds_orm:.2f}x")
    print(f"for scale — graphql-core alone executing the same query over those answers as plain dicts, no "
          f"database: {floor * 1000:.0f} ms best ({floor / seconds_orm:.2f}x the baseline)")


if __name__ == "__main__":
    main()
