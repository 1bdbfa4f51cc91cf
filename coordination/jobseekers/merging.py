"""Duplicates resolved: two records of one person merged, or two people confirmed distinct.

A merge keeps every record's history. The merged record is never deleted: it stays, frozen, with status
"merged" and `merged_into` pointing at the kept record (selectors.seeker_get follows it, so an old link still
opens the person). What the person did and what was recorded about them moves to the kept record, so that its
profile, its eligibility and its export show the whole history: experiences, certifications, language results,
consents, vetting evidence, roster entries, the access log, and the rows of the apps above this one (event
attendance, counselling notes…), found through the model's reverse relations so that this app imports none of
them. A row that cannot move because the kept record already has its equivalent (the same occupation, the same
event, an active entry on the same agreement's roster) stays on the merged record, which keeps it as history.
Empty fields of the kept record are filled from the merged one; two different national IDs are refused.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require
from audit.services import audit_record
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.models import (
    Consent,
    DestinationPreference,
    DuplicateDecision,
    Experience,
    JobSeeker,
    RosterEntry,
    RosterStatus,
    SeekerStatus,
)
from coordination.jobseekers.services import _snapshot
from validation.columns import Checker

MERGED_REASON = "merged"
# Fields of the kept record filled from the merged one when empty, alone or as a group that belongs together.
_FILLED_ALONE = ("national_id", "phone", "education_level", "available_from")
_FILLED_TOGETHER = (
    ("name_km", "name_km_romanised"),
    ("name_latin", "name_latin_key"),
    ("min_wage", "min_wage_currency_id"),
    ("passport_number", "passport_expiry", "passport_status"),
)
_ADDRESS = ("district_id", "commune_id", "village_id")
# Reverse relations this module handles itself (or that must not move).
_OWN = {"merged_records", "consents", "experiences", "destination_preferences", "roster_entries"}


def _pair(a: Any, b: Any) -> tuple[int, int]:
    first, second = sorted((int(getattr(a, "pk", a)), int(getattr(b, "pk", b))))
    return first, second


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _lock_pair(keep: JobSeeker, merge: JobSeeker) -> tuple[JobSeeker, JobSeeker]:
    rows = {s.pk: s for s in JobSeeker.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])}
    return rows[keep.pk], rows[merge.pk]


def _check_pair(keep: JobSeeker, merge: JobSeeker) -> None:
    if keep.pk == merge.pk:
        raise ValidationError({"merge": [_("Choose two different records.")]})
    for path, record in (("keep", keep), ("merge", merge)):
        if record.status != SeekerStatus.ACTIVE:
            raise ValidationError({path: [_("This record was already merged into another.")]})


def _fill(keep: JobSeeker, merge: JobSeeker) -> list[str]:
    """Empty fields of `keep` taken from `merge`; the names of the fields filled."""
    filled = []
    for name in _FILLED_ALONE:
        if _empty(getattr(keep, name)) and not _empty(getattr(merge, name)):
            setattr(keep, name, getattr(merge, name))
            filled.append(name)
    for group in _FILLED_TOGETHER:
        if _empty(getattr(keep, group[0])) and not _empty(getattr(merge, group[0])):
            for name in group:
                setattr(keep, name, getattr(merge, name))
            filled.append(group[0])
    if keep.district_id is None and merge.district_id is not None and keep.province_id == merge.province_id:
        for name in _ADDRESS:
            setattr(keep, name, getattr(merge, name))
        filled.append("district")
    return filled


def _move(queryset: Any, field: str, keep: JobSeeker) -> int:
    """Re-point each row to `keep`, one at a time in a savepoint: a row that would break a uniqueness rule (the
    kept record has its equivalent) stays where it is."""
    moved = 0
    for pk in list(queryset.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                queryset.model.objects.filter(pk=pk).update(**{field: keep})
            moved += 1
        except IntegrityError:
            continue
    return moved


def _move_consents(actor: Any, keep: JobSeeker, merge: JobSeeker) -> None:
    """The merged record's consents join the kept record's history. The consent in force afterwards is the most
    recently recorded one of either record, unless the person withdrew on either record after it was recorded:
    a merge never brings back a consent the person withdrew."""
    now = timezone.now()
    Consent.objects.filter(seeker=merge).update(seeker=keep)
    active = list(Consent.objects.filter(seeker=keep, withdrawn_at=None).order_by("-recorded_at", "-pk"))
    latest = active[0] if active else None
    others = [c.pk for c in active[1:]]
    if latest is not None and Consent.objects.filter(
        seeker=keep, withdrawn_at__gt=latest.recorded_at,
    ).exclude(withdrawal_reason__in=["superseded", MERGED_REASON]).exists():
        others.append(latest.pk)
        latest = None
    Consent.objects.filter(pk__in=others).update(withdrawn_at=now, withdrawn_by=actor,
                                                 withdrawal_reason=MERGED_REASON)
    keep.consent_active = bool(latest and latest.for_matching)


def _move_rows(keep: JobSeeker, merge: JobSeeker) -> dict[str, int]:
    moved: dict[str, int] = {}
    # Experience: one row per occupation; the larger number of years wins, the other stays as history.
    mine = {e.occupation_id: e for e in keep.experiences.all()}
    for row in merge.experiences.all():
        if row.occupation_id in mine:
            if row.years > mine[row.occupation_id].years:
                Experience.objects.filter(pk=mine[row.occupation_id].pk).update(years=row.years)
        else:
            Experience.objects.filter(pk=row.pk).update(seeker=keep)
            moved["experiences"] = moved.get("experiences", 0) + 1
    # Preferences are the person's current wishes: the kept record's, or the merged one's when it has none.
    if not keep.destination_preferences.exists():
        moved["destination_preferences"] = DestinationPreference.objects.filter(seeker=merge).update(seeker=keep)
    if not keep.preferred_sectors.exists():
        keep.preferred_sectors.set(merge.preferred_sectors.all())
    # Rosters: an active entry on an agreement the kept record is not on moves; the other stays as history.
    taken = set(keep.roster_entries.filter(status=RosterStatus.ACTIVE).values_list("agreement_id", flat=True))
    entries = RosterEntry.objects.filter(seeker=merge).exclude(status=RosterStatus.ACTIVE, agreement_id__in=taken)
    moved["roster_entries"] = entries.update(seeker=keep)
    # Everything else that points at a job seeker, in this app and in the apps above it.
    for relation in JobSeeker._meta.related_objects:
        if not relation.one_to_many or relation.get_accessor_name() in _OWN:
            continue
        field = relation.field.name
        count = _move(relation.related_model.objects.filter(**{field: merge}), field, keep)
        if count:
            moved[relation.get_accessor_name()] = count
    return moved


def seeker_merge(*, actor: Any, keep: JobSeeker, merge: JobSeeker, reason: str) -> JobSeeker:
    """Merge record `merge` into record `keep` (the same person registered twice): `merge` is kept, frozen, with
    status merged and `merged_into=keep`; its history moves to `keep`; empty fields of `keep` are filled from it.
    Refused when both have a national ID and they differ. Returns the kept record."""
    require(perms.can_merge(actor, keep, merge),
            _("Only a counsellor of either record's job centre, or the ministry, can merge these records."))
    e = Checker()
    reason = e.text("reason", reason, limit=2000, required=_("Say why these records are the same person."))
    e.raise_if_any()
    with transaction.atomic():
        keep, merge = _lock_pair(keep, merge)
        _check_pair(keep, merge)
        if keep.national_id and merge.national_id and keep.national_id != merge.national_id:
            raise ValidationError({"national_id": [_(
                "These records have different national ID numbers (ending %(a)s and %(b)s): they cannot be the "
                "same person. Check the cards; if one number was typed wrongly, correct that record first.")
                % {"a": keep.national_id[-4:], "b": merge.national_id[-4:]}]})
        before_keep, before_merge = _snapshot(keep), _snapshot(merge)
        # The merged record leaves the active set first, so that its national ID can pass to the kept one.
        merge.status = SeekerStatus.MERGED
        merge.merged_into = keep
        merge.consent_active = False
        merge.save(update_fields=["status", "merged_into", "consent_active", "updated_at"])
        JobSeeker.objects.filter(merged_into=merge).update(merged_into=keep)
        filled = _fill(keep, merge)
        moved = _move_rows(keep, merge)
        _move_consents(actor, keep, merge)
        keep.save()
        first, second = _pair(keep, merge)
        DuplicateDecision.objects.update_or_create(first_id=first, second_id=second, defaults={
            "outcome": DuplicateDecision.Outcome.MERGED, "decided_by": actor})
        after = {"merged": merge.pk, "filled": filled, "moved": moved}
        audit_record(actor=actor, action="jobseeker.merge", target=keep, before=before_keep,
                     after={**_snapshot(keep), **after}, reason=reason)
        audit_record(actor=actor, action="jobseeker.merged_into", target=merge, before=before_merge,
                     after={"merged_into": keep.pk, "status": merge.status}, reason=reason)
    return keep


def seeker_confirm_distinct(*, actor: Any, first: JobSeeker, second: JobSeeker) -> DuplicateDecision:
    """Record that two likely duplicates are different people: neither the check nor a profile proposes the
    pair again."""
    require(perms.can_merge(actor, first, second),
            _("Only a counsellor of either record's job centre, or the ministry, can decide on these records."))
    if first.pk == second.pk:
        raise ValidationError({"second": [_("Choose two different records.")]})
    a, b = _pair(first, second)
    with transaction.atomic():
        decision, created = DuplicateDecision.objects.get_or_create(first_id=a, second_id=b, defaults={
            "outcome": DuplicateDecision.Outcome.DISTINCT, "decided_by": actor})
        if not created and decision.outcome == DuplicateDecision.Outcome.MERGED:
            raise ValidationError({"second": [_("These records were already merged.")]})
        if created:
            for target, other in ((first, second), (second, first)):
                audit_record(actor=actor, action="jobseeker.distinct", target=target, after={"distinct_from": other.pk})
    return decision


def seeker_history_ids(seeker: JobSeeker) -> list[int]:
    """The record and every record merged into it, however many merges ago: where its history may be read."""
    ids, frontier = [seeker.pk], [seeker.pk]
    while frontier:
        frontier = list(JobSeeker.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.extend(frontier)
    return ids


__all__ = ["seeker_confirm_distinct", "seeker_history_ids", "seeker_merge"]
