"""api.fastpath: a top-level list answered from rows answers exactly what the ordinary path answers —
for every role, for every shape of query it takes, and by falling back for the shapes it does not — and it is
the path actually taken, with a number of queries that does not grow with the rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString

from api import fastpath
from api.fastpath import NotCompilable, PageSource
from api.fastpath import plan as fastpath_plan
from api.fastpath.plan import _leaf
from demand.models import Allocation, Finding, LetterStatus
from tests.api.helpers import ROLES, all_pages, both_ways, difference, run
from tests.demand.factories import make_letter

POSITION = """id line workers skills experienceMonths languageTest languageMinScore requiredSex minAge maxAge
  wageAmount wagePeriod hoursPerDay daysPerWeek restDaysPerWeek overtimeRate contractMonths workLocation
  accommodation food transport
  occupation { code title level parent { code title parent { code } } }
  sector { code title level parent { code } } wageCurrency { code name minorUnit }
  costs { name payer amount currency { code minorUnit } }"""
LETTER = f"""id reference status validFrom validUntil attestationDate attestationOfficer createdAt updatedAt
  submittedAt reviewDue decidedAt decisionReason overdue nextStatuses
  employer {{ id name kind country {{ iso2 iso3 name }} }}
  agreement {{ id title status channel illustrative createdAt partnerCountry {{ iso2 name }} }}
  positions(first: 3) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    edges {{ cursor node {{ {POSITION} }} }} }}
  findings {{ rule severity clause values positionLine messageEn messageKm message }}
  allocations {{ agency {{ id name }} workers filled createdAt }}"""
LIST = f"""query($after: String) {{ demandLetters(first: 4, after: $after) {{
  totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
  edges {{ cursor node {{ {LETTER} }} }} }} }}"""


@pytest.fixture
def both() -> Any:
    """both(fn) -> (fn's answer on the ordinary path, fn's answer with lists answered from rows)."""

    return lambda fn: both_ways(fastpath_plan, "enabled", fn)


@pytest.mark.parametrize("role", ROLES)
def test_same_answers_for_every_role(role: str, both: Any, as_user: Any, world: Any, pages_from_rows: Any) -> None:
    ordinary, rows = both(lambda: all_pages(as_user(role), LIST))
    assert rows == ordinary, difference(rows, ordinary)
    if role in ("admin", "ministry_admin", "ministry_reviewer", "employer_kr", "employer_th", "agency", "attache"):
        assert "errors" not in rows[0], rows[0]["errors"]
        assert pages_from_rows, "the rows path was not taken"
        seen = sum(len(page["data"]["demandLetters"]["edges"]) for page in rows)
        assert seen == rows[0]["data"]["demandLetters"]["totalCount"] > 0
    elif role in ("inactive", "anonymous"):
        assert rows[0]["data"]["demandLetters"] is None and rows[0]["errors"]
    else:  # signed in, sees no demand
        assert rows[0]["data"]["demandLetters"]["edges"] == []


def _nodes(body: dict[str, Any]) -> list[dict[str, Any]]:
    assert "errors" not in body, body["errors"]
    return [edge["node"] for edge in body["data"]["demandLetters"]["edges"]]


def test_what_the_rows_say(as_user: Any, world: Any, agency: Any, other_agency: Any, pages_from_rows: Any) -> None:
    """Not only equal to the ordinary path: right, field by field, where it matters."""
    by_ref = {n["reference"]: n for page in all_pages(as_user("ministry_admin"), LIST) for n in _nodes(page)}
    assert pages_from_rows
    many = by_ref[world["kr_many"].reference]["positions"]
    assert many["totalCount"] == 7 and many["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["line"] for e in many["edges"]] == [1, 2, 3]
    assert by_ref[world["th_empty"].reference]["positions"] == {
        "totalCount": 0, "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None,
                                      "endCursor": None}, "edges": []}
    draft = by_ref[world["kr_draft"].reference]
    assert draft["submittedAt"] is None and draft["reviewDue"] is None and draft["status"] == "DRAFT"
    assert draft["nextStatuses"] == ["ATTESTATION", "SUBMITTED"]
    assert by_ref[world["kr_submitted"].reference]["overdue"] is True
    assert by_ref[world["kr_submitted"].reference]["findings"][0]["values"] == {"wage": "300.00", "floor": "370.00"}
    allocated = by_ref[world["kr_allocated"].reference]
    assert sorted(a["agency"]["name"] for a in allocated["allocations"]) == sorted([agency.name, other_agency.name])
    assert [f["positionLine"] for f in allocated["findings"]] == [None, 1]  # letter-level findings first
    cost = allocated["positions"]["edges"][0]["node"]["costs"][0]
    assert set(cost) == {"name", "payer", "amount", "currency"} and cost["payer"] in ("EMPLOYER", "WORKER")


@pytest.mark.parametrize("from_rows", [True, False])
def test_an_agency_sees_only_its_own_allocation(from_rows: bool, as_user: Any, world: Any, agency: Any,
                                                pages_from_rows: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """On both paths, in the list and on one letter: another agency's allocation on the same letter is not
    shown (demand.selectors.allocation_list)."""
    monkeypatch.setattr(fastpath_plan, "enabled", from_rows)
    client = as_user("agency")
    nodes = [n for page in all_pages(client, LIST) for n in _nodes(page)]
    assert bool(pages_from_rows) is from_rows
    assert {n["reference"] for n in nodes} == {world["kr_allocated"].reference, world["th_recruiting"].reference}
    one = run(client, "query($id: ID!) { demandLetter(id: $id) { allocations { agency { id } } } }",
              {"id": world["kr_allocated"].pk})["data"]["demandLetter"]
    for node in [*nodes, one]:
        assert [a["agency"]["id"] for a in node["allocations"]] == [str(agency.pk)]


def test_khmer_messages(both: Any, as_user: Any, world: Any, pages_from_rows: Any) -> None:
    query = "{ demandLetters(first: 20) { edges { node { reference findings { message } } } } }"
    ordinary, rows = both(lambda: run(as_user("ministry_reviewer"), query, HTTP_ACCEPT_LANGUAGE="km"))
    assert rows == ordinary and pages_from_rows, difference(rows, ordinary)
    messages = {f["message"] for n in _nodes(rows) for f in n["findings"]}
    assert "អាយុ" in messages and "Mentions age" not in messages


SHAPES = {
    "aliases, fragments and __typename": """query($after: String) { demandLetters(first: 3, after: $after) {
        __typename n: totalCount pageInfo { __typename more: hasNextPage hasNextPage endCursor }
        edges { __typename node { __typename ...Letter ref: reference
          p: positions(first: 2) { __typename total: totalCount pageInfo { hasNextPage startCursor }
             e: edges { __typename c: cursor n: node { __typename l: line ... on Position { workers } } } } } } } }
      fragment Letter on DemandLetter { id employer { __typename ...Org } st: status }
      fragment Org on Organisation { name kind }""",
    "the same field under two aliases": """query($after: String) { demandLetters(first: 5, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { a: reference b: reference
        one: positions(first: 1) { edges { node { line } } } two: positions(first: 2) { totalCount
          edges { node { line workers } } } } } } }""",
    "directives": """query($after: String, $yes: Boolean = true, $no: Boolean = false) {
        demandLetters(first: 3, after: $after) { pageInfo { hasNextPage endCursor }
        edges { node { reference status @include(if: $yes) overdue @skip(if: $yes) submittedAt @include(if: $no)
          positions(first: 1) @skip(if: $no) { totalCount } } } } }""",
    "a later page of positions": """query($after: String) { demandLetters(first: 10, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { reference
        positions(first: 2, after: "YXJyYXljb25uZWN0aW9uOjA=") { totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { line } } } } } } }""",
    "no page size": """query($after: String) { demandLetters(after: $after) { pageInfo { hasNextPage endCursor }
        edges { node { reference positions { totalCount edges { node { line } } } } } } }""",
    "only the total": """query($after: String) { demandLetters(after: $after) { totalCount
        pageInfo { hasNextPage endCursor } } }""",
    "filters": """query($after: String) { demandLetters(first: 2, after: $after, status: [SUBMITTED, ALLOCATED,
        RETURNED], order: NEWEST) { totalCount pageInfo { hasNextPage endCursor } edges { node { reference
        status } } } }""",
    "the review queue": """query($after: String) { reviewQueue(first: 2, after: $after) { totalCount
        pageInfo { hasNextPage endCursor } edges { node { reference overdue findings { rule message } } } } }""",
    "employers": """query($after: String) { employers(first: 1, after: $after) { totalCount
        pageInfo { hasNextPage endCursor } edges { node { legalName registrationNumber address accreditation
        accreditedUntil bannedUntil createdAt contactEmail sector { code title }
        organisation { id name country { iso2 } } } } } }""",
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("role", ["ministry_admin", "employer_kr", "agency"])
def test_same_answers_for_every_shape(shape: str, role: str, both: Any, as_user: Any, world: Any,
                                      pages_from_rows: Any) -> None:
    ordinary, rows = both(lambda: all_pages(as_user(role), SHAPES[shape]))
    assert "errors" not in rows[0], rows[0]["errors"]
    assert rows == ordinary, difference(rows, ordinary)
    # (only the total: no nodes to answer; a later page of positions: a letter with a single position has an
    # empty page there, which makes the page fall back — see test_a_value_that_would_be_an_error_falls_back_whole)
    if role == "ministry_admin" and shape not in ("only the total", "a later page of positions"):
        assert pages_from_rows, "the rows path was not taken"


FALLBACKS = {
    # fields the plan does not know: resolvers that read other tables, relations to types that scope
    # themselves, lists nobody registered
    "timeline": "{ demandLetters(first: 5) { edges { node { reference timeline { action status } } } } }",
    "counts": "{ demandLetters(first: 5) { edges { node { reference positionCount workerCount } } } }",
    "a scoped relation": "{ demandLetters(first: 5) { edges { node { reference version { number } } } } }",
    "attachments": "{ demandLetters(first: 5) { edges { node { reference attachments { kind name } } } } }",
    "a relation's list": """{ demandLetters(first: 5) { edges { node { agreement { versions(first: 1) {
        edges { node { number } } } } } } } }""",
    # pages the plan does not take
    "paged from the end": "{ demandLetters(last: 2) { edges { node { reference } } } }",
    "positions from the end": """{ demandLetters(first: 5) { edges { node { positions(last: 1) {
        edges { node { line } } } } } } }""",
    "positions past the end": """{ demandLetters(first: 20) { edges { node { reference positions(first: 1,
        after: "YXJyYXljb25uZWN0aW9uOjQ=") { totalCount edges { node { line } } } } } } }""",
    "an empty page size": "{ demandLetters(first: 5) { edges { node { positions(first: 0) { totalCount } } } } }",
    # answers that are errors
    "a page too large": "{ demandLetters(first: 5) { edges { node { positions(first: 500) { totalCount } } } } }",
    "a bad cursor": '{ demandLetters(first: 5) { edges { node { positions(after: "nope") { totalCount } } } } }',
}


@pytest.mark.parametrize("case", FALLBACKS)
def test_what_the_plan_does_not_know_takes_the_ordinary_path(case: str, both: Any, as_user: Any, world: Any,
                                                             pages_from_rows: Any) -> None:
    ordinary, rows = both(lambda: run(as_user("ministry_admin"), FALLBACKS[case]))
    assert rows == ordinary, difference(rows, ordinary)
    assert not pages_from_rows
    if case.startswith("a "):
        assert ordinary.get("errors") or case in ("a scoped relation", "a relation's list")


def test_a_value_that_would_be_an_error_falls_back_whole(both: Any, as_user: Any, world: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows that cannot be answered as they are (here: a connection's empty page past its start, whose total
    only a count knows) make the page read again as model instances, the ordinary way."""
    query = """{ demandLetters(first: 20) { totalCount edges { node { reference
        positions(first: 1, after: "YXJyYXljb25uZWN0aW9uOjE=") { totalCount edges { node { line } } } } } } }"""
    read_again: list[int] = []
    original = PageSource.__getitem__

    def spy(self: PageSource, page: slice) -> list[Any]:
        nodes = original(self, page)
        read_again.append(sum(not isinstance(n, fastpath.Precomputed) for n in nodes))
        return nodes

    monkeypatch.setattr(PageSource, "__getitem__", spy)
    ordinary, rows = both(lambda: run(as_user("ministry_admin"), query))
    assert rows == ordinary and "errors" not in rows, difference(rows, ordinary)
    assert read_again == [len(world)]  # the plan was taken, then every node was read again


def _count(client: Any, query: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        body = run(client, query)
    assert "errors" not in body, body["errors"]
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_rows(as_user: Any, users: dict[str, Any], agreements: dict[str, Any],
                                       agency: Any, pages_from_rows: Any) -> None:
    query = LIST.replace("query($after: String)", "").replace("first: 4, after: $after", "first: 100")
    client = as_user("ministry_admin")

    def add(count: int) -> None:
        for _ in range(count):
            letter = make_letter(agreement=agreements["TH"], employer=users["employer_th"].organisation,
                                 created_by=users["employer_th"], positions=4, status="allocated")
            Allocation.objects.create(letter=letter, agency=agency, workers=2, created_by=users["admin"])
            Finding.objects.create(letter=letter, rule="attestation", severity="warning", clause="Art. 4",
                                   values={}, message_en="Late", message_km="…")

    add(1)
    few = _count(client, query)
    add(12)
    assert _count(client, query) == few
    assert pages_from_rows == [1, 13]
    # the page: one query; positions, their costs, findings and allocations: one each; the total is the page's
    # window count; the session, the user and its organisation: three
    assert few == 8


# ---------------------------------------------------------------------------------------------------
# The inline coercions of the generated builders answer exactly what graphql-core's own coercion answers.


def _answer(leaf: Any, value: Any) -> Any:
    helpers = {"C": leaf.coerce, "T": leaf.table}
    expression = leaf.template.replace("{first}", "(v := value)")
    try:
        return eval(expression, helpers, {"value": value})  # noqa: S307 — the template under test
    except NotCompilable:
        return NotCompilable


def _exact(graphql_type: Any, value: Any) -> Any:
    try:
        coerced = graphql_type.coerce_output_value(value)
    except Exception:  # noqa: BLE001 — any error: the rows path must refuse the value too
        return NotCompilable
    return NotCompilable if coerced is None else coerced


@pytest.mark.parametrize("graphql_type", [GraphQLString, GraphQLInt, GraphQLBoolean, GraphQLID, GraphQLFloat])
@pytest.mark.parametrize("value", ["text", "", 0, 7, -(2**31), 2**31 - 1, 2**31, -(2**31) - 1, True, False,
                                   1.5, 2.0, Decimal("3.10"), None, [1], {"a": 1}])
def test_inline_coercion_is_graphql_cores(graphql_type: Any, value: Any) -> None:
    assert _answer(_leaf(graphql_type), value) == _exact(graphql_type, value)


def test_enum_coercion_is_graphql_cores() -> None:
    from api.schema import schema

    enum_type = schema._schema.type_map["DemandLetterStatus"]
    leaf = _leaf(enum_type)
    assert leaf.table and leaf.table["under_review"] == "UNDER_REVIEW"
    for value in ["draft", "under_review", "UNDER_REVIEW", "nonsense", "", 3, None, LetterStatus.APPROVED]:
        assert _answer(leaf, value) == _exact(enum_type, value), value

