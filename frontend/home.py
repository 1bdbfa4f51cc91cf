"""The home page is made of panels, each from the page package of the domain it shows (its `home.py`).

A package's `panels(request) -> list[Panel]` returns the panels for the person signed in (none when the
domain has nothing for them); the home page shows them in `order`. This keeps the shell free of any domain:
a new domain adds its own `home.py`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any

from django.apps import apps
from django.http import HttpRequest


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50  # lower first: what needs the person's action before what they may read


@cache
def _providers() -> tuple[ModuleType, ...]:
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("frontend.") and importlib.util.find_spec(f"{config.name}.home"):
            found.append(importlib.import_module(f"{config.name}.home"))
    return tuple(found)


def home_panels(request: HttpRequest) -> list[Panel]:
    panels = [panel for provider in _providers() for panel in provider.panels(request)]
    return sorted(panels, key=lambda panel: panel.order)
