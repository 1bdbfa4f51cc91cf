"""api.execution: the direct path for basic fields answers exactly what graphql-core's own path
answers — data, errors, paths and null propagation — and is the path actually taken."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import strawberry

from api.execution import CorridorExecutor
from tests.api.helpers import both_ways, run
from tests.demand.graphql.test_queries import FULL
from tests.demand.helpers import kr_position


@pytest.fixture
def both_paths() -> Any:
    """both_paths(fn) -> (answer with graphql-core's path, answer with the direct path)."""

    return lambda fn: both_ways(CorridorExecutor, "enabled", fn)


@pytest.fixture
def ordinary_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    """Counts the fields that went through graphql-core's execute_field, by (type, field)."""
    calls: Counter[tuple[str, str]] = Counter()
    original = CorridorExecutor.execute_field

    def spy(self: Any, parent_type: Any, source: Any, details: Any, path: Any, position: Any) -> Any:
        calls[(parent_type.name, details[0].node.name.value)] += 1
        return original(self, parent_type, source, details, path, position)

    monkeypatch.setattr(CorridorExecutor, "execute_field", spy)
    return calls


LIST = """{ demandLetters(first: 10) { totalCount edges { node { id reference status validFrom reviewDue overdue
  employer { name kind country { iso2 name } } agreement { title partnerCountry { iso2 } }
  positions(first: 5) { totalCount edges { node { line workers wageAmount wagePeriod hoursPerDay
    occupation { code title level } sector { code } wageCurrency { code minorUnit }
    costs { name payer amount currency { code } } } } }
  findings { rule severity clause values positionLine message } allocations { agency { name } workers filled }
} } } }"""

AGREEMENTS = """{ agreements(first: 10) { edges { node { id title status partnerCountry { iso2 iso3 name }
  versions(first: 5) { edges { node { number inForceFrom inForceTo reason hoursPerDay overtimeRate zeroFee
    feeItems { name payer capAmount capCurrency { code } clause }
    quotas { year cap sector { code } occupation { code } }
    protections { kind details clause } } } } } } } }"""


def test_same_answers_over_the_api(both_paths: Any, as_user: Any, letter_in: Any, agreements: Any) -> None:
    letter_in("submitted", positions=[kr_position(), kr_position(workers=3, overtime_rate=Decimal("1.75"))])
    letter_in("draft")
    for role, query in (("ministry_admin", LIST), ("employer_kr", LIST), ("ministry_admin", AGREEMENTS)):
        ordinary, direct = both_paths(lambda: run(as_user(role), query))  # noqa: B023
        assert "errors" not in direct, direct["errors"]
        assert direct == ordinary
    assert len(ordinary["data"]["agreements"]["edges"]) == len(agreements)


def test_basic_fields_skip_the_resolver_machinery(as_user: Any, letter_in: Any, ordinary_calls: Any) -> None:
    letter = letter_in("draft", positions=[kr_position(), kr_position(workers=2)])
    body = run(as_user("employer_kr"), FULL, {"id": letter.pk})
    assert "errors" not in body, body["errors"]
    assert body["data"]["demandLetter"]["positions"]["totalCount"] == 2
    # Columns and joined rows: the direct path.
    for basic in (("Position", "line"), ("Position", "wageAmount"), ("Position", "occupation"),
                  ("Occupation", "code"), ("Currency", "code"), ("DemandLetter", "reference"),
                  ("Organisation", "name"), ("PositionCost", "amount")):
        assert basic not in ordinary_calls, basic
    # Resolvers, lists and connections: graphql-core's path.
    assert ordinary_calls[("DemandLetter", "overdue")] == 1
    assert ordinary_calls[("DemandLetter", "positions")] == 1
    assert ordinary_calls[("Position", "costs")] == 2


# A small schema of its own, to put errors where the project's types never produce them.
@dataclass
class Row:
    name: Any
    note: Any = "ok"
    child: Any = None


class Broken:
    @property
    def name(self) -> str:
        raise ValueError("cannot read the name")

    note = "ok"
    child = None


@strawberry.type
class Child:
    name: str
    note: str | None


@strawberry.type
class Parent:
    name: str
    note: str | None
    child: Child | None


@strawberry.type
class Query:
    @strawberry.field
    def rows(self) -> list[Parent | None]:
        return [Row("first", child=Row("a")), Row(None), Broken(), Row("last", note=None, child=Row(None)),
                Row(12, child=Row("b", note=object()))]  # type: ignore[list-item]


def _execute() -> Any:
    schema = strawberry.Schema(query=Query, execution_context_class=CorridorExecutor)
    result = schema.execute_sync("{ rows { name note child { name note } } }")
    errors = sorted((e.message, tuple(e.path or ())) for e in result.errors or [])
    return result.data, errors


def test_errors_paths_and_nulls_are_graphql_cores(both_paths: Any) -> None:
    ordinary, direct = both_paths(_execute)
    assert direct == ordinary
    data, errors = direct
    # A non-null field that is null or raises nulls its nearest nullable parent; the others answer.
    assert data["rows"][0] == {"name": "first", "note": "ok", "child": {"name": "a", "note": "ok"}}
    assert data["rows"][1] is None and data["rows"][2] is None
    assert data["rows"][3] == {"name": "last", "note": None, "child": None}
    # A scalar coerced by its type; one it cannot represent is an error on a nullable field: null.
    assert data["rows"][4] == {"name": "12", "note": "ok", "child": {"name": "b", "note": None}}
    assert sorted(path for _message, path in errors) == [
        ("rows", 1, "name"), ("rows", 2, "name"), ("rows", 3, "child", "name"), ("rows", 4, "child", "note"),
    ]
    assert {message for message, _path in errors} == {
        "Cannot return null for non-nullable field Parent.name.", "cannot read the name",
        "Cannot return null for non-nullable field Child.name.", "String cannot represent value: <object instance>",
    }
