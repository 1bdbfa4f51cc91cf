"""Create notifications, mark them read, and send their deliveries.

notify() writes the in-app rows and one Delivery per outside channel in the caller's transaction and
enqueues `deliver` for each only when that transaction commits. delivery_send() is what the task runs:
it claims the Delivery with one conditional UPDATE, so however often the task runs, a message is sent
at most once (a worker that dies between the claim and the send leaves the row "sending", visible in
the admin: at-most-once is the price of never sending twice).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import permissions
from audit.services import audit_record
from i18n.messages import render, stored
from notifications import sms as sms_backends
from notifications.models import Channel, Delivery, DeliveryStatus, Notification
from notifications.selectors import notification_get, resendable_q, stuck_q

log = logging.getLogger(__name__)

# How many times a delivery is tried in all (the task retries MAX_ATTEMPTS - 1 times).
MAX_ATTEMPTS = 5
# Longer texts are cut: several SMS segments at most (a Khmer segment holds 70 characters).
SMS_MAX_LENGTH = 320
TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length or 200


class DeliveryError(Exception):
    """Sending failed; the failure is recorded on the Delivery and the task retries."""


def _check_link(link: str) -> str:
    link = (link or "").strip()
    if link and not (
        link.startswith("/") and not link.startswith("//")
        and url_has_allowed_host_and_scheme(link, allowed_hosts=None)
    ):
        raise ValueError(f"a notification link must be a path on this site, not {link!r}")
    return link


@dataclass(frozen=True)
class NotificationTarget:
    """What a notification is about, without knowing its app: a content type and id, the label to show
    (e.g. a letter's reference) and the page where to see it (a path on this site)."""

    type: ContentType
    id: str
    label: str = ""
    link: str = ""

    @classmethod
    def of(cls, obj: models.Model, *, link: str = "", label: str | None = None) -> NotificationTarget:
        """The target for a model instance: its concrete type and pk, labelled str(obj) unless told."""
        return cls(type=ContentType.objects.get_for_model(obj, for_concrete_model=True), id=str(obj.pk),
                   label=str(obj) if label is None else str(label), link=link)


def _about(target: NotificationTarget | models.Model | None) -> dict[str, Any]:
    """The notification's columns for what it is about (nothing when about nothing)."""
    if target is None:
        return {}
    if not isinstance(target, NotificationTarget):
        target = NotificationTarget.of(target)
    return {"target_type": target.type, "target_id": str(target.id)[:40],
            "target_label": " ".join(str(target.label or "").split())[:255]}


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: Any,
    body: Any,
    link: str = "",
    target: NotificationTarget | models.Model | None = None,
    email: bool = True,
    sms: bool = True,
) -> list[Notification]:
    """Notify each user in the app, and by e-mail and SMS once the surrounding transaction commits.

    Title and body are messages (i18n.messages.message(gettext_lazy(...), **params)), lazy strings or plain
    text; they are stored as keys and parameters and shown in the reader's language.
    `target` is what it is about: a NotificationTarget, or a model instance (labelled str(instance));
    `link` is the page to open, by default the target's. A user listed twice is notified once. Nothing is
    sent if the transaction rolls back.
    """
    if target is not None and not isinstance(target, NotificationTarget):
        target = NotificationTarget.of(target)
    link = _check_link(link or (target.link if target is not None else ""))
    about = _about(target)
    recipients: dict[int, Any] = {}
    for user in users:
        if user is not None and user.pk is not None:
            recipients.setdefault(user.pk, user)
    if not recipients:
        return []
    channels = [channel for channel, wanted in ((Channel.EMAIL, email), (Channel.SMS, sms)) if wanted]
    content = {"title": stored(title), "body": stored(body or "")}
    english_title = " ".join(render(content["title"], "en").split())[:TITLE_MAX_LENGTH]
    english_body = render(content["body"], "en")

    from notifications.tasks import deliver

    with transaction.atomic():
        notifications = Notification.objects.bulk_create([
            Notification(user=user, kind=kind, title=english_title, body=english_body, content=content,
                         link=link, **about)
            for user in recipients.values()
        ])
        deliveries = Delivery.objects.bulk_create([
            Delivery(notification=n, channel=channel, key=Delivery.make_key(n.pk, channel))
            for n in notifications
            for channel in channels
        ])
        for delivery in deliveries:
            deliver.delay_on_commit(delivery.pk)
    return notifications


def notify_phone(
    *,
    phone: str,
    language: str,
    kind: str,
    text: Any,
    target: NotificationTarget | models.Model | None = None,
) -> Notification | None:
    """An SMS to someone without an account (a job seeker), in `language`, tracked as a Delivery like any other:
    sent once the surrounding transaction commits, retried, re-queued when stuck, listed for an administrator to
    send again when it failed. `text` is a message (stored as a key and parameters). No phone, no SMS: None."""
    phone = " ".join(str(phone or "").split())
    if not phone:
        return None
    about = _about(target)
    content = {"title": stored(text), "body": stored("")}

    from notifications.tasks import deliver

    with transaction.atomic():
        notification = Notification.objects.create(
            user=None, phone=phone[:30], language=language, kind=kind,
            title=" ".join(render(content["title"], "en").split())[:TITLE_MAX_LENGTH], body="", content=content,
            **about)
        delivery = Delivery.objects.create(notification=notification, channel=Channel.SMS,
                                           key=Delivery.make_key(notification.pk, Channel.SMS))
        deliver.delay_on_commit(delivery.pk)
    return notification


def notification_mark_read(*, actor: Any, notification_id: int) -> Notification:
    """Mark one of the actor's notifications read. Someone else's raises Notification.DoesNotExist."""
    notification = notification_get(actor=actor, notification_id=notification_id)
    if notification is None:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notification_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; return how many changed."""
    permissions.require(permissions.is_signed_in(actor))
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())


# ---------------------------------------------------------------------------------------------------
# Sending (run by notifications.tasks.deliver)


def _absolute(link: str) -> str:
    base = settings.SITE_URL
    return f"{base.rstrip('/')}{link}" if base else link


def delivery_language(notification: Notification) -> str:
    """The language of e-mails and SMS: the one recorded for a recipient without an account (a job seeker's SMS
    is in Khmer), else the language the user last used the site in (User.language), else the platform's
    (settings.LANGUAGE_CODE)."""
    user = notification.user
    return notification.language or (user.language if user is not None else "") or settings.LANGUAGE_CODE


def email_for(notification: Notification) -> tuple[str, str]:
    """Subject and text of the e-mail for a notification."""
    with translation.override(delivery_language(notification)):
        title, body = notification.title_text, notification.body_text
    if notification.link:
        body = f"{body}\n\n{_absolute(notification.link)}" if body else _absolute(notification.link)
    return title, body


def sms_text_for(notification: Notification) -> str:
    with translation.override(delivery_language(notification)):
        title, body = notification.title_text, notification.body_text
    text = f"{title}\n{body}" if body else title
    return text if len(text) <= SMS_MAX_LENGTH else text[: SMS_MAX_LENGTH - 1] + "…"


def _address(channel: str, notification: Notification) -> tuple[str, str]:
    """(address, reason it is missing)."""
    user = notification.user
    if user is None:  # someone without an account: SMS to the recorded phone only
        return (notification.phone.strip(), "no phone number") if channel == Channel.SMS else ("", "no e-mail address")
    if not user.is_active:
        return "", "account deactivated"
    if channel == Channel.EMAIL:
        return (user.email or "").strip(), "no e-mail address"
    return (getattr(user, "phone", "") or "").strip(), "no phone number"


def _finish(delivery_id: int, **fields: Any) -> None:
    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING).update(**fields)


def delivery_send(*, delivery_id: int) -> str:
    """Send one delivery if nobody has yet. Returns the resulting status ("" when there was nothing to do).

    Raises DeliveryError (after recording status "failed" and the error) when the channel refused.
    """
    with transaction.atomic():
        claimed = Delivery.objects.filter(
            pk=delivery_id, status__in=(DeliveryStatus.PENDING, DeliveryStatus.FAILED), attempts__lt=MAX_ATTEMPTS
        ).update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now())
    if not claimed:
        return ""
    delivery = Delivery.objects.select_related("notification__user").get(pk=delivery_id)
    notification = delivery.notification
    address, missing = _address(delivery.channel, notification)
    if not address:
        _finish(delivery_id, status=DeliveryStatus.SKIPPED, error=missing)
        return DeliveryStatus.SKIPPED
    try:
        if delivery.channel == Channel.EMAIL:
            subject, text = email_for(notification)
            EmailMessage(subject=subject, body=text, to=[address]).send(fail_silently=False)
        else:
            message = sms_backends.SmsMessage(to=address, text=sms_text_for(notification))
            sms_backends.get_backend().send_messages([message])
    except Exception as exc:
        log.warning("delivery %s (%s) failed: %s", delivery.key, delivery.channel, exc)
        _finish(delivery_id, status=DeliveryStatus.FAILED, address=address,
                error=f"{type(exc).__name__}: {exc}"[:2000])
        raise DeliveryError(f"delivery {delivery.key} failed") from exc
    _finish(delivery_id, status=DeliveryStatus.SENT, address=address, sent_at=timezone.now(), error="")
    return DeliveryStatus.SENT


# ---------------------------------------------------------------------------------------------------
# Sending again: a person (failed or stuck deliveries) and the beat task (stuck ones, a few times)


@dataclass
class ResendResult:
    requeued: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)  # delivery id → why, in the request's language


def _snapshot(delivery: Delivery) -> dict[str, Any]:
    return {"status": delivery.status, "attempts": delivery.attempts, "requeues": delivery.requeues,
            "error": delivery.error}


def _refusal(delivery: Delivery | None) -> str:
    if delivery is None:
        return _("This delivery does not exist.")
    if delivery.status == DeliveryStatus.SENT:
        return _("It was sent already.")
    if delivery.status == DeliveryStatus.SKIPPED:
        return _("It cannot be sent: %(why)s.") % {"why": delivery.error or _("no address")}
    return _("It is queued or being sent already.")


def delivery_resend(*, actor: Any, delivery_ids: Iterable[int]) -> ResendResult:
    """Queue failed or stuck deliveries again (ministry administrators), each with a fresh set of attempts.

    Each row moves back to "pending" with one conditional UPDATE, so a second press finds it pending
    and refuses; and the task claims before sending, so it is sent once however often it is queued.
    Deliveries already sent (or queued, or skipped for want of an address) are refused.
    """
    permissions.require(permissions.can_resend_deliveries(actor))
    result = ResendResult()
    for delivery_id in dict.fromkeys(int(pk) for pk in delivery_ids):
        from notifications.tasks import deliver

        with transaction.atomic():
            delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
            moved = delivery is not None and Delivery.objects.filter(resendable_q(), pk=delivery_id).update(
                status=DeliveryStatus.PENDING, attempts=0, requeues=0, error="")
            if not moved:
                result.refused[delivery_id] = _refusal(delivery)
                continue
            before = _snapshot(delivery)
            delivery.refresh_from_db()
            audit_record(actor=actor, action="delivery.resend", target=delivery, before=before,
                         after=_snapshot(delivery))
            deliver.delay_on_commit(delivery_id)
        result.requeued.append(delivery_id)
    return result


def deliveries_requeue_stuck(*, now: Any = None) -> tuple[list[int], list[int]]:
    """Queue again deliveries stuck in "sending" (their worker died), at most NOTIFICATION_STUCK_REQUEUES
    times each; past that, mark them failed so that they show for a person. Returns (requeued, given up).

    The attempt that died is given back (`attempts` - 1; `requeues` + 1 counts it instead), so the
    task's own retry budget is untouched. At most once still holds for the channel only if the dead
    worker had not reached it: a stuck row may, rarely, have been sent before its worker died.
    """
    from notifications.tasks import deliver

    limit = settings.NOTIFICATION_STUCK_REQUEUES
    requeued: list[int] = []
    given_up: list[int] = []
    for delivery in Delivery.objects.filter(stuck_q(now)).order_by("pk"):
        with transaction.atomic():
            before = _snapshot(delivery)
            if delivery.requeues >= limit:
                error = f"stuck in sending; queued again {delivery.requeues} times without finishing"
                moved = Delivery.objects.filter(stuck_q(now), pk=delivery.pk).update(
                    status=DeliveryStatus.FAILED, error=error)
                action, bucket = "delivery.give_up", given_up
            else:
                moved = Delivery.objects.filter(stuck_q(now), pk=delivery.pk).update(
                    status=DeliveryStatus.PENDING, attempts=F("attempts") - 1, requeues=F("requeues") + 1)
                action, bucket = "delivery.requeue_stuck", requeued
            if not moved:  # it finished, or someone else moved it, meanwhile
                continue
            delivery.refresh_from_db()
            audit_record(actor=None, action=action, target=delivery, before=before, after=_snapshot(delivery),
                         reason=_("Stuck in sending for more than %(minutes)s minutes.") % {
                             "minutes": settings.NOTIFICATION_STUCK_MINUTES})
            if action == "delivery.requeue_stuck":
                deliver.delay_on_commit(delivery.pk)
        bucket.append(delivery.pk)
    return requeued, given_up
