"""The MoU registry: agreements, their versions, and the terms of each version.

A version's terms are immutable once written: amending an agreement writes a new version.
Every term carries the article/clause of the signed text it comes from.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from i18n.content import LocalText
from i18n.messages import bilingual, message

# The marker on an illustrative agreement's title: a UI string, so it reads in the reader's language.
ILLUSTRATIVE_TITLE = _("%(title)s (Illustrative — verify against the signed text)")

CLAUSE = {"max_length": 60, "blank": True, "verbose_name": _("clause")}


class Channel(models.TextChoices):
    G2G = "g2g", _("Government to government")
    PRIVATE = "private", _("Private recruitment agencies")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")


class Period(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class Payer(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    WORKER = "worker", _("Worker")


class Agreement(models.Model):
    partner_country = models.ForeignKey(
        "reference.Country", verbose_name=_("partner country"), on_delete=models.PROTECT, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=255)
    title_km = models.CharField(_("title (Khmer)"), max_length=255, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    illustrative = models.BooleanField(
        _("illustrative"), default=False,
        help_text=_("Demonstration terms drawn from public facts, not the signed text."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partner_country__name", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    local_title = LocalText("title")

    def __str__(self) -> str:
        return self.local_title

    @property
    def display_title(self) -> str:
        """The title as pages, sheets and exports show it: in the reader's language, marked when the terms are
        illustrative."""
        return str(self.title_message())

    def title_message(self) -> Any:
        """The title as a message parameter read later (a notification): both languages kept, the illustrative
        marker translated when read."""
        title = bilingual(self.title, self.title_km)
        return message(ILLUSTRATIVE_TITLE, title=title) if self.illustrative else title


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    signed_date = models.DateField(_("signed on"))
    in_force_from = models.DateField(_("in force from"))
    in_force_to = models.DateField(_("in force until"), null=True, blank=True)
    source_document = models.CharField(
        _("source document"), max_length=500, blank=True,
        help_text=_("Title, reference number or address of the signed text."),
    )
    source_document_km = models.CharField(
        _("source document (Khmer)"), max_length=500, blank=True,
        help_text=_("The Khmer title of the signed text, when it has one."),
    )
    reason = models.TextField(_("reason for this version"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Coverage
    sectors = models.ManyToManyField("reference.Sector", verbose_name=_("sectors covered"), related_name="+")
    sectors_clause = models.CharField(**CLAUSE)
    occupations = models.ManyToManyField(
        "reference.Occupation", verbose_name=_("occupations covered"), blank=True, related_name="+",
        help_text=_("Leave empty when every occupation in the covered sectors is allowed."),
    )
    occupations_clause = models.CharField(**CLAUSE)

    # Employment-term floors
    hours_per_day = models.DecimalField(_("normal hours per day"), max_digits=4, decimal_places=1)
    hours_per_week = models.DecimalField(_("normal hours per week"), max_digits=4, decimal_places=1)
    hours_clause = models.CharField(**CLAUSE)
    min_weekly_rest_days = models.PositiveSmallIntegerField(_("minimum weekly rest days"), default=1)
    rest_clause = models.CharField(**CLAUSE)
    overtime_rate = models.DecimalField(
        _("overtime rate"), max_digits=4, decimal_places=2, help_text=_("Multiple of the normal hourly wage.")
    )
    overtime_clause = models.CharField(**CLAUSE)
    contract_min_months = models.PositiveSmallIntegerField(_("shortest contract (months)"))
    contract_max_months = models.PositiveSmallIntegerField(_("longest contract (months)"))
    contract_clause = models.CharField(**CLAUSE)
    max_stay_months = models.PositiveSmallIntegerField(_("maximum stay (months)"))
    stay_clause = models.CharField(**CLAUSE)
    reentry_rule = models.TextField(_("re-entry rule"), max_length=5000, blank=True)
    reentry_rule_km = models.TextField(_("re-entry rule (Khmer)"), max_length=5000, blank=True)
    cooling_off_months = models.PositiveSmallIntegerField(_("cooling-off period (months)"), default=0)
    reentry_clause = models.CharField(**CLAUSE)

    # Worker eligibility
    min_age = models.PositiveSmallIntegerField(_("minimum age"))
    max_age = models.PositiveSmallIntegerField(_("maximum age"))
    age_clause = models.CharField(**CLAUSE)
    medical_check_required = models.BooleanField(_("medical check required"), default=True)
    orientation_required = models.BooleanField(_("pre-departure orientation required"), default=True)
    police_clearance_required = models.BooleanField(_("police clearance required"), default=True)
    eligibility_clause = models.CharField(**CLAUSE)
    roster_validity_months = models.PositiveSmallIntegerField(_("roster entry valid for (months)"))
    roster_clause = models.CharField(**CLAUSE)

    # Fees and procedure
    zero_fee = models.BooleanField(
        _("zero-fee"), default=True, help_text=_("Workers pay no recruitment fees or related costs at all.")
    )
    fee_clause = models.CharField(**CLAUSE)
    attestation_required = models.BooleanField(_("embassy attestation of demand required"), default=False)
    attestation_clause = models.CharField(**CLAUSE)
    review_working_days = models.PositiveSmallIntegerField(_("review deadline (working days)"), default=7)
    review_clause = models.CharField(**CLAUSE)

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="mou_version_unique_number"),
            models.UniqueConstraint(fields=["agreement", "in_force_from"], name="mou_version_unique_start"),
        ]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")

    local_source_document = LocalText("source_document")
    local_reentry_rule = LocalText("reentry_rule")

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    def is_in_force_on(self, day: datetime.date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)


class WageFloor(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="wage_floors")
    sector = models.ForeignKey("reference.Sector", verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("minimum wage"), max_digits=12, decimal_places=2)
    currency = models.ForeignKey(
        "reference.Currency", verbose_name=_("currency"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=5, choices=Period.choices)
    clause = models.CharField(**CLAUSE)

    class Meta:
        ordering = ["sector__code"]
        constraints = [models.UniqueConstraint(fields=["version", "sector"], name="mou_wage_floor_unique_sector")]

    def __str__(self) -> str:
        return f"{self.sector.code}: {self.amount} {self.currency_id} {self.get_period_display()}"


class TestKind(models.TextChoices):
    LANGUAGE = "language", _("Language test")
    SKILLS = "skills", _("Skills test")


class RequiredTest(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="required_tests")
    name = models.CharField(_("test"), max_length=100)
    name_km = models.CharField(_("test (Khmer)"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TestKind.choices)
    min_score = models.CharField(
        _("minimum score or level"), max_length=30, help_text=_("A number (e.g. 80) or a level (e.g. N4).")
    )
    clause = models.CharField(**CLAUSE)

    class Meta:
        ordering = ["kind", "name"]

    local_name = LocalText("name")

    def __str__(self) -> str:
        return f"{self.local_name} ≥ {self.min_score}"

    @property
    def pass_only(self) -> bool:
        """Only a pass is asked for ("Pass"), no score to reach (mou.predicates.pass_only)."""
        from mou.predicates import pass_only

        return pass_only(self.min_score)


class FeeItem(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="fee_items")
    name = models.CharField(_("cost item"), max_length=150)
    name_km = models.CharField(_("cost item (Khmer)"), max_length=150, blank=True)
    payer = models.CharField(_("paid by"), max_length=10, choices=Payer.choices)
    cap_amount = models.DecimalField(_("cap for the worker"), max_digits=12, decimal_places=2, null=True, blank=True)
    cap_currency = models.ForeignKey(
        "reference.Currency", verbose_name=_("cap currency"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    clause = models.CharField(**CLAUSE)

    class Meta:
        ordering = ["payer", "name"]

    local_name = LocalText("name")

    def __str__(self) -> str:
        return f"{self.local_name} ({self.get_payer_display()})"


class ProtectionKind(models.TextChoices):
    DOCUMENT_RETENTION_PROHIBITED = "documents", _("Employers may not keep workers' passports or documents")
    COMPLAINT_CHANNEL = "complaints", _("Complaint channel")
    FREEDOM_OF_ASSOCIATION = "association", _("Freedom of association")
    NON_DISCRIMINATION = "non_discrimination", _("Non-discrimination")
    EQUAL_PAY = "equal_pay", _("Equal pay and benefits with national workers")


class Protection(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="protections")
    kind = models.CharField(_("protection"), max_length=20, choices=ProtectionKind.choices)
    details = models.TextField(_("details"), max_length=5000, blank=True)
    details_km = models.TextField(_("details (Khmer)"), max_length=5000, blank=True)
    clause = models.CharField(**CLAUSE)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["version", "kind"], name="mou_protection_unique_kind")]

    local_details = LocalText("details")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Quota(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="quotas")
    year = models.PositiveSmallIntegerField(_("year"))
    sector = models.ForeignKey("reference.Sector", verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    occupation = models.ForeignKey(
        "reference.Occupation", verbose_name=_("occupation"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    cap = models.PositiveIntegerField(_("cap (workers)"))
    clause = models.CharField(**CLAUSE)

    class Meta:
        ordering = ["year", "sector__code", "occupation__code"]
        constraints = [
            # Rows without an occupation are checked for duplicates in the service (NULLs differ in SQL).
            models.UniqueConstraint(fields=["version", "year", "sector", "occupation"], name="mou_quota_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.sector.code}: {self.cap}"


class Branch(models.TextChoices):
    OLD_AGE = "old_age", _("Old age")
    INVALIDITY = "invalidity", _("Invalidity")
    SURVIVORS = "survivors", _("Survivors")
    EMPLOYMENT_INJURY = "employment_injury", _("Employment injury")
    SICKNESS = "sickness", _("Sickness and health care")
    MATERNITY = "maternity", _("Maternity")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    SPECIAL = "special", _("Special scheme")


class PremiumPayer(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    WORKER = "worker", _("Worker")
    SHARED = "shared", _("Employer and worker")
    NONE = "none", _("No premium")


class PortabilityRule(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="portability_rules")
    branch = models.CharField(_("benefit branch"), max_length=20, choices=Branch.choices)
    scheme = models.CharField(_("scheme"), max_length=150, blank=True)
    scheme_km = models.CharField(_("scheme (Khmer)"), max_length=150, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    employer_percent = models.DecimalField(_("employer %"), max_digits=5, decimal_places=2, null=True, blank=True)
    worker_percent = models.DecimalField(_("worker %"), max_digits=5, decimal_places=2, null=True, blank=True)
    wage_ceiling = models.DecimalField(_("wage ceiling"), max_digits=12, decimal_places=2, null=True, blank=True)
    wage_ceiling_currency = models.ForeignKey(
        "reference.Currency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    totalisation = models.BooleanField(_("periods totalised"), default=False)
    payable_abroad = models.BooleanField(_("benefit payable abroad"), default=False)
    lump_sum_on_leaving = models.BooleanField(_("lump sum on leaving"), default=False)
    lump_sum_min_months = models.PositiveSmallIntegerField(_("minimum months for the lump sum"), null=True, blank=True)
    claim_deadline = models.CharField(_("claim deadline"), max_length=200, blank=True)
    claim_deadline_km = models.CharField(_("claim deadline (Khmer)"), max_length=200, blank=True)
    proof_required = models.CharField(_("proof required"), max_length=255, blank=True)
    proof_required_km = models.CharField(_("proof required (Khmer)"), max_length=255, blank=True)
    insurer = models.CharField(_("insurer"), max_length=150, blank=True)
    insurer_km = models.CharField(_("insurer (Khmer)"), max_length=150, blank=True)
    premium = models.CharField(_("premium"), max_length=150, blank=True)
    premium_km = models.CharField(_("premium (Khmer)"), max_length=150, blank=True)
    premium_payer = models.CharField(
        _("premium paid by"), max_length=10, choices=PremiumPayer.choices, default=PremiumPayer.NONE
    )
    purchase_deadline = models.CharField(_("purchase deadline"), max_length=200, blank=True)
    purchase_deadline_km = models.CharField(_("purchase deadline (Khmer)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary for workers (English)"), max_length=5000)
    summary_km = models.TextField(_("summary for workers (Khmer)"), max_length=5000)
    clause = models.CharField(**CLAUSE)

    class Meta:
        ordering = ["branch", "scheme"]

    local_summary = LocalText("summary_en", "summary_km")
    local_scheme = LocalText("scheme")
    local_claim_deadline = LocalText("claim_deadline")
    local_proof_required = LocalText("proof_required")
    local_insurer = LocalText("insurer")
    local_premium = LocalText("premium")
    local_purchase_deadline = LocalText("purchase_deadline")

    def __str__(self) -> str:
        return f"{self.get_branch_display()} {self.local_scheme}".strip()
