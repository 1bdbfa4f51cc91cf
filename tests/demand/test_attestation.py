"""The labour attaché's attestation: where the agreement requires it, submission sends the letter to the
attaché covering the employer's country; attesting sends it to the Ministry's review, refusing sends it back to
the employer with the reason. Through the services, with the real screening."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from demand import services
from demand.models import DemandLetter, Finding, LetterStatus
from demand.selectors import letter_attestation_queue, letter_get, letter_list, letter_waiting_list
from notifications.models import Notification
from tests.demand.helpers import letter_data, th_position

pytestmark = pytest.mark.django_db


@pytest.fixture
def thai(users, agreements, employers):
    """A compliant Thai draft (the Thai agreement requires attestation before review), through the services."""
    return services.letter_create(actor=users["employer_th"], agreement=agreements["TH"],
                                  data=letter_data([th_position()]))


def submitted(users, letter):
    return services.letter_submit(actor=users["employer_th"], letter=letter)


def test_submission_under_an_agreement_requiring_attestation_goes_to_the_attache(users, thai):
    letter = submitted(users, thai)
    assert letter.status == LetterStatus.ATTESTATION and letter.attestation_status == "requested"
    assert letter.review_due is None
    assert Notification.objects.filter(user=users["attache"], kind="demand.attestation_requested").exists()
    assert not Notification.objects.filter(user=users["ministry_reviewer"], kind="demand.submitted").exists()
    # The employer is told the submission arrived; the warning tells what comes next.
    assert Notification.objects.filter(user=users["employer_th"], kind="demand.submission_received").exists()
    assert Finding.objects.filter(letter=letter, rule="attestation", severity="warning").exists()


def test_the_ministry_cannot_decide_before_the_attestation(users, thai):
    letter = submitted(users, thai)
    assert services.letter_decision_list(letter=letter) == []
    for decision in ("approve", "return", "reject", "start_review"):
        with pytest.raises(ValidationError) as exc:
            services.letter_decide(actor=users["ministry_reviewer"], letter=letter, decision=decision, reason="x")
        assert "awaiting attestation" in exc.value.message_dict["status"][0]
    assert DemandLetter.objects.get(pk=letter.pk).status == LetterStatus.ATTESTATION


def test_the_attache_attests_and_the_letter_goes_to_review(users, thai):
    letter = services.letter_attest(actor=users["attache"], letter=submitted(users, thai))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SUBMITTED and letter.attestation_status == "attested"
    assert letter.attested_by == users["attache"] and letter.attested_at is not None
    assert letter.review_due is not None
    # The rule is satisfied by the attestation on the platform: its finding is gone, and screening agrees.
    assert not Finding.objects.filter(letter=letter, rule="attestation").exists()
    assert "attestation" not in {f.rule for f in services.letter_precheck(actor=users["employer_th"], letter=letter)}
    event = AuditEvent.objects.get(action="letter.attest")
    assert event.actor == users["attache"]
    assert event.before == {"status": "attestation"} and event.after["status"] == "submitted"
    assert event.after["attestation_status"] == "attested"
    assert Notification.objects.filter(user=users["employer_th"], kind="demand.attested").exists()
    assert Notification.objects.filter(user=users["ministry_reviewer"], kind="demand.submitted").exists()
    assert services.letter_decision_list(letter=letter) == ["approve", "return", "reject"]


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_refusal_needs_a_reason(users, thai, reason):
    letter = submitted(users, thai)
    with pytest.raises(ValidationError) as exc:
        services.letter_refuse_attestation(actor=users["attache"], letter=letter, reason=reason)
    assert list(exc.value.message_dict) == ["reason"]
    assert DemandLetter.objects.get(pk=letter.pk).status == LetterStatus.ATTESTATION


def test_a_refusal_sends_the_letter_back_to_the_employer_with_the_reason(users, thai):
    letter = services.letter_refuse_attestation(actor=users["attache"], letter=submitted(users, thai),
                                                reason="The employer's licence has lapsed.")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RETURNED and letter.attestation_status == "refused"
    assert letter.attestation_refusal_reason == "The employer's licence has lapsed."
    event = AuditEvent.objects.get(action="letter.refuse_attestation")
    assert event.reason == "The employer's licence has lapsed." and event.after["status"] == "returned"
    note = Notification.objects.get(user=users["employer_th"], kind="demand.attestation_refused")
    assert note.body == "The employer's licence has lapsed."
    # The employer changes it and submits again: the attaché is asked again.
    again = submitted(users, letter)
    assert again.status == LetterStatus.ATTESTATION and again.attestation_status == "requested"
    assert again.attestation_refusal_reason == ""


@pytest.mark.parametrize("role", ["employer_th", "ministry_reviewer", "admin", "agency", "counsellor",
                                  "attache_kr", "no_org"])
def test_only_the_attache_covering_the_employers_country_attests(users, thai, attache_kr, role):
    letter = submitted(users, thai)
    for service, extra in ((services.letter_attest, {}), (services.letter_refuse_attestation, {"reason": "No"})):
        with pytest.raises(PermissionDenied):
            service(actor=users[role], letter=letter, **extra)
    assert DemandLetter.objects.get(pk=letter.pk).status == LetterStatus.ATTESTATION


def test_an_agreement_without_the_requirement_goes_straight_to_review(users, agreements, employers):
    from tests.demand.helpers import kr_position

    letter = services.letter_create(actor=users["employer_kr"], agreement=agreements["KR"],
                                    data=letter_data([kr_position()]))
    letter = services.letter_submit(actor=users["employer_kr"], letter=letter)
    assert letter.status == LetterStatus.SUBMITTED and letter.attestation_status == "not_required"
    assert letter.review_due is not None
    assert Notification.objects.filter(user=users["employer_kr"], kind="demand.submission_received").exists()


def test_the_attache_sees_the_letters_of_the_countries_it_covers_once_submitted(users, thai, attache_kr):
    assert letter_get(actor=users["attache"], letter_id=thai.pk) is None  # a draft is the employer's alone
    letter = submitted(users, thai)
    assert letter_get(actor=users["attache"], letter_id=letter.pk) is not None
    assert [x.pk for x in letter_attestation_queue(actor=users["attache"])] == [letter.pk]
    assert [x.pk for x in letter_waiting_list(actor=users["attache"])] == [letter.pk]
    # The attaché in Seoul covers Korea, not Thailand; others have no attestation queue.
    assert letter_get(actor=attache_kr, letter_id=letter.pk) is None
    assert not letter_list(actor=attache_kr).exists()
    for role in ("employer_th", "ministry_reviewer", "agency"):
        assert not letter_attestation_queue(actor=users[role]).exists()
    services.letter_attest(actor=users["attache"], letter=letter)
    assert not letter_attestation_queue(actor=users["attache"]).exists()
    assert letter_get(actor=users["attache"], letter_id=letter.pk) is not None  # it keeps seeing it
