from django.core.management.base import BaseCommand

from reference.loader import load_reference


class Command(BaseCommand):
    help = "Load ISCO-08, ISIC Rev.4, countries, provinces, languages and currencies (safe to re-run)."

    def handle(self, *args: object, **options: object) -> None:
        counts = load_reference()
        self.stdout.write(", ".join(f"{n} {k}" for k, n in counts.items()))
