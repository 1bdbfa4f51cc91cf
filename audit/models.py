"""The audit trail: who changed what, when, from what to what, and why."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    action = models.CharField(_("what"), max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=40)
    target_label = models.CharField(max_length=255, blank=True)
    before = models.JSONField(_("before"), encoder=DjangoJSONEncoder, default=dict, blank=True)
    after = models.JSONField(_("after"), encoder=DjangoJSONEncoder, default=dict, blank=True)
    reason = models.TextField(_("why"), max_length=5000, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        # In the platform's time zone, as every page shows a time (the admin lists events by this).
        at = f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} " if self.at else ""
        return f"{at}{self.action} {self.target_label}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs, for display."""
        keys = sorted(set(self.before) | set(self.after))
        return [(k, self.before.get(k), self.after.get(k)) for k in keys if self.before.get(k) != self.after.get(k)]
