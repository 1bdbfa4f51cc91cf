from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Accounts pages: an app only so that its templates/ are found; it has no models."""

    name = "frontend.accounts"
    label = "frontend_accounts"
