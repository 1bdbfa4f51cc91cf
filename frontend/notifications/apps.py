from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Notifications pages: an app only so that its templates/ are found; it has no models."""

    name = "frontend.notifications"
    label = "frontend_notifications"
