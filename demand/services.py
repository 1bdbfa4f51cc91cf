"""Writes for employers and demand letters: profiles and accreditation, drafting, screening and
submission, the review workflow, allocation to agencies, and the quota draw-down.

Every service checks who may act (demand.permissions), checks the letter's state against the one
transition table below, writes an audit event in the same transaction, and leaves notifications to
`notifications.services.notify`, which sends e-mail and SMS only once the transaction commits.

Quota arithmetic. Which quota a position draws from is decided in one place, demand.quota: the most
specific quota row of the agreement that covers it (its sector and occupation, else its sector, else for
a division the same on its section). Each quota row is its own pool, counted in one
QuotaUse(agreement, approval year, sector, occupation — empty for a sector-wide row). Approval draws each
position's workers from its pool and records one QuotaDraw per pool. A QuotaUse row holds, for its pool:
  approved  — workers held by letters that are approved or further along (finished letters keep
              only what they used),
  allocated — the part of `approved` given to agencies,
  used      — the part filled (recorded by agencies, or all allocated posts when a letter is filled).
Allocations and filled counts are kept per letter; when a letter draws from several pools they are
spread over its draws in a fixed order (by sector code, the sector-wide pool first, then by occupation
code), so every number is reproducible, and what a letter gives back returns to the pool it came from.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any, NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, Role, User
from accounts.permissions import is_ministry, require
from audit.models import AuditEvent
from audit.services import audit_record
from demand import permissions as perms
from demand.inputs import LetterData, PositionData
from demand.models import (
    Accreditation,
    Allocation,
    Attachment,
    AttachmentKind,
    AttestationStatus,
    DemandLetter,
    EmployerProfile,
    Finding,
    LetterStatus,
    Position,
    PositionCost,
    QuotaDraw,
    QuotaUse,
    ReferenceCounter,
    Severity,
    Sex,
)
from demand.quota import Pool, PoolKey, QuotaBook, pool_key, pool_label, pool_sort_key
from demand.selectors import overdue_q
from demand.workdays import add_working_days
from i18n.messages import message as stored_message
from mou.models import Agreement, AgreementStatus, AgreementVersion, Payer, Period
from mou.selectors import in_force_on
from reference.models import Currency, Occupation, OccupationLevel, Sector
from reference.selectors import public_holidays
from validation import CODE_MAX, Checker, clean_text, date_window, field_of, parse_decimal, parse_int

log = logging.getLogger(__name__)

S = LetterStatus

# ---------------------------------------------------------------------------------------------------
# The transition table: the one place that says which action moves a letter from which states to which.


class Transition(NamedTuple):
    sources: tuple[str, ...]
    target: str
    verb: Any  # lazy translation, completes "it cannot be …"


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition((S.DRAFT, S.RETURNED), S.SUBMITTED, gettext_lazy("submitted")),
    # Submission under an agreement that requires attestation: the labour attaché attests before review.
    "request_attestation": Transition((S.DRAFT, S.RETURNED), S.ATTESTATION, gettext_lazy("submitted")),
    "attest": Transition((S.ATTESTATION,), S.SUBMITTED, gettext_lazy("attested")),
    "refuse_attestation": Transition((S.ATTESTATION,), S.RETURNED, gettext_lazy("refused attestation")),
    "start_review": Transition((S.SUBMITTED,), S.UNDER_REVIEW, gettext_lazy("taken into review")),
    # A decision is taken in one step from the review page: straight from submitted, or after a review start.
    "return": Transition((S.SUBMITTED, S.UNDER_REVIEW), S.RETURNED, gettext_lazy("returned for changes")),
    "approve": Transition((S.SUBMITTED, S.UNDER_REVIEW), S.APPROVED, gettext_lazy("approved")),
    "reject": Transition((S.SUBMITTED, S.UNDER_REVIEW), S.REJECTED, gettext_lazy("rejected")),
    "allocate": Transition((S.APPROVED, S.ALLOCATED), S.ALLOCATED, gettext_lazy("allocated to agencies")),
    "start_recruiting": Transition((S.ALLOCATED,), S.RECRUITING, gettext_lazy("moved to recruiting")),
    "fill": Transition((S.RECRUITING,), S.FILLED, gettext_lazy("marked filled")),
    "close": Transition((S.APPROVED, S.ALLOCATED, S.RECRUITING), S.CLOSED, gettext_lazy("closed")),
    "expire": Transition((S.APPROVED, S.ALLOCATED, S.RECRUITING), S.EXPIRED, gettext_lazy("expired")),
    "revoke": Transition((S.APPROVED, S.ALLOCATED, S.RECRUITING), S.REVOKED, gettext_lazy("revoked")),
}

# status → the statuses it may move to (derived from TRANSITIONS, for pages that show the next steps).
NEXT_STATUSES: dict[str, frozenset[str]] = {
    status: frozenset(t.target for t in TRANSITIONS.values() if status in t.sources) for status in S.values
}
EDITABLE_STATUSES = (S.DRAFT, S.RETURNED)
QUOTA_HOLDING_STATUSES = (S.APPROVED, S.ALLOCATED, S.RECRUITING)
FILLABLE_STATUSES = (S.ALLOCATED, S.RECRUITING)  # filled positions can be recorded
WORK_ACTIONS = ("start_recruiting", "fill")  # the recruitment steps of an allocated letter


# status → whose move it is: the employer's, the ministry's or the allocated agencies' (final statuses: nobody's).
WAITING_ON: dict[str, str] = {
    S.DRAFT: "employer", S.RETURNED: "employer", S.ATTESTATION: "attache",
    S.SUBMITTED: "ministry", S.UNDER_REVIEW: "ministry", S.APPROVED: "ministry",
    S.ALLOCATED: "agency", S.RECRUITING: "agency",
}


def letter_actions(*, letter: DemandLetter, among: tuple[str, ...]) -> list[str]:
    """Those of the actions `among` (keys of TRANSITIONS) that the letter's status allows now, in that order.
    Whether the actor may take them is demand.permissions'; this is only the transition table."""
    return [action for action in among if letter.status in TRANSITIONS[action].sources]

MAX_POSITIONS = 20_000
# A letter's validity (validation.dates): it starts at most a year ago and ends at most ten years ahead; an
# attestation is at most a year old. Further out is a typing mistake, not demand.
LETTER_PAST_YEARS = 1
LETTER_FUTURE_YEARS = 10
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Magic numbers of the file types accepted as attachments: (prefix, content type, extension).
FILE_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


class SubmissionBlocked(ValidationError):
    """Screening found blockers: nothing was submitted. `findings` holds the whole report."""

    def __init__(self, findings: list[Any]) -> None:
        self.findings = findings
        errors: dict[str, list[str]] = {}
        for f in findings:
            if f.severity == Severity.BLOCKER:
                key = f"positions[{f.position_line - 1}]" if f.position_line else NON_FIELD_ERRORS
                errors.setdefault(key, []).append(finding_render(finding=f))
        super().__init__(errors)


_Errors = Checker


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _today() -> datetime.date:
    return timezone.localdate()


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _require_reason(reason: str, message: Any = None, *, column: Any = None) -> str:
    """The reason cleaned (validation): required when `message` is given, within the column it is kept in
    (the letter's decision reason by default; the audit event's for reasons kept only there)."""
    e = Checker()
    text = e.text("reason", reason, column or field_of(DemandLetter, "decision_reason"), required=message)
    e.raise_if_any()
    return text


def finding_render(*, finding: Any) -> str:
    """A finding's message in the active language (Khmer or English)."""
    return finding.message_km if (get_language() or "").startswith("km") else finding.message_en


# ---------------------------------------------------------------------------------------------------
# Notifications


def _notify(*, users: Iterable[User], kind: str, title: Any, body: Any, letter: DemandLetter | None,
            link: str = "") -> None:
    """notify() about a letter (its page is the link) or, with letter None, about nothing in particular."""
    from notifications.services import NotificationTarget, notify

    target = NotificationTarget.of(letter, link=letter_link(letter), label=letter.reference) if letter else None
    notify(users=users, kind=kind, title=title, body=body, link=link, target=target)


def letter_link(letter: DemandLetter) -> str:
    """The letter's page (a path on this site), for notifications."""
    return reverse("demand_detail", kwargs={"letter_id": letter.pk})


def employer_profile_link() -> str:
    """Where an employer's staff see and keep their profile (frontend's `employer_profile` page)."""
    return reverse("employer_profile")


def reviewer_list() -> list[User]:
    """Who reviews demand: active ministry reviewers (the administrators when there are none)."""
    base = User.objects.filter(is_active=True, organisation__kind=OrganisationKind.MINISTRY,
                               organisation__is_active=True)
    found = list(base.filter(role=Role.MINISTRY_REVIEWER))
    return found or list(base.filter(role=Role.MINISTRY_ADMIN))


def attache_list(*, letter: DemandLetter) -> list[User]:
    """Who attests the letter: the active labour attachés covering its employer's country
    (demand.permissions.can_attest_letter)."""
    people = User.objects.filter(is_active=True, role=Role.EMBASSY_OFFICER, organisation__kind=OrganisationKind.EMBASSY,
                                 organisation__is_active=True).select_related("organisation")
    return [person for person in people if perms.can_attest_letter(person, letter)]


def _employer_staff(letter: DemandLetter) -> list[User]:
    return list(User.objects.filter(is_active=True, organisation_id=letter.employer_id, role=Role.EMPLOYER_STAFF))


def _agency_staff(letter: DemandLetter, agency_ids: Iterable[int] | None = None) -> list[User]:
    ids = set(agency_ids) if agency_ids is not None else set(letter.allocations.values_list("agency_id", flat=True))
    if not ids:
        return []
    return list(User.objects.filter(is_active=True, organisation_id__in=ids, role=Role.AGENCY_STAFF))


# ---------------------------------------------------------------------------------------------------
# Employers


def _resolve_sector(sector: Sector | str | None) -> Sector | None:
    if isinstance(sector, Sector):
        return sector
    if _blank(sector):
        return None
    return Sector.objects.filter(code=str(sector).strip().upper()).first()


def employer_profile_save(
    *,
    actor: Any,
    organisation: Organisation,
    legal_name: str,
    registration_number: str,
    address: str,
    sector: Sector | str,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    reason: str = "",
) -> EmployerProfile:
    """Create or update the profile of an employer organisation (its own staff, or the ministry).

    The ministry gives a reason (kept in the audit event) and the employer's staff are told of the change;
    the employer's own staff need none. A new profile starts with accreditation pending; accreditation
    changes only through employer_set_accreditation.
    """
    require(perms.can_edit_employer_profile(actor, organisation))
    for_employer = perms.edits_profile_for_employer(actor, organisation)
    e = _Errors()
    reason = e.text("reason", reason, field_of(AuditEvent, "reason"),
                    required=_("Say why you change this employer's profile.") if for_employer else None)
    if organisation.kind != OrganisationKind.EMPLOYER:
        e.add("organisation", _("Only an employer organisation has an employer profile."))
    required = {
        "legal_name": _("Give the employer's legal name, as registered."),
        "registration_number": _("Give the company registration number."),
        "address": _("Give the employer's address."),
        "contact_name": _("Name the contact person."),
        "contact_email": _("Give the contact person's e-mail address."),
    }
    given = {"legal_name": legal_name, "registration_number": registration_number, "address": address,
             "contact_name": contact_name, "contact_email": contact_email, "contact_phone": contact_phone}
    values: dict[str, Any] = {
        name: e.text(name, value, field_of(EmployerProfile, name), required=required.get(name))
        for name, value in given.items()
    }
    if sector is not None and not isinstance(sector, Sector):
        sector = e.text("sector", sector, limit=CODE_MAX)
    if values["contact_email"] and not e.has("contact_email"):
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            e.add("contact_email", _("Enter a valid e-mail address, e.g. name@example.com."))
    resolved_sector = None if e.has("sector") else _resolve_sector(sector)
    if resolved_sector is None and not e.has("sector"):
        e.add("sector", _("Choose the employer's sector (ISIC Rev.4 section or division)."))
    e.raise_if_any()
    values["sector"] = resolved_sector

    with transaction.atomic():
        profile = EmployerProfile.objects.select_for_update().filter(organisation=organisation).first()
        created = profile is None
        if profile is None:
            profile = EmployerProfile(organisation=organisation)
        before = {} if created else _profile_snapshot(profile)
        for name, value in values.items():
            setattr(profile, name, value)
        profile.save()
        after = _profile_snapshot(profile)
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        audit_record(
            actor=actor, action="employer_profile.create" if created else "employer_profile.update",
            target=profile,
            before={k: v for k, v in before.items() if after.get(k) != v},
            after=changed, reason=reason if for_employer else "",
        )
        if for_employer and changed:
            _notify(
                users=User.objects.filter(is_active=True, organisation=organisation, role=Role.EMPLOYER_STAFF),
                kind="demand.employer_profile",
                title=gettext_lazy("The Ministry changed your employer profile"),
                body=reason, letter=None, link=employer_profile_link(),
            )
    return profile


def _profile_snapshot(profile: EmployerProfile) -> dict[str, Any]:
    return {
        "legal_name": profile.legal_name, "registration_number": profile.registration_number,
        "address": profile.address, "sector": profile.sector.code if profile.sector_id else None,
        "contact_name": profile.contact_name, "contact_email": profile.contact_email,
        "contact_phone": profile.contact_phone,
    }


def employer_set_accreditation(
    *, actor: Any, organisation: Organisation, status: str, until: datetime.date | None = None, reason: str
) -> EmployerProfile:
    """The ministry accredits (optionally until a date), suspends, bans (until a date) or resets to pending."""
    require(perms.can_set_accreditation(actor))
    e = _Errors()
    today = _today()
    if status not in Accreditation.values:
        e.add("status", _("Choose pending, accredited, suspended or banned."))
    reason = e.text("reason", reason, field_of(AuditEvent, "reason"),
                    required=_("Say why the accreditation changes."))
    if status == Accreditation.BANNED and until is None:
        e.add("until", _("Say until when the employer is banned."))
    if until is not None:
        if status in (Accreditation.PENDING, Accreditation.SUSPENDED):
            e.add("until", _("Only an accreditation or a ban has an end date."))
        elif until < today:
            e.add("until", _("The end date cannot be in the past."))
        else:
            e.date("until", until, window=(today, date_window(today)[1]))
    e.raise_if_any()

    with transaction.atomic():
        profile = EmployerProfile.objects.select_for_update().filter(organisation=organisation).first()
        if profile is None:
            raise _fail("organisation", _("This employer has no profile yet: the employer fills it in first."))
        before = _accreditation_snapshot(profile)
        profile.accreditation = status
        profile.accredited_until = until if status == Accreditation.ACCREDITED else None
        profile.banned_until = until if status == Accreditation.BANNED else None
        profile.save(update_fields=["accreditation", "accredited_until", "banned_until"])
        audit_record(actor=actor, action="employer.set_accreditation", target=profile, before=before,
                     after=_accreditation_snapshot(profile), reason=reason)
        _notify(
            users=User.objects.filter(is_active=True, organisation=organisation, role=Role.EMPLOYER_STAFF),
            kind="demand.accreditation",
            title=stored_message(gettext_lazy("Your accreditation is now: %(status)s"),
                          status=Accreditation(profile.accreditation).label),
            body=reason, letter=None,
        )
    return profile


def _accreditation_snapshot(profile: EmployerProfile) -> dict[str, Any]:
    return {"accreditation": profile.accreditation, "accredited_until": profile.accredited_until,
            "banned_until": profile.banned_until}


def organisation_can_submit(*, organisation: Organisation, on: datetime.date | None = None) -> tuple[bool, str]:
    """Whether the employer may submit demand on `on` (today by default), and if not, why."""
    day = on or _today()
    profile = EmployerProfile.objects.filter(organisation_id=organisation.pk).first()
    if profile is None:
        return False, _("The employer has not completed its profile.")
    if profile.banned_until is not None and profile.banned_until >= day:
        return False, _("The employer is banned until %(date)s.") % {"date": profile.banned_until.isoformat()}
    if profile.accreditation != Accreditation.ACCREDITED:
        return False, _("The employer is not accredited (accreditation: %(status)s).") % {
            "status": profile.get_accreditation_display()}
    if profile.accredited_until is not None and profile.accredited_until < day:
        return False, _("The employer's accreditation ended on %(date)s.") % {
            "date": profile.accredited_until.isoformat()}
    return True, ""


def _may_draft(organisation: Organisation, day: datetime.date) -> tuple[bool, str]:
    """Drafting is open to accredited and pending employers that are neither suspended nor banned."""
    profile = EmployerProfile.objects.filter(organisation_id=organisation.pk).first()
    if profile is None:
        return False, _("Complete your employer profile before filing demand.")
    if profile.banned_until is not None and profile.banned_until >= day:
        return False, _("Your organisation is banned until %(date)s.") % {"date": profile.banned_until.isoformat()}
    if profile.accreditation not in (Accreditation.PENDING, Accreditation.ACCREDITED):
        return False, _("Your organisation's accreditation is %(status)s: it cannot file demand.") % {
            "status": profile.get_accreditation_display()}
    return True, ""


# ---------------------------------------------------------------------------------------------------
# Letter data: checked field by field, every error reported at once, codes resolved in bulk


_to_decimal = parse_decimal  # the one number format (validation.numbers)
_to_int = parse_int


def _code(value: Any) -> str:
    """A code as looked up: cleaned (validation.clean_text); "" when it cannot be one (NUL, far too long), so
    that the lookup finds nothing and the position check says why."""
    text = clean_text(value)
    return "" if "\x00" in text or len(text) > CODE_MAX else text


class _Refs:
    """Reference rows for all the codes in a letter, looked up once (three queries in all)."""

    def __init__(self, positions: Sequence[PositionData]) -> None:
        occ = {_code(p.occupation) for p in positions}
        sec = {_code(p.sector).upper() for p in positions}
        cur = {_code(p.wage_currency).upper() for p in positions} | {
            _code(c.currency).upper() for p in positions for c in (p.costs or [])
        }
        self.occupations = {o.code: o for o in Occupation.objects.filter(code__in=occ - {""}).only("id", "code",
                                                                                                   "level")}
        self.sectors = {s.code: s for s in Sector.objects.filter(code__in=sec - {""}).only("id", "code")}
        self.currencies = {c.code: c for c in Currency.objects.filter(code__in=cur - {""}).only("id", "code")}


def _clean_text(e: _Errors, path: str, value: Any, model: Any, name: str, *, required: Any = None) -> str:
    return e.text(path, value, field_of(model, name), required=required)


def _clean_position(e: _Errors, i: int, p: PositionData, refs: _Refs) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One position's values ready for Position(...), and its costs; problems go to `e` as positions[i].field."""
    pre = f"positions[{i}]"
    out: dict[str, Any] = {}

    code = e.text(f"{pre}.occupation", p.occupation, limit=CODE_MAX)
    occupation = refs.occupations.get(code)
    if e.has(f"{pre}.occupation"):
        pass
    elif not code:
        e.add(f"{pre}.occupation", _("Choose the occupation (ISCO-08 unit group, four digits)."))
    elif occupation is None:
        e.add(f"{pre}.occupation", _("%(code)s is not an ISCO-08 code.") % {"code": code})
    elif occupation.level != OccupationLevel.UNIT:
        e.add(f"{pre}.occupation", _("%(code)s is an ISCO-08 group: choose one of its four-digit unit groups.")
              % {"code": code})
    out["occupation"] = occupation

    code = e.text(f"{pre}.sector", p.sector, limit=CODE_MAX).upper()
    out["sector"] = refs.sectors.get(code)
    if e.has(f"{pre}.sector"):
        pass
    elif not code:
        e.add(f"{pre}.sector", _("Choose the sector (ISIC Rev.4 section or division)."))
    elif out["sector"] is None:
        e.add(f"{pre}.sector", _("%(code)s is not an ISIC Rev.4 section or division.") % {"code": code})

    def integer(name: str, low: int, high: int, message: Any, *, optional: bool = False) -> int | None:
        """Within [low, high] and the column's range (validation.Checker.integer)."""
        return e.integer(f"{pre}.{name}", getattr(p, name), field_of(Position, name), low=low, high=high,
                         message=message, optional=optional)

    def decimal(name: str, low: Decimal, high: Decimal, places: int, max_digits: int, message: Any) -> Decimal | None:
        """Within [low, high]; its digits and places are the column's (validation.Checker.decimal)."""
        return e.decimal(f"{pre}.{name}", getattr(p, name), field_of(Position, name), low=low, high=high,
                         message=message)

    out["workers"] = integer("workers", 1, 100_000,
                             gettext_lazy("Give the number of workers, a whole number from 1."))
    out["wage_amount"] = decimal("wage_amount", Decimal("0.01"), Decimal("9999999999"), 2, 12,
                                 gettext_lazy("Give the wage, an amount more than zero."))
    currency_code = _code(p.wage_currency).upper()
    out["wage_currency"] = refs.currencies.get(currency_code)
    if out["wage_currency"] is None:
        e.add(f"{pre}.wage_currency", _("Choose the wage currency (ISO 4217 code, e.g. THB)."))
    out["wage_period"] = str(p.wage_period or "").strip().lower()
    if out["wage_period"] not in Period.values:
        e.add(f"{pre}.wage_period", _("Choose the period the wage is paid for: hour, day, week, month or year."))
    out["hours_per_day"] = decimal("hours_per_day", Decimal("0.5"), Decimal("24"), 1, 4,
                                   gettext_lazy("Give the normal hours per day, between 0.5 and 24."))
    out["days_per_week"] = integer("days_per_week", 1, 7,
                                   gettext_lazy("Give the working days per week, from 1 to 7."))
    out["rest_days_per_week"] = integer("rest_days_per_week", 0, 7,
                                        gettext_lazy("Give the rest days per week, from 0 to 7."))
    if out["days_per_week"] is not None and out["rest_days_per_week"] is not None \
            and out["days_per_week"] + out["rest_days_per_week"] > 7:
        e.add(f"{pre}.rest_days_per_week", _("Working days and rest days together cannot exceed 7."))
    out["overtime_rate"] = decimal("overtime_rate", Decimal("1"), Decimal("10"), 2, 4,
                                   gettext_lazy("Give the overtime rate as a multiple of the hourly wage, e.g. 1.5."))
    out["contract_months"] = integer("contract_months", 1, 120,
                                     gettext_lazy("Give the contract length in months, from 1 to 120."))
    out["experience_months"] = integer("experience_months", 0, 600,
                                       gettext_lazy("Give the experience required in months (0 when none)."),
                                       optional=True) or 0
    out["work_location"] = _clean_text(e, f"{pre}.work_location", p.work_location, Position, "work_location",
                                       required=gettext_lazy("Say where the work is (town, province)."))
    out["skills"] = _clean_text(e, f"{pre}.skills", p.skills, Position, "skills")
    out["language_test"] = _clean_text(e, f"{pre}.language_test", p.language_test, Position, "language_test")
    out["language_min_score"] = _clean_text(e, f"{pre}.language_min_score", p.language_min_score, Position,
                                            "language_min_score")
    if out["language_min_score"] and not out["language_test"]:
        e.add(f"{pre}.language_test", _("Name the language test the minimum score is for."))
    out["required_sex"] = str(p.required_sex or Sex.ANY).strip().lower()
    if out["required_sex"] not in Sex.values:
        e.add(f"{pre}.required_sex", _("Choose any, women only or men only."))
    out["min_age"] = integer("min_age", 15, 99, gettext_lazy("Give the minimum age as a whole number of years."),
                             optional=True)
    out["max_age"] = integer("max_age", 15, 99, gettext_lazy("Give the maximum age as a whole number of years."),
                             optional=True)
    if out["min_age"] is not None and out["max_age"] is not None and out["max_age"] < out["min_age"]:
        e.add(f"{pre}.max_age", _("The maximum age cannot be below the minimum age."))
    out["accommodation"] = bool(p.accommodation)
    out["food"] = bool(p.food)
    out["transport"] = bool(p.transport)

    costs: list[dict[str, Any]] = []
    for j, c in enumerate(p.costs or []):
        cp = f"{pre}.costs[{j}]"
        cost: dict[str, Any] = {
            "name": _clean_text(e, f"{cp}.name", c.name, PositionCost, "name",
                                required=gettext_lazy("Name the cost item.")),
            "payer": str(c.payer or "").strip().lower(),
        }
        if cost["payer"] not in Payer.values:
            e.add(f"{cp}.payer", _("Say who pays this cost: the employer or the worker."))
        cost["amount"] = e.decimal(f"{cp}.amount", c.amount, field_of(PositionCost, "amount"), low=Decimal(0),
                                   message=gettext_lazy("Give the amount, zero or more."))
        cost["currency"] = refs.currencies.get(_code(c.currency).upper())
        if cost["currency"] is None:
            e.add(f"{cp}.currency", _("Choose the currency (ISO 4217 code, e.g. USD)."))
        costs.append(cost)
    return out, costs


class _CleanLetter(NamedTuple):
    fields: dict[str, Any]
    positions: list[tuple[dict[str, Any], list[dict[str, Any]]]]


def _clean_letter(data: LetterData, *, today: datetime.date) -> _CleanLetter:
    e = _Errors()
    fields: dict[str, Any] = {}
    for name, message in (("valid_from", _("Give the date the demand is valid from.")),
                          ("valid_until", _("Give the date the demand is valid until."))):
        value = getattr(data, name)
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            e.add(name, message)
            value = None
        fields[name] = value
    first, last = date_window(today, past_years=LETTER_PAST_YEARS, future_years=LETTER_FUTURE_YEARS)
    if fields["valid_from"] and not (first <= fields["valid_from"] <= last):
        e.add("valid_from", _("A letter's validity starts between %(first)s (a year ago) and %(last)s.")
              % {"first": first.isoformat(), "last": last.isoformat()})
    if fields["valid_until"] and fields["valid_until"] > last:
        e.add("valid_until", _("A letter's validity ends by %(last)s at the latest (%(years)s years from today).")
              % {"last": last.isoformat(), "years": LETTER_FUTURE_YEARS})
    if fields["valid_from"] and fields["valid_until"] and not e.has("valid_until"):
        if fields["valid_until"] < fields["valid_from"]:
            e.add("valid_until", _("The letter cannot end before it starts."))
        elif fields["valid_until"] < today:
            e.add("valid_until", _("The letter's validity has already ended: give a date from today on."))
    attested = data.attestation_date
    if attested is not None and (isinstance(attested, datetime.datetime) or not isinstance(attested, datetime.date)):
        e.add("attestation_date", _("Give the attestation date as a date."))
        attested = None
    elif attested is not None and attested > today:
        e.add("attestation_date", _("The attestation date cannot be in the future."))
    elif attested is not None and attested < first:
        e.add("attestation_date", _("An attestation is at most a year old: %(first)s or later.")
              % {"first": first.isoformat()})
    officer = _clean_text(e, "attestation_officer", data.attestation_officer, DemandLetter, "attestation_officer")
    if attested and not officer:
        e.add("attestation_officer", _("Name the officer who attested the letter."))
    if officer and not attested:
        e.add("attestation_date", _("Give the date the letter was attested."))
    fields["attestation_date"] = attested
    fields["attestation_officer"] = officer

    raw_positions = list(data.positions or [])
    if len(raw_positions) > MAX_POSITIONS:
        e.add("positions", _("A letter can hold at most %(max)s positions; this one has %(count)s. "
                             "Split the demand into several letters.") % {"max": MAX_POSITIONS,
                                                                           "count": len(raw_positions)})
        e.raise_if_any()
    refs = _Refs(raw_positions)
    positions = [_clean_position(e, i, p, refs) for i, p in enumerate(raw_positions)]
    e.raise_if_any()
    return _CleanLetter(fields, positions)


def _write_positions(letter: DemandLetter, positions: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
    """Replace the letter's positions and their costs wholesale (the caller holds the transaction)."""
    PositionCost.objects.filter(position__letter=letter).delete()
    Finding.objects.filter(letter=letter).delete()
    old = Position.objects.filter(letter=letter)
    if {rel.related_model for rel in Position._meta.related_objects} <= {PositionCost, Finding}:
        old._raw_delete(old.db)  # what refers to a position is gone already: one DELETE, no fetching
    else:  # another app refers to positions now: let Django collect (and protect) what it must
        old.delete()
    created = Position.objects.bulk_create(
        [Position(letter=letter, line=i + 1, **fields) for i, (fields, _costs) in enumerate(positions)],
        batch_size=1000,
    )
    if created and created[0].pk is None:  # a backend that cannot return ids from a bulk insert
        ids = dict(Position.objects.filter(letter=letter).values_list("line", "pk"))
        for position in created:
            position.pk = ids[position.line]
    PositionCost.objects.bulk_create(
        [PositionCost(position_id=position.pk, **cost)
         for position, (_fields, costs) in zip(created, positions, strict=True) for cost in costs],
        batch_size=2000,
    )


def _letter_snapshot(letter: DemandLetter, positions: Sequence[tuple[dict[str, Any], Any]] | None = None
                     ) -> dict[str, Any]:
    if positions is None:
        totals = letter.positions.aggregate(n=Sum("workers"))
        count, workers = letter.positions.count(), totals["n"] or 0
    else:
        count, workers = len(positions), sum(f["workers"] for f, _c in positions)
    return {
        "valid_from": letter.valid_from, "valid_until": letter.valid_until,
        "attestation_date": letter.attestation_date, "attestation_officer": letter.attestation_officer,
        "positions": count, "workers": workers,
    }


def _version_in_force(agreement: Agreement, day: datetime.date) -> AgreementVersion | None:
    return agreement.versions.filter(in_force_on(day)).order_by("-in_force_from").first()


def _lock(letter: DemandLetter) -> DemandLetter:
    """The letter, locked for the rest of the transaction. Only its own row: the agreement and employer
    joined in are read, not locked, so work on other letters of the same agreement goes on."""
    return (DemandLetter.objects.select_for_update(of=("self",)).select_related("agreement", "employer")
            .get(pk=letter.pk))


def _check_transition(letter: DemandLetter, action: str) -> Transition:
    t = TRANSITIONS[action]
    if letter.status not in t.sources:
        raise _fail("status", _(
            "This letter is %(current)s, so it cannot be %(verb)s: that is only possible when it is %(sources)s."
        ) % {
            "current": str(S(letter.status).label).lower(), "verb": t.verb,
            "sources": _(" or ").join(str(S(s).label).lower() for s in t.sources),
        })
    return t


def _check_editable(letter: DemandLetter) -> None:
    if letter.status not in EDITABLE_STATUSES:
        raise _fail("status", _(
            "This letter is %(current)s: it can only be changed while it is a draft or returned for changes."
        ) % {"current": str(S(letter.status).label).lower()})


def _reference_prefix(agreement: Agreement, day: datetime.date) -> str:
    return f"DL-{agreement.partner_country.iso2}-{day.year}-"


def _last_reference_number(prefix: str) -> int:
    """The highest number among the letters' references with this prefix (0 when none)."""
    last = (DemandLetter.objects.filter(reference__startswith=prefix)
            .order_by(Length("reference").desc(), "-reference").values_list("reference", flat=True).first())
    return int(last[len(prefix):]) if last and last[len(prefix):].isdigit() else 0


def reference_next(prefix: str) -> str:
    """The next reference for the prefix (e.g. DL-TH-2026-00042), from its counter row, locked until the
    caller's transaction ends: concurrent creates wait for each other instead of colliding. A prefix's first
    use creates its row, seeded from the letters already there."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reference_next must run inside the transaction that saves the letter")
    counter = ReferenceCounter.objects.select_for_update().filter(prefix=prefix).first()
    if counter is None:
        try:
            with transaction.atomic():  # a savepoint: another transaction may create the row first
                ReferenceCounter.objects.create(prefix=prefix, last=_last_reference_number(prefix))
        except IntegrityError:
            pass
        counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:05d}"


# ---------------------------------------------------------------------------------------------------
# Drafting


def letter_create(*, actor: Any, agreement: Agreement, data: LetterData) -> DemandLetter:
    """File a new draft demand letter for the actor's employer under the agreement with its country."""
    require(perms.is_employer_staff(actor), _("Only an employer's staff can file demand."))
    organisation = actor.organisation
    today = _today()
    allowed, why = _may_draft(organisation, today)
    if not allowed:
        raise _fail("employer", why)
    if agreement.partner_country_id != organisation.country_id:
        raise _fail("agreement", _("This agreement is with %(partner)s; your organisation is in %(country)s.") % {
            "partner": agreement.partner_country.name, "country": organisation.country.name})
    if agreement.status != AgreementStatus.IN_FORCE or _version_in_force(agreement, today) is None:
        raise _fail("agreement", _("This agreement is not in force: demand cannot be filed under it."))
    clean = _clean_letter(data, today=today)
    with transaction.atomic():
        letter = DemandLetter(employer=organisation, agreement=agreement, status=S.DRAFT, created_by=actor,
                              **clean.fields)
        letter.reference = reference_next(_reference_prefix(agreement, today))
        letter.save()
        _write_positions(letter, clean.positions)
        audit_record(actor=actor, action="letter.create", target=letter,
                     after={"status": letter.status, **_letter_snapshot(letter, clean.positions)})
    return letter


def letter_data_check(*, data: LetterData) -> None:
    """Check a letter's dates and positions as letter_create and letter_update do, writing nothing: every
    problem at once (ValidationError with field paths). Pages call it for what their forms could read, so that
    a person gets every field and row error in one round."""
    _clean_letter(data, today=_today())


def letter_update(*, actor: Any, letter: DemandLetter, data: LetterData) -> DemandLetter:
    """Replace a draft's (or returned letter's) dates, attestation and positions, all or nothing."""
    require(perms.can_draft_letter(actor, letter))
    clean = _clean_letter(data, today=_today())
    with transaction.atomic():
        locked = _lock(letter)
        _check_editable(locked)
        before = _letter_snapshot(locked)
        for name, value in clean.fields.items():
            setattr(locked, name, value)
        locked.save()
        _write_positions(locked, clean.positions)
        after = _letter_snapshot(locked, clean.positions)
        audit_record(actor=actor, action="letter.update", target=locked,
                     before={k: v for k, v in before.items() if after[k] != v},
                     after={k: v for k, v in after.items() if before[k] != v})
    return locked


def letter_check(*, actor: Any, letter: DemandLetter, data: LetterData) -> None:
    """Raise the ValidationError letter_update would raise for `data`, writing nothing: an import reports
    the service's rules in the same pass as the problems of its file."""
    require(perms.can_draft_letter(actor, letter))
    _clean_letter(data, today=_today())


def _sniff(head: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in FILE_SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def attachment_add(*, actor: Any, letter: DemandLetter, upload: Any, kind: str = AttachmentKind.SIGNED_LETTER
                   ) -> Attachment:
    """Attach the signed letter, the attestation or another document: PDF, PNG or JPEG, at most 10 MB.

    The type is read from the file's first bytes, never from its name or the browser's word.
    """
    require(perms.can_draft_letter(actor, letter))
    if kind not in AttachmentKind.values:
        raise _fail("kind", _("Choose what the document is: the signed letter, the attestation, or other."))
    name = PurePath(clean_text(getattr(upload, "name", "")).replace("\x00", "") or "upload").name[:255] or "upload"
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if not size:
        raise _fail("upload", _("“%(name)s” is empty. Choose the file again.") % {"name": name})
    if size > MAX_ATTACHMENT_BYTES:
        raise _fail("upload", _(
            "“%(name)s” is %(size).1f MB; the largest file accepted is 10 MB. Scan at a lower resolution "
            "(150 dpi is enough) or save the PDF in a compressed form, then upload it again."
        ) % {"name": name, "size": size / (1024 * 1024)})
    upload.seek(0)
    sniffed = _sniff(upload.read(16))
    upload.seek(0)
    if sniffed is None:
        raise _fail("upload", _(
            "“%(name)s” is not a PDF, PNG or JPEG file, whatever its name says. Save or scan the document "
            "as PDF, or photograph it as JPEG or PNG, then upload it again."
        ) % {"name": name})
    content_type, extension = sniffed
    with transaction.atomic():
        locked = _lock(letter)
        _check_editable(locked)
        attachment = Attachment(letter=locked, kind=kind, original_name=name, content_type=content_type,
                                size=size, uploaded_by=actor)
        attachment.file.save(f"{locked.reference}-{uuid.uuid4().hex[:12]}.{extension}", upload, save=False)
        try:
            attachment.save()
            if kind == AttachmentKind.ATTESTATION:
                locked.attestation_document.name = attachment.file.name
                locked.save(update_fields=["attestation_document", "updated_at"])
            audit_record(actor=actor, action="letter.attach", target=locked,
                         after={"attachment": name, "kind": kind, "content_type": content_type, "size": size})
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_remove(*, actor: Any, attachment: Attachment) -> None:
    """Remove a wrong document from a letter that is still a draft (or returned for changes): the letter's
    employer staff. Audited; the file goes from storage once the transaction commits."""
    letter = attachment.letter
    require(perms.can_draft_letter(actor, letter))
    with transaction.atomic():
        locked = _lock(letter)
        _check_editable(locked)
        row = Attachment.objects.select_for_update().filter(pk=attachment.pk, letter=locked).first()
        if row is None:
            raise _fail("attachment", _("This document is no longer attached to the letter."))
        name, kind, stored = row.original_name, row.kind, row.file.name
        row.delete()
        if locked.attestation_document.name == stored:
            locked.attestation_document.name = ""
            locked.save(update_fields=["attestation_document", "updated_at"])
        audit_record(actor=actor, action="letter.attachment_remove", target=locked,
                     before={"attachment": name, "kind": kind})
        storage = row.file.storage
        transaction.on_commit(lambda: storage.delete(stored))


# ---------------------------------------------------------------------------------------------------
# Screening and submission


def _screen(letter: DemandLetter, on: datetime.date) -> list[Any]:
    from demand.screening import screen_letter

    return list(screen_letter(letter, on=on))


def findings_as_seen(*, actor: Any, letter: DemandLetter, findings: Sequence[Any]) -> list[Any]:
    """The findings with only the quota figures the actor may see (demand.permissions.quota_figures): an
    employer's quota finding says what remains and the cap, not what other employers' letters hold."""
    figures = perms.quota_figures(actor, letter.agreement)
    hidden = perms.QUOTA_FIGURES - figures
    out = []
    for f in findings:
        if f.rule == "quota" and hidden and any(k in hidden for k in (f.values or {})):
            f = dataclasses.replace(f, values={k: v for k, v in f.values.items() if k not in hidden})
        out.append(f)
    return out


def letter_precheck(*, actor: Any, letter: DemandLetter) -> list[Any]:
    """Screen the letter against the agreement version in force today, without changing anything. The
    quota figures are those the actor may see (findings_as_seen)."""
    require(perms.can_precheck_letter(actor, letter))
    return findings_as_seen(actor=actor, letter=letter, findings=_screen(letter, _today()))


def _json_safe(values: Any) -> Any:
    return json.loads(json.dumps(values or {}, cls=DjangoJSONEncoder))


def letter_submit(*, actor: Any, letter: DemandLetter) -> DemandLetter:
    """Submit (or resubmit after a return): screen, refuse on any blocker, else record the findings,
    the version judged against and the review deadline, and tell the reviewers."""
    require(perms.can_draft_letter(actor, letter))
    today = _today()
    with transaction.atomic():
        locked = _lock(letter)
        _check_transition(locked, "submit")  # request_attestation has the same sources
        allowed, why = organisation_can_submit(organisation=locked.employer, on=today)
        if not allowed:
            raise _fail("employer", why)
        version = _version_in_force(locked.agreement, today)
        if locked.agreement.status != AgreementStatus.IN_FORCE or version is None:
            raise _fail("agreement", _("This agreement is not in force: demand cannot be submitted under it."))
        if locked.valid_until < today:
            raise _fail("valid_until", _("The letter's validity ended on %(date)s: change its dates first.")
                        % {"date": locked.valid_until.isoformat()})
        positions = {p.line: p for p in locked.positions.only("id", "line")}
        if not positions:
            raise _fail("positions", _("Add at least one position before submitting."))
        findings = _screen(locked, today)
        if any(f.severity == Severity.BLOCKER for f in findings):
            raise SubmissionBlocked(findings_as_seen(actor=actor, letter=locked, findings=findings))

        Finding.objects.filter(letter=locked).delete()
        Finding.objects.bulk_create([
            Finding(letter=locked, position=positions.get(f.position_line) if f.position_line else None,
                    rule=str(f.rule)[:40], severity=f.severity, clause=str(f.clause or "")[:60],
                    values=_json_safe(f.values), message_en=f.message_en, message_km=f.message_km)
            for f in findings
        ])
        before = locked.status
        resubmitted = before == S.RETURNED
        attest_first = bool(version.attestation_required)
        locked.status = _check_transition(locked, "request_attestation" if attest_first else "submit").target
        locked.version = version
        locked.submitted_at = timezone.now()
        # The ministry's clock starts when the letter reaches it: at attestation where one is required.
        locked.review_due = None if attest_first else _review_due(version, today)
        locked.attestation_status = AttestationStatus.REQUESTED if attest_first else AttestationStatus.NOT_REQUIRED
        locked.attested_by, locked.attested_at, locked.attestation_refusal_reason = None, None, ""
        locked.reminded_on = None
        locked.save()
        after: dict[str, Any] = {"status": locked.status, "version": version.number, "warnings": len(findings)}
        if attest_first:
            after["attestation_status"] = locked.attestation_status
        else:
            after["review_due"] = locked.review_due
        audit_record(actor=actor, action="letter.resubmit" if resubmitted else "letter.submit", target=locked,
                     before={"status": before}, after=after)
        workers = locked.positions.aggregate(n=Sum("workers"))["n"]
        if attest_first:
            _notify(users=attache_list(letter=locked), kind="demand.attestation_requested", letter=locked,
                    title=stored_message(gettext_lazy("Demand letter %(ref)s waits for your attestation"),
                                         ref=locked.reference),
                    body=stored_message(gettext_lazy(
                        "%(employer)s, %(workers)s workers. The Ministry reviews it once you attest it."),
                        employer=locked.employer.name, workers=workers or 0))
            _notify(users=_employer_staff(locked), kind="demand.submission_received", letter=locked,
                    title=stored_message(gettext_lazy("Demand letter %(ref)s is submitted"), ref=locked.reference),
                    body=gettext_lazy(
                        "It went to the labour attaché for attestation; the Ministry reviews it after that."))
        else:
            _notify(
                users=reviewer_list(), kind="demand.submitted", letter=locked,
                title=stored_message(gettext_lazy("Demand letter %(ref)s resubmitted for review") if resubmitted
                                     else gettext_lazy("Demand letter %(ref)s submitted for review"),
                                     ref=locked.reference),
                body=stored_message(gettext_lazy("%(employer)s, %(workers)s workers. Review due by %(due)s."),
                                    employer=locked.employer.name, workers=workers or 0, due=locked.review_due),
            )
            _notify(users=_employer_staff(locked), kind="demand.submission_received", letter=locked,
                    title=stored_message(gettext_lazy("Demand letter %(ref)s is submitted"), ref=locked.reference),
                    body=stored_message(gettext_lazy("The Ministry received it and decides by %(due)s."),
                                        due=locked.review_due))
    return locked


def _review_due(version: AgreementVersion, day: datetime.date) -> datetime.date:
    return add_working_days(day, version.review_working_days, holidays=public_holidays(since=day))


# ---------------------------------------------------------------------------------------------------
# Attestation by the labour attaché (where the agreement requires it before review)


def letter_attest(*, actor: Any, letter: DemandLetter) -> DemandLetter:
    """The labour attaché attests the letter: it goes to the Ministry's review, whose deadline starts today.
    The screening rule on attestation is satisfied from now on: its recorded finding is dropped."""
    require(perms.can_attest_letter(actor, letter))
    today = _today()
    with transaction.atomic():
        locked = _lock(letter)
        before = locked.status
        locked.status = _check_transition(locked, "attest").target
        version = locked.version or _version_in_force(locked.agreement, today)
        locked.attestation_status = AttestationStatus.ATTESTED
        locked.attested_by = actor
        locked.attested_at = timezone.now()
        locked.attestation_refusal_reason = ""
        locked.review_due = _review_due(version, today)
        locked.reminded_on = None
        locked.save()
        Finding.objects.filter(letter=locked, rule="attestation").delete()
        _audit_move(actor=actor, letter=locked, action="attest", before=before,
                    attestation_status=locked.attestation_status, review_due=locked.review_due)
        _notify(users=_employer_staff(locked), kind="demand.attested", letter=locked,
                title=stored_message(gettext_lazy("Demand letter %(ref)s is attested"), ref=locked.reference),
                body=stored_message(gettext_lazy("The labour attaché attested it; the Ministry decides by %(due)s."),
                                    due=locked.review_due))
        _notify(users=reviewer_list(), kind="demand.submitted", letter=locked,
                title=stored_message(gettext_lazy("Demand letter %(ref)s attested and submitted for review"),
                                     ref=locked.reference),
                body=stored_message(gettext_lazy("%(employer)s, %(workers)s workers. Review due by %(due)s."),
                                    employer=locked.employer.name,
                                    workers=locked.positions.aggregate(n=Sum("workers"))["n"] or 0,
                                    due=locked.review_due))
    return locked


def letter_refuse_attestation(*, actor: Any, letter: DemandLetter, reason: str) -> DemandLetter:
    """The labour attaché refuses to attest: the letter goes back to the employer with the reason."""
    require(perms.can_attest_letter(actor, letter))
    reason = _require_reason(reason, _("Say why the letter cannot be attested: the employer reads it."),
                             column=field_of(DemandLetter, "attestation_refusal_reason"))
    with transaction.atomic():
        locked = _lock(letter)
        before = locked.status
        locked.status = _check_transition(locked, "refuse_attestation").target
        locked.attestation_status = AttestationStatus.REFUSED
        locked.attested_by = actor
        locked.attested_at = timezone.now()
        locked.attestation_refusal_reason = reason
        locked.save()
        _audit_move(actor=actor, letter=locked, action="refuse_attestation", before=before, reason=reason,
                    attestation_status=locked.attestation_status)
        _notify(users=_employer_staff(locked), kind="demand.attestation_refused", letter=locked,
                title=stored_message(gettext_lazy("Demand letter %(ref)s: attestation refused"),
                                     ref=locked.reference), body=reason)
    return locked


# ---------------------------------------------------------------------------------------------------
# Review


def _audit_move(*, actor: Any, letter: DemandLetter, action: str, before: str, reason: str = "",
                **after: Any) -> None:
    audit_record(actor=actor, action=f"letter.{action}", target=letter, before={"status": before},
                 after={"status": letter.status, **after}, reason=reason)


def letter_start_review(*, actor: Any, letter: DemandLetter) -> DemandLetter:
    require(perms.can_review_letters(actor))
    with transaction.atomic():
        locked = _lock(letter)
        before = locked.status
        locked.status = _check_transition(locked, "start_review").target
        locked.save(update_fields=["status", "updated_at"])
        _audit_move(actor=actor, letter=locked, action="start_review", before=before)
    return locked


def _decide(*, actor: Any, letter: DemandLetter, action: str, reason: str,
            draw: Callable[[DemandLetter], dict[str, int]] | None = None) -> DemandLetter:
    with transaction.atomic():
        locked = _lock(letter)
        before = locked.status
        target = _check_transition(locked, action).target
        drawn = draw(locked) if draw else None
        locked.status = target
        locked.decided_at = timezone.now()
        locked.decided_by = actor if getattr(actor, "pk", None) else None
        locked.decision_reason = reason
        locked.save()
        extra = {"quota": drawn} if drawn is not None else {}
        _audit_move(actor=actor, letter=locked, action=action, before=before, reason=reason, **extra)
        _notify(users=_employer_staff(locked), kind=f"demand.{target}", letter=locked,
                title=stored_message(gettext_lazy("Demand letter %(ref)s: %(status)s"), ref=locked.reference,
                              status=LetterStatus(locked.status).label),
                body=reason)
    return locked


# The decisions that need a reason (the employer reads it), with what to ask for when it is missing.
REASON_REQUIRED: dict[str, Any] = {
    "return": gettext_lazy("Say what the employer must change."),
    "reject": gettext_lazy("Say why the demand is rejected."),
}


def letter_return(*, actor: Any, letter: DemandLetter, reason: str) -> DemandLetter:
    """Send the letter back to the employer for changes; it may be resubmitted."""
    require(perms.can_review_letters(actor))
    reason = _require_reason(reason, str(REASON_REQUIRED["return"]))
    return _decide(actor=actor, letter=letter, action="return", reason=reason)


def letter_reject(*, actor: Any, letter: DemandLetter, reason: str) -> DemandLetter:
    require(perms.can_review_letters(actor))
    reason = _require_reason(reason, str(REASON_REQUIRED["reject"]))
    return _decide(actor=actor, letter=letter, action="reject", reason=reason)


def letter_approve(*, actor: Any, letter: DemandLetter, reason: str = "") -> DemandLetter:
    """Approve the letter and draw its workers from the quota of the approval year, all or nothing."""
    require(perms.can_review_letters(actor))
    return _decide(actor=actor, letter=letter, action="approve", reason=_require_reason(reason),
                   draw=lambda locked: _quota_draw(locked, _today()))


# A reviewer's decisions on a letter, in the order pages offer them, and the service each one runs.
DECISIONS: dict[str, Callable[..., DemandLetter]] = {
    "start_review": lambda *, actor, letter, reason: letter_start_review(actor=actor, letter=letter),
    "approve": letter_approve,
    "return": letter_return,
    "reject": letter_reject,
}


# The decisions a review page offers: one step from a submitted letter (taking it into review first is
# no longer needed; the decision's audit event records the status it was decided from).
DECISIONS_OFFERED = ("approve", "return", "reject")


def letter_decision_list(*, letter: DemandLetter) -> list[str]:
    """The decisions open on the letter in its status (TRANSITIONS), in DECISIONS_OFFERED order."""
    return [d for d in DECISIONS_OFFERED if letter.status in TRANSITIONS[d].sources]


def letter_decide(*, actor: Any, letter: DemandLetter, decision: str, reason: str = "") -> DemandLetter:
    """A reviewer's decision (start_review, approve, return, reject), for both doors: the one map from a
    decision to its service. Return and reject need a reason (ValidationError on `reason`); an approval may
    carry a note; taking into review ignores it."""
    service = DECISIONS.get(str(decision or ""))
    if service is None:
        require(perms.can_review_letters(actor))
        raise _fail("decision", _("Choose a decision: start the review, approve, return or reject."))
    return service(actor=actor, letter=letter, reason=reason or "")


# ---------------------------------------------------------------------------------------------------
# Quota draw-down


def _lock_quota_uses(ids: Iterable[int]) -> dict[int, QuotaUse]:
    """Lock QuotaUse rows in primary-key order, so that concurrent transactions never deadlock."""
    return {qu.pk: qu for qu in QuotaUse.objects.select_for_update().filter(pk__in=set(ids)).order_by("pk")}


def _quota_draw(letter: DemandLetter, today: datetime.date) -> dict[str, int]:
    """Draw each position's workers from its pool (demand.quota) for the approval year, all or nothing."""
    year = today.year
    version = _version_in_force(letter.agreement, today) or letter.version
    book = QuotaBook.load(version, year)
    need: dict[PoolKey, int] = defaultdict(int)
    pools: dict[PoolKey, Pool] = {}
    missing: dict[tuple[str, str], None] = {}
    for position in letter.positions.select_related("sector", "occupation").only(
            "workers", "sector__code", "sector__parent_id", "occupation__code").order_by("line"):
        pool = book.pool_for(position.sector, position.occupation.code)
        if pool is None:
            missing[(position.sector.code, position.occupation.code)] = None
            continue
        need[pool.key] += position.workers
        pools[pool.key] = pool
    if missing:
        raise ValidationError({"quota": [
            _("There is no quota in %(year)s for occupation %(occupation)s in sector %(sector)s: the letter cannot "
              "be approved. Return it so the employer can change the position, or have the agreement's quotas "
              "amended.") % {"sector": sector, "occupation": occupation, "year": year}
            for sector, occupation in sorted(missing)
        ]})
    if not need:
        raise _fail("positions", _("The letter has no positions to approve."))
    # Create missing rows first (in a stable order), then lock them all, then read the counts.
    order = sorted(need, key=lambda key: pools[key].sort_key)
    ids = [QuotaUse.objects.get_or_create(agreement_id=letter.agreement_id, year=year, sector_id=key[0],
                                          occupation_id=key[1])[0].pk
           for key in order]
    uses = _lock_quota_uses(ids)
    by_pool = {pool_key(qu.sector_id, qu.occupation_id): qu for qu in uses.values()}
    problems = []
    for key in order:
        qu, pool = by_pool[key], pools[key]
        if qu.approved + need[key] <= pool.cap:
            continue
        values = {"sector": pool.sector.code, "year": year, "cap": pool.cap, "taken": qu.approved,
                  "left": max(pool.cap - qu.approved, 0), "need": need[key]}
        if pool.occupation is None:
            problems.append(_(
                "Not enough quota for sector %(sector)s in %(year)s: the cap is %(cap)s workers, %(taken)s are "
                "already approved, %(left)s remain, and this letter needs %(need)s."
            ) % values)
        else:
            problems.append(_(
                "Not enough quota for sector %(sector)s, occupation %(occupation)s in %(year)s: the cap is %(cap)s "
                "workers, %(taken)s are already approved, %(left)s remain, and this letter needs %(need)s."
            ) % {**values, "occupation": pool.occupation.code})
    if problems:
        raise ValidationError({"quota": problems})
    for key in order:
        qu = by_pool[key]
        qu.approved += need[key]
        qu.save(update_fields=["approved"])
    QuotaDraw.objects.bulk_create([QuotaDraw(letter=letter, quota_use=by_pool[key], workers=need[key])
                                   for key in order])
    return {pool_label(year, pools[key].sector.code, getattr(pools[key].occupation, "code", None)): need[key]
            for key in order}


def _spread(total: int, capacities: Sequence[int]) -> list[int]:
    """Fill the capacities in order with `total`."""
    out = []
    left = max(total, 0)
    for capacity in capacities:
        take = min(capacity, left)
        out.append(take)
        left -= take
    return out


class _Share(NamedTuple):
    held: int
    allocated: int
    used: int


def _shares(draws: Sequence[QuotaDraw], *, allocated: int, filled: int, finished: bool) -> list[_Share]:
    """What a letter holds in each of its quotas, given its allocated and filled totals.

    A finished letter (filled, closed, expired, revoked) holds only what it used."""
    capacities = [d.workers for d in draws]
    used = _spread(filled, capacities)
    if finished:
        return [_Share(u, u, u) for u in used]
    return [_Share(c, a, u) for c, a, u in zip(capacities, _spread(allocated, capacities), used, strict=True)]


def _draws(letter: DemandLetter) -> list[QuotaDraw]:
    """The letter's draws in pool order (sector code, the sector-wide pool first, then occupation code)."""
    draws = letter.quota_draws.select_related("quota_use__sector", "quota_use__occupation")
    return sorted(draws, key=lambda d: (*pool_sort_key(d.quota_use.sector.code,
                                                       getattr(d.quota_use.occupation, "code", None)), d.pk))


def _allocation_totals(letter: DemandLetter) -> tuple[int, int]:
    totals = letter.allocations.aggregate(workers=Sum("workers"), filled=Sum("filled"))
    return totals["workers"] or 0, totals["filled"] or 0


def _quota_shift(draws: Sequence[QuotaDraw], before: Sequence[_Share], after: Sequence[_Share]) -> dict[str, int]:
    """Apply the difference between two holdings to the locked QuotaUse rows; returns what went back."""
    uses = _lock_quota_uses(d.quota_use_id for d in draws)
    returned: dict[str, int] = {}
    for draw, old, new in zip(draws, before, after, strict=True):
        qu = uses[draw.quota_use_id]
        qu.approved += new.held - old.held
        qu.allocated += new.allocated - old.allocated
        qu.used += new.used - old.used
        qu.save(update_fields=["approved", "allocated", "used"])
        if draw.workers - new.held != draw.returned:
            draw.returned = draw.workers - new.held
            draw.save(update_fields=["returned"])
        if draw.returned:
            returned[pool_label(qu.year, draw.quota_use.sector.code,
                                getattr(draw.quota_use.occupation, "code", None))] = draw.returned
    return returned


# ---------------------------------------------------------------------------------------------------
# After approval: allocation, recruiting, and the end of a letter


def letter_allocate(*, actor: Any, letter: DemandLetter, allocations: Sequence[tuple[Organisation, int]]
                    ) -> DemandLetter:
    """Allocate approved workers to licensed agencies (more may be added while the letter is allocated)."""
    require(perms.can_review_letters(actor))
    e = _Errors()
    wanted: dict[int, tuple[Organisation, int]] = {}
    if not allocations:
        e.add("allocations", _("Choose at least one agency and the number of positions it gets."))
    for i, (agency, workers) in enumerate(allocations):
        path = f"allocations[{i}]"
        agency_ok = False
        if agency is None or agency.kind != OrganisationKind.AGENCY:
            e.add(f"{path}.agency", _("Choose a recruitment agency."))
        elif not perms.is_licensed_agency(agency):
            e.add(f"{path}.agency", _("%(agency)s is not a licensed, active agency: %(why)s") % {
                "agency": agency.name, "why": perms.licence_problem(agency)})
        elif agency.pk in wanted:
            e.add(f"{path}.agency", _("%(agency)s is listed twice.") % {"agency": agency.name})
        else:
            agency_ok = True
        count = e.integer(f"{path}.workers", workers, field_of(Allocation, "workers"), low=1,
                          message=_("Give the number of positions, a whole number from 1."))
        if count is not None and agency_ok:
            wanted[agency.pk] = (agency, count)
    e.raise_if_any()
    with transaction.atomic():
        locked = _lock(letter)
        before_status = locked.status
        _check_transition(locked, "allocate")
        draws = _draws(locked)
        approved = sum(d.workers for d in draws)
        allocated, filled = _allocation_totals(locked)
        adding = sum(n for _a, n in wanted.values())
        if allocated + adding > approved:
            raise _fail("allocations", _(
                "This letter has %(approved)s approved workers and %(allocated)s already allocated: at most "
                "%(left)s more can be allocated, not %(adding)s."
            ) % {"approved": approved, "allocated": allocated, "left": approved - allocated, "adding": adding})
        existing = {a.agency_id: a for a in locked.allocations.select_for_update()}
        for agency_id, (agency, count) in wanted.items():
            row = existing.get(agency_id)
            if row is None:
                Allocation.objects.create(letter=locked, agency=agency, workers=count, created_by=actor)
            else:
                row.workers += count
                row.save(update_fields=["workers"])
        _quota_shift(draws, _shares(draws, allocated=allocated, filled=filled, finished=False),
                     _shares(draws, allocated=allocated + adding, filled=filled, finished=False))
        locked.status = S.ALLOCATED
        locked.save(update_fields=["status", "updated_at"])
        _audit_move(actor=actor, letter=locked, action="allocate", before=before_status,
                    allocations={agency.name: count for agency, count in wanted.values()},
                    allocated=allocated + adding)
        _notify(users=_agency_staff(locked, wanted), kind="demand.allocated", letter=locked,
                title=stored_message(gettext_lazy("Demand letter %(ref)s allocated to your agency"),
                                     ref=locked.reference),
                body=stored_message(gettext_lazy("%(employer)s: see the positions allocated to you."),
                             employer=locked.employer.name))
        _notify(users=_employer_staff(locked), kind="demand.allocated", letter=locked,
                title=stored_message(gettext_lazy("Demand letter %(ref)s allocated to agencies"), ref=locked.reference),
                body=", ".join(f"{agency.name}: {count}" for agency, count in wanted.values()))
    return locked


def letter_start_recruiting(*, actor: Any, letter: DemandLetter) -> DemandLetter:
    require(perms.can_work_letter(actor, letter))
    with transaction.atomic():
        locked = _lock(letter)
        before = locked.status
        locked.status = _check_transition(locked, "start_recruiting").target
        locked.save(update_fields=["status", "updated_at"])
        _audit_move(actor=actor, letter=locked, action="start_recruiting", before=before)
    return locked


def allocation_set_filled(*, actor: Any, allocation: Allocation, filled: int) -> Allocation:
    """Record how many of an agency's allocated positions are filled (counts as quota used)."""
    require(is_ministry(actor) or perms.is_agency_staff(actor, allocation.agency_id))
    count = _to_int(filled)
    with transaction.atomic():
        locked = _lock(allocation.letter)
        if locked.status not in FILLABLE_STATUSES:
            raise _fail("status", _("Filled positions can only be recorded while the letter is allocated or "
                                    "recruiting; it is %(current)s.") % {"current": locked.get_status_display()})
        row = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if count is None or not (0 <= count <= row.workers):
            raise _fail("filled", _("Give a number from 0 to %(max)s, the positions allocated.")
                        % {"max": row.workers})
        draws = _draws(locked)
        allocated, filled_before = _allocation_totals(locked)
        filled_after = filled_before - row.filled + count
        _quota_shift(draws, _shares(draws, allocated=allocated, filled=filled_before, finished=False),
                     _shares(draws, allocated=allocated, filled=filled_after, finished=False))
        before = row.filled
        row.filled = count
        row.save(update_fields=["filled"])
        audit_record(actor=actor, action="allocation.set_filled", target=locked,
                     # agency_id (on both sides, so not listed as a change): the letter's timeline shows an
                     # agency the events of its own allocation only
                     before={"agency": row.agency.name, "agency_id": row.agency_id, "filled": before},
                     after={"agency": row.agency.name, "agency_id": row.agency_id, "filled": count})
    return row


def _finish(*, actor: Any, letter: DemandLetter, action: str, reason: str,
            check: Callable[[DemandLetter], None] | None = None) -> DemandLetter:
    """End an approved letter (filled, closed, expired, revoked) and return what it did not use."""
    with transaction.atomic():
        locked = _lock(letter)
        before = locked.status
        target = _check_transition(locked, action).target
        if check:
            check(locked)
        draws = _draws(locked)
        allocated, filled = _allocation_totals(locked)
        old = _shares(draws, allocated=allocated, filled=filled, finished=False)
        if action == "fill":
            # Filled: every allocated post is taken; what was never allocated goes back.
            locked.allocations.update(filled=F("workers"))
            filled = allocated
        returned = _quota_shift(draws, old, _shares(draws, allocated=allocated, filled=filled, finished=True))
        locked.status = target
        if reason:
            locked.decision_reason = reason
        locked.save(update_fields=["status", "decision_reason", "updated_at"])
        _audit_move(actor=actor, letter=locked, action=action, before=before, reason=reason,
                    filled=filled, returned_to_quota=returned)
        _notify(users=_employer_staff(locked) + _agency_staff(locked), kind=f"demand.{target}", letter=locked,
                title=stored_message(gettext_lazy("Demand letter %(ref)s: %(status)s"), ref=locked.reference,
                              status=LetterStatus(locked.status).label),
                body=reason)
    return locked


def letter_fill(*, actor: Any, letter: DemandLetter) -> DemandLetter:
    """Every allocated position is filled: the letter is done; unallocated workers go back to the quota."""
    require(perms.can_work_letter(actor, letter))
    return _finish(actor=actor, letter=letter, action="fill", reason="")


def letter_close(*, actor: Any, letter: DemandLetter, reason: str) -> DemandLetter:
    """Stop recruiting early (ministry, or the employer withdrawing): unused workers go back to the quota."""
    require(perms.can_close_letter(actor, letter))
    reason = _require_reason(reason, _("Say why the demand is closed."))
    return _finish(actor=actor, letter=letter, action="close", reason=reason)


def letter_revoke(*, actor: Any, letter: DemandLetter, reason: str) -> DemandLetter:
    """Withdraw an approval (ministry): unused workers go back to the quota."""
    require(perms.can_review_letters(actor))
    reason = _require_reason(reason, _("Say why the approval is revoked."))
    return _finish(actor=actor, letter=letter, action="revoke", reason=reason)


def letter_expire(*, actor: Any = None, letter: DemandLetter) -> DemandLetter:
    """The letter's validity has passed (the daily task, actor None, or ministry staff)."""
    if actor is not None:
        require(is_ministry(actor))
    today = _today()

    def passed(locked: DemandLetter) -> None:
        if locked.valid_until >= today:
            raise _fail("valid_until", _("This letter is valid until %(date)s: it has not expired yet.")
                        % {"date": locked.valid_until.isoformat()})

    reason = _("The letter's validity ended on %(date)s.") % {"date": letter.valid_until.isoformat()}
    return _finish(actor=actor, letter=letter, action="expire", reason=reason, check=passed)


# ---------------------------------------------------------------------------------------------------
# Daily jobs (called by demand.tasks)


def letters_expire_due(*, today: datetime.date | None = None) -> list[str]:
    """Expire every approved, allocated or recruiting letter whose validity has passed. Idempotent."""
    day = today or _today()
    done = []
    for letter in DemandLetter.objects.filter(status__in=QUOTA_HOLDING_STATUSES, valid_until__lt=day).order_by("pk"):
        try:
            letter_expire(actor=None, letter=letter)
        except ValidationError:  # changed state meanwhile (e.g. closed by someone): nothing to do
            continue
        done.append(letter.reference)
    return done


def letters_remind_overdue(*, today: datetime.date | None = None) -> list[str]:
    """Remind reviewers of each letter past its review deadline, once per letter per day."""
    day = today or _today()
    not_reminded = Q(reminded_on__isnull=True) | Q(reminded_on__lt=day)
    overdue = (DemandLetter.objects.filter(overdue_q(day), not_reminded).select_related("employer")
               .order_by("review_due", "pk"))
    sent = []
    people = None
    for letter in overdue:
        with transaction.atomic():
            claimed = DemandLetter.objects.filter(overdue_q(day), not_reminded, pk=letter.pk).update(reminded_on=day)
            if not claimed:
                continue
            if people is None:
                people = reviewer_list()
            _notify(users=people, kind="demand.review_overdue", letter=letter,
                    title=stored_message(gettext_lazy("Review overdue: demand letter %(ref)s"), ref=letter.reference),
                    body=stored_message(gettext_lazy("%(employer)s's letter was due for a decision on %(due)s."),
                                 employer=letter.employer.name, due=letter.review_due))
        sent.append(letter.reference)
    return sent

