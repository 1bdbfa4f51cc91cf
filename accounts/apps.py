from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_remember_language, dispatch_uid="accounts.remember_language")


def _remember_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Signing in records the language the page was in: e-mails and SMS follow the person's language."""
    from django.utils.translation import get_language

    from accounts.services import user_language_set

    if request is not None:
        user_language_set(user=user, language=get_language())
