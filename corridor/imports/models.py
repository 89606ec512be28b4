"""One record per import: who uploaded what, how far it got, and what it found.

``bulk_create`` bypasses every signal-based audit tool, so this row is also the audit
trail of bulk writes: user, file name, size and SHA-256, counts and timestamps.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.permissions import Scope, ScopedQuerySet


class ImportKind(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    PROFILES = "profiles", _("Talent profiles")
    POSITIONS = "positions", _("Positions")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BatchSource(models.TextChoices):
    WEB = "web", _("Upload")
    COMMAND = "command", _("Command line")


def upload_path(instance: "ImportBatch", filename: str) -> str:
    """Stored under a random name: the user's file name is data, not a path."""
    suffix = PurePath(filename).suffix.lower()
    suffix = suffix if suffix in {".csv", ".xlsx", ".txt", ".tsv"} else ""
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportBatchQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN:
            return Q(user_id=user.pk)
        return Q(pk__in=[])


class ImportBatch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_batches",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    source = models.CharField(
        _("source"), max_length=8, choices=BatchSource.choices, default=BatchSource.WEB
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default organisation"),
        help_text=_("Used for rows that name no organisation."),
    )
    language = models.CharField(_("language of messages"), max_length=16, default="en")
    file = models.FileField(_("file"), upload_to=upload_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.BigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    rejected_file = models.FileField(_("rejected rows"), upload_to="imports/rejected/", blank=True)

    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    error_count = models.PositiveIntegerField(_("problems"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("imports:batch_detail", args=[self.pk])

    @property
    def active(self) -> bool:
        return self.status in {BatchStatus.QUEUED, BatchStatus.RUNNING}

    @property
    def stalled(self) -> bool:
        """Running without progress for a long while: its worker probably stopped."""
        from corridor.imports.services import STALE_AFTER

        last = self.heartbeat_at or self.started_at
        return (
            self.status == BatchStatus.RUNNING
            and last is not None
            and timezone.now() - last > STALE_AFTER
        )

    @property
    def percent(self) -> int:
        if self.status == BatchStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(100 * self.processed_rows / self.total_rows))

    @property
    def rejected_rows_available(self) -> bool:
        return bool(self.rejected_file) and self.rejected_count > 0
