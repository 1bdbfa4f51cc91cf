"""The supply side and matching: job seekers, agencies, events (and, next, matching and placements), one
nested Django app each. See docs/architecture.md."""
