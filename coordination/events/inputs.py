"""An event as plain data, what every door hands the services: a province code (KH-12 or 12) and ids."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass
class EventData:
    title: str = ""
    date: datetime.date | None = None
    venue: str = ""
    province: str = ""
    employers: list[Any] = field(default_factory=list)  # organisation ids
    letters: list[Any] = field(default_factory=list)  # demand letter ids (approved demand of those employers)
    staff: list[Any] = field(default_factory=list)  # user ids (counsellors)
    notes: str = ""
