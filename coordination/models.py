"""Job seekers, vetting, agencies, matching events and placements arrive with later issues."""
