"""api.fastpath is opt-in and cannot leak: only registered top-level connections take it, every registration
answers what the ordinary path answers for every role, and a type that scopes itself — with a get_queryset of
its own or inherited — is never read unscoped."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from strawberry import auto
from strawberry_django.utils.typing import get_django_definition

from accounts.models import Organisation
from api.fastpath import plan as fastpath_plan
from api.fastpath.registry import reads_from_rows, registrations, scopes_itself
from api.fields import column, fast_type
from api.schema import schema
from demand.models import DemandLetter
from tests.api.helpers import ROLES, all_pages, difference, run

GRAPHQL = schema._schema


def _unwrap(graphql_type: Any) -> Any:
    while isinstance(graphql_type, (GraphQLNonNull, GraphQLList)):
        graphql_type = graphql_type.of_type
    return graphql_type


def _is_connection(graphql_type: Any) -> bool:
    return isinstance(graphql_type, GraphQLObjectType) and {"edges", "pageInfo"} <= set(graphql_type.fields)


def _node_type(connection_type: GraphQLObjectType) -> GraphQLObjectType:
    return _unwrap(_unwrap(connection_type.fields["edges"].type).fields["node"].type)


def _required_arguments(field: Any) -> bool:
    return any(isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined for arg in field.args.values())


def _definition(field: Any) -> Any:
    return (field.extensions or {}).get("strawberry-definition")


def _origin(graphql_type: GraphQLObjectType) -> Any:
    return graphql_type.extensions["strawberry-definition"].origin


def _registered(parent: GraphQLObjectType, field: Any) -> bool:
    definition = _definition(field)
    return definition is not None and (_origin(parent), definition.python_name) in registrations()


def _rows_know(parent: GraphQLObjectType, field: Any) -> bool:
    """What a plan answers from rows (api/fastpath/plan.py `_compile`): a column, a to-one relation read as a
    basic field, a resolver declaring its columns (`only=`) or on a plain type, a registered list."""
    definition = _definition(field)
    if _registered(parent, field):
        return True
    if field.args or definition is None or definition.permission_classes:
        return False
    if definition.base_resolver is not None:
        if definition.base_resolver.info_parameter is not None:
            return False  # it reads who is asking (e.g. masked identifiers): the rows path has no actor
        store = getattr(definition, "store", None)
        return get_django_definition(_origin(parent)) is None or bool(store is not None and store.only)
    return bool(definition.is_basic_field)


def _selection(graphql_type: GraphQLObjectType, depth: int, everything: bool, covered: set[Any]) -> str:
    """Every field of `graphql_type` a query can ask for without arguments, to `depth` levels; with
    `everything` off, only what the rows path knows."""
    parts = ["__typename"]
    for name, field in graphql_type.fields.items():
        if _required_arguments(field) or (not everything and not _rows_know(graphql_type, field)):
            continue
        if _registered(graphql_type, field):
            covered.add((_origin(graphql_type), _definition(field).python_name))
        target = _unwrap(field.type)
        if isinstance(target, (GraphQLScalarType, GraphQLEnumType)):
            parts.append(name)
        elif isinstance(target, GraphQLObjectType) and depth > 0:
            if _is_connection(target):
                node = _selection(_node_type(target), depth - 1, everything, covered)
                parts.append(f"{name}(first: 2) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor "
                             f"endCursor }} edges {{ cursor node {{ {node} }} }} }}")
            else:
                parts.append(f"{name} {{ {_selection(target, depth - 1, everything, covered)} }}")
    return " ".join(parts)


def _top_level_connections() -> dict[str, Any]:
    return {name: field for name, field in GRAPHQL.query_type.fields.items() if _is_connection(_unwrap(field.type))}


def _query(name: str, everything: bool, covered: set[Any]) -> str:
    node = _selection(_node_type(_unwrap(GRAPHQL.query_type.fields[name].type)), 3, everything, covered)
    return (f"query($after: String) {{ {name}(first: 3, after: $after) {{ totalCount "
            f"pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {node} }} }} }} }}")


REGISTERED = sorted(name for name, field in _top_level_connections().items() if reads_from_rows(field))


def test_the_registered_connections_are_demands_lists() -> None:
    """Opting in is a decision per field (api.pagination.connection(from_rows=True)), written down here."""
    assert REGISTERED == ["demandLetters", "employers", "jobSeekers", "reviewQueue"]


def test_a_connection_nobody_registered_never_tries_the_path(as_user: Any, world: Any,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    planned: list[str] = []
    original = fastpath_plan.plan_nodes

    def spy(info: Any) -> Any:
        planned.append(info._raw_info.field_name)
        return original(info)

    monkeypatch.setattr(fastpath_plan, "plan_nodes", spy)
    client = as_user("ministry_admin")
    asked = []
    for name, field in _top_level_connections().items():
        if _required_arguments(field):
            continue
        asked.append(name)
        body = run(client, f"{{ {name}(first: 2) {{ edges {{ node {{ __typename }} }} }} }}")
        assert "errors" not in body, body
    assert len(asked) > len(REGISTERED)
    assert sorted(set(planned)) == REGISTERED


@pytest.mark.parametrize("everything", [False, True], ids=["what the rows know", "every field"])
@pytest.mark.parametrize("field", REGISTERED)
@pytest.mark.parametrize("role", ROLES)
def test_every_registration_answers_as_the_ordinary_path(field: str, everything: bool, role: str, as_user: Any,
                                                         world: Any, pages_from_rows: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Every registered connection, with every registered list under it, as every role: the whole answer on
    the rows path is the ordinary path's, page after page."""
    covered: set[Any] = set()
    query = _query(field, everything, covered)
    monkeypatch.setattr(fastpath_plan, "enabled", False)
    ordinary = all_pages(as_user(role), query)
    monkeypatch.setattr(fastpath_plan, "enabled", True)
    rows = all_pages(as_user(role), query)
    assert rows == ordinary, difference(rows, ordinary)
    if role == "ministry_admin":
        assert "errors" not in rows[0], rows[0].get("errors")
        if not everything:
            assert pages_from_rows, "the rows path was not taken"


def test_the_walk_covers_every_registered_list() -> None:
    covered: set[Any] = set()
    for field in REGISTERED:
        _query(field, False, covered)
    assert covered == set(registrations())


# A type that inherits get_queryset scopes itself, exactly like one that declares it.


class _ScopedBase:
    @classmethod
    def get_queryset(cls, queryset: Any, info: Any, **kwargs: Any) -> Any:
        return queryset.none()


@fast_type(Organisation, name="InheritedScopeOrganisation")
class InheritedScopeOrganisation(_ScopedBase):
    name: auto


@fast_type(Organisation, name="PlainOrganisation")
class PlainOrganisation:
    name: auto


@fast_type(DemandLetter, name="LetterWithInheritedScope")
class LetterWithInheritedScope:
    reference: auto
    employer: InheritedScopeOrganisation = column()
    agreement_employer: PlainOrganisation = column(field_name="employer")


def _field(graphql_type: Any, name: str) -> Any:
    return next(f for f in graphql_type.__strawberry_definition__.fields if f.python_name == name)


def test_an_inherited_get_queryset_scopes_the_type() -> None:
    assert "get_queryset" not in vars(InheritedScopeOrganisation)  # inherited, not declared
    assert scopes_itself(InheritedScopeOrganisation)
    assert not scopes_itself(PlainOrganisation)


def test_a_relation_to_a_type_with_an_inherited_get_queryset_is_not_a_plain_read() -> None:
    """Read as a basic field (getattr), the relation would skip the type's get_queryset: the direct executor and
    the rows path would both show an organisation the type hides."""
    assert _field(LetterWithInheritedScope, "employer").is_basic_field is False
    assert _field(LetterWithInheritedScope, "agreement_employer").is_basic_field is True


def test_the_rows_path_refuses_items_of_a_type_with_an_inherited_get_queryset() -> None:
    """A registered list whose item type scopes itself (here by inheritance) is left to the ordinary path."""
    from api.fastpath.plan import NotCompilable, _item_child
    from api.fastpath.registry import Rows

    definition = type("Definition", (), {"origin": InheritedScopeOrganisation})()
    items = GraphQLObjectType("InheritedScopeItems", {}, extensions={"strawberry-definition": definition})
    with pytest.raises(NotCompilable):
        _item_child(None, items, [], Rows(queryset=lambda actor: Organisation.objects.all(), parent="id"), 0)
