"""How stored codes read on the page: audit actions, the fields they changed and those fields' values.

The labels belong to their domain: each page package has a `labels.py` with
- `AUDIT_ACTIONS`: the actions its services record, as they read;
- `FIELD_LABELS`: keys in an event's before/after that are not fields of `MODELS` (whose verbose names serve);
- `VALUE_LABELS`: per key, the stored codes and how they read (the models' TextChoices labels);
- `JOB_KINDS` (optional): the background jobs it starts, as they read.
An event is read with the labels of the package that owns its action, so that a letter's `status` and an
agreement's `status` never share one dict. This module only finds the package and formats.
"""

from __future__ import annotations

import datetime
import importlib
import re
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

LONG_TEXT = 120


@cache
def _packages() -> tuple[ModuleType, ...]:
    """The labels modules of the installed page packages (frontend.<domain>.labels)."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("frontend.") and importlib.util.find_spec(f"{config.name}.labels"):
            found.append(importlib.import_module(f"{config.name}.labels"))
    return tuple(found)


def _owner(action: str) -> ModuleType | None:
    return next((module for module in _packages() if action in module.AUDIT_ACTIONS), None)


def job_kind_label(kind: str) -> Any:
    """What a background job does, as it reads (each package's JOB_KINDS), else a plain "Background job"."""
    for module in _packages():
        if kind in getattr(module, "JOB_KINDS", {}):
            return module.JOB_KINDS[kind]
    return _("Background job")


def audit_action_label(action: str) -> Any:
    owner = _owner(action)
    return owner.AUDIT_ACTIONS[action] if owner else action


def field_label(name: str, owner: ModuleType | None = None) -> Any:
    if owner is not None:
        if name in owner.FIELD_LABELS:
            return owner.FIELD_LABELS[name]
        for model in owner.MODELS:
            try:
                return capfirst(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                continue
    return name.replace("_", " ")


def value_lines(value: Any, key: str = "", owner: ModuleType | None = None) -> list[str]:
    """A stored value as one or more short lines of text."""
    if isinstance(value, list):
        return [_one(item, key, owner) for item in value] or ["—"]
    return [_one(value, key, owner)]


def _one(value: Any, key: str, owner: ModuleType | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dict):
        # An item of a list of terms: its keys are looked up as "<list>.<key>" ("fee_items.payer"), then alone.
        return " · ".join(_one(v, f"{key}.{k}" if key else k, owner) for k, v in value.items())
    choices: Any = {}
    if owner is not None:
        choices = owner.VALUE_LABELS.get(key) or owner.VALUE_LABELS.get(key.rsplit(".", 1)[-1], {})
    if isinstance(value, str) and value not in choices and (day := _stored_date(value)) is not None:
        return formats.date_format(day, "DATE_FORMAT")  # an audit snapshot keeps dates as ISO text
    text = str(choices.get(value, value)) if isinstance(value, str) else str(value)
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _stored_date(value: str) -> datetime.date | None:
    """A date an audit snapshot stored as ISO text (2027-03-01), read in the reader's language; else None."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Change:
    label: Any
    before: list[str]
    after: list[str]


def event_changes(event: Any) -> list[Change]:
    """An audit event's changed fields, each labelled and formatted by the package that owns the action."""
    owner = _owner(event.action)
    return [Change(field_label(key, owner), value_lines(before, key, owner), value_lines(after, key, owner))
            for key, before, after in event.changes()]
