"""Writes on job seekers: registration (with the duplicate check), updates, consent, the access log, and the
export of a seeker's own data. Transactional and audited; every problem is reported at once with its field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require
from audit.services import audit_record
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.cleaning import CleanSeeker, IdentityCleaner, SeekerCleaner
from coordination.jobseekers.duplicates import Candidate, likely_matches
from coordination.jobseekers.inputs import ConsentData, SeekerData
from coordination.jobseekers.models import (
    Certification,
    Consent,
    DestinationPreference,
    DuplicateDecision,
    Experience,
    JobSeeker,
    LanguageSkill,
    ProfileView,
    SeekerStatus,
)
from validation.columns import Checker, field_of


class LikelyDuplicate(ValidationError):
    """The record may be someone already registered: the counsellor opens the candidates, merges, or confirms the
    person is distinct (`distinct_from`) and registers again."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        super().__init__({"duplicates": [_(
            "This may be someone already registered: check the records listed, then merge or confirm that this "
            "is a different person.")]})


def national_id_taken(national_id: str, *, exclude: Any = None) -> JobSeeker | None:
    if not national_id:
        return None
    # The same conditions as the partial unique index, so that the query uses it (SQLite only uses a partial
    # index whose condition the query states).
    qs = JobSeeker.objects.filter(national_id=national_id, status=SeekerStatus.ACTIVE).exclude(national_id="")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.select_related("job_centre").first()


def _taken_message(other: JobSeeker, actor: Any = None) -> str:
    """The national ID is taken: with the record (name, job centre, its number: the pages link to it) for those
    who may see it (selectors.seeker_holding_national_id), and without a detail for anyone else."""
    from coordination.jobseekers.selectors import seeker_holding_national_id

    if actor is not None and seeker_holding_national_id(actor=actor, national_id=other.national_id) is not None:
        return _("A job seeker with this national ID is already registered (%(name)s, %(centre)s, record "
                 "%(record)s): open their record instead of registering again.") % {
            "name": other.display_name, "centre": other.job_centre.local_name, "record": other.pk}
    return _("A job seeker with this national ID is already registered. Check the number on the card; if it is "
             "right, the person's job centre can help.")


def seeker_check(*, data: SeekerData, exclude: Any = None, cleaner: SeekerCleaner | None = None,
                 actor: Any = None) -> tuple[CleanSeeker, list[Candidate]]:
    """Check a record as registration would, writing nothing: raises ValidationError with every problem (an
    already registered national ID among them); returns the cleaned record and its likely duplicates."""
    clean, e = (cleaner or SeekerCleaner()).clean(data)
    if not e.has("national_id"):
        other = national_id_taken(clean.fields["national_id"], exclude=exclude)
        if other is not None:
            e.add("national_id", _taken_message(other, actor))
    e.raise_if_any()
    return clean, likely_matches(clean.fields, exclude=exclude)


@dataclass
class DuplicateCheck:
    """What the duplicate check found for a record being typed: the record that already holds its national ID
    (`taken`, which blocks registration) and the likely duplicates, best first, that one left out."""

    taken: JobSeeker | None = None
    candidates: list[Candidate] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.taken is not None or bool(self.candidates)


def seeker_duplicate_check(*, actor: Any, data: SeekerData, distinct_from: Sequence[Any] = ()) -> DuplicateCheck:
    """Registration's duplicate check on what has been typed so far, writing nothing (event mode's form asks it
    while the counsellor types): the same national-ID block and the same likely matches (duplicates
    .likely_matches) as seeker_register, less those already confirmed distinct (`distinct_from`). A field still
    incomplete or invalid is left out of the comparison rather than reported: the form reports it on submit."""
    require(perms.can_register(actor), _("Only a job-centre counsellor can register job seekers."))
    fields, e = IdentityCleaner().identity(data)
    taken = None if e.has("national_id") else national_id_taken(fields["national_id"])
    candidates = _undecided(None, likely_matches(fields), distinct_from)
    if taken is not None:
        candidates = [c for c in candidates if c.seeker.pk != taken.pk]
    return DuplicateCheck(taken=taken, candidates=candidates)


def _write_children(seeker: JobSeeker, clean: CleanSeeker) -> None:
    Experience.objects.bulk_create([Experience(seeker=seeker, **x) for x in clean.experiences])
    Certification.objects.bulk_create([Certification(seeker=seeker, **x) for x in clean.certifications])
    LanguageSkill.objects.bulk_create([LanguageSkill(seeker=seeker, **x) for x in clean.languages])
    DestinationPreference.objects.bulk_create([DestinationPreference(seeker=seeker, country_id=c, rank=i + 1)
                                               for i, c in enumerate(clean.destinations)])
    seeker.preferred_sectors.set(clean.sectors)


def _snapshot(seeker: JobSeeker) -> dict[str, Any]:
    """What the audit trail keeps of a record: no national ID or phone in clear (the trail is read more widely)."""
    return {"name_km": seeker.name_km, "name_latin": seeker.name_latin, "sex": seeker.sex,
            "date_of_birth": seeker.date_of_birth.isoformat() if seeker.date_of_birth else None,
            "province": seeker.province_id, "district": seeker.district_id, "passport_status": seeker.passport_status,
            "national_id_set": bool(seeker.national_id), "phone_set": bool(seeker.phone)}


def _decide_distinct(actor: Any, seeker: JobSeeker, others: Sequence[Any]) -> None:
    for other in others:
        pk = getattr(other, "pk", other)
        first, second = sorted((seeker.pk, int(pk)))
        DuplicateDecision.objects.get_or_create(first_id=first, second_id=second, defaults={
            "outcome": DuplicateDecision.Outcome.DISTINCT, "decided_by": actor})


def _undecided(seeker_pk: Any, candidates: list[Candidate], distinct_from: Sequence[Any]) -> list[Candidate]:
    """Candidates the counsellor has not already answered for: confirmed distinct now, or before."""
    confirmed = {int(getattr(x, "pk", x)) for x in distinct_from}
    if seeker_pk is not None and candidates:
        for first, second in DuplicateDecision.objects.filter(
            outcome=DuplicateDecision.Outcome.DISTINCT, first_id__in=[seeker_pk, *[c.seeker.pk for c in candidates]],
        ).values_list("first_id", "second_id"):
            confirmed.add(second if first == seeker_pk else first)
    return [c for c in candidates if c.seeker.pk not in confirmed]


def seeker_register(*, actor: Any, data: SeekerData, consent: ConsentData | None = None,
                    distinct_from: Sequence[Any] = (), cleaner: SeekerCleaner | None = None) -> JobSeeker:
    """Register a job seeker in the actor's job centre. An exact national-ID match blocks it; likely duplicates
    (a similar name in either script with the same date of birth, or the same phone) raise LikelyDuplicate until
    the counsellor confirms the person is distinct from each (`distinct_from`). Consent, when given, is recorded
    with it."""
    require(perms.can_register(actor), _("Only a job-centre counsellor can register job seekers."))
    clean, candidates = seeker_check(data=data, cleaner=cleaner, actor=actor)
    pending = _undecided(None, candidates, distinct_from)
    if pending:
        raise LikelyDuplicate(pending)
    try:
        with transaction.atomic():
            seeker = JobSeeker(job_centre=actor.organisation, registered_by=actor, **clean.fields)
            seeker.save()
            _write_children(seeker, clean)
            _decide_distinct(actor, seeker, [c.seeker for c in candidates])
            audit_record(actor=actor, action="jobseeker.register", target=seeker, after=_snapshot(seeker))
            if consent is not None:
                _consent_write(actor, seeker, consent)
    except IntegrityError:
        # Two counsellors registering the same national ID at the same moment: the constraint decides.
        other = national_id_taken(clean.fields["national_id"])
        if other is None:
            raise
        raise ValidationError({"national_id": [_taken_message(other, actor)]}) from None
    return seeker


def seeker_update(*, actor: Any, seeker: JobSeeker, data: SeekerData, distinct_from: Sequence[Any] = ()
                  ) -> JobSeeker:
    """Replace a record's data, all or nothing (the same checks as registration, against everyone else)."""
    require(perms.can_update(actor, seeker), _("Only the job centre that keeps this record can change it."))
    if seeker.status != SeekerStatus.ACTIVE:
        raise ValidationError({"seeker": [_("This record was merged into another: change that one.")]})
    clean, candidates = seeker_check(data=data, exclude=seeker, actor=actor)
    pending = _undecided(seeker.pk, candidates, distinct_from)
    if pending:
        raise LikelyDuplicate(pending)
    with transaction.atomic():
        locked = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
        before = _snapshot(locked)
        for name, value in clean.fields.items():
            setattr(locked, name, value)
        locked.save()
        for related in (locked.experiences, locked.certifications, locked.languages, locked.destination_preferences):
            related.all().delete()
        _write_children(locked, clean)
        _decide_distinct(actor, locked, [c.seeker for c in candidates])
        audit_record(actor=actor, action="jobseeker.update", target=locked, before=before, after=_snapshot(locked))
    return locked


# Consent ----------------------------------------------------------------------------------------------------

def _consent_write(actor: Any, seeker: JobSeeker, data: ConsentData) -> Consent:
    now = timezone.now()
    Consent.objects.filter(seeker=seeker, withdrawn_at=None).update(withdrawn_at=now, withdrawn_by=actor,
                                                                   withdrawal_reason="superseded")
    consent = Consent.objects.create(seeker=seeker, for_matching=bool(data.for_matching),
                                     share_with_agencies=bool(data.share_with_agencies),
                                     share_with_employers=bool(data.share_with_employers),
                                     recorded_at=now, recorded_by=actor)
    JobSeeker.objects.filter(pk=seeker.pk).update(consent_active=consent.for_matching)
    seeker.consent_active = consent.for_matching
    audit_record(actor=actor, action="jobseeker.consent", target=seeker, after={
        "matching": consent.for_matching, "agencies": consent.share_with_agencies,
        "employers": consent.share_with_employers})
    return consent


def consent_record(*, actor: Any, seeker: JobSeeker, data: ConsentData) -> Consent:
    """Record what the seeker agrees their data may be used for (replacing the consent in force)."""
    require(perms.can_record_consent(actor, seeker),
            _("Only the job centre that keeps this record can record consent."))
    if not data.for_matching and (data.share_with_agencies or data.share_with_employers):
        raise ValidationError({"for_matching": [_(
            "Sharing with agencies or employers is for matching: tick matching too, or untick the sharing.")]})
    with transaction.atomic():
        return _consent_write(actor, seeker, data)


def consent_withdraw(*, actor: Any, seeker: JobSeeker, reason: str = "") -> Consent:
    """The seeker withdraws consent: at once out of matching and out of every agency's and employer's view
    (the selectors filter on it); the history is kept."""
    require(perms.can_withdraw_consent(actor, seeker))
    e = Checker()
    reason = e.text("reason", reason, field_of(Consent, "withdrawal_reason"))
    e.raise_if_any()
    with transaction.atomic():
        current = Consent.objects.select_for_update().filter(seeker=seeker, withdrawn_at=None).first()
        if current is None:
            raise ValidationError({"consent": [_("There is no consent in force to withdraw.")]})
        current.withdrawn_at = timezone.now()
        current.withdrawn_by = actor
        current.withdrawal_reason = reason
        current.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        JobSeeker.objects.filter(pk=seeker.pk).update(consent_active=False)
        seeker.consent_active = False
        audit_record(actor=actor, action="jobseeker.consent_withdraw", target=seeker, reason=reason)
    return current


# The access log and the seeker's own data -------------------------------------------------------------------

def profile_open(*, actor: Any, seeker: JobSeeker, channel: str) -> JobSeeker:
    """Someone opens a full profile (a page, a GraphQL `jobSeeker` read, an export): logged when they are outside
    the owning job centre and the ministry."""
    if perms.profile_view_is_logged(actor, seeker):
        ProfileView.objects.create(seeker=seeker, viewer=actor, organisation_id=actor.organisation_id,
                                   channel=channel)
    return seeker


def seeker_subject_export(*, actor: Any, seeker: JobSeeker) -> dict[str, Any]:
    """Everything the platform holds about a seeker, for the seeker on request (audited)."""
    require(perms.can_export_subject_data(actor, seeker))
    record = {
        "name_km": seeker.name_km, "name_latin": seeker.name_latin, "sex": seeker.sex,
        "date_of_birth": seeker.date_of_birth.isoformat(), "national_id": seeker.national_id, "phone": seeker.phone,
        "province": seeker.province.code, "district": seeker.district.code if seeker.district_id else "",
        "commune": seeker.commune.code if seeker.commune_id else "",
        "village": seeker.village.code if seeker.village_id else "",
        "education_level": seeker.education_level,
        "min_wage": str(seeker.min_wage) if seeker.min_wage is not None else "",
        "min_wage_currency": seeker.min_wage_currency_id and seeker.min_wage_currency.code or "",
        "available_from": seeker.available_from.isoformat() if seeker.available_from else "",
        "passport_status": seeker.passport_status, "passport_number": seeker.passport_number,
        "passport_expiry": seeker.passport_expiry.isoformat() if seeker.passport_expiry else "",
        "job_centre": seeker.job_centre.name, "registered_at": timezone.localtime(seeker.created_at).isoformat(),
        "experiences": [{"occupation": x.occupation.code, "years": str(x.years)}
                        for x in seeker.experiences.select_related("occupation")],
        "certifications": [{"name": c.name, "issuer": c.issuer,
                            "issued_on": c.issued_on.isoformat() if c.issued_on else ""}
                           for c in seeker.certifications.all()],
        "languages": [{"language": s.language.code, "test": s.test, "score": s.score,
                       "taken_on": s.taken_on.isoformat() if s.taken_on else "",
                       "valid_until": s.valid_until.isoformat() if s.valid_until else ""}
                      for s in seeker.languages.select_related("language")],
        "destinations": [p.country.iso2 for p in seeker.destination_preferences.select_related("country")],
        "sectors": sorted(seeker.preferred_sectors.values_list("code", flat=True)),
        "consents": [{"recorded_at": timezone.localtime(c.recorded_at).isoformat(), "matching": c.for_matching,
                      "agencies": c.share_with_agencies, "employers": c.share_with_employers,
                      "withdrawn_at": timezone.localtime(c.withdrawn_at).isoformat() if c.withdrawn_at else ""}
                     for c in seeker.consents.all()],
        "vetting": [{"kind": v.kind, "result": v.result, "date": v.on_date.isoformat(),
                     "valid_until": v.valid_until.isoformat() if v.valid_until else ""}
                    for v in seeker.evidence.all()],
        "rosters": [{"agreement": r.agreement.title, "from": r.entered_on.isoformat(),
                     "until": r.valid_until.isoformat(), "status": r.status}
                    for r in seeker.roster_entries.select_related("agreement")],
        "profile_views": [{"at": timezone.localtime(v.viewed_at).isoformat(),
                           "organisation": v.organisation.name if v.organisation_id else "", "channel": v.channel}
                          for v in seeker.profile_views.select_related("organisation")],
    }
    with transaction.atomic():
        audit_record(actor=actor, action="jobseeker.subject_export", target=seeker)
    return record


def personal_data_export_record(*, actor: Any, target: Any, what: str, count: int) -> None:
    """Every export of personal data is audited: who exported what, how many people were in it."""
    with transaction.atomic():
        audit_record(actor=actor, action="jobseeker.export", target=target, after={"export": what, "people": count})


__all__ = ["DuplicateCheck", "LikelyDuplicate", "consent_record", "consent_withdraw", "personal_data_export_record",
           "profile_open", "seeker_check", "seeker_duplicate_check", "seeker_register", "seeker_subject_export",
           "seeker_update"]

