"""The counselling sheet: for one seeker and one agreement in force, in plain words, what the worker must know
before going, assembled from the agreement version's own terms, each point with the clause it rests on:

- what they must never pay (the zero-fee principle, the costs the employer pays), and what they may be charged
  with its cap where the agreement allows worker fees;
- the documents they keep (their passport: the protection against document retention) and their other
  protections;
- hours, rest days, overtime, the contract and the stay;
- how social security carries over (each portability rule's summary, in the reader's language);
- what they still need to be eligible (coordination.jobseekers.eligibility).

Points are stored messages or lazy strings (rendered in the reader's language when the page is drawn), so the
same sheet reads in English and in Khmer. Agreement content (cost items, protections' details, schemes) is read
in the reader's language too: its Khmer form when written (i18n.content), else the English one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.permissions import require
from coordination.jobseekers import permissions as perms
from coordination.jobseekers.eligibility import AgreementEligibility, seeker_eligibility
from coordination.jobseekers.models import JobSeeker, PassportStatus
from i18n.content import bilingual_of
from i18n.messages import message, plural
from mou.models import AgreementVersion, ProtectionKind
from mou.predicates import agreement_terms


@dataclass(frozen=True)
class Point:
    """One line of the sheet: its text (a message, lazy string or data as written) and the clause."""

    text: Any
    clause: str = ""
    details: str = ""


@dataclass
class CounsellingSheet:
    seeker: JobSeeker
    version: AgreementVersion
    eligibility: AgreementEligibility
    never_pay: list[Point] = field(default_factory=list)
    may_pay: list[Point] = field(default_factory=list)
    documents: list[Point] = field(default_factory=list)
    protections: list[Point] = field(default_factory=list)
    work: list[Point] = field(default_factory=list)
    social_security: list[Point] = field(default_factory=list)

    @property
    def agreement(self) -> Any:
        return self.version.agreement

    @property
    def still_needed(self) -> list[Any]:
        return self.eligibility.missing


def _money(amount: Any, currency: str | None) -> str:
    return f"{amount:,.2f} {currency}".strip() if currency else f"{amount:,.2f}"


def _fees(sheet: CounsellingSheet) -> None:
    version = sheet.version
    terms = agreement_terms(version)
    if version.zero_fee:
        sheet.never_pay.append(Point(_(
            "You pay no recruitment fee and no related cost at all: not to the agency, not to the employer, not "
            "to anyone else. If someone asks you for money to get this job, tell your counsellor."),
            version.fee_clause))
    # A cost item is named in the reader's language (its Khmer name on a Khmer sheet), sorted as it reads.
    for item in sorted(terms.employer_fees.values(), key=lambda i: i.local_name.casefold()):
        sheet.never_pay.append(Point(message(_("%(item)s: paid by the employer, never by you"),
                                             item=bilingual_of(item, "local_name")),
                                     item.clause or version.fee_clause))
    if version.zero_fee:
        for item in sorted(terms.worker_fees.values(), key=lambda i: i.local_name.casefold()):
            sheet.never_pay.append(Point(message(_("%(item)s: you pay nothing for it (zero-fee agreement)"),
                                                 item=bilingual_of(item, "local_name")),
                                         item.clause or version.fee_clause))
        return
    for item in sorted(terms.worker_fees.values(), key=lambda i: i.local_name.casefold()):
        cap = terms.fee_cap(item.name)
        name = bilingual_of(item, "local_name")
        if cap is None:
            text = message(_("%(item)s: you may be asked to pay for it; ask for a receipt"), item=name)
        else:
            text = message(_("%(item)s: you may be asked to pay at most %(cap)s; ask for a receipt"),
                           item=name, cap=_money(*cap))
        sheet.may_pay.append(Point(text, item.clause or version.fee_clause))
    if not sheet.may_pay:
        sheet.may_pay.append(Point(_("The agreement lists no cost you may be charged: pay nothing without asking "
                                     "your counsellor."), version.fee_clause))


def _documents(sheet: CounsellingSheet) -> None:
    seeker = sheet.seeker
    protections = list(sheet.version.protections.all())
    retention = next((p for p in protections if p.kind == ProtectionKind.DOCUMENT_RETENTION_PROHIBITED), None)
    if retention is not None:
        sheet.documents.append(Point(_(
            "Your passport and your other documents are yours. The employer and the agency may not keep them: "
            "keep them yourself, in a safe place."), retention.clause, retention.local_details))
    else:
        sheet.documents.append(Point(_(
            "Your passport is yours: keep it yourself. If anyone wants to keep it, ask your counsellor or the "
            "embassy first.")))
    if seeker.passport_status == PassportStatus.ISSUED and seeker.passport_expiry:
        sheet.documents.append(Point(message(_("Your passport is valid until %(date)s."),
                                             date=seeker.passport_expiry)))
    elif seeker.passport_status == PassportStatus.APPLIED:
        sheet.documents.append(Point(_("You have applied for your passport: keep the receipt.")))
    else:
        sheet.documents.append(Point(_("You do not have a passport yet: your counsellor explains how to apply.")))
    sheet.documents.append(Point(_("Keep a copy of your employment contract, in a language you read.")))
    for protection in protections:
        if protection.kind != ProtectionKind.DOCUMENT_RETENTION_PROHIBITED:
            sheet.protections.append(Point(protection.get_kind_display(), protection.clause,
                                           protection.local_details))


def _work(sheet: CounsellingSheet) -> None:
    v = sheet.version
    sheet.work += [
        Point(message(_("Normal working time: at most %(day)s hours a day and %(week)s hours a week."),
                      day=v.hours_per_day, week=v.hours_per_week), v.hours_clause),
        Point(plural(ngettext_lazy("Rest: at least %(count)s day off every week.",
                                   "Rest: at least %(count)s days off every week.", v.min_weekly_rest_days)),
              v.rest_clause),
        Point(message(_("Overtime is paid at least %(rate)s times your normal hourly wage."), rate=v.overtime_rate),
              v.overtime_clause),
        Point(message(_("Contract: from %(min)s to %(max)s months."), min=v.contract_min_months,
                      max=v.contract_max_months), v.contract_clause),
        Point(message(_("You may stay at most %(months)s months in all."), months=v.max_stay_months), v.stay_clause),
    ]


def _social_security(sheet: CounsellingSheet) -> None:
    for rule in sheet.version.portability_rules.all():
        heading = rule.get_branch_display() if not rule.local_scheme else message(
            _("%(branch)s (%(scheme)s)"), branch=rule.get_branch_display(), scheme=bilingual_of(rule, "local_scheme"))
        sheet.social_security.append(Point(rule.local_summary, rule.clause, str(heading)))
    if not sheet.social_security:
        sheet.social_security.append(Point(_("The agreement sets no social-security rule: ask your counsellor "
                                             "what insurance you have while abroad.")))


def counselling_sheet(*, actor: Any, seeker: JobSeeker, version: AgreementVersion,
                      eligibility: AgreementEligibility | None = None, today: datetime.date | None = None
                      ) -> CounsellingSheet:
    """The sheet for a seeker under an agreement version (its terms prefetched: mou.selectors). Counsellors and
    ministry staff (permissions.can_counsel)."""
    require(perms.can_counsel(actor, seeker), gettext("Only counsellors and ministry staff can counsel job seekers."))
    day = today or timezone.localdate()
    if eligibility is None:
        eligibility = seeker_eligibility(seeker, versions=[version], today=day)[0]
    sheet = CounsellingSheet(seeker=seeker, version=version, eligibility=eligibility)
    _fees(sheet)
    _documents(sheet)
    _work(sheet)
    _social_security(sheet)
    return sheet


__all__ = ["CounsellingSheet", "Point", "counselling_sheet"]
