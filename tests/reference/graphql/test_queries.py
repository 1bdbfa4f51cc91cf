"""Reference query arguments: filters."""

from __future__ import annotations

from typing import Any

from tests.api.helpers import run


def _codes(body: dict[str, Any], field: str, key: str = "code") -> list[str]:
    return [e["node"][key] for e in body["data"][field]["edges"]]


def test_reference_filters(as_user: Any) -> None:
    client = as_user("no_org")  # reference data needs only a sign-in
    units = run(client, '{ occupations(search: "7531", level: UNIT) { edges { node { code level parent '
                '{ code level } } } } }')
    assert units["data"]["occupations"]["edges"] == [
        {"node": {"code": "7531", "level": "UNIT", "parent": {"code": "753", "level": "MINOR"}}}
    ]
    sections = run(client, "{ sectors(level: SECTION, first: 100) { totalCount edges { node { code } } } }")
    assert sections["data"]["sectors"]["totalCount"] == 21
    assert _codes(run(client, '{ sectors(search: "03") { edges { node { code } } } }'), "sectors") == ["03"]
    assert _codes(run(client, '{ countries(search: "KHM") { edges { node { iso2 } } } }'), "countries", "iso2") == [
        "KH"
    ]
    assert len(_codes(run(client, "{ provinces { edges { node { code } } } }"), "provinces")) == 25
    assert "THB" in _codes(run(client, "{ currencies { edges { node { code } } } }"), "currencies")
    assert "km" in _codes(run(client, "{ languages(first: 100) { edges { node { code } } } }"), "languages")
