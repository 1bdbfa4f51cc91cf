from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Audit trail pages: an app only so that its templates/ are found; it has no models."""

    name = "frontend.audit"
    label = "frontend_audit"
