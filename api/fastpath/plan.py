"""Top-level lists answered from rows: one compiled plan per request instead of one object per field.

A page of 100 demand letters with their positions holds about 30,000 fields. Executed the ordinary way,
Django builds ~9,000 model instances for it and graphql-core walks every field through its resolver
machinery, which together cost over ten times what reading the same rows with `values()` and
serialising them costs (docs/performance.md). For a top-level connection of a model type, this module
compiles the query's selection of the nodes into a plan instead:

- every column the selection reads, including those of to-one relations (joined, as `select_related`
  would), is read by one `values_list()` query on the connection's own queryset — the queryset the
  field's resolver and the type's `get_queryset` built, so the scoping is the selectors' as always;
- a list field registered with `register()` (its items, scoped by the actor, and the column naming the
  parent) is read for every parent of the page in one more query, recursively; a registered connection
  is paged per parent with the same window functions strawberry_django uses;
- a field with a resolver is computed when it declares the columns it reads (`only=`) and asks for
  nothing but its root: the resolver itself is called, on a model instance made from those columns (the
  others deferred), as the ordinary path would call it after the optimizer's `only()`;
- the answer of each node is built directly as the JSON-ready dict graphql-core would have produced
  (the same scalar and enum coercion), and handed to the executor wrapped in `Precomputed`.

The connection itself (slicing, cursors, page info, total count) is still strawberry's. Anything the
plan does not know — a field with arguments or permission classes, a relation to a type that scopes
itself, an abstract type, `@defer`, a value that would be an error (null in a non-null field) — makes
the whole list take the ordinary path, so the answer is always the one the ordinary path gives:
tests/api/test_fastpath.py compares the two over whole responses for every role.

A registered list must read the same items, in the same order and with the same scoping, as its field's
resolver does on the ordinary path; demand/graphql/types.py registers its lists beside the fields.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, FileField, TextField
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLString,
    Undefined,
)
from graphql.execution.collect_fields import FieldDetails, FragmentDetails, collect_subfields
from graphql.execution.values import VariableValues, get_argument_values
from strawberry.relay.types import PREFIX
from strawberry.relay.utils import SliceMetadata, to_base64
from strawberry.types.field import StrawberryField
from strawberry.types.nodes import get_variable_values
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.utils.typing import get_django_definition

from api.fastpath.registry import _ROWS, Rows, reads_from_rows, scopes_itself

# The columns strawberry_django's apply_window_pagination annotates on each item of a windowed page
# (tests/api/test_internals.py checks that it still does).
ROW_NUMBER, TOTAL_COUNT = "_strawberry_row_number", "_strawberry_total_count"

enabled = True  # tests switch it off to compare with the ordinary path


class NotCompilable(Exception):
    """The selection, or a value in the rows, is one for the ordinary path."""


class Precomputed:
    """A node already answered from rows: the executor takes `data` as the completed value."""

    __slots__ = ("data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data


# ---------------------------------------------------------------------------------------------------
# Plans


class _Columns:
    """The columns one values_list() query reads, each once."""

    def __init__(self, *paths: str) -> None:
        self.paths: list[str] = []
        self.index: dict[str, int] = {}
        for path in paths:
            self.add(path)

    def add(self, path: str) -> int:
        found = self.index.get(path)
        if found is None:
            found = self.index[path] = len(self.paths)
            self.paths.append(path)
        return found


# The steps of a plan: one per response key of a selection, each naming what it reads.


@dataclass(frozen=True)
class ConstStep:
    """A value known from the query alone (`__typename`)."""

    key: str
    value: Any


@dataclass(frozen=True)
class LeafStep:
    """A scalar or enum column of the row, coerced as graphql-core would."""

    key: str
    index: int  # the column's position in the row
    leaf: _Leaf
    non_null: bool


@dataclass(frozen=True)
class ObjectStep:
    """A to-one relation read from the same row (joined), answered by its own steps."""

    key: str
    null_index: int | None  # where the relation's key is, when it may be null
    non_null: bool
    steps: list[Step]


@dataclass(frozen=True)
class ComputedStep:
    """A field with a resolver that needs nothing but its root, called on a model instance made from the row."""

    key: str
    resolve: Callable[[Any], Any]
    make_root: Callable[[tuple[Any, ...]], Any]
    coerce: Callable[[Any], Any]
    non_null: bool


@dataclass(frozen=True)
class ChildrenStep:
    """A registered list field: the parent's items, loaded for every parent at once."""

    key: str
    child: _Child


@dataclass(frozen=True)
class ConnectionStep:
    """A registered connection field: the parent's page of items, loaded for every parent at once."""

    key: str
    child: _Child


Step = ConstStep | LeafStep | ObjectStep | ComputedStep | ChildrenStep | ConnectionStep


class Part(NamedTuple):
    """One field of a nested connection's selection (`totalCount`, `edges`, `pageInfo`, or within them
    `node`, `cursor`, `hasNextPage`…): its GraphQL name, its response key, and what answers it — the value of
    `__typename`, the field's details, or for `edges` and `pageInfo` their own parts."""

    name: str
    key: str
    detail: Any



@dataclass
class _Child:
    """A registered list (or connection) under a row: its items' plan, loaded for every parent at once."""

    rows: Rows
    parent_index: int  # where the parent's primary key is in the parent's row
    plan: _Plan
    page: SliceMetadata | None = None  # connections: the page asked for
    connection_parts: list[Part] = field(default_factory=list)
    found: dict[Any, list[tuple[Any, ...]]] = field(default_factory=dict)
    row_number: int = -1  # connections: where strawberry_django's window columns are in an item's row
    total: int = -1


@dataclass
class _Plan:
    """How the rows of one query answer a selection: the columns to read and the steps that build a node."""

    model: Any  # the model type's model; None for items of a plain type
    columns: _Columns
    source_model: Any = None  # the model whose rows are read
    steps: list[Step] = field(default_factory=list)
    children: list[_Child] = field(default_factory=list)
    build: Callable[[tuple[Any, ...]], dict[str, Any]] = field(default=lambda row: {})

    def finish(self, steps: list[Step]) -> None:
        self.steps = steps
        self.build = _generate(steps)


def _generate(steps: list[Step]) -> Callable[[tuple[Any, ...]], dict[str, Any]]:
    """A function building one node's answer from its row, in the selection's order.

    Generated as Python source once per plan, the way dataclasses and namedtuple build their methods: a
    dict display reading the row by position needs no loop and no dispatch per field, which is what makes a
    page of 30,000 fields cheap. The source holds nothing from the request but response names (GraphQL
    names, `[_A-Za-z][_0-9A-Za-z]*`, written with repr) and column positions; every value that needs more
    than a read goes through a helper bound by name below."""
    helpers: dict[str, Any] = {}

    def bind(value: Any) -> str:
        name = f"h{len(helpers)}"
        helpers[name] = value
        return name

    def display(steps: list[Step]) -> str:
        parts = []
        for step in steps:
            key = step.key
            if not _NAME.fullmatch(key):
                raise NotCompilable
            if isinstance(step, LeafStep):
                index, leaf, non_null = step.index, step.leaf, step.non_null
                expression = leaf.template.replace("C(", f"{bind(leaf.coerce)}(")
                if leaf.table is not None:
                    expression = expression.replace("T.get(", f"{bind(leaf.table)}.get(")
                if non_null:  # None goes to C, which refuses it
                    value = expression.replace("{first}", f"(v := row[{index}])")
                else:
                    value = f"(None if (v := row[{index}]) is None else {expression.replace('{first}', 'v')})"
            elif isinstance(step, ObjectStep):
                value = display(step.steps)
                if step.null_index is not None:  # a nullable relation; for a non-null field a null is an error
                    empty = f"{bind(_refuse)}()" if step.non_null else "None"
                    value = f"({empty} if row[{step.null_index}] is None else {value})"
            elif isinstance(step, ChildrenStep):
                child = step.child
                value = (f"[{bind(child.plan.build)}(item) for item in "
                         f"{bind(child)}.found.get(row[{child.parent_index}], ())]")
            elif isinstance(step, ConnectionStep):
                value = f"{bind(_connection_of(step.child))}(row)"
            elif isinstance(step, ComputedStep):
                value = f"{bind(_computed_of(step.resolve, step.make_root, step.coerce, step.non_null))}(row)"
            elif isinstance(step, ConstStep):
                value = bind(step.value)
            else:  # pragma: no cover (a new kind of step must be generated here)
                raise TypeError(step)
            parts.append(f"{key!r}: {value}")
        return "{" + ", ".join(parts) + "}"

    source = f"def build(row):\n    return {display(steps)}\n"
    exec(_code(source), helpers)  # noqa: S102 (see the docstring)
    return helpers["build"]  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=256)
def _code(source: str) -> Any:
    """The same query makes the same source (helpers are bound by position): compile it once."""
    return compile(source, "<corridor row plan>", "exec")


def _refuse() -> Any:
    raise NotCompilable


_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")


def _connection_of(child: _Child) -> Callable[[tuple[Any, ...]], dict[str, Any]]:
    index = child.parent_index

    def connection(row: tuple[Any, ...]) -> dict[str, Any]:
        return _connection(child, child.found.get(row[index], ()))

    return connection


def _computed_of(resolve: Callable[[Any], Any], make_root: Callable[[tuple[Any, ...]], Any],
                 coerce: Callable[[Any], Any], non_null: bool) -> Callable[[tuple[Any, ...]], Any]:
    def computed(row: tuple[Any, ...]) -> Any:
        value = resolve(make_root(row))
        if value is None:
            if non_null:
                raise NotCompilable
            return None
        return coerce(value)

    return computed


def _connection(child: _Child, items: Any) -> dict[str, Any]:
    """One parent's page of a nested connection, as strawberry_django answers it from a windowed prefetch."""
    if not items and child.page is not None and child.page.start > 0:
        raise NotCompilable  # an empty page past the start: only a count says the total
    number, total = child.row_number, child.total
    out: dict[str, Any] = {}
    for name, key, detail in child.connection_parts:
        if name == "totalCount":
            out[key] = items[0][total] if items else 0
        elif name == "edges":
            out[key] = [_edge(detail, child.plan, item, number) for item in items]
        elif name == "pageInfo":
            out[key] = _page_info(detail, items, number, total)
        else:  # __typename
            out[key] = detail
    return out


def _edge(parts: list[Part], plan: _Plan, item: tuple[Any, ...], number: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, key, detail in parts:
        if name == "node":
            out[key] = plan.build(item)
        elif name == "cursor":
            out[key] = to_base64(PREFIX, item[number] - 1)
        else:
            out[key] = detail
    return out


def _page_info(parts: list[Part], items: Any, number: int, total: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, key, detail in parts:
        if name == "hasPreviousPage":
            out[key] = bool(items) and items[0][number] > 1
        elif name == "hasNextPage":
            out[key] = bool(items) and items[-1][number] < items[-1][total]
        elif name == "startCursor":
            out[key] = to_base64(PREFIX, items[0][number] - 1) if items else None
        elif name == "endCursor":
            out[key] = to_base64(PREFIX, items[-1][number] - 1) if items else None
        else:
            out[key] = detail
    return out


# ---------------------------------------------------------------------------------------------------
# Compiling a selection


class _Context:
    def __init__(self, raw: Any) -> None:
        self.raw = raw  # graphql-core's resolve info of the top-level field
        self.actor = raw.context.request.user
        self.fragments = {name: FragmentDetails(d) for name, d in raw.fragments.items()}
        # strawberry's executor hands resolvers the plain dict of coerced variables
        self.variables = VariableValues(sources={}, coerced=get_variable_values(raw))

    def subfields(self, object_type: GraphQLObjectType, details: list[FieldDetails]) -> dict[str, Any]:
        raw = self.raw
        collected = collect_subfields(raw.schema, self.fragments, self.variables, raw.operation,
                                      object_type, details)
        if collected.new_defer_usages or collected.forbidden_directive_instances:
            raise NotCompilable
        return collected.grouped_field_set

    def arguments(self, field_def: Any, details: list[FieldDetails]) -> dict[str, Any]:
        detail = details[0]
        return get_argument_values(field_def, detail.node, self.variables, detail.fragment_variable_values)


def _unwrap(graphql_type: Any) -> tuple[Any, bool]:
    if isinstance(graphql_type, GraphQLNonNull):
        return graphql_type.of_type, True
    return graphql_type, False


def _coercer(graphql_type: Any) -> Callable[[Any], Any]:
    """graphql-core's output coercion for a scalar or enum, refusing what would be an error (None included)."""
    if not isinstance(graphql_type, (GraphQLScalarType, GraphQLEnumType)):
        raise NotCompilable
    coerce = graphql_type.coerce_output_value

    def checked(value: Any) -> Any:
        if value is None:
            raise NotCompilable
        try:
            coerced = coerce(value)
        except Exception as exc:  # the ordinary path reports it as a field error
            raise NotCompilable from exc
        if coerced is Undefined or coerced is None:
            raise NotCompilable
        return coerced

    return checked


@dataclass(frozen=True)
class _Leaf:
    """How a scalar or enum column is answered, as an expression for the generated builder.

    `template` reads the value once as `{first}` (the first thing evaluated) and then as `v`; `C` is the
    exact coercion (`_coercer`), `T` a table of the enum's answers. The common cases — a str for String, an
    int in range for Int, a bool, an int id for ID, a known enum value — are answered inline, exactly as
    graphql-core would; anything else goes through `C`."""

    template: str
    coerce: Callable[[Any], Any]
    table: dict[Any, str] | None = None


_TEMPLATES = {
    "String": "(v if {first}.__class__ is str else C(v))",
    "Int": "(v if {first}.__class__ is int and -2147483648 <= v <= 2147483647 else C(v))",
    "Boolean": "(v if {first} is True or v is False else C(v))",
    "ID": "(str(v) if {first}.__class__ is int else v if v.__class__ is str else C(v))",
}


def _leaf(graphql_type: Any, always_str: bool = False) -> _Leaf:
    coerce = _coercer(graphql_type)
    if always_str:  # a non-null text column for a String field: the value is the answer
        return _Leaf("{first}", coerce)
    if isinstance(graphql_type, GraphQLEnumType):
        table = {}
        for name, enum_value in graphql_type.values.items():
            raw = getattr(enum_value.value, "value", enum_value.value)
            if isinstance(raw, str):
                try:
                    answer = coerce(raw)
                except NotCompilable:
                    continue
                if answer == name:  # only what the exact coercion answers the same way
                    table[raw] = name
        return _Leaf("((T.get(v) if {first}.__class__ is str else None) or C(v))", coerce, table)
    return _Leaf(_TEMPLATES.get(graphql_type.name, "C({first})"), coerce)


def _list_coercer(graphql_type: Any) -> Callable[[Any], Any]:
    """A resolver's list of scalars or enums: `[T!]` or `[T]`."""
    if not isinstance(graphql_type, GraphQLList):
        return _coercer(graphql_type)
    item_type, item_non_null = _unwrap(graphql_type.of_type)
    coerce = _coercer(item_type)

    def each(values: Any) -> Any:
        out: list[Any] = []
        for value in values:
            if value is None:
                if item_non_null:
                    raise NotCompilable
                out.append(None)
            else:
                out.append(coerce(value))
        return out

    return each


def _model_field(model: Any, name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist as exc:
        raise NotCompilable from exc


def _computed(definition: Any, plan: _Plan, model: Any, prefix: str, columns: tuple[str, ...]
              ) -> tuple[Callable[[Any], Any], Callable[[tuple[Any, ...]], Any]]:
    """A resolver that needs nothing but its root: (call it on a root, make the root from a row).

    The root is a real model instance, as on the ordinary path (Model.from_db with the columns the field
    declares with `only=`, the others deferred, the primary key always), so model methods and properties work;
    a column it did not declare is loaded on access, as after the optimizer's only()."""
    resolver = definition.base_resolver
    if resolver.info_parameter is not None or resolver.arguments or resolver.is_async:
        raise NotCompilable
    target = model if model is not None else plan.source_model
    if target is None:
        raise NotCompilable
    if model is not None:
        store = getattr(definition, "store", None)
        if store is None or not store.only or store.select_related or store.prefetch_related or store.annotate:
            raise NotCompilable
        names = list(store.only)
        for name in names:
            if "__" in name or _model_field(model, name).is_relation:
                raise NotCompilable
    else:
        names = list(columns)
    pk = target._meta.pk.attname
    wanted = {*names, pk}
    concrete = [f.attname for f in target._meta.concrete_fields if f.attname in wanted]
    indexes = [plan.columns.add(prefix + ("pk" if attname == pk else attname)) for attname in concrete]
    extra = [(name, plan.columns.add(prefix + name)) for name in names if name not in concrete]  # annotations
    self_parameter = resolver.self_parameter is not None
    root_names = [p.name for p in (resolver.root_parameter, resolver.parent_parameter) if p is not None]

    def call(source: Any) -> Any:
        kwargs = dict.fromkeys(root_names, source)
        return resolver(source, **kwargs) if self_parameter else resolver(**kwargs)

    def make_root(row: tuple[Any, ...]) -> Any:
        instance = target.from_db(None, concrete, [row[index] for index in indexes])
        for name, index in extra:
            setattr(instance, name, row[index])
        return instance

    return call, make_root


def _compile(ctx: _Context, object_type: GraphQLObjectType, details: list[FieldDetails], plan: _Plan,
             model: Any, prefix: str, columns: tuple[str, ...]) -> list[Step]:
    """The steps answering `details`' selection on `object_type` from `plan`'s rows.

    `model` is the model the row (at `prefix`) holds, or None for items of a plain type, whose attributes
    are `columns`."""
    origin = object_type.extensions.get("strawberry-definition")
    if origin is None:
        raise NotCompilable
    steps: list[Step] = []
    for key, field_details in ctx.subfields(object_type, details).items():
        name = field_details[0].node.name.value
        if name == "__typename":
            steps.append(ConstStep(key, object_type.name))
            continue
        field_def = object_type.fields.get(name)
        definition = field_def.extensions.get("strawberry-definition") if field_def else None
        if not isinstance(definition, StrawberryField) or definition.permission_classes:
            raise NotCompilable
        return_type, non_null = _unwrap(field_def.type)
        rows = _ROWS.get((origin.origin, definition.python_name))
        if rows is not None:
            steps.append(_child_step(ctx, key, field_def, field_details, rows, plan, prefix, return_type))
            continue
        if field_def.args or definition.extensions:
            raise NotCompilable
        if definition.base_resolver is not None:
            call, make_root = _computed(definition, plan, model, prefix, columns)
            steps.append(ComputedStep(key, call, make_root, _list_coercer(return_type), non_null))
            continue
        if not definition.is_basic_field:
            raise NotCompilable
        name_in_source = getattr(definition, "django_name", None) or definition.python_name
        if model is None:  # a plain type over declared columns
            if name_in_source not in columns:
                raise NotCompilable
            steps.append(LeafStep(key, plan.columns.add(prefix + name_in_source), _leaf(return_type), non_null))
            continue
        model_field = _model_field(model, name_in_source)
        if isinstance(definition, StrawberryDjangoField) and definition.is_relation:
            if not (model_field.many_to_one or model_field.one_to_one) or not model_field.concrete:
                raise NotCompilable
            if not isinstance(return_type, GraphQLObjectType):
                raise NotCompilable
            null_index = plan.columns.add(prefix + model_field.attname) if model_field.null else None
            sub_steps = _compile(ctx, return_type, field_details, plan, model_field.related_model,
                                 f"{prefix}{model_field.name}__", ())
            steps.append(ObjectStep(key, null_index, non_null, sub_steps))
            continue
        if model_field.is_relation or not model_field.concrete or isinstance(model_field, FileField):
            raise NotCompilable
        always_str = (return_type is GraphQLString and isinstance(model_field, (CharField, TextField))
                      and not model_field.null)
        steps.append(LeafStep(key, plan.columns.add(prefix + model_field.name), _leaf(return_type, always_str),
                              non_null))
    return steps


def _child_step(ctx: _Context, key: str, field_def: Any, details: list[FieldDetails], rows: Rows, plan: _Plan,
                prefix: str, return_type: Any) -> Step:
    parent_index = plan.columns.add(prefix + "pk")
    if rows.connection:
        child = _connection_child(ctx, field_def, details, rows, parent_index, return_type)
        plan.children.append(child)
        return ConnectionStep(key, child)
    if not isinstance(return_type, GraphQLList) or field_def.args:
        raise NotCompilable
    item_type, _ = _unwrap(return_type.of_type)
    child = _item_child(ctx, item_type, details, rows, parent_index)
    plan.children.append(child)
    return ChildrenStep(key, child)


def _item_child(ctx: _Context, item_type: Any, details: list[FieldDetails], rows: Rows, parent_index: int,
                *extra: str) -> _Child:
    if not isinstance(item_type, GraphQLObjectType):
        raise NotCompilable
    origin = item_type.extensions.get("strawberry-definition")
    if origin is not None and scopes_itself(origin.origin):
        raise NotCompilable  # the items' type filters what it shows: only its own get_queryset may read them
    django = get_django_definition(origin.origin) if origin is not None else None
    model = django.model if django is not None else None
    if model is None and not rows.columns:
        raise NotCompilable
    source_model = rows.queryset(ctx.actor).model
    if model is not None and source_model is not model:
        raise NotCompilable
    plan = _Plan(model=model, columns=_Columns(rows.parent, *extra), source_model=source_model)
    plan.finish(_compile(ctx, item_type, details, plan, model, "", rows.columns))
    return _Child(rows=rows, parent_index=parent_index, plan=plan)


_PAGE_ARGUMENTS = {"first", "after", "last", "before"}


def _connection_child(ctx: _Context, field_def: Any, details: list[FieldDetails], rows: Rows,
                      parent_index: int, connection_type: Any) -> _Child:
    """A nested connection, paged per parent like strawberry_django's windowed prefetch."""
    if not isinstance(connection_type, GraphQLObjectType):
        raise NotCompilable
    arguments = ctx.arguments(field_def, details)
    if any(value is not None for name, value in arguments.items() if name not in _PAGE_ARGUMENTS):
        raise NotCompilable
    if arguments.get("last") is not None or arguments.get("before") is not None:
        raise NotCompilable
    from api.errors import BadRequest
    from api.pagination import check_page_arguments  # (it imports this module)

    first, after = arguments.get("first"), arguments.get("after")
    try:
        check_page_arguments(None, before=None, after=after, first=first, last=None)  # type: ignore[arg-type]
    except BadRequest as exc:
        raise NotCompilable from exc  # the ordinary path answers with the error
    if first == 0:
        raise NotCompilable  # an empty page size: the ordinary path counts the total
    page = SliceMetadata.from_arguments(None, after=after, first=first,  # type: ignore[arg-type]
                                        max_results=settings.GRAPHQL_MAX_PAGE_SIZE)
    edges_keys: dict[str, list[FieldDetails]] = {}
    asked: list[Part] = []
    subfields = ctx.subfields(connection_type, details)
    for key, field_details in subfields.items():
        name = field_details[0].node.name.value
        if name == "__typename":
            asked.append(Part(name, key, connection_type.name))
        elif name in ("totalCount", "pageInfo", "edges"):
            asked.append(Part(name, key, field_details))
            if name == "edges":
                edges_keys[key] = field_details
        else:
            raise NotCompilable
    if len(edges_keys) > 1:
        raise NotCompilable
    edge_type = _unwrap(_unwrap(connection_type.fields["edges"].type)[0].of_type)[0]
    node_details: list[FieldDetails] | None = None
    resolved: list[Part] = []
    for part in asked:
        if part.name == "pageInfo":
            resolved.append(part._replace(detail=_plain_parts(
                ctx, connection_type, "pageInfo", part.detail,
                {"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"})))
        elif part.name == "edges":
            edge_parts = _plain_parts(ctx, connection_type, "edges", part.detail, {"cursor", "node"}, edge_type)
            nodes = [p.detail for p in edge_parts if p.name == "node"]
            if len(nodes) > 1:
                raise NotCompilable
            node_details = nodes[0] if nodes else None
            # a node is built by the child's plan, not from its details
            resolved.append(part._replace(detail=[p._replace(detail=None) if p.name == "node" else p
                                                  for p in edge_parts]))
        else:
            resolved.append(part)
    node_type = _unwrap(edge_type.fields["node"].type)[0]
    child = _item_child(ctx, node_type, node_details or [], rows, parent_index,
                        ROW_NUMBER, TOTAL_COUNT)
    child.page = page
    child.connection_parts = resolved
    child.row_number, child.total = 1, 2  # after the parent's key: the window columns named below
    return child


def _plain_parts(ctx: _Context, parent_type: GraphQLObjectType, field_name: str, details: list[FieldDetails],
                 known: set[str], object_type: Any = None) -> list[Part]:
    """The selection of a connection's page info or edges: each known field, or `__typename`."""
    if object_type is None:
        object_type = _unwrap(parent_type.fields[field_name].type)[0]
    parts: list[Part] = []
    for key, field_details in ctx.subfields(object_type, details).items():
        name = field_details[0].node.name.value
        if name == "__typename":
            parts.append(Part(name, key, object_type.name))
        elif name in known:
            parts.append(Part(name, key, field_details))
        else:
            raise NotCompilable
    return parts


def planned(info: Any) -> tuple[_Plan, bool] | None:
    """plan_nodes(info), once per top-level field of a request (the field's queryset and its connection ask)."""
    if not enabled:
        return None
    raw = info._raw_info
    if raw.path.prev is not None:
        return None
    if not reads_from_rows(raw.parent_type.fields[raw.field_name]):
        return None  # not registered: the ordinary path
    cache = getattr(info.context, "row_plans", None)
    if cache is None:  # not a request's context (api.context.CorridorContext): the ordinary path
        return None
    key = raw.path.key
    if key not in cache:
        cache[key] = plan_nodes(info)
    return cache[key]  # type: ignore[no-any-return]


def plan_nodes(info: Any) -> tuple[_Plan, bool] | None:
    """(the plan answering a top-level connection's nodes from rows, whether `totalCount` is asked), or None
    for the ordinary path."""
    raw = info._raw_info
    if raw.path.prev is not None:
        return None
    ctx = _Context(raw)
    try:
        connection_type, _ = _unwrap(raw.return_type)
        if not isinstance(connection_type, GraphQLObjectType):
            return None
        details = [FieldDetails(node, None) for node in raw.field_nodes]
        if ctx.arguments(raw.parent_type.fields[raw.field_name], details).get("last") is not None:
            return None  # strawberry_django pages from the end with its own query
        selection = ctx.subfields(connection_type, details)
        edges = [d for d in selection.values() if d[0].node.name.value == "edges"]
        with_total = any(d[0].node.name.value == "totalCount" for d in selection.values())
        if len(edges) != 1:
            return None
        edge_type = _unwrap(_unwrap(connection_type.fields["edges"].type)[0].of_type)[0]
        nodes = [d for d in ctx.subfields(edge_type, edges[0]).values() if d[0].node.name.value == "node"]
        if len(nodes) != 1:
            return None
        node_type = _unwrap(edge_type.fields["node"].type)[0]
        if not isinstance(node_type, GraphQLObjectType):
            return None
        origin = node_type.extensions.get("strawberry-definition")
        django = get_django_definition(origin.origin) if origin is not None else None
        if django is None:
            return None
        plan = _Plan(model=django.model, columns=_Columns("pk"), source_model=django.model)
        plan.finish(_compile(ctx, node_type, nodes[0], plan, django.model, "", ()))
        return plan, with_total
    except NotCompilable:
        return None
