"""Employers, demand letters and their positions, screening findings, quota draw-down, allocations.

Rules that need other rows live elsewhere: transitions and the quota arithmetic in services, screening
in screening, and which quota pool a position draws from in quota. Models hold data and the invariants
that need nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mou.models import Payer, Period


class Accreditation(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCREDITED = "accredited", _("Accredited")
    SUSPENDED = "suspended", _("Suspended")
    BANNED = "banned", _("Banned")


class EmployerProfile(models.Model):
    """What the ministry knows of a destination employer (an organisation of kind employer)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="employer_profile"
    )
    legal_name = models.CharField(_("legal name"), max_length=255)
    registration_number = models.CharField(_("registration number"), max_length=80)
    address = models.TextField(_("address"), max_length=2000)
    sector = models.ForeignKey(
        "reference.Sector", verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    accreditation = models.CharField(
        _("accreditation"), max_length=12, choices=Accreditation.choices, default=Accreditation.PENDING
    )
    accredited_until = models.DateField(_("accredited until"), null=True, blank=True)
    banned_until = models.DateField(_("banned until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("employer profile")
        verbose_name_plural = _("employer profiles")

    def __str__(self) -> str:
        return self.legal_name


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ATTESTATION = "attestation", _("Awaiting attestation")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ALLOCATED = "allocated", _("Allocated to agencies")
    RECRUITING = "recruiting", _("Recruiting")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


# Awaiting the ministry's decision (a returned letter waits on the employer): the one definition, used by
# the overdue rule (demand.selectors.overdue_q, letter_is_overdue), the reminders and the benchmark.
AWAITING_REVIEW_STATUSES = (LetterStatus.SUBMITTED, LetterStatus.UNDER_REVIEW)
# Ended with a reason the employer reads (rejected, revoked, closed, expired).
ENDED_STATUSES = (LetterStatus.REJECTED, LetterStatus.REVOKED, LetterStatus.CLOSED, LetterStatus.EXPIRED)


class AttestationStatus(models.TextChoices):
    """The labour attaché's attestation of a letter, where the agreement requires it before review."""

    NOT_REQUIRED = "not_required", _("Not required")
    REQUESTED = "requested", _("Requested")
    ATTESTED = "attested", _("Attested")
    REFUSED = "refused", _("Refused")


class DemandLetter(models.Model):
    reference = models.CharField(_("reference number"), max_length=40, unique=True)
    employer = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="demand_letters"
    )
    agreement = models.ForeignKey(
        "mou.Agreement", verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="demand_letters"
    )
    version = models.ForeignKey(
        "mou.AgreementVersion", verbose_name=_("judged against version"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
        help_text=_("The version in force on the submission date."),
    )
    status = models.CharField(_("status"), max_length=14, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    attestation_date = models.DateField(_("attested on"), null=True, blank=True)
    attestation_officer = models.CharField(_("attesting officer"), max_length=150, blank=True)
    attestation_document = models.FileField(_("attestation document"), upload_to="attestations/%Y/", blank=True)
    attestation_status = models.CharField(
        _("attestation"), max_length=12, choices=AttestationStatus.choices, default=AttestationStatus.NOT_REQUIRED,
        help_text=_("The labour attaché's attestation on the platform, where the agreement requires it."),
    )
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("attested by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    attested_at = models.DateTimeField(_("attested at"), null=True, blank=True)
    attestation_refusal_reason = models.TextField(_("why the attestation was refused"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_due = models.DateField(_("review due by"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), max_length=5000, blank=True)
    reminded_on = models.DateField(
        _("reviewers last reminded on"), null=True, blank=True, editable=False,
        help_text=_("Set by the daily overdue-review reminder, so that it reminds once a day at most."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["employer", "-created_at"]),
        ]
        verbose_name = _("demand letter")
        verbose_name_plural = _("demand letters")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_ended(self) -> bool:
        """Ended by a decision or by time (rejected, revoked, closed, expired): its reason is the last word."""
        return self.status in ENDED_STATUSES

    @property
    def total_workers(self) -> int:
        return sum(p.workers for p in self.positions.all())


class ReferenceCounter(models.Model):
    """The last reference number given for one prefix (e.g. "DL-TH-2026-"). A new letter locks its prefix's
    row (SELECT … FOR UPDATE) and takes the next number, so concurrent creates never collide on a reference."""

    prefix = models.CharField(max_length=40, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}{self.last:05d}"


class AttachmentKind(models.TextChoices):
    SIGNED_LETTER = "signed_letter", _("Signed demand letter")
    ATTESTATION = "attestation", _("Embassy attestation")
    OTHER = "other", _("Other")


class Attachment(models.Model):
    letter = models.ForeignKey(DemandLetter, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=14, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to="demand/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Sex(models.TextChoices):
    ANY = "any", _("Any")
    FEMALE = "female", _("Women only")
    MALE = "male", _("Men only")


class Position(models.Model):
    letter = models.ForeignKey(DemandLetter, on_delete=models.CASCADE, related_name="positions")
    line = models.PositiveIntegerField(_("line"))
    occupation = models.ForeignKey(
        "reference.Occupation", verbose_name=_("occupation (ISCO-08)"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey("reference.Sector", verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    workers = models.PositiveIntegerField(_("number of workers"))
    skills = models.TextField(_("skills and qualifications"), max_length=5000, blank=True)
    experience_months = models.PositiveSmallIntegerField(_("experience (months)"), default=0)
    language_test = models.CharField(_("language test"), max_length=60, blank=True)
    language_min_score = models.CharField(_("minimum language score"), max_length=20, blank=True)
    required_sex = models.CharField(_("sex required"), max_length=6, choices=Sex.choices, default=Sex.ANY)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    wage_amount = models.DecimalField(_("wage"), max_digits=12, decimal_places=2)
    wage_currency = models.ForeignKey(
        "reference.Currency", verbose_name=_("wage currency"), on_delete=models.PROTECT, related_name="+"
    )
    wage_period = models.CharField(_("wage period"), max_length=5, choices=Period.choices)
    hours_per_day = models.DecimalField(_("normal hours per day"), max_digits=4, decimal_places=1)
    days_per_week = models.PositiveSmallIntegerField(_("working days per week"))
    rest_days_per_week = models.PositiveSmallIntegerField(_("rest days per week"))
    overtime_rate = models.DecimalField(_("overtime rate"), max_digits=4, decimal_places=2)
    contract_months = models.PositiveSmallIntegerField(_("contract length (months)"))
    work_location = models.CharField(_("work location"), max_length=255)
    accommodation = models.BooleanField(_("accommodation provided"), default=False)
    food = models.BooleanField(_("food provided"), default=False)
    transport = models.BooleanField(_("transport provided"), default=False)

    class Meta:
        ordering = ["letter", "line"]
        constraints = [models.UniqueConstraint(fields=["letter", "line"], name="demand_position_unique_line")]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return f"{self.letter.reference}/{self.line}"


class PositionCost(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="costs")
    name = models.CharField(_("cost item"), max_length=150)
    payer = models.CharField(_("paid by"), max_length=10, choices=Payer.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.ForeignKey("reference.Currency", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} {self.currency_id}"


class Severity(models.TextChoices):
    BLOCKER = "blocker", _("Blocker")
    WARNING = "warning", _("Warning")


class Finding(models.Model):
    """A screening finding recorded at submission: what the reviewer sees beside the terms."""

    letter = models.ForeignKey(DemandLetter, on_delete=models.CASCADE, related_name="findings")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, null=True, blank=True, related_name="findings")
    rule = models.CharField(_("rule"), max_length=40)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    clause = models.CharField(_("clause"), max_length=60, blank=True)
    values = models.JSONField(_("values compared"), default=dict, blank=True)
    message_en = models.TextField()
    message_km = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position__line", "severity", "rule"]

    def __str__(self) -> str:
        return f"{self.rule} ({self.severity})"


class QuotaUse(models.Model):
    """How much of one quota pool the approved demand holds: one quota row of the agreement, identified by
    agreement × year × sector × occupation (no occupation for a sector-wide row). demand.quota says which
    pool a position draws from.

    One row per pool; approval locks it (SELECT … FOR UPDATE on PostgreSQL) before drawing.
    """

    agreement = models.ForeignKey("mou.Agreement", on_delete=models.PROTECT, related_name="quota_uses")
    year = models.PositiveSmallIntegerField()
    sector = models.ForeignKey("reference.Sector", on_delete=models.PROTECT, related_name="+")
    occupation = models.ForeignKey(
        "reference.Occupation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )  # empty for a sector-wide quota row
    approved = models.PositiveIntegerField(default=0)
    allocated = models.PositiveIntegerField(default=0)
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Two partial indexes, because NULLs are distinct in a plain unique index.
            models.UniqueConstraint(fields=["agreement", "year", "sector"],
                                    condition=models.Q(occupation__isnull=True),
                                    name="demand_quota_use_unique_sector"),
            models.UniqueConstraint(fields=["agreement", "year", "sector", "occupation"],
                                    condition=models.Q(occupation__isnull=False),
                                    name="demand_quota_use_unique_occupation"),
            models.CheckConstraint(condition=models.Q(allocated__lte=models.F("approved")),
                                   name="demand_quota_allocated_le_approved"),
        ]

    def __str__(self) -> str:
        pool = f"{self.sector_id}/{self.occupation_id}" if self.occupation_id else f"{self.sector_id}"
        return f"{self.agreement_id} {self.year} {pool}: {self.approved}"


class QuotaDraw(models.Model):
    """What one letter drew from one quota pool; returned (in part) on revoke, expiry or close."""

    letter = models.ForeignKey(DemandLetter, on_delete=models.CASCADE, related_name="quota_draws")
    quota_use = models.ForeignKey(QuotaUse, on_delete=models.PROTECT, related_name="draws")
    workers = models.PositiveIntegerField()
    returned = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["letter", "quota_use"], name="demand_quota_draw_unique")]

    def __str__(self) -> str:
        return f"{self.letter_id} → {self.quota_use_id}: {self.workers}"


class Allocation(models.Model):
    letter = models.ForeignKey(DemandLetter, on_delete=models.CASCADE, related_name="allocations")
    agency = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="allocations")
    workers = models.PositiveIntegerField(_("positions allocated"))
    filled = models.PositiveIntegerField(_("positions filled"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["letter", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["letter", "agency"], name="demand_allocation_unique")]

    def __str__(self) -> str:
        return f"{self.letter_id} → {self.agency_id}: {self.workers}"
