"""The review workflow: every allowed transition, every refused one, and who may do each."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role, User
from audit.models import AuditEvent
from demand import services
from demand.models import DemandLetter, LetterStatus
from demand.services import NEXT_STATUSES, TRANSITIONS
from notifications.models import Notification
from tests.demand.helpers import PATH_TO

pytestmark = pytest.mark.django_db

ALLOWED = [(action, source) for action, t in TRANSITIONS.items() for source in t.sources]
ROLES = ["admin", "ministry_admin", "ministry_reviewer", "employer_th", "employer_kr", "agency", "counsellor",
         "attache", "no_org", "inactive"]
MINISTRY = {"admin", "ministry_admin", "ministry_reviewer"}
# Who may take each action on a Korean letter (the agency only once the letter is allocated to it).
MAY = {
    "submit": {"employer_kr"}, "request_attestation": {"employer_kr"},
    # The demo attaché covers Thailand: only the one covering Korea attests a Korean letter.
    "attest": {"attache_kr"}, "refuse_attestation": {"attache_kr"},
    "start_review": MINISTRY, "return": MINISTRY, "approve": MINISTRY, "reject": MINISTRY,
    "allocate": MINISTRY, "revoke": MINISTRY, "expire": MINISTRY,
    "start_recruiting": MINISTRY | {"agency"}, "fill": MINISTRY | {"agency"},
    "close": MINISTRY | {"employer_kr"},
}


def test_the_table_covers_every_status_and_the_terminal_ones_lead_nowhere():
    assert set(NEXT_STATUSES) == set(LetterStatus.values)
    for status in ("rejected", "filled", "closed", "expired", "revoked"):
        assert NEXT_STATUSES[status] == frozenset()
    assert NEXT_STATUSES["under_review"] == {"returned", "approved", "rejected"}
    # A decision is one step from a submitted letter; taking it into review first stays possible.
    assert NEXT_STATUSES["submitted"] == {"under_review", "returned", "approved", "rejected"}
    assert NEXT_STATUSES["returned"] == {"submitted", "attestation"}
    assert NEXT_STATUSES["attestation"] == {"submitted", "returned"}


@pytest.mark.parametrize(("action", "source"), ALLOWED, ids=[f"{a}-from-{s}" for a, s in ALLOWED])
def test_allowed_transition(letter_in, run_action, action, source):
    letter = letter_in(source)
    moved = run_action(letter, action)
    target = TRANSITIONS[action].target
    assert moved.status == target == DemandLetter.objects.get(pk=letter.pk).status
    audited = "submit" if action == "request_attestation" else action
    event = AuditEvent.objects.filter(action__in=[f"letter.{audited}", "letter.resubmit"]).order_by("-pk").first()
    assert event.before["status"] == source and event.after["status"] == target
    if action in ("return", "reject", "revoke", "close", "refuse_attestation"):
        assert event.reason == f"Reason to {action}"


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_refused_transitions_name_the_current_state(letter_in, run_action, agency, action):
    letter = letter_in("draft")
    refused = [s for s in LetterStatus.values if s not in TRANSITIONS[action].sources]
    assert refused
    for status in refused:
        DemandLetter.objects.filter(pk=letter.pk).update(status=status)
        with pytest.raises(ValidationError) as exc:
            run_action(letter, action)
        message = exc.value.message_dict["status"][0]
        assert f"This letter is {LetterStatus(status).label.lower()}" in message, message
        assert DemandLetter.objects.get(pk=letter.pk).status == status
    assert not AuditEvent.objects.filter(action=f"letter.{action}").exists()


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_who_may_not(users, letter_in, run_action, attache_kr, action):
    source = TRANSITIONS[action].sources[0]
    letter = letter_in(source)
    for role in ROLES:
        if role in MAY[action]:
            continue
        with pytest.raises(PermissionDenied):
            run_action(letter, action, actor=users[role])
    assert DemandLetter.objects.get(pk=letter.pk).status == source


@pytest.mark.parametrize(("action", "role"), sorted((a, r) for a, roles in MAY.items() for r in roles))
def test_who_may(users, letter_in, run_action, attache_kr, action, role):
    letter = letter_in(TRANSITIONS[action].sources[-1] if action != "submit" else "draft")
    moved = run_action(letter, action, actor=users[role])
    assert moved.status == TRANSITIONS[action].target


def test_an_agency_the_letter_is_not_allocated_to_cannot_work_it(users, letter_in, other_agency):
    outsider = User.objects.create(username="other.agency", organisation=other_agency, role=Role.AGENCY_STAFF)
    letter = letter_in("allocated")
    with pytest.raises(PermissionDenied):
        services.letter_start_recruiting(actor=outsider, letter=letter)


def test_the_system_expires_without_an_actor_but_only_after_validity(letter_in):
    letter = letter_in("approved")
    with pytest.raises(ValidationError, match="has not expired yet"):
        services.letter_expire(letter=letter)
    assert DemandLetter.objects.get(pk=letter.pk).status == "approved"


@pytest.mark.parametrize("action", ["return", "reject", "revoke", "close"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(users, letter_in, action, reason):
    letter = letter_in(TRANSITIONS[action].sources[0])
    with pytest.raises(ValidationError) as exc:
        getattr(services, f"letter_{action}")(actor=users["ministry_reviewer"], letter=letter, reason=reason)
    assert "reason" in exc.value.message_dict
    assert DemandLetter.objects.get(pk=letter.pk).status == TRANSITIONS[action].sources[0]


@pytest.mark.parametrize(("decision", "message"), [
    ("return", "Say what the employer must change."), ("reject", "Say why the demand is rejected.")])
def test_letter_decide_return_and_reject_need_a_reason(users, letter_in, decision, message):
    letter = letter_in("under_review")
    with pytest.raises(ValidationError) as exc:
        services.letter_decide(actor=users["ministry_reviewer"], letter=letter, decision=decision, reason="  ")
    assert exc.value.message_dict == {"reason": [message]}
    assert DemandLetter.objects.get(pk=letter.pk).status == "under_review"
    done = services.letter_decide(actor=users["ministry_reviewer"], letter=letter, decision=decision,
                                  reason="Attach the signed letter")
    assert done.status == TRANSITIONS[decision].target and done.decision_reason == "Attach the signed letter"


def test_letter_decide_runs_each_decision_and_refuses_others(users, letter_in):
    reviewer = users["ministry_reviewer"]
    letter = letter_in("submitted")
    # One step: a submitted letter is decided without being taken into review first.
    assert services.letter_decision_list(letter=letter) == ["approve", "return", "reject"]
    letter = services.letter_decide(actor=reviewer, letter=letter, decision="start_review", reason="ignored")
    assert letter.status == "under_review"
    assert services.letter_decision_list(letter=letter) == ["approve", "return", "reject"]
    for wrong in ("allocate", "", "APPROVE"):
        with pytest.raises(ValidationError) as exc:
            services.letter_decide(actor=reviewer, letter=letter, decision=wrong)
        assert list(exc.value.message_dict) == ["decision"]
    with pytest.raises(PermissionDenied):
        services.letter_decide(actor=users["employer_kr"], letter=letter, decision="nonsense")
    with pytest.raises(PermissionDenied):
        services.letter_decide(actor=users["employer_kr"], letter=letter, decision="approve")
    assert services.letter_decide(actor=reviewer, letter=letter, decision="approve").status == "approved"


def test_decisions_are_recorded_and_the_employer_is_told(users, letter_in, run_action):
    letter = run_action(letter_in("under_review"), "return", reason="Attach the signed letter")
    assert letter.decision_reason == "Attach the signed letter" and letter.decided_by == users["ministry_reviewer"]
    note = Notification.objects.get(kind="demand.returned")
    assert note.user == users["employer_kr"] and note.body == "Attach the signed letter"
    assert note.link == f"/demand/{letter.pk}/"
    assert (note.target_type.model_class(), note.target_id, note.target_label) == (
        DemandLetter, str(letter.pk), letter.reference)


def test_allocated_agencies_are_told(users, letter_in):
    letter_in("allocated")
    assert Notification.objects.filter(kind="demand.allocated", user=users["agency"]).count() == 1
    assert Notification.objects.filter(kind="demand.allocated", user=users["employer_kr"]).count() == 1


def test_the_full_journey_leaves_one_audit_event_per_step(letter_in):
    letter = letter_in("filled")
    actions = list(AuditEvent.objects.filter(target_id=str(letter.pk), action__startswith="letter.")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["letter.create", *(f"letter.{a}" for a in PATH_TO["filled"])]
