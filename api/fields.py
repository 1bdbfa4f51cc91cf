"""Fields and types that read a loaded row through strawberry's "basic field" path.

Used for every model type in the API: with api/execution.py such a field costs an attribute
read and a coercion instead of graphql-core's whole resolver machinery.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry_django
from strawberry.types import Info
from strawberry_django.fields.field import StrawberryDjangoField

from api.fastpath.registry import scopes_itself


class ColumnField(StrawberryDjangoField):
    """A field read straight off the loaded row, through strawberry's "basic field" path.

    strawberry_django gives every field a resolver that builds an Info, parses arguments and inspects the
    model's descriptors; that costs more than the value itself when a page holds thousands of positions.
    A column, or a single related row the optimizer has already joined or prefetched (the optimizer plans
    from the type, not the resolver), needs only getattr. Lists and fields with a resolver keep the full
    path, as do relations to types that scope themselves with get_queryset.
    """

    @property
    def is_basic_field(self) -> bool:
        if self.base_resolver is not None or self.extensions or self.permission_classes or self.is_list:
            return False
        if not self.is_relation:
            return True
        target = self.django_type
        # strawberry_django applies a get_queryset found with getattr, so an inherited one scopes too.
        return target is not None and not scopes_itself(target)

    def get_result(self, source: Any, info: Info | None, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if info is None and source is not None:  # the basic path: nothing but the attribute
            return getattr(source, self.django_name or self.python_name)
        return super().get_result(source, info, args, kwargs)


def column(description: str | None = None, **options: Any) -> Any:
    return strawberry_django.field(description=description, field_cls=ColumnField, **options)


def fast_type(model: type[Any], **options: Any) -> Callable[[type[Any]], Any]:
    """strawberry_django.type whose plain fields are ColumnFields (see above)."""
    return strawberry_django.type(model, field_cls=ColumnField, **options)
