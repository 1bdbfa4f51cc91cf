from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Agency pages: an app only so that its templates/ are found; it has no models."""

    name = "frontend.agencies"
    label = "frontend_agencies"
