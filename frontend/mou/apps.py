from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Agreements pages: an app only so that its templates/ are found; it has no models."""

    name = "frontend.mou"
    label = "frontend_mou"
