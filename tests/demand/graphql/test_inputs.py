"""The GraphQL inputs mirror demand.inputs: same fields, same defaults; every position field is readable."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from strawberry.types.base import get_object_definition

from demand import inputs
from demand.graphql import inputs as graphql_inputs
from demand.graphql.types import PositionType
from demand.models import Position

PAIRS = [
    (inputs.LetterData, graphql_inputs.DemandLetterInput),
    (inputs.PositionData, graphql_inputs.PositionInput),
    (inputs.CostData, graphql_inputs.CostInput),
]


def _default(f: Any) -> Any:
    if f.default is not dataclasses.MISSING:
        return getattr(f.default, "value", f.default)
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


@pytest.mark.parametrize("data_class, input_class", PAIRS, ids=[p[1].__name__ for p in PAIRS])
def test_input_has_the_dataclass_fields_and_defaults(data_class: type, input_class: type) -> None:
    definition = get_object_definition(input_class, strict=True)
    input_fields = {f.python_name: f for f in definition.fields}
    assert set(input_fields) == {f.name for f in dataclasses.fields(data_class)}
    for f in dataclasses.fields(data_class):
        assert _default(input_fields[f.name]) == _default(f), f.name


def test_create_input_adds_only_the_agreement() -> None:
    fields = {f.python_name for f in get_object_definition(graphql_inputs.DemandLetterCreateInput, strict=True).fields}
    assert fields == {f.name for f in dataclasses.fields(inputs.LetterData)} | {"agreement_id"}


def test_position_type_exposes_every_field() -> None:
    exposed = {f.python_name for f in get_object_definition(PositionType, strict=True).fields}
    stored = {f.name for f in Position._meta.get_fields() if f.name not in {"letter", "findings"}}
    assert stored <= exposed
