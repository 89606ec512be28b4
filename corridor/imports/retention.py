"""Retention of uploaded import files: the file goes after IMPORT_FILE_RETENTION_DAYS,
the batch (who, when, counts, SHA-256, report) stays as the record of the import."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from corridor.imports.models import BatchStatus, ImportBatch


def purge_import_files(days: int | None = None, *, now=None) -> int:
    """Delete the uploaded and rejected-rows files of finished batches older than
    ``days`` (default ``IMPORT_FILE_RETENTION_DAYS``). Returns the number of batches."""
    days = settings.IMPORT_FILE_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = (
        ImportBatch.objects.filter(created_at__lt=cutoff)
        .exclude(status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING])
        .exclude(Q(file="") & Q(rejected_file=""))
    )
    done = 0
    for batch in old.iterator():
        for field in (batch.file, batch.rejected_file):
            if field:
                field.storage.delete(field.name)
        ImportBatch.objects.filter(pk=batch.pk).update(file="", rejected_file="")
        done += 1
    return done
