"""schema.graphql at the repository root is the published contract: it must match the code."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from strawberry.printer import print_schema

from api.schema import schema

REGENERATE = ".venv/bin/python manage.py export_schema api.schema --path schema.graphql"  # strawberry_django


def test_committed_schema_matches_the_code() -> None:
    committed = Path(settings.BASE_DIR, "schema.graphql")
    assert committed.exists(), f"schema.graphql is missing: run `{REGENERATE}` and commit it."
    printed = print_schema(schema)
    assert committed.read_text(encoding="utf-8").strip() == printed.strip(), (
        f"schema.graphql differs from the schema the code builds. If the change is intended, run `{REGENERATE}`, "
        "review the diff (a removed or renamed field breaks partner systems) and commit it."
    )
