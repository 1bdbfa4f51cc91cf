"""Synthetic data for the benchmarks: many agreements, each with several versions."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from mou.demo import load_demo_agreements
from mou.models import Agreement
from mou.services import agreement_amend, agreement_create, terms_from_version
from reference.models import Country


def make_agreements(*, actor: Any, count: int, versions: int, year: int) -> int:
    """`count` agreements (cycling through the demo terms and real countries) with `versions` versions each."""
    load_demo_agreements(actor=actor, year=year)
    templates = [terms_from_version(a.versions.order_by("number").first()) for a in Agreement.objects.all()]
    countries = list(Country.objects.exclude(iso2__in=["KH", "TH", "KR", "MY", "JP"]).order_by("iso2"))
    made = Agreement.objects.count()
    i = 0
    while made < count:
        country = countries[i % len(countries)]
        terms = templates[i % len(templates)]
        agreement = agreement_create(
            actor=actor, partner_country=country.iso2, title=f"Synthetic agreement {i + 1} with {country.name}",
            channel="private", terms=terms, status="in_force", illustrative=True,
        )
        for n in range(2, versions + 1):
            amended = dataclasses.replace(
                terms, in_force_from=terms.in_force_from + datetime.timedelta(days=365 * (n - 1)),
                hours_per_week=terms.hours_per_week - (n - 1),
            )
            agreement_amend(actor=actor, agreement=agreement, terms=amended, reason=f"Amendment {n - 1}")
        made += 1
        i += 1
    return made
