"""Writes for recruitment agencies: the licence (number and dates), the status with its reason and
history, inspections, the ranking, and the licence expiry reminders.

Every service checks who may act (coordination.agencies.permissions), validates with validation.Checker
(field paths, translated messages), records an audit event in the same transaction and tells the agency's
staff through notifications.services.notify (stored messages, read in each reader's language).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, OrganisationKind, Role, User, normalise_licence_number
from accounts.permissions import require
from accounts.services import licence_number_guard, licence_number_holder, licence_number_taken_message
from audit.models import AuditEvent
from audit.services import audit_record
from coordination.agencies import permissions as perms
from coordination.agencies.models import (
    AgencyProfile,
    AgencyStatus,
    AgencyStatusChange,
    ExpiryReminder,
    Inspection,
    InspectionOutcome,
)
from coordination.agencies.ranking import Ranking, RankingRecord, compute
from i18n.messages import message, stored
from validation import Checker, date_window, field_of

# How far back an issue or inspection date may lie (a licence runs for years; older records are typing slips).
ISSUED_PAST_YEARS = 20
INSPECTED_PAST_YEARS = 10
# Expiry reminders: the stages, by days left before the expiry date (0 and below: expired).
REMINDER_DAYS = ((30, ExpiryReminder.DAYS_30), (7, ExpiryReminder.DAYS_7))
REMINDER_ORDER = {"": 0, ExpiryReminder.DAYS_30: 1, ExpiryReminder.DAYS_7: 2, ExpiryReminder.EXPIRED: 3}


def _today() -> datetime.date:
    return timezone.localdate()


def agency_link(organisation: Any) -> str:
    """The ministry's page on the agency."""
    return reverse("agency_detail", kwargs={"organisation_id": getattr(organisation, "pk", organisation)})


def agency_own_link() -> str:
    """Where an agency's staff read their own profile."""
    return reverse("agency_own_profile")


def _staff(organisation: Organisation) -> list[User]:
    return list(User.objects.filter(is_active=True, organisation=organisation, role=Role.AGENCY_STAFF))


def _ministry_staff() -> list[User]:
    return list(User.objects.filter(is_active=True, organisation__kind=OrganisationKind.MINISTRY,
                                    organisation__is_active=True,
                                    role__in=[Role.MINISTRY_ADMIN, Role.MINISTRY_REVIEWER]))


def _notify(*, users: Iterable[User], kind: str, title: Any, body: Any, profile: AgencyProfile, link: str) -> None:
    from notifications.services import NotificationTarget, notify

    notify(users=users, kind=kind, title=title, body=body,
           target=NotificationTarget.of(profile, link=link, label=profile.organisation.name))


def _check_agency(e: Checker, organisation: Any) -> bool:
    if organisation is None or getattr(organisation, "kind", None) != OrganisationKind.AGENCY:
        e.add("organisation", _("Choose a recruitment agency."))
        return False
    return True


def _locked_profile(organisation: Organisation) -> AgencyProfile:
    """The agency's profile, locked for the transaction; created (status active, no dates) if missing."""
    profile, _created = AgencyProfile.objects.get_or_create(organisation=organisation)
    locked = AgencyProfile.objects.select_for_update().get(pk=profile.pk)
    locked.organisation = organisation  # the caller's organisation then reads this profile, as saved
    return locked


# ---------------------------------------------------------------------------------------------------
# The licence


def _licence_snapshot(profile: AgencyProfile) -> dict[str, Any]:
    return {"licence_number": profile.organisation.licence_number, "licence_issued_on": profile.licence_issued_on,
            "licence_expires_on": profile.licence_expires_on}


def agency_licence_save(*, actor: Any, organisation: Organisation, licence_number: str,
                        issued_on: datetime.date | None, expires_on: datetime.date | None,
                        reason: str = "") -> AgencyProfile:
    """Record the agency's licence: its number (kept on the organisation) and its issue and expiry dates."""
    require(perms.can_supervise_agencies(actor))
    e = Checker()
    _check_agency(e, organisation)
    today = _today()
    number = normalise_licence_number(e.text("licence_number", licence_number, field_of(Organisation, "licence_number"),
                                             required=_("Give the licence number.")))
    if number and not e.has("licence_number"):
        holder = licence_number_holder(number, exclude=organisation)
        if holder is not None:
            e.add("licence_number", licence_number_taken_message(number, holder))
    if issued_on is None:
        e.add("issued_on", _("Give the date the licence was issued."))
    else:
        issued_on = e.date("issued_on", issued_on, window=(date_window(today, past_years=ISSUED_PAST_YEARS)[0], today))
    if expires_on is None:
        e.add("expires_on", _("Give the date the licence expires."))
    else:
        expires_on = e.date("expires_on", expires_on, window=date_window(today))
    if issued_on and expires_on and expires_on <= issued_on:
        e.add("expires_on", _("The expiry date must be after the issue date (%(issued)s): a licence cannot expire "
                              "on or before the day it was issued.") % {"issued": formats.date_format(
                                  issued_on, "DATE_FORMAT")})
    reason = e.text("reason", reason, field_of(AuditEvent, "reason"))
    e.raise_if_any()
    with licence_number_guard(number, exclude=organisation), transaction.atomic():
        profile = _locked_profile(organisation)
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        organisation.licence_number = org.licence_number
        before = _licence_snapshot(profile)
        if org.licence_number != number:
            org.licence_number = organisation.licence_number = number
            org.save(update_fields=["licence_number"])
        if profile.licence_expires_on != expires_on:
            profile.expiry_reminder, profile.expiry_reminder_for = "", None
        profile.licence_issued_on, profile.licence_expires_on = issued_on, expires_on
        profile.save(update_fields=["licence_issued_on", "licence_expires_on", "expiry_reminder",
                                    "expiry_reminder_for"])
        after = _licence_snapshot(profile)
        if before == after:
            return profile
        audit_record(actor=actor, action="agency.licence", target=profile, before=before, after=after, reason=reason)
        _rank(profile)
        _notify(users=_staff(organisation), kind="agencies.licence", profile=profile, link=agency_own_link(),
                title=message(gettext_lazy("Your agency's licence record is updated")),
                body=message(gettext_lazy("Licence %(number)s, valid from %(issued)s to %(expires)s."),
                             number=number, issued=issued_on, expires=expires_on))
    return profile


# ---------------------------------------------------------------------------------------------------
# Status


STATUS_TITLES = {
    AgencyStatus.ACTIVE: gettext_lazy("Your agency's licence is active again"),
    AgencyStatus.SUSPENDED: gettext_lazy("Your agency's licence is suspended"),
    AgencyStatus.REVOKED: gettext_lazy("Your agency's licence is revoked"),
}


def agency_set_status(*, actor: Any, organisation: Organisation, status: str, reason: str) -> AgencyProfile:
    """Suspend, revoke or restore an agency's licence, with a reason (kept in the status history)."""
    require(perms.can_supervise_agencies(actor))
    e = Checker()
    _check_agency(e, organisation)
    if status not in AgencyStatus.values:
        e.add("status", _("Choose active, suspended or revoked."))
    reason = e.text("reason", reason, field_of(AgencyStatusChange, "reason"),
                    required=_("Say why the agency's status changes."))
    e.raise_if_any()
    with transaction.atomic():
        profile = _locked_profile(organisation)
        if profile.status == status:
            e.add("status", _("The agency is already %(status)s.") % {"status": AgencyStatus(status).label.lower()})
            e.raise_if_any()
        before = {"status": profile.status, "status_reason": profile.status_reason}
        AgencyStatusChange.objects.create(profile=profile, status_from=profile.status, status_to=status,
                                          reason=reason, changed_by=actor if getattr(actor, "pk", None) else None)
        profile.status, profile.status_reason, profile.status_changed_at = status, reason, timezone.now()
        profile.save(update_fields=["status", "status_reason", "status_changed_at"])
        audit_record(actor=actor, action="agency.set_status", target=profile, before=before,
                     after={"status": status, "status_reason": reason}, reason=reason)
        _rank(profile)
        body = (message(gettext_lazy("New allocations and access to job seekers are paused. Reason: %(reason)s"),
                        reason=reason)
                if status != AgencyStatus.ACTIVE else message(gettext_lazy("Reason: %(reason)s"), reason=reason))
        _notify(users=_staff(profile.organisation), kind="agencies.status", profile=profile, link=agency_own_link(),
                title=message(STATUS_TITLES[AgencyStatus(status)]), body=body)
    return profile


# ---------------------------------------------------------------------------------------------------
# Inspections


def inspection_record(*, actor: Any, organisation: Organisation, inspected_on: datetime.date | None,
                      inspector: str, findings: str, outcome: str) -> Inspection:
    """Record an inspection of the agency: when, by whom, what was found and how serious it is."""
    require(perms.can_supervise_agencies(actor))
    e = Checker()
    _check_agency(e, organisation)
    today = _today()
    if inspected_on is None:
        e.add("inspected_on", _("Give the date of the inspection."))
    else:
        inspected_on = e.date("inspected_on", inspected_on,
                              window=(date_window(today, past_years=INSPECTED_PAST_YEARS)[0], today))
    inspector = e.text("inspector", inspector, field_of(Inspection, "inspector"),
                       required=_("Give the inspector's name."))
    findings = e.text("findings", findings, field_of(Inspection, "findings"),
                      required=_("Say what the inspection found (\"no findings\" if nothing)."))
    if outcome not in InspectionOutcome.values:
        e.add("outcome", _("Choose the outcome: compliant, minor, major or critical findings."))
    e.raise_if_any()
    with transaction.atomic():
        profile = _locked_profile(organisation)
        inspection = Inspection.objects.create(
            profile=profile, inspected_on=inspected_on, inspector=inspector, findings=findings, outcome=outcome,
            recorded_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action="agency.inspection", target=profile, after={
            "inspected_on": inspected_on, "inspector": inspector, "outcome": outcome, "findings": findings})
        _rank(profile)
        _notify(users=_staff(profile.organisation), kind="agencies.inspection", profile=profile,
                link=agency_own_link(),
                title=message(gettext_lazy("Inspection of %(date)s recorded: %(outcome)s"), date=inspected_on,
                              outcome=InspectionOutcome(outcome).label),
                body=findings)
    return inspection


# ---------------------------------------------------------------------------------------------------
# Ranking


def _record(profile: AgencyProfile, today: datetime.date) -> RankingRecord:
    return RankingRecord(status=profile.status, licence_expires_on=profile.licence_expires_on,
                         inspections=list(profile.inspections.all()),
                         status_changes=list(profile.status_changes.all()), today=today)


def _rank(profile: AgencyProfile, today: datetime.date | None = None) -> Ranking:
    ranking = compute(_record(profile, today or _today()))
    profile.ranking_score, profile.ranking_tier = ranking.score, ranking.tier
    profile.ranking_reasons = [{"input": d.input, "points": d.points, "reason": stored(d.reason)}
                               for d in ranking.deductions]
    profile.ranking_computed_at = timezone.now()
    profile.save(update_fields=["ranking_score", "ranking_tier", "ranking_reasons", "ranking_computed_at"])
    return ranking


def agency_ranking_compute(*, organisation: Organisation, today: datetime.date | None = None) -> Ranking:
    """Compute and keep the agency's ranking from its record (creating its profile if it has none)."""
    with transaction.atomic():
        return _rank(_locked_profile(organisation), today)


def agencies_rank_all(*, today: datetime.date | None = None) -> int:
    """Recompute every agency's ranking (a licence that expires overnight changes it)."""
    count = 0
    for organisation in Organisation.objects.filter(kind=OrganisationKind.AGENCY).order_by("pk"):
        agency_ranking_compute(organisation=organisation, today=today)
        count += 1
    return count


# ---------------------------------------------------------------------------------------------------
# Expiry reminders


def _stage(expires_on: datetime.date, today: datetime.date) -> str:
    left = (expires_on - today).days
    if left < 0:
        return ExpiryReminder.EXPIRED
    stage = ""
    for days, name in REMINDER_DAYS:
        if left <= days:
            stage = name
    return stage


def agencies_remind_expiry(*, today: datetime.date | None = None) -> list[str]:
    """Remind the agency's staff and the ministry when a licence expires within 30 days, within 7 days, and
    once it has expired: each stage once per expiry date (a renewed licence starts again); running it twice
    on a day sends nothing the second time."""
    day = today or _today()
    due = (AgencyProfile.objects.filter(licence_expires_on__isnull=False,
                                        licence_expires_on__lte=day + datetime.timedelta(days=REMINDER_DAYS[0][0]),
                                        organisation__is_active=True)
           .exclude(status=AgencyStatus.REVOKED)
           .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=day))
           .select_related("organisation").order_by("licence_expires_on", "pk"))
    sent: list[str] = []
    ministry: list[User] | None = None
    for candidate in due:
        stage = _stage(candidate.licence_expires_on, day)
        with transaction.atomic():
            profile = AgencyProfile.objects.select_for_update().select_related("organisation").get(pk=candidate.pk)
            already = profile.expiry_reminder if profile.expiry_reminder_for == profile.licence_expires_on else ""
            if not stage or REMINDER_ORDER[stage] <= REMINDER_ORDER[already] or (
                    profile.reminded_on is not None and profile.reminded_on >= day):
                continue
            profile.expiry_reminder, profile.expiry_reminder_for = stage, profile.licence_expires_on
            profile.reminded_on = day
            profile.save(update_fields=["expiry_reminder", "expiry_reminder_for", "reminded_on"])
            if ministry is None:
                ministry = _ministry_staff()
            org, expires = profile.organisation, profile.licence_expires_on
            if stage == ExpiryReminder.EXPIRED:
                title = message(gettext_lazy("Licence of %(agency)s expired on %(date)s"), agency=org.name,
                                date=expires)
                body = message(gettext_lazy("New allocations and access to job seekers are paused until the "
                                            "licence is renewed and recorded."))
            else:
                title = message(gettext_lazy("Licence of %(agency)s expires on %(date)s"), agency=org.name,
                                date=expires)
                body = message(gettext_lazy("Renew the licence before it expires: once it has, the agency gets no "
                                            "new allocations and no access to job seekers."))
            _notify(users=_staff(org), kind="agencies.expiry", profile=profile, link=agency_own_link(),
                    title=title, body=body)
            _notify(users=ministry, kind="agencies.expiry", profile=profile, link=agency_link(org),
                    title=title, body=body)
        sent.append(org.name)
    return sent
