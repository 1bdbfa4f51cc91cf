"""Event GraphQL fixtures: the page fixtures' world (an event of the demo counsellor's job centre with the Korean
employer's approved demand, one seeker checked in)."""

from tests.coordination.events.pages.conftest import attendee, event  # noqa: F401 — the same world as the pages
