"""api.errors: a service's error paths become camelCase input paths."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path, expected", [
    ("wage_floors[0].amount", "wageFloors[0].amount"),
    ("portability_rules[12].summary_km", "portabilityRules[12].summaryKm"),
    ("contract_max_months", "contractMaxMonths"),
    ("__all__", "__all__"),
])
def test_error_paths_are_camel_case(path: str, expected: str) -> None:
    from api.errors import camel_path

    assert camel_path(path) == expected
