"""The GraphQL inputs mirror mou.terms: same fields, same defaults; every term is also readable."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from strawberry.types.base import get_object_definition

from mou import terms
from mou.graphql import inputs
from mou.graphql.types import AgreementVersionType

PAIRS = [
    (terms.VersionTerms, inputs.VersionTermsInput),
    (terms.WageFloorData, inputs.WageFloorInput),
    (terms.RequiredTestData, inputs.RequiredTestInput),
    (terms.FeeItemData, inputs.FeeItemInput),
    (terms.ProtectionData, inputs.ProtectionInput),
    (terms.QuotaData, inputs.QuotaInput),
    (terms.PortabilityData, inputs.PortabilityRuleInput),
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


def test_version_type_exposes_every_term() -> None:
    exposed = {f.python_name for f in get_object_definition(AgreementVersionType, strict=True).fields}
    assert {f.name for f in dataclasses.fields(terms.VersionTerms)} <= exposed
