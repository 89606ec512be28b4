"""Placement drives: an organiser places a pool of candidates on a set of positions at once.

A drive names its positions (their ``headcount`` is the number of slots) and its candidates
(explicit profiles, or a filter: institution and/or nationality), picks a rule (stable or
maximum total suitability), runs as a background task and keeps one :class:`Allocation`
row per placed candidate plus a JSON report.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from corridor.core.models import TimeStampedModel
from corridor.core.permissions import Scope, ScopedQuerySet


class Rule(models.TextChoices):
    STABLE = "stable", _("Stable (no candidate and position would both rather swap)")
    MAX_SUITABILITY = "max_suitability", _("Maximum total suitability")


class DriveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PlacementDriveQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(organization_id__in=org_ids)
        if scope == Scope.OWN:
            return Q(organiser_id=user.pk)
        return Q(pk__in=[])


class PlacementDrive(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="placement_drives",
        verbose_name=_("organising organisation"),
        help_text=_("Empty for drives the platform runs itself."),
    )
    rule = models.CharField(_("rule"), max_length=16, choices=Rule.choices, default=Rule.STABLE)
    list_length = models.PositiveSmallIntegerField(
        _("positions per candidate"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How many of the best-suited positions each candidate may be placed on."),
    )
    min_score = models.FloatField(
        _("minimum suitability"),
        default=0.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(100.0)],
        help_text=_("Pairs scoring below this (0–100) are never allocated."),
    )
    positions = models.ManyToManyField(
        "jobs.Position", blank=True, related_name="+", verbose_name=_("positions")
    )
    candidates = models.ManyToManyField(
        "talent.TalentProfile",
        blank=True,
        related_name="+",
        verbose_name=_("candidates"),
        help_text=_("Leave empty to take every candidate matching the filters below."),
    )
    candidate_institution = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("candidates' institution"),
    )
    candidate_nationality = CountryField(_("candidates' nationality"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=DriveStatus.choices, default=DriveStatus.DRAFT
    )
    progress = models.FloatField(_("progress"), default=0.0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("offers published"), null=True, blank=True)

    objects = PlacementDriveQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("placement drive")
        verbose_name_plural = _("placement drives")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=1), name="drive_progress_0_1"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:drive_detail", args=[self.pk])

    @property
    def in_flight(self) -> bool:
        return self.status in {DriveStatus.QUEUED, DriveStatus.RUNNING}

    @property
    def may_run(self) -> bool:
        """A drive runs (again) until its offers are published."""
        return self.published_at is None and not self.in_flight

    @property
    def may_publish(self) -> bool:
        return self.status == DriveStatus.DONE and self.published_at is None

    @property
    def progress_percent(self) -> int:
        return round(100 * (self.progress or 0))


class AllocationStatus(models.TextChoices):
    ALLOCATED = "allocated", _("Allocated")
    OFFERED = "offered", _("Offered")


class Allocation(models.Model):
    """One candidate placed on one position by a drive."""

    drive = models.ForeignKey(PlacementDrive, on_delete=models.CASCADE, related_name="allocations")
    profile = models.ForeignKey(
        "talent.TalentProfile",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("candidate"),
    )
    position = models.ForeignKey(
        "jobs.Position", on_delete=models.CASCADE, related_name="+", verbose_name=_("position")
    )
    score = models.FloatField(_("suitability"))
    rank = models.PositiveSmallIntegerField(
        _("rank in the candidate's list"), help_text=_("1 = the candidate's best-suited position.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AllocationStatus.choices,
        default=AllocationStatus.ALLOCATED,
    )

    class Meta:
        ordering = ["position_id", "-score", "profile_id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["drive", "profile"], name="allocation_one_per_candidate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} → {self.position_id} ({self.score:.1f})"
