"""In-app notifications and their outside deliveries (e-mail, SMS), one Delivery per channel."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a person should know about.

    `content` holds the title and body as message keys and parameters (i18n.messages), rendered in the
    reader's language by `title_text` and `body_text`; `title` and `body` keep the English rendering for the
    admin's search and for rows written before messages were stored as keys.

    The recipient is a user, or someone without an account (a job seeker) reached by SMS only: then `user` is
    empty and `phone` and `language` say where and in which language (notify_phone). Such a notification is
    nobody's in-app message; its Delivery is tracked, retried and re-queued like any other."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
        related_name="notifications", null=True, blank=True,
    )
    phone = models.CharField(
        _("recipient's phone"), max_length=30, blank=True,
        help_text=_("For a recipient without an account: the number the SMS goes to."),
    )
    language = models.CharField(
        _("recipient's language"), max_length=10, blank=True,
        help_text=_("For a recipient without an account: the language the SMS is written in."),
    )
    kind = models.CharField(_("kind"), max_length=60, help_text=_("What happened, e.g. demand.approved."))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    content = models.JSONField(_("content"), default=dict, blank=True)
    link = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("A page on this site, e.g. /demand/12/.")
    )
    # What it is about, if anything: a generic target like the audit trail's (notifications know no domain).
    # The label is stored as it read when the notification was made; `link` is where to see the target.
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("about (type)"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    target_id = models.CharField(_("about (id)"), max_length=40, blank=True)
    target_label = models.CharField(_("about"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notif_user_created"),
            models.Index(fields=["user", "read_at"], name="notif_user_read"),
            models.Index(fields=["target_type", "target_id"], name="notif_target"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(user__isnull=False) | ~models.Q(phone=""),
                                   name="notif_has_recipient"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title_text

    @property
    def title_text(self) -> str:
        """The title in the active language."""
        from i18n.messages import render

        return render(self.content["title"]) if self.content.get("title") else self.title

    @property
    def body_text(self) -> str:
        """The message in the active language."""
        from i18n.messages import render

        return render(self.content["body"]) if self.content.get("body") else self.body

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class Delivery(models.Model):
    """One attempt-tracked send of a notification on one channel.

    `key` is unique, so a notification is never queued twice on the same channel; the task claims
    the row (pending/failed → sending) with one conditional UPDATE, so a task that runs twice sends once.
    A row left "sending" past settings.NOTIFICATION_STUCK_MINUTES (its worker died) is stuck: the beat
    task queues it again a few times (`requeues`), then marks it failed for a person to send again.
    """

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("delivery channel"), max_length=10, choices=Channel.choices)
    key = models.CharField(_("key"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    address = models.CharField(_("sent to"), max_length=254, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requeues = models.PositiveSmallIntegerField(
        _("re-queued when stuck"), default=0,
        help_text=_("How often it was found stuck in sending and queued again (NOTIFICATION_STUCK_REQUEUES at most)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"], name="delivery_status")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def make_key(notification_id: int, channel: str) -> str:
        return f"{notification_id}:{channel}"
