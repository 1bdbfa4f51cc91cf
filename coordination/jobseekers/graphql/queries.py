"""The job-seeker registry as each actor may see it (coordination.jobseekers.selectors decides)."""

from __future__ import annotations

from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from api.context import parse_id, signed_in_actor
from api.pagination import Connection, connection
from coordination.jobseekers import eligibility as rules
from coordination.jobseekers import permissions as perms
from coordination.jobseekers import selectors, services
from coordination.jobseekers.graphql.enums import VettingStatus
from coordination.jobseekers.graphql.types import EligibilityType, JobSeekerType
from coordination.jobseekers.models import JobSeeker

OPENED = "jobseekers.opened"  # the profiles a request has logged as opened (CorridorContext.batches)


def open_profile(info: Info, seeker: JobSeeker) -> JobSeeker:
    """services.profile_open once per profile and request, however many times the query names it."""
    opened = info.context.batches.setdefault(OPENED, {})
    if seeker.pk not in opened:
        opened[seeker.pk] = services.profile_open(actor=signed_in_actor(info), seeker=seeker, channel="graphql")
    return seeker


@strawberry.type
class Query:
    @connection(
        Connection[JobSeekerType] | None, from_rows=True,
        description="Job seekers you may see, newest registration first: counsellors and ministry staff see the "
        "national registry (a seeker who withdrew consent included); a licensed agency's staff see vetted seekers "
        "on a roster who consented to be shared with agencies; anyone else an empty list. Filters: `province` (ISO "
        "3166-2:KH code KH-12, or the MEF code 12), `occupation` (ISCO-08: a group matches its unit groups), "
        "`agreementId` (on the agreement's roster: vetted and eligible for it), `vettingStatus`, and `search` "
        "(either name, in either script, or, for counsellors and ministry staff, the exact national ID: an "
        "agency's search answers to names only). Opening a list is not logged; `jobSeeker(id)` is.",
    )
    def job_seekers(
        self,
        info: Info,
        province: str | None = None,
        occupation: str | None = None,
        agreement_id: strawberry.ID | None = None,
        vetting_status: VettingStatus | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        user = signed_in_actor(info)
        agreement = None
        if agreement_id is not None:
            agreement = parse_id(agreement_id)
            if agreement is None:
                return JobSeeker.objects.none()
        qs = selectors.seeker_list(actor=user, province=province or None, occupation=occupation or None,
                                   agreement=agreement, search=search or None,
                                   vetting_status=vetting_status.value if vetting_status is not None else None)
        if occupation:
            # The occupation filter joins experiences (and so is distinct): a page of distinct rows counted by a
            # window would count the joined rows, so the page reads the seekers themselves.
            qs = JobSeeker.objects.filter(pk__in=qs.values("pk"))
        return qs

    @strawberry_django.field(
        description="One job seeker's full profile; null when they do not exist or you may not see them (an "
        "agency never sees a seeker who withdrew consent). A merged record answers with the record it was merged "
        "into. Opening it is logged in the seeker's access log when you are outside the owning job centre and the "
        "ministry.",
    )
    def job_seeker(self, info: Info, id: strawberry.ID) -> JobSeekerType | None:
        user = signed_in_actor(info)
        pk = parse_id(id)
        seeker = selectors.seeker_get(actor=user, pk=pk) if pk is not None else None
        if seeker is None:
            return None
        return open_profile(info, seeker)  # type: ignore[return-value]

    @strawberry.field(
        description="A seeker's eligibility under each agreement in force (or `agreementId` only), from the "
        "agreement's own terms, each requirement with the clause it rests on and what is missing, in English and "
        "Khmer. Counsellors and ministry staff; an empty list for anyone else (an agency reads `rosterEntries`), "
        "and for a seeker you may not see.",
    )
    def eligibility(self, info: Info, job_seeker_id: strawberry.ID, agreement_id: strawberry.ID | None = None
                    ) -> list[EligibilityType]:
        user = signed_in_actor(info)
        pk = parse_id(job_seeker_id)
        seeker = selectors.seeker_get(actor=user, pk=pk) if pk is not None else None
        if seeker is None or not perms.can_counsel(user, seeker):
            return []
        versions = rules.versions_in_force()
        if agreement_id is not None:
            agreement = parse_id(agreement_id)
            versions = [v for v in versions if v.agreement_id == agreement]
        return [EligibilityType.from_result(r) for r in rules.seeker_eligibility(seeker, versions=versions)]
