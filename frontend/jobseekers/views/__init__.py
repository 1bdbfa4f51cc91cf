"""Job-seeker pages, one module per concern (imports.py: the bulk import)."""
