"""A background job: every long task (imports, matching runs, exports) reports through one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")  # the job broke (an internal error, its worker died): nothing was changed
    REJECTED = "rejected", _("Refused")  # the job ran and refused its input (e.g. an upload with problems)


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=60)
    status = models.CharField(_("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    # A job that goes over its items more than once (an import checks every row, then writes them) counts each
    # pass in its items: `done` of `total` in step `step` of `steps`, never items × passes.
    step = models.PositiveSmallIntegerField(_("step"), default=1)
    steps = models.PositiveSmallIntegerField(_("steps"), default=1)
    messages = models.JSONField(_("messages"), default=list, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def message_texts(self) -> list[str]:
        """The job's notes in the active language (stored as keys and parameters, see i18n.messages)."""
        from i18n.messages import render

        return [render(m) for m in self.messages or []]

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if self.status == JobStatus.REJECTED:  # its input was refused: nothing was done, whatever was read first
            return 0
        if not self.total:
            return 0
        steps = max(self.steps, 1)
        passed = min(max(self.step, 1), steps) - 1
        return min(100, int((passed * self.total + self.done) * 100 / (steps * self.total)))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.REJECTED)
