"""The reader's language, for the few places that choose content by it (a Khmer or English stored text)."""

from __future__ import annotations

from django.utils.translation import get_language


def is_km() -> bool:
    return (get_language() or "").startswith("km")
