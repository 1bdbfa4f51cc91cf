"""Writes to the MoU registry: create an agreement, amend it (a new version), change its status."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_agreements, require
from audit.models import AuditEvent
from audit.services import audit_record
from mou.models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    Branch,
    Channel,
    FeeItem,
    Payer,
    Period,
    PortabilityRule,
    PremiumPayer,
    Protection,
    ProtectionKind,
    Quota,
    RequiredTest,
    TestKind,
    WageFloor,
)
from mou.predicates import sector_chain
from mou.terms import (
    SCALAR_FIELDS,
    FeeItemData,
    PortabilityData,
    ProtectionData,
    QuotaData,
    RequiredTestData,
    VersionTerms,
    WageFloorData,
)
from reference.models import Country, Currency, Occupation, Sector
from reference.selectors import is_destination
from validation import CODE_MAX, Checker, date_window, field_of

# Which status an agreement may move to from each status.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    AgreementStatus.DRAFT: (AgreementStatus.IN_FORCE,),
    AgreementStatus.IN_FORCE: (AgreementStatus.SUSPENDED, AgreementStatus.EXPIRED),
    AgreementStatus.SUSPENDED: (AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED),
    AgreementStatus.EXPIRED: (),
}


_Errors = Checker

# Which model each list of a version's terms is written to (its columns bound the values).
_ROW_MODELS: dict[str, type] = {
    "wage_floors": WageFloor, "required_tests": RequiredTest, "fee_items": FeeItem,
    "protections": Protection, "quotas": Quota, "portability_rules": PortabilityRule,
}
# An agreement's dates may lie far back (agreements of the 2000s are still in force); not centuries.
AGREEMENT_PAST_YEARS = 50


def _checked_terms(e: Checker, terms: VersionTerms) -> VersionTerms:
    """The terms with every value checked against the column it is written to (validation.columns): text
    cleaned and within max_length, numbers in the one format and within the column, dates within
    AGREEMENT_PAST_YEARS before today and 10 years after. A refused value becomes None; the rules below
    skip what is None, so every problem is reported in one round."""
    window = date_window(timezone.localdate(), past_years=AGREEMENT_PAST_YEARS)
    scalars: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        field = field_of(AgreementVersion, name)
        value = getattr(terms, name)
        if isinstance(field, models.DateField):
            scalars[name] = e.date(name, value, window=window)
        else:
            scalars[name] = e.column(name, value, field)
    codes = {name: [e.text(f"{name}[{i}]", code, limit=CODE_MAX) for i, code in enumerate(getattr(terms, name))]
             for name in ("sectors", "occupations")}
    rows: dict[str, list[Any]] = {}
    for name, model in _ROW_MODELS.items():
        checked = []
        for i, row in enumerate(getattr(terms, name)):
            values = {}
            for f in dataclasses.fields(row):
                value = getattr(row, f.name)
                column = model._meta.get_field(f.name)
                values[f.name] = (e.text(f"{name}[{i}].{f.name}", value, limit=CODE_MAX)
                                  if column.is_relation and value is not None
                                  else e.column(f"{name}[{i}].{f.name}", value, column))
            checked.append(dataclasses.replace(row, **values))
        rows[name] = checked
    return dataclasses.replace(terms, **scalars, **codes, **rows)


class _Resolved:
    """Reference rows looked up once for a whole set of terms (no query per row)."""

    def __init__(self, terms: VersionTerms) -> None:
        sector_codes = set(terms.sectors) | {w.sector for w in terms.wage_floors} | {q.sector for q in terms.quotas}
        occ_codes = set(terms.occupations) | {q.occupation for q in terms.quotas if q.occupation}
        cur_codes = (
            {w.currency for w in terms.wage_floors}
            | {f.cap_currency for f in terms.fee_items if f.cap_currency}
            | {p.wage_ceiling_currency for p in terms.portability_rules if p.wage_ceiling_currency}
        )
        self.sectors = {s.code: s for s in Sector.objects.filter(code__in=sector_codes)}
        self.occupations = {o.code: o for o in Occupation.objects.filter(code__in=occ_codes)}
        self.currencies = {c.code: c for c in Currency.objects.filter(code__in={c.upper() for c in cur_codes})}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _known(*values: Any) -> bool:
    return all(v is not None for v in values)


def _validate_terms(terms: VersionTerms) -> tuple[_Resolved, VersionTerms]:  # noqa: C901 — one flat list
    """Every problem with the terms at once; returns the resolved codes and the checked (cleaned) terms."""
    e = _Errors()
    terms = _checked_terms(e, terms)
    refs = _Resolved(terms)
    t = terms

    if _known(t.in_force_from, t.signed_date) and t.in_force_from < t.signed_date:
        e.add("in_force_from", _("An agreement cannot come into force before it is signed."))
    if not terms.sectors:
        e.add("sectors", _("Choose at least one sector the agreement covers."))
    for code in terms.sectors:
        if code not in refs.sectors:
            e.add("sectors", _("%(code)s is not an ISIC Rev.4 section or division.") % {"code": code})
    for code in terms.occupations:
        if code not in refs.occupations:
            e.add("occupations", _("%(code)s is not an ISCO-08 code.") % {"code": code})

    if _known(t.hours_per_day) and not (Decimal("1") <= t.hours_per_day <= Decimal("12")):
        e.add("hours_per_day", _("Normal hours per day must be between 1 and 12."))
    if not _known(t.hours_per_week):
        pass
    elif not (Decimal("1") <= t.hours_per_week <= Decimal("60")):
        e.add("hours_per_week", _("Normal hours per week must be between 1 and 60."))
    elif _known(t.hours_per_day, t.min_weekly_rest_days) and \
            t.hours_per_week > t.hours_per_day * (7 - t.min_weekly_rest_days):
        e.add("hours_per_week", _("Weekly hours exceed daily hours times the working days left after rest days."))
    if _known(t.min_weekly_rest_days) and not (1 <= t.min_weekly_rest_days <= 3):
        e.add("min_weekly_rest_days", _("Workers must have at least one rest day a week (at most three)."))
    if _known(t.overtime_rate) and not (Decimal("1") <= t.overtime_rate <= Decimal("5")):
        e.add("overtime_rate", _("The overtime rate is a multiple of the hourly wage, between 1 and 5 (e.g. 1.5)."))
    if _known(t.contract_min_months) and t.contract_min_months < 1:
        e.add("contract_min_months", _("The shortest contract must be at least one month."))
    if _known(t.contract_max_months, t.contract_min_months) and t.contract_max_months < t.contract_min_months:
        e.add("contract_max_months", _("The longest contract cannot be shorter than the shortest."))
    if _known(t.max_stay_months, t.contract_min_months) and t.max_stay_months < t.contract_min_months:
        e.add("max_stay_months", _("The maximum stay cannot be shorter than the shortest contract."))
    if _known(t.min_age) and not (15 <= t.min_age <= 70):
        e.add("min_age", _("The minimum age must be between 15 and 70."))
    if _known(t.max_age) and (t.max_age > 75 or (_known(t.min_age) and t.max_age < t.min_age)):
        e.add("max_age", _("The maximum age must be at least the minimum age and at most 75."))
    if _known(t.roster_validity_months) and not (1 <= t.roster_validity_months <= 120):
        e.add("roster_validity_months", _("A roster entry must stay valid between 1 and 120 months."))
    if _known(t.review_working_days) and not (1 <= t.review_working_days <= 60):
        e.add("review_working_days", _("The review deadline must be between 1 and 60 working days."))

    covered_ids = {refs.sectors[c].pk for c in set(terms.sectors) if c in refs.sectors}

    def covers(code: str) -> bool:
        """The terms cover the sector: they list it or (a division) its section (mou.predicates.sector_chain)."""
        sector = refs.sectors.get(code)
        return sector is not None and any(sid in covered_ids for sid in sector_chain(sector))

    seen_floor: set[str] = set()
    for i, w in enumerate(terms.wage_floors):
        p = f"wage_floors[{i}]"
        if w.sector not in refs.sectors:
            e.add(f"{p}.sector", _("%(code)s is not an ISIC Rev.4 section or division.") % {"code": w.sector})
        elif not covers(w.sector):
            e.add(f"{p}.sector", _("A wage floor can only be set for a sector the agreement covers."))
        if w.sector in seen_floor:
            e.add(f"{p}.sector", _("This sector already has a wage floor."))
        seen_floor.add(w.sector)
        if w.amount is None:
            if not e.has(f"{p}.amount"):
                e.add(f"{p}.amount", _("The minimum wage must be more than zero."))
        elif w.amount <= 0:
            e.add(f"{p}.amount", _("The minimum wage must be more than zero."))
        if (w.currency or "").upper() not in refs.currencies:
            e.add(f"{p}.currency", _("Choose a currency (ISO 4217 code, e.g. THB)."))
        if w.period not in Period.values:
            e.add(f"{p}.period", _("Choose the period the wage is paid for."))

    for i, t in enumerate(terms.required_tests):
        p = f"required_tests[{i}]"
        if _blank(t.name):
            e.add(f"{p}.name", _("Name the test."))
        if t.kind not in TestKind.values:
            e.add(f"{p}.kind", _("Choose whether this is a language or a skills test."))
        if _blank(t.min_score):
            e.add(f"{p}.min_score", _("Give the minimum score or level."))

    for i, f in enumerate(terms.fee_items):
        p = f"fee_items[{i}]"
        if _blank(f.name):
            e.add(f"{p}.name", _("Name the cost item."))
        if f.payer not in Payer.values:
            e.add(f"{p}.payer", _("Choose who pays this cost."))
        if f.payer == Payer.WORKER:
            if terms.zero_fee:
                e.add(f"{p}.payer", _("Under a zero-fee agreement workers pay no cost items; the employer pays."))
            if f.cap_amount is None:
                if not e.has(f"{p}.cap_amount"):
                    e.add(f"{p}.cap_amount", _("A cost the worker may pay needs a cap."))
            elif f.cap_amount < 0:
                e.add(f"{p}.cap_amount", _("The cap cannot be negative."))
            if (f.cap_currency or "").upper() not in refs.currencies:
                e.add(f"{p}.cap_currency", _("Choose the currency of the cap."))

    seen_prot: set[str] = set()
    for i, pr in enumerate(terms.protections):
        p = f"protections[{i}]"
        if pr.kind not in ProtectionKind.values:
            e.add(f"{p}.kind", _("Choose a protection from the list."))
        if pr.kind in seen_prot:
            e.add(f"{p}.kind", _("This protection is listed twice."))
        seen_prot.add(pr.kind)

    seen_quota: set[tuple[int, str, str | None]] = set()
    for i, q in enumerate(terms.quotas):
        p = f"quotas[{i}]"
        if q.year is not None and not (2000 <= q.year <= 2100):
            e.add(f"{p}.year", _("Give the quota year as four digits, e.g. 2027."))
        if q.sector not in refs.sectors:
            e.add(f"{p}.sector", _("%(code)s is not an ISIC Rev.4 section or division.") % {"code": q.sector})
        elif not covers(q.sector):
            e.add(f"{p}.sector", _("A quota can only be set for a sector the agreement covers."))
        if q.occupation and q.occupation not in refs.occupations:
            e.add(f"{p}.occupation", _("%(code)s is not an ISCO-08 code.") % {"code": q.occupation})
        if (q.cap is None and not e.has(f"{p}.cap")) or (q.cap is not None and q.cap < 0):
            e.add(f"{p}.cap", _("The cap is a number of workers, zero or more."))
        key = (q.year, q.sector, q.occupation or None)
        if key in seen_quota:
            e.add(f"{p}.sector", _("There is already a quota for this year, sector and occupation."))
        seen_quota.add(key)

    for i, r in enumerate(terms.portability_rules):
        p = f"portability_rules[{i}]"
        if r.branch not in Branch.values:
            e.add(f"{p}.branch", _("Choose a benefit branch."))
        if r.premium_payer not in PremiumPayer.values:
            e.add(f"{p}.premium_payer", _("Choose who pays the premium."))
        for name in ("employer_percent", "worker_percent"):
            value = getattr(r, name)
            if value is not None and not (Decimal("0") <= value <= Decimal("100")):
                e.add(f"{p}.{name}", _("A contribution rate is a percentage between 0 and 100."))
        if r.wage_ceiling is not None and (r.wage_ceiling_currency or "").upper() not in refs.currencies:
            e.add(f"{p}.wage_ceiling_currency", _("Choose the currency of the wage ceiling."))
        if r.lump_sum_min_months is not None and not r.lump_sum_on_leaving:
            e.add(f"{p}.lump_sum_min_months", _("Minimum months only apply when a lump sum is paid on leaving."))
        if _blank(r.summary_en):
            e.add(f"{p}.summary_en", _("Write a summary a worker can read, in English."))
        if _blank(r.summary_km):
            e.add(f"{p}.summary_km", _("Write a summary a worker can read, in Khmer."))

    e.raise_if_any()
    return refs, terms


def _write_version(
    *, agreement: Agreement, number: int, terms: VersionTerms, refs: _Resolved, actor: Any, reason: str
) -> AgreementVersion:
    scalars = {name: getattr(terms, name) for name in SCALAR_FIELDS}
    version = AgreementVersion.objects.create(
        agreement=agreement, number=number, reason=reason, created_by=actor if getattr(actor, "pk", None) else None,
        **scalars,
    )
    version.sectors.set([refs.sectors[c] for c in terms.sectors])
    version.occupations.set([refs.occupations[c] for c in terms.occupations])

    def cur(code: str | None) -> Currency | None:
        return refs.currencies[code.upper()] if code else None

    WageFloor.objects.bulk_create(
        WageFloor(version=version, sector=refs.sectors[w.sector], amount=w.amount, currency=cur(w.currency),
                  period=w.period, clause=w.clause)
        for w in terms.wage_floors
    )
    RequiredTest.objects.bulk_create(
        RequiredTest(version=version, name=t.name.strip(), name_km=(t.name_km or "").strip(), kind=t.kind,
                     min_score=t.min_score.strip(), clause=t.clause)
        for t in terms.required_tests
    )
    FeeItem.objects.bulk_create(
        FeeItem(version=version, name=f.name.strip(), name_km=(f.name_km or "").strip(), payer=f.payer,
                cap_amount=f.cap_amount if f.payer == Payer.WORKER else None,
                cap_currency=cur(f.cap_currency) if f.payer == Payer.WORKER else None, clause=f.clause)
        for f in terms.fee_items
    )
    Protection.objects.bulk_create(
        Protection(version=version, kind=p.kind, details=p.details, details_km=p.details_km, clause=p.clause)
        for p in terms.protections
    )
    Quota.objects.bulk_create(
        Quota(version=version, year=q.year, sector=refs.sectors[q.sector],
              occupation=refs.occupations[q.occupation] if q.occupation else None, cap=q.cap, clause=q.clause)
        for q in terms.quotas
    )
    PortabilityRule.objects.bulk_create(
        PortabilityRule(version=version, **{
            **asdict(r), "wage_ceiling_currency": cur(r.wage_ceiling_currency),
        })
        for r in terms.portability_rules
    )
    return version


def agreement_create(
    *,
    actor: Any,
    partner_country: str,
    title: str,
    channel: str,
    terms: VersionTerms,
    status: str = AgreementStatus.DRAFT,
    illustrative: bool = False,
    reason: str = "",
    title_km: str = "",
) -> Agreement:
    """Register an agreement with its first version."""
    require(can_manage_agreements(actor))
    e = _Errors()
    country_code = e.text("partner_country", partner_country, limit=CODE_MAX)
    country = Country.objects.filter(iso2=country_code.upper()).first() if not e.has("partner_country") else None
    if country is None and not e.has("partner_country"):
        e.add("partner_country", _("Choose the partner country."))
    elif country is not None and not is_destination(country.iso2):
        e.add("partner_country", _("%(country)s cannot be an agreement's partner: choose the destination country "
                                   "that signed it.") % {"country": country.local_name})
    title = e.text("title", title, field_of(Agreement, "title"), required=_("Give the agreement a title."))
    title_km = e.text("title_km", title_km, field_of(Agreement, "title_km"))
    if channel not in Channel.values:
        e.add("channel", _("Choose the recruitment channel."))
    if status not in (AgreementStatus.DRAFT, AgreementStatus.IN_FORCE):
        e.add("status", _("A new agreement starts as a draft or in force."))
    reason = e.text("reason", reason, field_of(AgreementVersion, "reason"))
    try:
        refs, terms = _validate_terms(terms)
    except ValidationError as exc:
        e.merge(exc)
    e.raise_if_any()
    with transaction.atomic():
        agreement = Agreement.objects.create(
            partner_country=country, title=title, title_km=title_km or "", channel=channel, status=status,
            illustrative=illustrative,
        )
        _write_version(agreement=agreement, number=1, terms=terms, refs=refs, actor=actor,
                       reason=reason or _("First version"))
        audit_record(
            actor=actor, action="agreement.create", target=agreement,
            after={"title": agreement.title, "title_km": agreement.title_km, "partner_country": country.iso2,
                   "channel": channel, "status": status, **terms.snapshot()},
            reason=reason,
        )
    return agreement


def terms_from_version(version: AgreementVersion) -> VersionTerms:
    """The terms of an existing version, to start an amendment from."""
    return VersionTerms(
        **{name: getattr(version, name) for name in SCALAR_FIELDS},
        sectors=[s.code for s in version.sectors.all()],
        occupations=[o.code for o in version.occupations.all()],
        wage_floors=[
            WageFloorData(sector=w.sector.code, amount=w.amount, currency=w.currency.code, period=w.period,
                          clause=w.clause)
            for w in version.wage_floors.select_related("sector", "currency")
        ],
        required_tests=[
            RequiredTestData(name=t.name, name_km=t.name_km, kind=t.kind, min_score=t.min_score, clause=t.clause)
            for t in version.required_tests.all()
        ],
        fee_items=[
            FeeItemData(name=f.name, name_km=f.name_km, payer=f.payer, cap_amount=f.cap_amount,
                        cap_currency=f.cap_currency.code if f.cap_currency else None, clause=f.clause)
            for f in version.fee_items.select_related("cap_currency")
        ],
        protections=[
            ProtectionData(kind=p.kind, details=p.details, details_km=p.details_km, clause=p.clause)
            for p in version.protections.all()
        ],
        quotas=[
            QuotaData(year=q.year, sector=q.sector.code, cap=q.cap,
                      occupation=q.occupation.code if q.occupation else None, clause=q.clause)
            for q in version.quotas.select_related("sector", "occupation")
        ],
        portability_rules=[
            PortabilityData(
                **{f: getattr(r, f) for f in PortabilityData.__dataclass_fields__ if f != "wage_ceiling_currency"},
                wage_ceiling_currency=r.wage_ceiling_currency.code if r.wage_ceiling_currency else None,
            )
            for r in version.portability_rules.select_related("wage_ceiling_currency")
        ],
    )


def agreement_amend(*, actor: Any, agreement: Agreement, terms: VersionTerms, reason: str,
                    title_km: str | None = None) -> AgreementVersion:
    """Write a new version of the agreement's terms; the previous version stays in force until the day before.
    `title_km`, when given, also (re)writes the agreement's title in Khmer."""
    require(can_manage_agreements(actor))
    e = _Errors()
    reason = e.text("reason", reason, field_of(AgreementVersion, "reason"),
                    required=_("Say why the agreement is amended (e.g. the exchange of letters)."))
    if title_km is not None:
        title_km = e.text("title_km", title_km, field_of(Agreement, "title_km"))
    try:
        refs, terms = _validate_terms(terms)
    except ValidationError as exc:
        e.merge(exc)
    e.raise_if_any()
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.status == AgreementStatus.EXPIRED:
            raise ValidationError({"agreement": [_("An expired agreement cannot be amended.")]})
        latest = locked.versions.order_by("-number").first()
        if latest is not None and terms.in_force_from <= latest.in_force_from:
            raise ValidationError({"in_force_from": [
                _("The amendment must come into force after the current version (from %(date)s).")
                % {"date": latest.in_force_from.isoformat()}
            ]})
        before = terms_from_version(latest).snapshot() if latest else {}
        if latest is not None:
            latest.in_force_to = terms.in_force_from - datetime.timedelta(days=1)
            latest.save(update_fields=["in_force_to"])
        version = _write_version(
            agreement=locked, number=(latest.number + 1) if latest else 1, terms=terms, refs=refs, actor=actor,
            reason=reason.strip(),
        )
        after = terms.snapshot()
        if title_km is not None:
            before["title_km"], after["title_km"] = locked.title_km, title_km
            if title_km != locked.title_km:
                locked.title_km = title_km
                locked.save(update_fields=["title_km"])
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        audit_record(
            actor=actor, action="agreement.amend", target=locked,
            before={"version": latest.number if latest else None, **{k: before.get(k) for k in changed}},
            after={"version": version.number, **{k: after.get(k) for k in changed}},
            reason=reason.strip(),
        )
    return version


def agreement_set_status(*, actor: Any, agreement: Agreement, status: str, reason: str) -> Agreement:
    require(can_manage_agreements(actor))
    checker = _Errors()
    reason = checker.text("reason", reason, field_of(AuditEvent, "reason"), required=_("Say why the status changes."))
    checker.raise_if_any()
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if status not in STATUS_TRANSITIONS.get(locked.status, ()):
            raise ValidationError({"status": [
                _("An agreement that is %(current)s cannot become %(new)s.")
                % {"current": locked.get_status_display(), "new": AgreementStatus(status).label
                   if status in AgreementStatus.values else status}
            ]})
        before = locked.status
        locked.status = status
        locked.save(update_fields=["status"])
        audit_record(actor=actor, action="agreement.set_status", target=locked,
                     before={"status": before}, after={"status": status}, reason=reason.strip())
    return locked
