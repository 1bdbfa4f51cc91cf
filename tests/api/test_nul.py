"""The NUL character is refused in one place (api/input_checks.py) for every text the schema accepts: walking
every argument of every query and mutation, and every String or ID inside its input objects and lists, a NUL
there is a `BAD_USER_INPUT` naming it, and nothing runs. (PostgreSQL can neither store nor compare NUL: without
the check, searches and saves answered "Unexpected error.")"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
)

from api.schema import schema
from audit.models import AuditEvent
from tests.api.helpers import run

GRAPHQL = schema._schema
TEXT = (GraphQLString, GraphQLID)


def _named(graphql_type: Any) -> Any:
    while isinstance(graphql_type, (GraphQLNonNull, GraphQLList)):
        graphql_type = graphql_type.of_type
    return graphql_type


def _text_paths(graphql_type: Any, depth: int = 0) -> Iterator[tuple[list[Any], bool]]:
    """(path inside a value of `graphql_type` to a String or ID, whether the outermost value is a list)."""
    if isinstance(graphql_type, GraphQLNonNull):
        yield from _text_paths(graphql_type.of_type, depth)
    elif isinstance(graphql_type, GraphQLList):
        for path, _ in _text_paths(graphql_type.of_type, depth):
            yield [0, *path], True
    elif graphql_type in TEXT:
        yield [], False
    elif isinstance(graphql_type, GraphQLInputObjectType) and depth < 4:
        for name, field in graphql_type.fields.items():
            for path, _ in _text_paths(field.type, depth + 1):
                yield [name, *path], False


def _value(path: list[Any], text: str) -> Any:
    if not path:
        return text
    head, rest = path[0], path[1:]
    return [_value(rest, text)] if head == 0 else {head: _value(rest, text)}


def _shown(path: list[Any]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _cases() -> Iterator[tuple[str, str, str, list[Any]]]:
    for operation, root in (("query", GRAPHQL.query_type), ("mutation", GRAPHQL.mutation_type)):
        for field_name, field in root.fields.items():
            for argument_name, argument in field.args.items():
                for path, _ in _text_paths(argument.type):
                    yield operation, field_name, argument_name, path


CASES = list(_cases())


def _document(operation: str, field_name: str, literal: tuple[str, str] | None = None) -> str:
    root = GRAPHQL.query_type if operation == "query" else GRAPHQL.mutation_type
    field = root.fields[field_name]
    declared, passed = [], []
    for name, argument in field.args.items():
        if literal is not None and literal[0] == name:
            passed.append(f"{name}: {literal[1]}")
            continue
        declared.append(f"${name}: {argument.type}")
        passed.append(f"{name}: ${name}")
    selection = " { __typename }" if isinstance(_named(field.type), GraphQLObjectType) else ""
    variables = f"({', '.join(declared)})" if declared else ""
    arguments = f"({', '.join(passed)})" if passed else ""
    return f"{operation}{variables} {{ {field_name}{arguments}{selection} }}"


def test_the_walk_finds_the_texts_the_issue_names() -> None:
    found = {(field, argument, _shown(path)) for _, field, argument, path in CASES}
    for expected in [("occupations", "search", ""), ("demandLetters", "sector", ""), ("employers", "search", ""),
                     ("agreements", "country", ""), ("auditEvents", "targetType", ""),
                     ("apiTokenCreate", "name", "")]:
        assert expected in found, expected
    inputs = {(field, _shown(path)) for _, field, _, path in CASES if path}
    assert any(field == "demandLetterCreate" and path.endswith(".skills") for field, path in inputs)
    assert any(field == "demandLetterCreate" and path.endswith(".workLocation") for field, path in inputs)
    assert len(CASES) > 50


@pytest.mark.parametrize(("operation", "field", "argument", "path"), CASES,
                         ids=[f"{f}.{a}{_shown(p)}" for _, f, a, p in CASES])
def test_nul_in_a_variable_is_refused_naming_it(operation: str, field: str, argument: str, path: list[Any],
                                                 as_user: Any) -> None:
    events = AuditEvent.objects.count()
    body = run(as_user("ministry_admin"), _document(operation, field),
               {argument: _value(path, "Bad\u0000text")})
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert body["errors"][0]["message"] == (
        f"The variable `${argument}{_shown(path)}` contains the NUL character (\\u0000), which no text may "
        "contain: remove it.")
    assert AuditEvent.objects.count() == events


LITERALS = [(o, f, a) for o, f, a, p in CASES if not p]


@pytest.mark.parametrize(("operation", "field", "argument"), LITERALS, ids=[f"{f}.{a}" for _, f, a in LITERALS])
def test_nul_in_a_literal_argument_is_refused_naming_it(operation: str, field: str, argument: str,
                                                        as_user: Any) -> None:
    body = run(as_user("ministry_admin"), _document(operation, field, (argument, '"Bad\\u0000text"')))
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == (
        f"The argument `{argument}` of `{field}` contains the NUL character (\\u0000), which no text may contain: "
        "remove it.")


POSITION = """{{ occupation: "8211", sector: "C", workers: 1, wageAmount: "2300000", wageCurrency: "KRW",
    wagePeriod: MONTH, hoursPerDay: "8", daysPerWeek: 5, restDaysPerWeek: 2, overtimeRate: "1.5",
    contractMonths: 36, workLocation: "{where}" }}"""


def test_nul_deep_in_a_literal_input_object_is_named(as_user: Any) -> None:
    positions = ", ".join(POSITION.format(where=where) for where in ("Ansan", "An\\u0000san"))
    body = run(as_user("employer_kr"), f"""mutation {{ demandLetterCreate(input: {{ agreementId: "1",
        validFrom: "2026-01-01", validUntil: "2026-12-31", positions: [{positions}] }}) {{ errors {{ field }} }} }}""")
    assert body["data"] is None
    assert "`input.positions[1].workLocation` of `demandLetterCreate`" in body["errors"][0]["message"]


def test_text_without_nul_still_reaches_the_resolver(as_user: Any) -> None:
    body = run(as_user("ministry_admin"), 'query($s: String) { occupations(search: $s, first: 1) { totalCount } }',
               {"s": "Sewing"})
    assert body["data"]["occupations"]["totalCount"] >= 1
