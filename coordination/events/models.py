"""Job-matching events: planned by a job centre in a province, with participating employers and their demand,
staff, the seekers who attend (pre-registered or registered on the day), and the counselling given there."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Under way")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class MatchingEvent(models.Model):
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200)
    province = models.ForeignKey("reference.Province", verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="+")
    job_centre = models.ForeignKey("accounts.Organisation", verbose_name=_("organising job centre"),
                                   on_delete=models.PROTECT, related_name="matching_events")
    employers = models.ManyToManyField("accounts.Organisation", verbose_name=_("participating employers"),
                                       related_name="+", blank=True)
    letters = models.ManyToManyField("demand.DemandLetter", verbose_name=_("demand presented"), related_name="+",
                                     blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("staff"), related_name="+", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("job-matching event")
        verbose_name_plural = _("job-matching events")

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"


class Attendance(models.Model):
    event = models.ForeignKey(MatchingEvent, on_delete=models.CASCADE, related_name="attendances")
    seeker = models.ForeignKey("jobseekers.JobSeeker", on_delete=models.CASCADE, related_name="attendances")
    pre_registered = models.BooleanField(_("pre-registered"), default=False)
    registered_here = models.BooleanField(_("registered at the event"), default=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "seeker"], name="events_attend_once")]

    def __str__(self) -> str:
        return f"{self.seeker} at {self.event}"


class NoteKind(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    MENTORING = "mentoring", _("Mentoring")
    COACHING = "coaching", _("Coaching")


class CounsellingNote(models.Model):
    """Counselling, mentoring or coaching given to a seeker, at an event or at the job centre."""

    seeker = models.ForeignKey("jobseekers.JobSeeker", on_delete=models.CASCADE, related_name="counselling_notes")
    event = models.ForeignKey(MatchingEvent, on_delete=models.SET_NULL, related_name="notes_taken", null=True,
                              blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=NoteKind.choices)
    text = models.TextField(_("note"), max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.seeker}"
