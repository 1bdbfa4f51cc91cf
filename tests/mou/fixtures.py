"""Agreement fixtures (a pytest plugin, registered in tests/conftest.py): a draft agreement."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def draft(agreements: dict[str, Any], users: dict[str, Any]) -> Any:
    """A draft agreement with Thailand (only ministry staff may see it)."""
    from mou.services import agreement_create, terms_from_version

    terms = terms_from_version(agreements["TH"].versions.get())
    return agreement_create(
        actor=users["ministry_admin"], partner_country="TH", title="Draft renewal with Thailand",
        channel="private", terms=terms,
    )
