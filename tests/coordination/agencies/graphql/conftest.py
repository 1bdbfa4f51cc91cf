"""Agency GraphQL fixtures: the page fixtures' world (the demo agency licensed, a second one suspended)."""

from tests.coordination.agencies.pages.conftest import supervised  # noqa: F401 — the same world as the pages
