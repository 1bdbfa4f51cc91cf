"""Requests refused before any resolver runs, in one place for every field of the schema.

- A document with several operations and no `operationName`: the GraphQL spec requires an error
  (strawberry would run the first one).
- The NUL character (`\\u0000`) in any text the request carries — a string literal in an argument, at any
  depth of an input object or list, or any string in the variables. PostgreSQL can neither store nor
  compare it, so every text field and every search would otherwise fail with "Unexpected error."; no
  person's text contains it. The error (code `BAD_USER_INPUT`) names the argument or variable and the path
  inside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    ValueNode,
)
from strawberry.extensions import SchemaExtension

from api.errors import BadRequest

NUL = "\x00"


def _in_value(value: ValueNode, path: str) -> str | None:
    """The path of the first string literal holding NUL inside an argument's value, else None."""
    if isinstance(value, StringValueNode):
        return path if NUL in value.value else None
    if isinstance(value, ListValueNode):
        for index, item in enumerate(value.values):
            found = _in_value(item, f"{path}[{index}]")
            if found:
                return found
    if isinstance(value, ObjectValueNode):
        for item in value.fields:
            found = _in_value(item.value, f"{path}.{item.name.value}")
            if found:
                return found
    return None


def _fields(selection_set: Any) -> Iterator[FieldNode]:
    for selection in (selection_set.selections or ()) if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection
            yield from _fields(selection.selection_set)
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set)


def nul_in_document(document: DocumentNode) -> tuple[str, str] | None:
    """(field, argument path) of the first argument literal holding NUL, else None."""
    for definition in document.definitions:
        if isinstance(definition, (OperationDefinitionNode, FragmentDefinitionNode)):
            for field in _fields(definition.selection_set):
                for argument in field.arguments or ():
                    found = _in_value(argument.value, argument.name.value)
                    if found:
                        return field.name.value, found
    return None


def nul_in_variables(variables: Any) -> str | None:
    """The path (`$input.positions[0].skills`) of the first variable string holding NUL, else None; keys count
    too. Iterative: the view has already bounded the nesting."""
    stack: list[tuple[Any, str]] = [(value, f"${name}") for name, value in reversed(list((variables or {}).items()))]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                return path
        elif isinstance(value, dict):
            for key in reversed(list(value)):
                if NUL in str(key):
                    return f"{path}.{key!r}"
                stack.append((value[key], f"{path}.{key}"))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{index}]") for index, item in reversed(list(enumerate(value))))
    return None


def refusal(document: DocumentNode, variables: Any, operation_name: str | None) -> BadRequest | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) > 1 and operation_name is None:
        return BadRequest(_("The document holds %(count)d operations: name the one to run in `operationName`.")
                          % {"count": len(operations)})
    found = nul_in_document(document)
    if found:
        field, path = found
        return BadRequest(_("The argument `%(argument)s` of `%(field)s` contains the NUL character (\\u0000), "
                            "which no text may contain: remove it.") % {"argument": path, "field": field})
    variable = nul_in_variables(variables)
    if variable:
        return BadRequest(_("The variable `%(variable)s` contains the NUL character (\\u0000), which no text may "
                            "contain: remove it.") % {"variable": variable})
    return None


class RefuseBadInput(SchemaExtension):
    """Answers the refusals above instead of executing the operation (nothing runs)."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and not context.result:
            error = refusal(context.graphql_document, context.variables, context._provided_operation_name)
            if error is not None:
                context.result = ExecutionResult(data=None, errors=[error])
        yield
