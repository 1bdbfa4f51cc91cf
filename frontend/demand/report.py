"""The screening report as the reader reads it: findings grouped by position, each with the values compared."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from demand.models import Accreditation, DemandLetter, Severity, Sex
from frontend.labels import value_lines
from frontend.language import is_km
from mou.models import Payer

# The keys of a finding's values (what was compared), as they read in the report.
FINDING_VALUE_LABELS = {
    "offered": gettext_lazy("Offered"),
    "floor": gettext_lazy("Minimum wage"),
    "floor_sector": gettext_lazy("Minimum wage for sector"),
    "required": gettext_lazy("At least"),
    "offered_monthly": gettext_lazy("Offered, a month"),
    "floor_monthly": gettext_lazy("Minimum, a month"),
    "offered_monthly_usd": gettext_lazy("Offered, a month in USD"),
    "floor_monthly_usd": gettext_lazy("Minimum, a month in USD"),
    "hours_per_day": gettext_lazy("Hours a day"),
    "hours_per_week": gettext_lazy("Hours a week"),
    "max_hours_per_day": gettext_lazy("Most hours a day"),
    "max_hours_per_week": gettext_lazy("Most hours a week"),
    "days_per_week": gettext_lazy("Working days a week"),
    "rest_days_per_week": gettext_lazy("Rest days a week"),
    "min_rest_days_per_week": gettext_lazy("Fewest rest days a week"),
    "overtime_rate": gettext_lazy("Overtime rate"),
    "min_overtime_rate": gettext_lazy("Lowest overtime rate"),
    "contract_months": gettext_lazy("Contract (months)"),
    "min_months": gettext_lazy("Shortest contract (months)"),
    "max_months": gettext_lazy("Longest contract (months)"),
    "max_stay_months": gettext_lazy("Longest stay (months)"),
    "sector": gettext_lazy("Sector"),
    "occupation": gettext_lazy("Occupation"),
    "covered": gettext_lazy("Covered by the agreement"),
    "item": gettext_lazy("Cost item"),
    "payer": gettext_lazy("Paid by"),
    "paid": gettext_lazy("Paid"),
    "cap": gettext_lazy("Cap"),
    "allowed": gettext_lazy("Allowed"),
    "zero_fee": gettext_lazy("Zero-fee"),
    "required_sex": gettext_lazy("Open to"),
    "min_age": gettext_lazy("Minimum age"),
    "max_age": gettext_lazy("Maximum age"),
    "eligible_min_age": gettext_lazy("Youngest allowed"),
    "eligible_max_age": gettext_lazy("Oldest allowed"),
    "language_test": gettext_lazy("Language test"),
    "min_score": gettext_lazy("Minimum score"),
    "required_min_score": gettext_lazy("Score the agreement requires"),
    "year": gettext_lazy("Year"),
    "requested": gettext_lazy("Requested"),
    "remaining": gettext_lazy("Remaining"),
    "approved": gettext_lazy("Already approved"),
    "lines": gettext_lazy("Lines"),
    "missing": gettext_lazy("Missing"),
    "accreditation": gettext_lazy("Accreditation"),
    "accredited_until": gettext_lazy("Accredited until"),
    "banned_until": gettext_lazy("Banned until"),
    "valid_from": gettext_lazy("Valid from"),
    "valid_until": gettext_lazy("Valid until"),
    "on": gettext_lazy("Checked on"),
    "attestation_date": gettext_lazy("Attested on"),
    "attestation_officer": gettext_lazy("Attesting officer"),
    "document": gettext_lazy("Document"),
    "attestation_document": gettext_lazy("Attestation document"),
    "missing_rates": gettext_lazy("No exchange rate for"),
    "matched": gettext_lazy("Words found"),
}

HIDDEN_VALUES = {"agreement", "employer", "field", "positions"}


@dataclass
class ReportFinding:
    rule: str
    severity: str
    clause: str
    message: str
    line: int | None
    values: list[tuple[Any, list[str]]]

    @property
    def is_blocker(self) -> bool:
        return self.severity == Severity.BLOCKER


@dataclass
class ReportGroup:
    line: int | None
    position: Any
    findings: list[ReportFinding] = field(default_factory=list)


@dataclass
class Report:
    groups: list[ReportGroup]
    blockers: int
    warnings: int
    checked: bool = True  # False: nothing recorded (e.g. a letter filed before screening existed)

    @property
    def clean(self) -> bool:
        return not self.blockers and not self.warnings


# Stored codes among the values compared, as they read on the page.
VALUE_CHOICES: dict[str, dict[str, Any]] = {
    "required_sex": dict(Sex.choices),
    "payer": dict(Payer.choices),
    "accreditation": dict(Accreditation.choices),
    "missing": FINDING_VALUE_LABELS,  # the names of missing fields (e.g. attestation_date)
}


def _value_lines(key: str, value: Any) -> list[str]:
    if isinstance(value, bool):
        return [_("Yes") if value else _("No")]
    choices = VALUE_CHOICES.get(key)
    if choices is not None:
        items = value if isinstance(value, list) else [value]
        return [str(choices.get(item, item)) if isinstance(item, str) else str(item) for item in items] or ["—"]
    return value_lines(value)


def build_report(findings: list[Any], letter: DemandLetter) -> Report:
    """Findings (screening's FindingData, or the Finding rows recorded at submission) grouped as the reviewer
    reads them: the letter's own first, then each position in line order, each with the values compared."""
    positions = {p.line: p for p in letter.positions.all()}
    groups: dict[int | None, ReportGroup] = {}
    blockers = warnings = 0
    for f in findings:
        line = getattr(f, "position_line", None)
        if line is None and getattr(f, "position", None) is not None:
            line = f.position.line
        values = [(FINDING_VALUE_LABELS.get(k, k.replace("_", " ")), _value_lines(k, v))
                  for k, v in (f.values or {}).items() if k not in HIDDEN_VALUES and v not in (None, "", [])]
        item = ReportFinding(rule=f.rule, severity=f.severity, clause=f.clause, line=line, values=values,
                             message=f.message_km if is_km() else f.message_en)
        group = groups.setdefault(line, ReportGroup(line=line, position=positions.get(line)))
        group.findings.append(item)
        if item.is_blocker:
            blockers += 1
        else:
            warnings += 1
    ordered = sorted(groups.values(), key=lambda g: (g.line is not None, g.line or 0))
    for group in ordered:
        group.findings.sort(key=lambda f: (not f.is_blocker,))
    return Report(groups=ordered, blockers=blockers, warnings=warnings)
