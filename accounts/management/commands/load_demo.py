"""`manage.py load_demo`: the reference data, then each installed app's demo data, in INSTALLED_APPS order.

An app takes part by giving its `demo` module a `load_demo() -> str` that creates what is missing (running
it twice changes nothing) and says what it did. The command finds them by name rather than importing them,
so that accounts, a shared app, depends on no domain app (the import contracts in pyproject.toml).
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

from reference.loader import load_reference


class Command(BaseCommand):
    help = ("Load the reference data, then each app's demo data: organisations and one user per role, the "
            "illustrative agreements, demo demand letters.")

    def handle(self, *args: object, **options: object) -> None:
        load_reference()
        done = []
        for app in apps.get_app_configs():
            if not module_has_submodule(app.module, "demo"):
                continue
            loader = getattr(import_module(f"{app.name}.demo"), "load_demo", None)
            if loader is not None:
                done.append(loader())
        self.stdout.write("Demo data ready (" + ", ".join(d for d in done if d) + ").")
