from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Background jobs pages: an app only so that its templates/ are found; it has no models."""

    name = "frontend.jobs"
    label = "frontend_jobs"
