"""Organisations, users with one role in one organisation, and personal API tokens."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Trim, Upper
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    EMPLOYER = "employer", _("Employer")
    AGENCY = "agency", _("Recruitment agency")
    JOB_CENTRE = "job_centre", _("Job centre")
    EMBASSY = "embassy", _("Embassy / labour attaché")


class Role(models.TextChoices):
    MINISTRY_ADMIN = "ministry_admin", _("Ministry administrator")
    MINISTRY_REVIEWER = "ministry_reviewer", _("Ministry reviewer")
    EMPLOYER_STAFF = "employer_staff", _("Employer staff")
    AGENCY_STAFF = "agency_staff", _("Agency staff")
    COUNSELLOR = "counsellor", _("Job-centre counsellor")
    EMBASSY_OFFICER = "embassy_officer", _("Labour attaché")


def normalise_licence_number(value: str | None) -> str:
    """A licence number as it is kept and compared: surrounding blanks dropped, each run of blanks inside made one
    space, letters in capitals ("  mlvt  045 " → "MLVT 045"). Two agencies never hold the same one."""
    return " ".join((value or "").split()).upper()


# The database's guard behind accounts.services.licence_number_holder: one agency per licence number, whatever
# its case or surrounding blanks (the services store it normalised; this catches a write that went round them).
ONE_AGENCY_PER_LICENCE_NUMBER = "accounts_one_agency_per_licence_number"


# Which roles an organisation of each kind may give its users.
ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.MINISTRY: (Role.MINISTRY_ADMIN, Role.MINISTRY_REVIEWER),
    OrganisationKind.EMPLOYER: (Role.EMPLOYER_STAFF,),
    OrganisationKind.AGENCY: (Role.AGENCY_STAFF,),
    OrganisationKind.JOB_CENTRE: (Role.COUNSELLOR,),
    OrganisationKind.EMBASSY: (Role.EMBASSY_OFFICER,),
}


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    name_km = models.CharField(_("name in Khmer"), max_length=200, blank=True,
                               help_text=_("As the organisation writes it in Khmer; pages in Khmer show it."))
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the organisation is based: the destination country for an employer."),
    )
    licence_number = models.CharField(_("licence number"), max_length=60, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                Upper(Trim("licence_number")), condition=Q(kind="agency") & ~Q(licence_number=""),
                name=ONE_AGENCY_PER_LICENCE_NUMBER,
                violation_error_message=_("Another agency already holds this licence number."),
            ),
        ]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The Khmer name on Khmer pages when the organisation has one, else its name."""
        from django.utils.translation import get_language

        return self.name_km if self.name_km and (get_language() or "").startswith("km") else self.name


class User(AbstractUser):
    """A person. Platform administrators (is_superuser) may have no organisation."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language of e-mail and SMS"), max_length=10, blank=True, choices=settings.LANGUAGES,
        help_text=_("The language the person last used the site in: their e-mails and SMS are written in it."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_ministry(self) -> bool:
        return self.is_active and self.role in (Role.MINISTRY_ADMIN, Role.MINISTRY_REVIEWER)

    @property
    def org_kind(self) -> str | None:
        return self.organisation.kind if self.organisation_id else None


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token: shown once, stored as a SHA-256 digest, revocable."""

    PREFIX = "cor_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False, help_text=_("First characters, to recognise it."))
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
