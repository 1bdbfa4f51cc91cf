"""Labels belong to their domain: an audit event reads with the labels of the package that owns its action."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audit.models import AuditEvent
from demand.models import LetterStatus
from frontend import labels
from mou.models import AgreementStatus

ROOT = Path(__file__).resolve().parents[2]


def _event(action: str, before: dict, after: dict) -> AuditEvent:
    return AuditEvent(action=action, before=before, after=after)


def test_a_letter_status_and_an_agreement_status_read_with_their_own_choices():
    letter = labels.event_changes(_event("letter.approve", {"status": "under_review"}, {"status": "approved"}))
    agreement = labels.event_changes(_event("agreement.set_status", {"status": "in_force"}, {"status": "suspended"}))
    assert [(str(c.label), c.before, c.after) for c in letter] == [
        ("Status", [str(LetterStatus.UNDER_REVIEW.label)], [str(LetterStatus.APPROVED.label)])]
    assert [(c.before, c.after) for c in agreement] == [
        ([str(AgreementStatus.IN_FORCE.label)], [str(AgreementStatus.SUSPENDED.label)])]
    # a letter's code is not an agreement's: it stays as stored rather than borrowing another domain's label
    other = labels.event_changes(_event("agreement.set_status", {}, {"status": "under_review"}))
    assert other[0].after == ["under_review"]


def test_the_same_key_means_different_things_in_different_domains():
    kind_org = labels.event_changes(_event("organisation.create", {}, {"kind": "employer"}))
    kind_doc = labels.event_changes(_event("letter.attach", {}, {"kind": "signed_letter"}))
    assert kind_org[0].after != ["employer"]
    assert kind_doc[0].after != ["signed_letter"]


def test_unknown_actions_and_keys_read_as_stored():
    assert labels.audit_action_label("nobody.does_this") == "nobody.does_this"
    assert [c.label for c in labels.event_changes(_event("nobody.does_this", {}, {"some_key": 1}))] == ["some key"]


@pytest.mark.parametrize("app", ["accounts", "mou", "demand", "notifications", "coordination/agencies"])
def test_every_action_a_service_records_has_a_label_in_its_domain(app):
    """Every literal audit action in the app's code is labelled by exactly one page package."""
    actions = set()
    for path in (ROOT / app).rglob("*.py"):
        actions |= set(re.findall(r"""action=["']([a-z_]+\.[a-z_]+)["']""", path.read_text()))
    owners = {action: [m.__name__ for m in labels._packages() if action in m.AUDIT_ACTIONS] for action in actions}
    assert actions, f"no audit actions found in {app}/"
    assert {a: o for a, o in owners.items() if len(o) != 1} == {}


def test_codes_inside_the_lists_of_terms_read_with_their_labels():
    """An amendment's fee items, wage floors, tests, protections and social-security rules show their codes'
    labels ("Employer", "per day", "Old age"), each from the choices of its own list's field."""
    from django.utils.translation import override

    event = _event("agreement.amend", {}, {
        "fee_items": [{"name": "Passport", "payer": "worker", "clause": "Art. 14.2"}],
        "wage_floors": [{"sector": "C", "amount": "370", "currency": "THB", "period": "day"}],
        "required_tests": [{"name": "EPS skills test", "kind": "skills", "min_score": "Pass"}],
        "protections": [{"kind": "equal_pay", "details": "Equal pay."}],
        "portability_rules": [{"branch": "old_age", "premium_payer": "shared", "summary_en": "You pay 5%."}],
    })
    with override("en"):
        lines = {str(c.label): c.after for c in labels.event_changes(event)}
    assert lines["Cost items"] == ["Passport · Worker · Art. 14.2"]
    assert lines["Minimum wage by sector"] == ["C · 370 · THB · per day"]
    assert lines["Required tests"] == ["EPS skills test · Skills test · Pass"]
    assert lines["Protections"] == ["Equal pay and benefits with national workers · Equal pay."]
    assert lines["Social-security rules"][0].startswith("Old age · Employer and worker · ")
