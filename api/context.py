"""The per-request GraphQL context: who is asking, and batch loading for fields with no relation.

`actor(info)` is the user behind the request (session or API token, see
accounts.middleware.BearerTokenMiddleware); `signed_in_actor(info)` raises NotSignedIn for anyone else.

Some fields are computed per object by a selector that can also serve many objects at once (e.g. an
agreement's audit events). Resolving them one object at a time would cost one query per row, so
connections remember the objects they return (`remember`) and `load_batched` asks the selector once
for every remembered object of the same model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from strawberry.django.context import StrawberryDjangoContext
from strawberry.types import Info

from accounts.permissions import is_signed_in
from api.errors import NotSignedIn
from validation import parse_id as validation_parse_id

M = TypeVar("M", bound=models.Model)
V = TypeVar("V")


@dataclass
class CorridorContext(StrawberryDjangoContext):
    seen: dict[type[models.Model], dict[Any, models.Model]] = field(default_factory=dict)
    batches: dict[str, dict[Any, Any]] = field(default_factory=dict)
    row_plans: dict[str, Any] = field(default_factory=dict)  # api.fastpath.planned, per top-level field

    def remember(self, objects: Iterable[Any]) -> None:
        for obj in objects:
            if isinstance(obj, models.Model) and obj.pk is not None:
                self.seen.setdefault(type(obj), {}).setdefault(obj.pk, obj)

    def load_batched(
        self, key: str, obj: M, load: Callable[[Sequence[M]], dict[Any, V]], default: Callable[[], V]
    ) -> V:
        """`load(objects)` -> {pk: value}; called once for `obj` and every remembered sibling."""
        cache = self.batches.setdefault(key, {})
        if obj.pk not in cache:
            siblings = self.seen.get(type(obj), {})
            pending = [o for pk, o in siblings.items() if pk not in cache]
            if obj.pk not in siblings:
                pending.append(obj)
            loaded = load(pending)  # type: ignore[arg-type]
            for o in pending:
                cache[o.pk] = loaded.get(o.pk, default())
        return cache[obj.pk]


def actor(info: Info) -> Any:
    return info.context.request.user


def signed_in_actor(info: Info) -> Any:
    user = actor(info)
    if not is_signed_in(user):
        raise NotSignedIn()
    return user


def parse_id(value: Any) -> int | None:
    """A database id sent as a GraphQL ID; None when it cannot be one (so: not found). One number format for
    every door (validation.parse_id): ASCII digits within a bigint, so "१२" names nothing."""
    return validation_parse_id(value)
