"""Licensed recruitment agencies under the ministry's supervision."""

from __future__ import annotations
