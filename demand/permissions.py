"""Who may do what with employers and demand letters.

Built on accounts.permissions (the one place role + organisation rules live); services and selectors
call these predicates, views and GraphQL resolvers never decide on their own.
"""

from __future__ import annotations

from typing import Any

from accounts.models import OrganisationKind, Role
from accounts.permissions import is_ministry, is_signed_in

# Agencies' rules have one home, below demand: who is an agency's staff, and which agency is licensed (the
# allocation service and the agency list use the same rule as the job-seeker pages).
from coordination.agencies.permissions import (  # noqa: F401 — demand's callers use them through perms
    agency_access_blocked_reason,
    is_agency_staff,
    is_licensed_agency,
    licence_problem,
    licensed_agency_q,
)


def _member_of_kind(actor: Any, kind: str, role: str) -> bool:
    return bool(
        is_signed_in(actor)
        and actor.role == role
        and actor.organisation_id is not None
        and actor.organisation.kind == kind
        and actor.organisation.is_active
    )


def is_employer_staff(actor: Any, organisation: Any = None) -> bool:
    """Staff of an active employer; of `organisation` when one is given."""
    if not _member_of_kind(actor, OrganisationKind.EMPLOYER, Role.EMPLOYER_STAFF):
        return False
    return organisation is None or actor.organisation_id == getattr(organisation, "pk", organisation)


def is_attache(actor: Any) -> bool:
    """A labour attaché: an officer of an active embassy or labour office."""
    return _member_of_kind(actor, OrganisationKind.EMBASSY, Role.EMBASSY_OFFICER)


def attache_country_ids(actor: Any) -> set[int]:
    """The countries whose employers' demand an attaché attests: where the embassy or labour office is."""
    if not is_attache(actor):
        return set()
    return {actor.organisation.country_id}


def can_attest_letter(actor: Any, letter: Any) -> bool:
    """Attest or refuse to attest a letter: an attaché covering the country of the letter's employer."""
    return is_attache(actor) and letter.employer.country_id in attache_country_ids(actor)


def can_see_demand(actor: Any) -> bool:
    """Demand pages and lists are for ministry staff, employers' staff, agencies' staff and labour attachés
    (each scoped by the selectors); everyone else has no business with demand."""
    return is_ministry(actor) or is_employer_staff(actor) or is_agency_staff(actor) or is_attache(actor)


def can_set_accreditation(actor: Any) -> bool:
    """Manage employers (accreditation, and correcting their profiles): ministry staff."""
    return is_ministry(actor)


def can_edit_employer_profile(actor: Any, organisation: Any) -> bool:
    """The employer's own staff, or whoever manages employers for the ministry (the accreditation rule)."""
    return is_employer_staff(actor, organisation) or can_set_accreditation(actor)


def edits_profile_for_employer(actor: Any, organisation: Any) -> bool:
    """Someone other than the employer's own staff changing its profile (the ministry): they give a
    reason, and the employer is told."""
    return not is_employer_staff(actor, organisation)


def can_draft_letter(actor: Any, letter: Any) -> bool:
    """Create, edit, attach to and submit: the employer's own staff."""
    return is_employer_staff(actor, letter.employer_id)


def can_precheck_letter(actor: Any, letter: Any) -> bool:
    return is_ministry(actor) or is_employer_staff(actor, letter.employer_id)


def can_review_letters(actor: Any) -> bool:
    """Start a review, return, approve, reject, allocate, revoke: ministry staff."""
    return is_ministry(actor)


def is_allocated_agency(actor: Any, letter: Any) -> bool:
    if not is_agency_staff(actor):
        return False
    return letter.allocations.filter(agency_id=actor.organisation_id).exists()


def can_work_letter(actor: Any, letter: Any) -> bool:
    """Start recruiting, record filled positions, mark filled: ministry or an agency it is allocated to."""
    return is_ministry(actor) or is_allocated_agency(actor, letter)


def can_close_letter(actor: Any, letter: Any) -> bool:
    """Close approved demand early: the ministry, or the employer withdrawing its own demand."""
    return is_ministry(actor) or is_employer_staff(actor, letter.employer_id)


def can_view_quota(actor: Any) -> bool:
    """The quota pages (every pool of every agreement, with what each holds): ministry staff."""
    return is_ministry(actor)


# What a quota pool shows: its cap, what approved demand holds of it (all employers together), the parts
# of that allocated to agencies and used, and what remains.
QUOTA_FIGURES: frozenset[str] = frozenset({"cap", "approved", "allocated", "used", "remaining"})
# An employer sees the cap (the agreement says it) and what remains: whether its own letter fits and by how
# much. It does not see what other employers' approved letters hold, nor how agencies use it. (What remains is
# the cap less every approval together, so no one employer's demand can be read from it.)
EMPLOYER_QUOTA_FIGURES: frozenset[str] = frozenset({"cap", "remaining"})


def quota_figures(actor: Any, agreement: Any) -> frozenset[str]:
    """The one rule on what the actor may see of an agreement's quota pools (QUOTA_FIGURES), used by the
    screening report (precheck, refused submission), the quota lines (quotaUsage, pages) alike: ministry
    staff everything; an employer's staff, for an agreement with their country, the cap and what remains;
    anyone else nothing."""
    if is_ministry(actor):
        return QUOTA_FIGURES
    if is_employer_staff(actor) and actor.organisation.country_id == agreement.partner_country_id:
        return EMPLOYER_QUOTA_FIGURES
    return frozenset()
