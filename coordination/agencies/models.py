"""Licensed recruitment agencies under the ministry's supervision: the licence's dates and standing, the
history of its status, inspections and their findings, and the ranking computed from that record.

The licence number has one home, `accounts.Organisation.licence_number` (the organisations page and
`agency_licence_save` both write that column); the profile holds what only supervision needs. An agency
organisation without a profile has never been supervised: its status counts as active and its licence
dates as not recorded (coordination.agencies.permissions says what that means for a licence).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class InspectionOutcome(models.TextChoices):
    """How serious an inspection's findings are, from none to a breach that stops recruitment."""

    COMPLIANT = "compliant", _("Compliant")
    MINOR = "minor", _("Minor findings")
    MAJOR = "major", _("Major findings")
    CRITICAL = "critical", _("Critical findings")


class RankingTier(models.TextChoices):
    A = "A", _("A — good standing")
    B = "B", _("B — watch")
    C = "C", _("C — serious concerns")
    D = "D", _("D — not fit to recruit")


class ExpiryReminder(models.TextChoices):
    """The last expiry reminder sent for the licence's current expiry date."""

    DAYS_30 = "30", _("30 days before expiry")
    DAYS_7 = "7", _("7 days before expiry")
    EXPIRED = "expired", _("Licence expired")


class AgencyProfile(models.Model):
    """What the ministry keeps on a recruitment agency (an organisation of kind agency)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="agency_profile"
    )
    licence_issued_on = models.DateField(_("licence issued on"), null=True, blank=True)
    licence_expires_on = models.DateField(_("licence expires on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE)
    status_reason = models.TextField(_("reason for the status"), max_length=2000, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    ranking_score = models.PositiveSmallIntegerField(_("ranking score"), null=True, blank=True)
    ranking_tier = models.CharField(_("ranking tier"), max_length=1, choices=RankingTier.choices, blank=True)
    ranking_reasons = models.JSONField(_("ranking reasons"), default=list, blank=True)
    ranking_computed_at = models.DateTimeField(_("ranking computed at"), null=True, blank=True)
    # Expiry reminders: the last stage sent and the expiry date it was for (a renewed licence starts again).
    expiry_reminder = models.CharField(max_length=8, choices=ExpiryReminder.choices, blank=True)
    expiry_reminder_for = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("agency profile")
        verbose_name_plural = _("agency profiles")

    def __str__(self) -> str:
        return self.organisation.name


class AgencyStatusChange(models.Model):
    """One change of an agency's status: who, when, why."""

    profile = models.ForeignKey(AgencyProfile, on_delete=models.CASCADE, related_name="status_changes")
    status_from = models.CharField(_("previous status"), max_length=12, choices=AgencyStatus.choices)
    status_to = models.CharField(_("new status"), max_length=12, choices=AgencyStatus.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("agency status change")
        verbose_name_plural = _("agency status changes")

    def __str__(self) -> str:
        return f"{self.status_from} → {self.status_to}"


class Inspection(models.Model):
    """An inspection of an agency by the ministry, with what it found."""

    profile = models.ForeignKey(AgencyProfile, on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.CharField(_("inspector"), max_length=200)
    findings = models.TextField(_("findings"), max_length=4000)
    outcome = models.CharField(_("outcome"), max_length=12, choices=InspectionOutcome.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.profile.organisation.name} {self.inspected_on.isoformat()}"
