from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.demo import load_demo_users
from demand.demo import load_demo_demand
from mou.demo import load_demo_agreements
from reference.loader import load_reference


class Command(BaseCommand):
    help = ("Load reference data, demo organisations, one user per role, four illustrative agreements "
            "and demo demand letters.")

    def handle(self, *args: object, **options: object) -> None:
        load_reference()
        admin = load_demo_users()
        created = load_demo_agreements(actor=admin, year=timezone.localdate().year)
        letters = load_demo_demand()
        self.stdout.write(f"Demo data ready ({created} agreements, {letters} demand letters created).")
