from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Job-seeker pages: an app only so that its templates/ are found; it has no models."""

    name = "frontend.jobseekers"
    label = "frontend_jobseekers"
