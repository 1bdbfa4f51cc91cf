"""Reads of job seekers, always scoped to what the actor may see (coordination.jobseekers.permissions)."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone

from accounts.permissions import is_ministry
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.models import JobSeeker, RosterEntry, RosterStatus, SeekerStatus


def on_roster_q(agreement_id: Any = None, *, today: Any = None) -> Q:
    """Seekers with an active, unexpired roster entry (for `agreement_id` when given)."""
    today = today or timezone.localdate()
    entries = RosterEntry.objects.filter(seeker=OuterRef("pk"), status=RosterStatus.ACTIVE, valid_until__gte=today)
    if agreement_id is not None:
        entries = entries.filter(agreement_id=agreement_id)
    return Q(Exists(entries))


def shared_with_agencies_q() -> Q:
    """Consent active and covering licensed agencies (the latest consent row carries the purposes)."""
    from coordination.jobseekers.models import Consent

    latest = Consent.objects.filter(seeker=OuterRef("pk"), withdrawn_at=None, share_with_agencies=True)
    return Q(consent_active=True) & Q(Exists(latest))


def seeker_scope(actor: Any) -> QuerySet[JobSeeker]:
    """Every seeker the actor may see at all, merged records left out: the one place scoping lives."""
    base = JobSeeker.objects.filter(status=SeekerStatus.ACTIVE)
    if is_ministry(actor) or perms.is_counsellor(actor):
        return base
    if perms.is_licensed_agency_staff(actor):
        return base.filter(shared_with_agencies_q(), on_roster_q())
    return base.none()


def seeker_list(
    *,
    actor: Any,
    province: str | None = None,
    occupation: str | None = None,
    agreement: Any = None,
    vetting_status: str | None = None,
    job_centre: Any = None,
    search: str | None = None,
) -> QuerySet[JobSeeker]:
    """The registry as the actor may see it, filtered. `province` is a province code (KH-12 or 12),
    `occupation` an ISCO-08 code (a group matches its unit groups), `agreement` an agreement id: seekers on
    its roster. `search` matches either name (Latin folded, Khmer as typed) across scripts both ways: Latin
    letters find a name written only in Khmer (its stored romanisation), and Khmer finds a name written only in
    Latin letters (the search romanised word by word, coordination.jobseekers.names, each word found in the
    folded Latin name with its spaces ignored: "ស្រីនាង" finds "Srey Neang"). It matches the national ID exactly
    for those who may search by it (permissions.can_search_by_national_id): for anyone else the search answers
    to names only, so that it confirms nothing about a number they see masked or a seeker outside their scope."""
    from coordination.jobseekers.names import KHMER_WORD, fold_latin, romanise

    qs = seeker_scope(actor)
    if province:
        qs = qs.filter(Q(province__code=province) | Q(province__mef_code=province.zfill(2)))
    if occupation:
        qs = qs.filter(experiences__occupation__code__startswith=occupation).distinct()
    if agreement is not None:
        qs = qs.filter(on_roster_q(getattr(agreement, "pk", agreement)))
    if vetting_status:
        qs = qs.filter(vetting_status=vetting_status)
    if job_centre is not None:
        qs = qs.filter(job_centre_id=getattr(job_centre, "pk", job_centre))
    if search:
        text = search.strip()
        folded = fold_latin(text)
        term = Q(name_km__icontains=text)
        if perms.can_search_by_national_id(actor):
            term |= Q(national_id=text.upper())
        if folded:
            term |= Q(name_latin_key__contains=folded) | Q(name_km_romanised__contains=folded)
        words = romanise(text).split() if KHMER_WORD.search(text) else []
        if words:
            qs = qs.alias(name_latin_joined=Replace("name_latin_key", Value(" "), Value("")))
            term |= reduce(operator.and_, (Q(name_latin_joined__contains=w.replace(" ", "")) for w in words))
        qs = qs.filter(term)
    return qs.select_related("province", "job_centre")


def seeker_get(*, actor: Any, pk: Any) -> JobSeeker | None:
    """One seeker the actor may see, or None. A merged record resolves to the record it was merged into."""
    seeker = JobSeeker.objects.filter(pk=pk).only("pk", "status", "merged_into_id").first()
    hops = 0
    while seeker is not None and seeker.status == SeekerStatus.MERGED and seeker.merged_into_id and hops < 10:
        seeker = JobSeeker.objects.filter(pk=seeker.merged_into_id).only("pk", "status", "merged_into_id").first()
        hops += 1
    if seeker is None:
        return None
    return seeker_scope(actor).select_related(
        "province", "district", "commune", "village", "job_centre", "min_wage_currency"
    ).filter(pk=seeker.pk).first()


def seeker_holding_national_id(*, actor: Any, national_id: str, exclude: Any = None) -> JobSeeker | None:
    """The active record that holds this national ID, if the actor may see it (seeker_scope); None otherwise, and
    when no record holds it. Registration's "already registered" error links to it only through here."""
    from coordination.jobseekers.cleaning import normalise_id

    number = normalise_id(national_id or "")
    if not number:
        return None
    qs = seeker_scope(actor).filter(national_id=number).exclude(national_id="")
    if exclude is not None:
        qs = qs.exclude(pk=getattr(exclude, "pk", exclude))
    return qs.select_related("job_centre").first()


def _mask_tail(value: str) -> str:
    """Every character but the last four hidden: enough to tell two documents apart in conversation."""
    return "" if not value else "•" * max(len(value) - 4, 0) + value[-4:]


def mask_national_id(value: str) -> str:
    """'123456789' → '•••••6789': enough to tell two people apart in conversation, not enough to misuse."""
    return _mask_tail(value)


def mask_passport_number(value: str) -> str:
    """'N1234567' → '••••4567', like the national ID."""
    return _mask_tail(value)


def mask_phone(value: str) -> str:
    """'+85512345678' → '+855 ••• ••• 678'."""
    if not value:
        return ""
    return f"{value[:4]} ••• ••• {value[-3:]}" if len(value) > 7 else "•" * len(value)


# The identifiers of a seeker that are shown in full only where permissions.sees_identifiers allows, each with
# its mask. Every door reads them through seeker_identifiers; a field added here is masked on every page, every
# GraphQL field and every export at once.
SENSITIVE_IDENTIFIERS = {
    "national_id": mask_national_id,
    "phone": mask_phone,
    "passport_number": mask_passport_number,
}


def seeker_identifiers(*, actor: Any, seeker: JobSeeker, readable: bool = False) -> dict[str, Any]:
    """The national ID, phone and passport number as the actor may see them: in full for the owning job centre
    and the ministry, masked for everyone else (`masked` says which). Pages, GraphQL and exports read them
    through here and nowhere else. `readable`: the phone as a person reads it, '+855 12 345 678'
    (cleaning.display_phone, the one format of every page), not as stored."""
    masked = not perms.sees_identifiers(actor, seeker)
    shown: dict[str, Any] = {
        field: (mask(getattr(seeker, field)) if masked else getattr(seeker, field))
        for field, mask in SENSITIVE_IDENTIFIERS.items()
    }
    if readable and not masked and shown["phone"]:
        from coordination.jobseekers.cleaning import display_phone

        shown["phone"] = display_phone(shown["phone"])
    shown["masked"] = masked
    return shown
