"""Demand page tests: both demo employers accredited, uploads in a temporary media folder."""

from __future__ import annotations

from typing import Any

import pytest

from tests.demand.pages.helpers import accredit_employers


@pytest.fixture
def setup(users: dict[str, Any], agreements: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    accredit_employers(users)
    return {"users": users, "agreements": agreements}
