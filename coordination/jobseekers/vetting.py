"""Vetting: counsellors record the evidence they saw; the seeker's eligibility for every agreement in force is
then computed again (coordination.jobseekers.eligibility) and the rosters follow from it.

- A seeker who now meets every requirement of an agreement enters its roster for the agreement's roster
  validity (roster_validity_months, cited by roster_clause).
- A seeker on a roster whose new evidence fails a requirement of that agreement (a failed medical check, a
  test below the minimum) is taken off it.
- An entry past its validity expires (the daily task, roster_expire_due); 30 days before, and on expiry, the
  seeker's counsellors are notified and the seeker gets an SMS in Khmer, a tracked delivery (roster_remind_due,
  roster_expire_due).
- JobSeeker.vetting_status: "vetted" while on a roster, "in progress" once any evidence is recorded, else
  "not vetted".

Every write is transactional and audited; bad input raises ValidationError with every problem by field.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.permissions import require
from audit.services import audit_record
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.eligibility import (
    AgreementEligibility,
    eligibility_for,
    roster_end,
    seeker_eligibility,
    seeker_facts,
    seeker_prefetch,
    versions_in_force,
)
from coordination.jobseekers.models import (
    EvidenceKind,
    EvidenceResult,
    JobSeeker,
    LanguageSkill,
    LanguageTest,
    RosterEntry,
    RosterStatus,
    VettingEvidence,
    VettingStatus,
)
from i18n.messages import message, render
from mou.models import Agreement
from notifications.services import notify, notify_phone
from reference.models import Language
from validation.columns import Checker, field_of
from validation.dates import date_window

# How long before a roster entry's end the seeker and their counsellors are reminded.
REMINDER_DAYS = 30
# How far back a piece of evidence may date (a police clearance or a test taken years ago is still a record).
EVIDENCE_PAST_YEARS = 10

# The language a test result is in, for the seeker's language list (ISO 639-1).
TEST_LANGUAGE = {
    LanguageTest.EPS_TOPIK: "ko", LanguageTest.JLPT: "ja", LanguageTest.JFT_BASIC: "ja",
    LanguageTest.IELTS: "en", LanguageTest.TOEIC: "en", LanguageTest.THAI: "th",
}

_WHOLE = re.compile(r"^[0-9]{1,4}$")
_JLPT = re.compile(r"^N\s*([1-5])$", re.IGNORECASE)
_IELTS = re.compile(r"^[0-9](\.[05])?$")


def _score_problem(test: str, score: str) -> tuple[str, Any] | None:
    """(normalised score, None) when the score has the test's format, else (score, the message)."""
    if test in (LanguageTest.EPS_TOPIK, LanguageTest.TOEIC, LanguageTest.JFT_BASIC):
        low, high = {LanguageTest.EPS_TOPIK: (0, 200), LanguageTest.TOEIC: (10, 990),
                     LanguageTest.JFT_BASIC: (10, 250)}[test]
        if not _WHOLE.match(score) or not (low <= int(score) <= high):
            return score, gettext("A %(test)s score is a whole number from %(low)s to %(high)s.") % {
                "test": test, "low": low, "high": high}
        return str(int(score)), None
    if test == LanguageTest.IELTS:
        if not _IELTS.match(score) or float(score) > 9:
            return score, gettext("An IELTS band is a number from 0 to 9 in steps of 0.5 (for example 6.5).")
        return score, None
    if test == LanguageTest.JLPT:
        match = _JLPT.match(score)
        if not match:
            return score, gettext("A JLPT level is N1, N2, N3, N4 or N5.")
        return f"N{match.group(1)}", None
    return score, None


def _check_evidence(*, kind: Any, result: Any, on_date: Any, valid_until: Any, test: Any, test_name: Any,
                    score: Any, reference: Any, notes: Any, today: datetime.date) -> dict[str, Any]:
    e = Checker()
    F = VettingEvidence  # noqa: N806
    kind = (kind or "").strip() if isinstance(kind, str) else kind
    if kind not in EvidenceKind.values:
        e.add("kind", gettext("Choose what the evidence is: identity, test result, medical check, orientation or "
                         "police clearance."))
    result = (result or EvidenceResult.PASSED) if isinstance(result, str) or result is None else result
    if result not in EvidenceResult.values:
        e.add("result", gettext("Choose the result: passed or failed."))
    first, last = date_window(today, past_years=EVIDENCE_PAST_YEARS, future_years=0)
    on_date = e.date("on_date", on_date, window=(first, last), message=gettext("Give the date of the evidence."))
    valid_until = e.date("valid_until", valid_until, window=date_window(today, past_years=EVIDENCE_PAST_YEARS),
                         optional=True)
    if on_date is not None and valid_until is not None and valid_until < on_date:
        e.add("valid_until", gettext("The validity cannot end before the date of the evidence."))
    if (kind == EvidenceKind.MEDICAL and result == EvidenceResult.PASSED and valid_until is None
            and not e.has("valid_until")):
        e.add("valid_until", gettext("Give the date until which the medical check is valid."))
    test = e.text("test", test or "", field_of(F, "test"))
    test_name = e.text("test_name", test_name or "", field_of(F, "test_name"))
    score = e.text("score", score or "", field_of(F, "score"))
    if kind == EvidenceKind.TEST:
        if test and test not in LanguageTest.values:
            e.add("test", gettext("Choose a test from the list, or name it under “test name”."))
        elif not test and not test_name:
            e.add("test", gettext("Say which test the result is for."))
        if test in TEST_LANGUAGE and test != LanguageTest.THAI:
            if not score:
                e.add("score", gettext("Give the score or level the result shows."))
            else:
                score, problem = _score_problem(test, score)
                if problem:
                    e.add("score", problem)
    elif kind in EvidenceKind.values and (test or test_name or score):
        for path, value in (("test", test), ("test_name", test_name), ("score", score)):
            if value:
                e.add(path, gettext("Only a test result has a test and a score."))
    reference = e.text("reference", reference or "", field_of(F, "reference"))
    notes = e.text("notes", notes or "", field_of(F, "notes"))
    e.raise_if_any()
    return {"kind": kind, "result": result, "on_date": on_date, "valid_until": valid_until, "test": test,
            "test_name": test_name, "score": score, "reference": reference, "notes": notes}


def _snapshot(item: VettingEvidence) -> dict[str, Any]:
    return {"kind": item.kind, "result": item.result, "on_date": item.on_date.isoformat(),
            "valid_until": item.valid_until.isoformat() if item.valid_until else None,
            "test": item.test, "test_name": item.test_name, "score": item.score, "reference": item.reference}


def _entry_snapshot(entry: RosterEntry) -> dict[str, Any]:
    return {"agreement": entry.agreement_id, "version": entry.version_id, "entered_on": entry.entered_on.isoformat(),
            "valid_until": entry.valid_until.isoformat(), "status": entry.status}


def _update_language(seeker: JobSeeker, item: VettingEvidence) -> None:
    code = TEST_LANGUAGE.get(item.test)
    if not code:
        return
    language = Language.objects.filter(code=code).first()
    if language is None:
        return
    skill = LanguageSkill.objects.filter(seeker=seeker, language=language, test=item.test).first()
    if skill is None:
        skill = LanguageSkill(seeker=seeker, language=language, test=item.test)
    skill.score = item.score
    skill.taken_on = item.on_date
    skill.valid_until = item.valid_until
    skill.save()


def _vetting_status(seeker: JobSeeker, today: datetime.date) -> str:
    if seeker.roster_entries.filter(status=RosterStatus.ACTIVE, valid_until__gte=today).exists():
        return VettingStatus.VETTED
    if seeker.evidence.exists():
        return VettingStatus.IN_PROGRESS
    return VettingStatus.NOT_VETTED


def seeker_vetting_status_refresh(seeker: JobSeeker, *, today: datetime.date | None = None) -> str:
    """Store the seeker's vetting status as the evidence and rosters now say."""
    status = _vetting_status(seeker, today or timezone.localdate())
    if seeker.vetting_status != status:
        JobSeeker.objects.filter(pk=seeker.pk).update(vetting_status=status)
        seeker.vetting_status = status
    return status


def _enter(actor: Any, seeker: JobSeeker, result: AgreementEligibility, today: datetime.date) -> RosterEntry:
    version = result.version
    entry = RosterEntry.objects.create(seeker=seeker, agreement=result.agreement, version=version, entered_on=today,
                                       valid_until=roster_end(version, today, result.met_until), entered_by=actor)
    audit_record(actor=actor, action="jobseeker.roster_enter", target=seeker, after={
        **_entry_snapshot(entry), "clause": version.roster_clause})
    return entry


def _remove(actor: Any, entry: RosterEntry, reason: str) -> None:
    before = _entry_snapshot(entry)
    entry.status = RosterStatus.REMOVED
    entry.save(update_fields=["status"])
    audit_record(actor=actor, action="jobseeker.roster_remove", target=entry.seeker, before=before,
                 after=_entry_snapshot(entry), reason=reason)


def _rebound(actor: Any, entry: RosterEntry, result: AgreementEligibility) -> None:
    """Move an active entry's end to where its evidence now says (a newer police clearance lasts longer, a
    newer medical check sooner), never past the roster validity counted from its start."""
    end = roster_end(entry.version, entry.entered_on, result.met_until)
    if end == entry.valid_until:
        return
    before = _entry_snapshot(entry)
    entry.valid_until = end
    entry.reminded_on = None
    entry.save(update_fields=["valid_until", "reminded_on"])
    audit_record(actor=actor, action="jobseeker.roster_bound", target=entry.seeker, before=before,
                 after=_entry_snapshot(entry))


def roster_sync(*, actor: Any, seeker: JobSeeker, today: datetime.date | None = None
                ) -> list[AgreementEligibility]:
    """Eligibility again for every agreement in force, and the rosters it implies: enter the agreements whose
    every requirement is met, leave those where a requirement is no longer met (failed, expired, or new), and
    keep each remaining entry's end within its evidence's validity. Runs inside the caller's transaction; returns
    the eligibility it computed (roster entries as they now are)."""
    day = today or timezone.localdate()
    results = seeker_eligibility(seeker, versions=versions_in_force(day), today=day)
    active = {e.agreement_id: e for e in RosterEntry.objects.select_for_update().filter(
        seeker=seeker, status=RosterStatus.ACTIVE).select_related("seeker")}
    for result in results:
        entry = active.get(result.agreement.pk)
        if entry is not None and entry.valid_until < day:
            # Past its end and not yet expired by the daily task: expire it here, so a new entry can follow.
            RosterEntry.objects.filter(pk=entry.pk).update(status=RosterStatus.EXPIRED)
            entry.status = RosterStatus.EXPIRED
            audit_record(actor=actor, action="jobseeker.roster_expire", target=seeker, after=_entry_snapshot(entry))
            entry = None
        if result.eligible and entry is None:
            result.roster_entry = _enter(actor, seeker, result, day)
        elif entry is not None and result.missing:
            _remove(actor, entry, render(message(_("No longer meets: %(what)s"), what="; ".join(
                str(r.message) for r in result.missing)), "en"))
            result.roster_entry = None
        elif entry is not None:
            _rebound(actor, entry, result)
            result.roster_entry = entry
    seeker_vetting_status_refresh(seeker, today=day)
    return results


def evidence_record(*, actor: Any, seeker: JobSeeker, kind: str, result: str = EvidenceResult.PASSED,
                    on_date: Any = None, valid_until: Any = None, test: str = "", test_name: str = "",
                    score: str = "", reference: str = "", notes: str = "", today: datetime.date | None = None
                    ) -> VettingEvidence:
    """Record one piece of vetting evidence a counsellor saw; then eligibility and rosters follow
    (roster_sync). A test result also updates the seeker's language list. The owning job centre's counsellors
    and ministry staff may record evidence."""
    require(perms.can_vet(actor, seeker),
            gettext("Only counsellors of the seeker's job centre and ministry staff can record vetting evidence."))
    day = today or timezone.localdate()
    clean = _check_evidence(kind=kind, result=result, on_date=on_date, valid_until=valid_until, test=test,
                            test_name=test_name, score=score, reference=reference, notes=notes, today=day)
    with transaction.atomic():
        locked = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
        item = VettingEvidence.objects.create(seeker=locked, recorded_by=actor, **clean)
        audit_record(actor=actor, action="jobseeker.evidence", target=locked, after=_snapshot(item))
        if item.kind == EvidenceKind.TEST:
            _update_language(locked, item)
        roster_sync(actor=actor, seeker=locked, today=day)
    seeker.vetting_status = locked.vetting_status
    return item


def _eligibility_of(seeker: JobSeeker, agreement: Agreement, day: datetime.date) -> AgreementEligibility:
    version = next((v for v in versions_in_force(day) if v.agreement_id == agreement.pk), None)
    if version is None:
        raise ValidationError({"agreement": [gettext("This agreement is not in force: nobody can enter its roster.")]})
    return seeker_eligibility(seeker, versions=[version], today=day)[0]


def _not_eligible(result: AgreementEligibility) -> ValidationError:
    return ValidationError({"agreement": [
        gettext("The seeker does not yet meet every requirement of this agreement: %(what)s") % {
            "what": "; ".join(r.text for r in result.missing)}]})


def roster_enter(*, actor: Any, seeker: JobSeeker, agreement: Agreement, today: datetime.date | None = None
                 ) -> RosterEntry:
    """Put a seeker who meets every requirement of an agreement in force on its roster (roster_sync does so by
    itself after evidence; this is for an agreement that came into force since)."""
    require(perms.can_vet(actor, seeker),
            gettext("Only counsellors of the seeker's job centre and ministry staff can put a seeker on a roster."))
    day = today or timezone.localdate()
    with transaction.atomic():
        locked = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
        result = _eligibility_of(locked, agreement, day)
        if result.roster_entry is not None:
            raise ValidationError({"agreement": [gettext("The seeker is already on this agreement's roster.")]})
        if not result.eligible:
            raise _not_eligible(result)
        RosterEntry.objects.filter(seeker=locked, agreement=agreement, status=RosterStatus.ACTIVE,
                                   valid_until__lt=day).update(status=RosterStatus.EXPIRED)
        entry = _enter(actor, locked, result, day)
        seeker_vetting_status_refresh(locked, today=day)
    return entry


def roster_renew(*, actor: Any, entry: RosterEntry, today: datetime.date | None = None) -> RosterEntry:
    """Renew a roster entry (active or expired) for a new roster validity from today, if the seeker still meets
    every requirement of the agreement's version in force. An active entry is extended; an expired one is
    followed by a new entry (the old one stays as history)."""
    seeker = entry.seeker
    require(perms.can_vet(actor, seeker),
            gettext("Only counsellors of the seeker's job centre and ministry staff can renew a roster entry."))
    day = today or timezone.localdate()
    if entry.status == RosterStatus.REMOVED:
        raise ValidationError({"entry": [gettext("A removed roster entry cannot be renewed: put the seeker on the "
                                            "roster again once they meet every requirement.")]})
    with transaction.atomic():
        locked = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
        result = _eligibility_of(locked, entry.agreement, day)
        if not result.eligible:
            raise _not_eligible(result)
        current = RosterEntry.objects.select_for_update().get(pk=entry.pk)
        if current.status == RosterStatus.ACTIVE:
            before = _entry_snapshot(current)
            current.version = result.version
            current.entered_on = day
            current.valid_until = roster_end(result.version, day, result.met_until)
            current.reminded_on = None
            current.save(update_fields=["version", "entered_on", "valid_until", "reminded_on"])
            audit_record(actor=actor, action="jobseeker.roster_renew", target=locked, before=before,
                         after={**_entry_snapshot(current), "clause": result.version.roster_clause})
            renewed = current
        else:
            if RosterEntry.objects.filter(seeker=locked, agreement=entry.agreement,
                                          status=RosterStatus.ACTIVE).exists():
                raise ValidationError({"entry": [gettext("The seeker is already on this agreement's roster.")]})
            renewed = _enter(actor, locked, result, day)
        seeker_vetting_status_refresh(locked, today=day)
    return renewed


def roster_remove(*, actor: Any, entry: RosterEntry, reason: str, today: datetime.date | None = None
                  ) -> RosterEntry:
    """Take a seeker off a roster, with the reason (kept in the audit trail)."""
    require(perms.can_vet(actor, entry.seeker),
            gettext("Only counsellors of the seeker's job centre and ministry staff can take a seeker off a roster."))
    e = Checker()
    reason = e.text("reason", reason, limit=2000, required=gettext("Say why the seeker is taken off the roster."))
    if entry.status != RosterStatus.ACTIVE:
        e.add("entry", gettext("This roster entry is no longer active."))
    e.raise_if_any()
    with transaction.atomic():
        current = RosterEntry.objects.select_for_update().select_related("seeker").get(pk=entry.pk)
        if current.status != RosterStatus.ACTIVE:
            raise ValidationError({"entry": [gettext("This roster entry is no longer active.")]})
        _remove(actor, current, reason)
        seeker_vetting_status_refresh(current.seeker, today=today)
    return current


# --- expiry and reminders (the daily tasks) ----------------------------------------------------------------


def counsellors_of(job_centre_id: int) -> list[Any]:
    """The active counsellors of a job centre: who is told about its seekers' rosters."""
    return list(User.objects.filter(organisation_id=job_centre_id, role=Role.COUNSELLOR, is_active=True))


SEEKER_SMS_LANGUAGE = "km"
"""The language of every SMS to a job seeker: seekers have no account and choose none, and they are Cambodian."""


def _tell(entry: RosterEntry, *, kind: str, title: Any, body: Any, sms_text: Any) -> None:
    """Notify the seeker's counsellors in the app (and by e-mail and SMS), and send the seeker an SMS in Khmer: a
    tracked delivery like the counsellors' (retried, re-queued when stuck, listed for an administrator when it
    fails), sent once the transaction commits."""
    seeker = entry.seeker
    notify(users=counsellors_of(seeker.job_centre_id), kind=kind, title=title, body=body, target=seeker,
           link=reverse("jobseeker_counselling_sheet", kwargs={"pk": seeker.pk, "agreement_id": entry.agreement_id}))
    notify_phone(phone=seeker.phone, language=SEEKER_SMS_LANGUAGE, kind=kind, text=sms_text, target=seeker)


def roster_remind_due(*, today: datetime.date | None = None, days: int = REMINDER_DAYS) -> list[int]:
    """Remind the counsellors and the seeker of each active entry ending within `days`: once per entry and
    validity (reminded_on; a renewal clears it). Returns the entries' ids."""
    day = today or timezone.localdate()
    due = Q(status=RosterStatus.ACTIVE, valid_until__gte=day, valid_until__lte=day + datetime.timedelta(days=days),
            reminded_on__isnull=True)
    sent = []
    for entry in RosterEntry.objects.filter(due).select_related("seeker", "agreement").order_by("valid_until", "pk"):
        with transaction.atomic():
            if not RosterEntry.objects.filter(due, pk=entry.pk).update(reminded_on=day):
                continue
            params = {"seeker": entry.seeker.display_name, "agreement": entry.agreement.title_message(),
                      "until": entry.valid_until}
            _tell(entry, kind="jobseekers.roster_ending",
                  title=message(_("Roster entry ends on %(until)s: %(seeker)s"), **params),
                  body=message(_("%(seeker)s's place on the roster of %(agreement)s ends on %(until)s. Renew it "
                                 "if they still meet every requirement."), **params),
                  sms_text=message(_("Corridor: your place on the roster of %(agreement)s ends on %(until)s. "
                                     "See your job-centre counsellor to renew it."), **params))
        sent.append(entry.pk)
    return sent


def roster_bound_due(*, today: datetime.date | None = None) -> list[int]:
    """Bring back within their evidence the active entries whose seeker has evidence that lapsed while they were on
    the roster (entries made before entries were bounded, or evidence changed outside the services): an entry
    whose seeker no longer meets the agreement ends yesterday, any other ends where its evidence now says. The
    expiry that follows (roster_expire_due) tells the seeker and the counsellors. Returns the entries' ids."""
    day = today or timezone.localdate()
    lapsed = VettingEvidence.objects.filter(seeker=OuterRef("seeker"), valid_until__lt=day,
                                            valid_until__gte=OuterRef("entered_on"))
    entries = list(RosterEntry.objects.filter(Exists(lapsed), status=RosterStatus.ACTIVE, valid_until__gte=day)
                   .select_related("seeker", "version").order_by("pk"))
    if not entries:
        return []
    versions = {v.agreement_id: v for v in versions_in_force(day)}
    seekers = {s.pk: s for s in JobSeeker.objects.filter(pk__in={e.seeker_id for e in entries})
               .prefetch_related(*seeker_prefetch())}
    moved = []
    for entry in entries:
        version = versions.get(entry.agreement_id)
        if version is None:
            continue
        result = eligibility_for(seeker_facts(seekers[entry.seeker_id]), version, today=day)
        end = (roster_end(entry.version, entry.entered_on, result.met_until) if result.eligible
               else day - datetime.timedelta(days=1))
        if end >= entry.valid_until:
            continue
        with transaction.atomic():
            current = RosterEntry.objects.select_for_update().get(pk=entry.pk)
            if current.status != RosterStatus.ACTIVE:
                continue
            before = _entry_snapshot(current)
            current.valid_until = end
            current.save(update_fields=["valid_until"])
            audit_record(actor=None, action="jobseeker.roster_bound", target=entry.seeker, before=before,
                         after=_entry_snapshot(current))
        moved.append(entry.pk)
    return moved


def roster_expire_due(*, today: datetime.date | None = None) -> list[int]:
    """Expire each active entry past its last day (its roster validity, or the validity of the evidence it rests
    on: roster_bound_due first), tell the counsellors and the seeker, and update the seeker's vetting status.
    Idempotent: an entry expires once. Returns the entries' ids."""
    day = today or timezone.localdate()
    roster_bound_due(today=day)
    due = Q(status=RosterStatus.ACTIVE, valid_until__lt=day)
    expired = []
    for entry in RosterEntry.objects.filter(due).select_related("seeker", "agreement").order_by("valid_until", "pk"):
        with transaction.atomic():
            if not RosterEntry.objects.filter(due, pk=entry.pk).update(status=RosterStatus.EXPIRED, reminded_on=day):
                continue
            entry.status = RosterStatus.EXPIRED
            audit_record(actor=None, action="jobseeker.roster_expire", target=entry.seeker,
                         after=_entry_snapshot(entry))
            params = {"seeker": entry.seeker.display_name, "agreement": entry.agreement.title_message(),
                      "until": entry.valid_until}
            _tell(entry, kind="jobseekers.roster_expired",
                  title=message(_("Roster entry expired: %(seeker)s"), **params),
                  body=message(_("%(seeker)s's place on the roster of %(agreement)s ended on %(until)s."),
                               **params),
                  sms_text=message(_("Corridor: your place on the roster of %(agreement)s ended on %(until)s. "
                                     "See your job-centre counsellor to be vetted again."), **params))
            seeker_vetting_status_refresh(entry.seeker, today=day)
        expired.append(entry.pk)
    return expired


__all__ = [
    "evidence_record", "roster_bound_due", "roster_enter", "roster_expire_due", "roster_remind_due", "roster_remove",
    "roster_renew", "roster_sync", "seeker_vetting_status_refresh",
]
