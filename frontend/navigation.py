"""Role-aware navigation: each item shows only to those whose permission rule allows the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from coordination.agencies import permissions as agency_permissions
from coordination.events import permissions as event_permissions
from coordination.jobseekers import permissions as jobseeker_permissions
from demand import permissions as demand_permissions


@dataclass
class NavItem:
    label: Any
    url: str
    active: bool


# Pages reached from the administration page (users and organisations, the audit trail, failed deliveries),
# by URL name; personal API tokens are in the account area beside the notifications.
ADMINISTRATION_PAGES = frozenset({
    "administration", "user_list", "user_create", "user_detail", "organisation_create", "organisation_edit",
    "audit_list", "delivery_problem_list",
})


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def navigation_for(user: Any, path: str) -> list[NavItem]:
    if not permissions.is_signed_in(user):
        return []
    items: list[tuple[Any, str]] = [(_("Home"), "home")]
    if permissions.is_member(user):
        items.append((_("Agreements"), "agreement_list"))
    if demand_permissions.is_employer_staff(user):
        items.append((_("My demand letters"), "demand_list"))
    if demand_permissions.is_agency_staff(user):
        items.append((_("Allocated demand"), "demand_list"))
    if agency_permissions.is_agency_staff(user):
        items.append((_("Our licence"), "agency_own_profile"))
    if demand_permissions.is_attache(user):
        items.append((_("Letters to attest"), "demand_attestation_queue"))
    if demand_permissions.can_review_letters(user):
        items.append((_("Review queue"), "demand_review_queue"))
    if demand_permissions.can_view_quota(user):
        items.append((_("Quotas"), "demand_quota"))
    if demand_permissions.can_set_accreditation(user):
        items.append((_("Employers"), "demand_employer_list"))
    if agency_permissions.can_supervise_agencies(user):
        items.append((_("Agencies"), "agency_list"))
    if jobseeker_permissions.can_see_registry(user):
        items.append((_("Job seekers"), "jobseeker_list"))
    if event_permissions.can_see_overview(user):
        items.append((_("Events overview"), "event_list"))
    elif event_permissions.can_see_events(user):
        items.append((_("Events"), "event_list"))
    items.append((_("Occupations"), "occupation_list"))
    if permissions.can_administer(user):
        items.append((_("Administration"), "administration"))
    out = []
    current = _url_name(path)
    for label, name in items:
        url = reverse(name)
        if name == "administration":  # the pages it gathers count as inside it
            active = current in ADMINISTRATION_PAGES
        else:
            active = path == url if url == "/" else path.startswith(url)
        out.append(NavItem(label=label, url=url, active=active))
    return out
