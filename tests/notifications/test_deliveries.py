"""Failed and stuck deliveries: the ministry administrators' page, sending again (once, however often
the button is pressed), and the beat task that queues stuck deliveries again a bounded number of times."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from notifications.apps import BEAT_SCHEDULE
from notifications.models import Channel, Delivery, DeliveryStatus
from notifications.services import deliveries_requeue_stuck, delivery_resend, notify
from tests.pages import LOGIN, ROLES, assert_status

ADMINS = {"admin", "ministry_admin"}
MINUTE = datetime.timedelta(minutes=1)


def expected(role: str, ok: int = 200) -> int | str:
    if role in ("anonymous", "inactive"):
        return LOGIN
    return ok if role in ADMINS else 403


def delivery(user, status: str, *, channel: str = Channel.EMAIL, minutes_ago: int = 0, attempts: int = 1,
             requeues: int = 0, title: str = "Demand letter DL-7 approved") -> Delivery:
    """A delivery of a new notification, put in `status` as a worker would have left it."""
    [n] = notify(users=[user], kind="demand.approved", title=title, body="12 positions approved.",
                 link="/demand/7/", email=channel == Channel.EMAIL, sms=channel == Channel.SMS)
    d = n.deliveries.get()
    Delivery.objects.filter(pk=d.pk).update(
        status=status, attempts=attempts, requeues=requeues, claimed_at=timezone.now() - minutes_ago * MINUTE,
        error="SMTPServerDisconnected: gone" if status == DeliveryStatus.FAILED else "")
    d.refresh_from_db()
    return d


@pytest.fixture
def world(users):
    dara = users["employer_th"]
    dara.email, dara.phone = "dara@example.org", "+85512345678"
    dara.save()
    return {
        "failed": delivery(dara, DeliveryStatus.FAILED, attempts=5, title="Failed e-mail"),
        "failed_sms": delivery(dara, DeliveryStatus.FAILED, channel=Channel.SMS, title="Failed text"),
        "stuck": delivery(dara, DeliveryStatus.SENDING, minutes_ago=16, title="Stuck e-mail"),
        "sending": delivery(dara, DeliveryStatus.SENDING, minutes_ago=2, title="Being sent"),
        "sent": delivery(dara, DeliveryStatus.SENT, title="Sent fine"),
        "pending": delivery(dara, DeliveryStatus.PENDING, attempts=0, title="Waiting"),
    }


# --- who may -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_page_by_role(as_role, world, role):
    response = as_role(role).get(reverse("delivery_problem_list"))
    assert_status(response, expected(role))
    if role in ADMINS:
        assert "Failed e-mail" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_sending_again_by_role(as_role, world, role):
    failed = world["failed"]
    response = as_role(role).post(reverse("delivery_resend"), {"one": failed.pk})
    assert_status(response, expected(role, ok=302))
    failed.refresh_from_db()
    assert failed.status == (DeliveryStatus.PENDING if role in ADMINS else DeliveryStatus.FAILED)
    assert AuditEvent.objects.filter(action="delivery.resend").exists() is (role in ADMINS)


# --- the page --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_lists_failed_and_stuck_deliveries_by_channel(as_role, world, settings):
    client = as_role("ministry_admin")
    page = client.get(reverse("delivery_problem_list")).content.decode()
    for shown in ("Failed e-mail", "Failed text", "Stuck e-mail"):
        assert shown in page
    for hidden in ("Being sent", "Sent fine", "Waiting"):
        assert hidden not in page
    assert "3 deliveries to look at" in page and "Stuck in sending" in page
    assert "SMTPServerDisconnected: gone" in page and "dara@example.org" not in page  # never claimed: no address
    page = client.get(reverse("delivery_problem_list"), {"channel": "sms"}).content.decode()
    assert "Failed text" in page and "Failed e-mail" not in page and "Stuck e-mail" not in page
    settings.NOTIFICATION_STUCK_MINUTES = 1  # the limit is a setting
    assert "Being sent" in client.get(reverse("delivery_problem_list")).content.decode()


@pytest.mark.django_db
def test_a_failed_sms_to_someone_without_an_account_is_listed_and_sent_again(as_role, users, settings):
    from notifications.services import DeliveryError, delivery_send, notify_phone
    settings.SMS_BACKEND = "tests.notifications.test_services.FailingSmsBackend"
    n = notify_phone(phone="+85512999000", language="km", kind="jobseekers.roster_ending",
                     text="Roster place ends", target=users["employer_th"].organisation)
    failed = n.deliveries.get()
    with pytest.raises(DeliveryError):
        delivery_send(delivery_id=failed.pk)
    client = as_role("ministry_admin")
    page = client.get(reverse("delivery_problem_list"), {"channel": "sms"}).content.decode()
    row = page[page.index(f'id="delivery-{failed.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "Roster place ends" in row and "(no account)" in row and "+85512999000" in row
    assert str(users["employer_th"].organisation) in row
    assert_status(client.post(reverse("delivery_resend"), {"one": failed.pk}), 302)
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.PENDING


@pytest.mark.django_db
def test_sending_the_selected_again_refuses_what_was_sent(as_role, world):
    client = as_role("ministry_admin")
    response = client.post(reverse("delivery_resend"), {
        "selected": [world["failed"].pk, world["stuck"].pk, world["sent"].pk],
        "next": reverse("delivery_problem_list") + "?channel=email"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("delivery_problem_list") + "?channel=email"
    page = response.content.decode()
    assert "2 deliveries are queued to be sent again." in page
    assert f"Delivery {world['sent'].pk} was not queued again: It was sent already." in page
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert [statuses[world[k].pk] for k in ("failed", "stuck", "sent", "failed_sms")] == [
        "pending", "pending", "sent", "failed"]
    again = Delivery.objects.get(pk=world["failed"].pk)
    assert (again.attempts, again.error) == (0, "")  # a fresh set of attempts
    event = AuditEvent.objects.get(action="delivery.resend", target_id=str(world["failed"].pk))
    assert event.actor.username == "ministry.admin"
    assert (event.before["status"], event.before["attempts"], event.after["status"]) == ("failed", 5, "pending")
    page = client.get(reverse("delivery_problem_list")).content.decode()
    assert "Failed e-mail" not in page and "Failed text" in page


@pytest.mark.django_db
def test_a_second_press_is_refused(users, world):
    admin = users["ministry_admin"]
    first = delivery_resend(actor=admin, delivery_ids=[world["failed"].pk, world["failed"].pk])
    assert first.requeued == [world["failed"].pk] and first.refused == {}
    second = delivery_resend(actor=admin, delivery_ids=[world["failed"].pk, world["sending"].pk, 999_999])
    assert second.requeued == []
    assert second.refused == {world["failed"].pk: "It is queued or being sent already.",
                              world["sending"].pk: "It is queued or being sent already.",
                              999_999: "This delivery does not exist."}
    assert AuditEvent.objects.filter(action="delivery.resend").count() == 1


# --- the beat task, without a worker (what it changes) ---------------------------------------------------------


@pytest.mark.django_db
def test_stuck_deliveries_are_queued_again_a_bounded_number_of_times(world, settings):
    settings.NOTIFICATION_STUCK_REQUEUES = 2
    stuck = world["stuck"]
    assert deliveries_requeue_stuck() == ([stuck.pk], [])
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts, stuck.requeues) == ("pending", 0, 1)  # the dead attempt is given back
    assert deliveries_requeue_stuck() == ([], [])  # nothing else is stuck; a fresh "sending" is left alone
    Delivery.objects.filter(pk=stuck.pk).update(status="sending", attempts=1,
                                                 claimed_at=timezone.now() - 20 * MINUTE)
    assert deliveries_requeue_stuck() == ([stuck.pk], [])
    Delivery.objects.filter(pk=stuck.pk).update(status="sending", attempts=1,
                                                 claimed_at=timezone.now() - 20 * MINUTE)
    assert deliveries_requeue_stuck() == ([], [stuck.pk])  # twice is the limit: now a person decides
    stuck.refresh_from_db()
    assert (stuck.status, stuck.requeues) == ("failed", 2) and "stuck in sending" in stuck.error
    assert [e.action for e in AuditEvent.objects.filter(target_id=str(stuck.pk)).order_by("pk")] == [
        "delivery.requeue_stuck", "delivery.requeue_stuck", "delivery.give_up"]
    assert AuditEvent.objects.filter(action="delivery.give_up").get().actor is None


def test_the_beat_schedule_is_registered():
    from config.celery import app

    for name, entry in BEAT_SCHEDULE.items():
        assert app.conf.beat_schedule[name]["task"] == entry["task"]
    assert "notifications.tasks.requeue_stuck_deliveries" in app.tasks
    # demand's entries are still there: each app adds its own
    assert "demand-expire-letters" in app.conf.beat_schedule
