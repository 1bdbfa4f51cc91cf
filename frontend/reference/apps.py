from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Reference data pages: an app only so that its templates/ are found; it has no models."""

    name = "frontend.reference"
    label = "frontend_reference"
