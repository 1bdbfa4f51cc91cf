from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Demand pages: an app only so that its templates/ are found; it has no models."""

    name = "frontend.demand"
    label = "frontend_demand"
