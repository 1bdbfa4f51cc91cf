"""Job seekers registered by job-centre counsellors: who they are, where they live, what they can do and want,
their consent, the vetting evidence, and the agreement rosters they are on.

Rules that need other rows live elsewhere: duplicates in `duplicates`, eligibility in `eligibility`, who may see
what in `permissions` and `selectors`, writes in `services`. Models hold data and the invariants that need
nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    """Kept for statistics and fairness audits only: never an input to matching."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another sex or not stated")


class EducationLevel(models.TextChoices):
    NONE = "none", _("No formal schooling")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    VOCATIONAL = "vocational", _("Vocational training")
    BACHELOR = "bachelor", _("Bachelor's degree")
    POSTGRADUATE = "postgraduate", _("Postgraduate degree")


class PassportStatus(models.TextChoices):
    NONE = "none", _("No passport yet")
    APPLIED = "applied", _("Applied for")
    ISSUED = "issued", _("Issued, held by the worker")


class SeekerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged into another record")


class VettingStatus(models.TextChoices):
    NOT_VETTED = "not_vetted", _("Not vetted")
    IN_PROGRESS = "in_progress", _("Vetting in progress")
    VETTED = "vetted", _("Vetted: on a roster")


class JobSeeker(models.Model):
    job_centre = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("job centre"), on_delete=models.PROTECT, related_name="job_seekers",
        help_text=_("The job centre that registered the seeker and keeps their record."),
    )
    name_km = models.CharField(_("name in Khmer script"), max_length=150, blank=True)
    name_latin = models.CharField(_("name in Latin letters"), max_length=150, blank=True)
    # Stored at registration for the duplicate check: the Latin name folded (upper case, single spaces, letters
    # only) and the Khmer name romanised word by word (coordination.jobseekers.names).
    name_latin_key = models.CharField(max_length=150, blank=True, editable=False, db_index=True)
    name_km_romanised = models.CharField(max_length=300, blank=True, editable=False, db_index=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices,
                           help_text=_("For statistics and fairness audits only; never used in matching."))
    date_of_birth = models.DateField(_("date of birth"))
    national_id = models.CharField(_("national ID number"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("Stored in international form."))
    province = models.ForeignKey("reference.Province", verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="+")
    district = models.ForeignKey("reference.District", verbose_name=_("district"), on_delete=models.PROTECT,
                                 related_name="+", null=True, blank=True)
    commune = models.ForeignKey("reference.Commune", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="+", null=True, blank=True)
    village = models.ForeignKey("reference.Village", verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="+", null=True, blank=True)
    education_level = models.CharField(_("education"), max_length=20, choices=EducationLevel.choices,
                                       blank=True)
    preferred_countries = models.ManyToManyField(
        "reference.Country", through="DestinationPreference", verbose_name=_("destination countries"),
        related_name="+", blank=True,
    )
    preferred_sectors = models.ManyToManyField("reference.Sector", verbose_name=_("sectors"), related_name="+",
                                               blank=True)
    min_wage = models.DecimalField(_("minimum acceptable monthly wage"), max_digits=12, decimal_places=2,
                                   null=True, blank=True)
    min_wage_currency = models.ForeignKey("reference.Currency", verbose_name=_("currency of the minimum wage"),
                                          on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    passport_status = models.CharField(_("passport"), max_length=10, choices=PassportStatus.choices,
                                       default=PassportStatus.NONE)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    passport_expiry = models.DateField(_("passport valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SeekerStatus.choices,
                              default=SeekerStatus.ACTIVE)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), on_delete=models.PROTECT,
                                    related_name="merged_records", null=True, blank=True)
    vetting_status = models.CharField(_("vetting"), max_length=12, choices=VettingStatus.choices,
                                      default=VettingStatus.NOT_VETTED)
    # The latest consent's state, kept by the consent services for filtering: a seeker without active consent
    # is in no agency's or employer's view and in no matching.
    consent_active = models.BooleanField(_("consent active"), default=False, db_index=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"], condition=Q(status="active") & ~Q(national_id=""),
                name="jobseekers_one_active_record_per_national_id",
            ),
            models.CheckConstraint(condition=~Q(name_km="", name_latin=""), name="jobseekers_has_a_name"),
        ]
        indexes = [models.Index(fields=["date_of_birth"], name="jobseekers_dob"),
                   models.Index(fields=["phone"], name="jobseekers_phone")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_latin and self.name_km:
            return f"{self.name_latin} ({self.name_km})"
        return self.name_latin or self.name_km


class DestinationPreference(models.Model):
    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="destination_preferences")
    country = models.ForeignKey("reference.Country", verbose_name=_("country"), on_delete=models.PROTECT,
                                related_name="+")
    rank = models.PositiveSmallIntegerField(_("order of preference"))

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["seeker", "country"], name="jobseekers_pref_country_once"),
            models.UniqueConstraint(fields=["seeker", "rank"], name="jobseekers_pref_rank_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.country_id}"


class Experience(models.Model):
    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="experiences")
    occupation = models.ForeignKey("reference.Occupation", verbose_name=_("occupation (ISCO-08)"),
                                   on_delete=models.PROTECT, related_name="+")
    years = models.DecimalField(_("years"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["-years", "pk"]
        constraints = [models.UniqueConstraint(fields=["seeker", "occupation"], name="jobseekers_experience_once")]

    def __str__(self) -> str:
        return f"{self.occupation_id}: {self.years}"


class Certification(models.Model):
    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="certifications")
    name = models.CharField(_("skill or certificate"), max_length=150)
    issuer = models.CharField(_("issued by"), max_length=150, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class LanguageTest(models.TextChoices):
    EPS_TOPIK = "EPS-TOPIK", _("EPS-TOPIK (Korean)")
    JLPT = "JLPT", _("JLPT (Japanese)")
    JFT_BASIC = "JFT-Basic", _("JFT-Basic (Japanese)")
    IELTS = "IELTS", _("IELTS (English)")
    TOEIC = "TOEIC", _("TOEIC (English)")
    THAI = "Thai", _("Thai language test")
    OTHER = "other", _("Another test")


class LanguageSkill(models.Model):
    """A language the seeker speaks, with a test result when one was taken."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey("reference.Language", verbose_name=_("language"), on_delete=models.PROTECT,
                                 related_name="+")
    test = models.CharField(_("test"), max_length=10, choices=LanguageTest.choices, blank=True)
    score = models.CharField(_("score or level"), max_length=30, blank=True,
                             help_text=_("A number (e.g. 72) or a level (e.g. N4)."))
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["language__name", "pk"]

    def __str__(self) -> str:
        return f"{self.language_id} {self.test} {self.score}".strip()


class Consent(models.Model):
    """What the seeker agreed their data may be used for, recorded by a counsellor; withdrawn, never deleted."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="consents")
    for_matching = models.BooleanField(_("matching to vacancies"), default=True)
    share_with_agencies = models.BooleanField(_("shared with licensed recruitment agencies"), default=True)
    share_with_employers = models.BooleanField(_("shared with employers once shortlisted"), default=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"),
                                     on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.seeker}: {self.recorded_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class EvidenceKind(models.TextChoices):
    IDENTITY = "identity", _("Identity checked")
    TEST = "test", _("Test result checked")
    MEDICAL = "medical", _("Medical check")
    ORIENTATION = "orientation", _("Pre-departure orientation")
    POLICE = "police", _("Police clearance")


class EvidenceResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class VettingEvidence(models.Model):
    """One piece of vetting evidence a counsellor saw: an identity check, a test result, a medical check, the
    orientation, a police clearance. Kept as history: a newer record of a kind supersedes an older one."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("evidence"), max_length=12, choices=EvidenceKind.choices)
    result = models.CharField(_("result"), max_length=8, choices=EvidenceResult.choices,
                              default=EvidenceResult.PASSED)
    on_date = models.DateField(_("date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # For a test result: which test and the score it shows (the seeker's LanguageSkill is updated with it).
    test = models.CharField(_("test"), max_length=10, choices=LanguageTest.choices, blank=True)
    # A test not in the list above (a skills test, e.g. "EPS skills test"), named as the agreement names it.
    test_name = models.CharField(_("test name"), max_length=100, blank=True,
                                 help_text=_("As the agreement names it, for a test not in the list (e.g. a "
                                             "skills test)."))
    score = models.CharField(_("score or level"), max_length=30, blank=True)
    reference = models.CharField(_("document reference"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on_date", "-pk"]
        verbose_name = _("vetting evidence")
        verbose_name_plural = _("vetting evidence")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.on_date})"


class RosterStatus(models.TextChoices):
    ACTIVE = "active", _("On the roster")
    EXPIRED = "expired", _("Expired")
    REMOVED = "removed", _("Removed")


class RosterEntry(models.Model):
    """A vetted seeker on an agreement's roster, for the roster validity the agreement sets."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="roster_entries")
    agreement = models.ForeignKey("mou.Agreement", verbose_name=_("agreement"), on_delete=models.PROTECT,
                                  related_name="+")
    version = models.ForeignKey("mou.AgreementVersion", verbose_name=_("agreement version"),
                                on_delete=models.PROTECT, related_name="+")
    entered_on = models.DateField(_("entered on"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=8, choices=RosterStatus.choices, default=RosterStatus.ACTIVE)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-entered_on", "-pk"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        constraints = [models.UniqueConstraint(fields=["seeker", "agreement"], condition=Q(status="active"),
                                               name="jobseekers_one_active_roster_entry")]

    def __str__(self) -> str:
        return f"{self.seeker} on {self.agreement} until {self.valid_until}"


class DuplicateDecision(models.Model):
    """A counsellor's answer to a likely match: the two records are distinct people, or one was merged into
    the other. `first` has the smaller id."""

    class Outcome(models.TextChoices):
        DISTINCT = "distinct", _("Distinct people")
        MERGED = "merged", _("Merged")

    first = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("decision"), max_length=8, choices=Outcome.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="jobseekers_decide_pair_once")]

    def __str__(self) -> str:
        return f"{self.first_id}/{self.second_id}: {self.outcome}"


class ProfileView(models.Model):
    """The access log: a full profile seen by someone outside the owning job centre and the ministry."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="profile_views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     null=True, blank=True)
    channel = models.CharField(max_length=10)  # "page", "graphql" or "export"
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-viewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.seeker_id} seen by {self.viewer_id}"
