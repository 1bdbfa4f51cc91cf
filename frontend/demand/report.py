"""The screening report as the reader reads it: findings grouped by position, each with the values compared."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from demand.models import Accreditation, AttestationStatus, DemandLetter, Severity, Sex
from demand.screening import VALUE_LABELS as FINDING_VALUE_LABELS
from demand.screening import finding_value_text
from frontend.labels import value_lines
from frontend.language import is_km
from mou.models import Payer

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
    "attestation_status": dict(AttestationStatus.choices),
    "missing": FINDING_VALUE_LABELS,  # the names of missing fields (e.g. attestation_date)
}


def _value_lines(key: str, value: Any) -> list[str]:
    if isinstance(value, bool):
        return [_("Yes") if value else _("No")]
    choices = VALUE_CHOICES.get(key)
    if choices is not None:
        items = value if isinstance(value, list) else [value]
        return [str(choices.get(item, item)) if isinstance(item, str) else str(item) for item in items] or ["—"]
    if isinstance(value, list):
        return [finding_value_text(item) for item in value] or ["—"]
    if isinstance(value, str):
        return [finding_value_text(value)]
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
