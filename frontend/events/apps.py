from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Event pages: an app only so that its templates/ are found; it has no models."""

    name = "frontend.events"
    label = "frontend_events"
