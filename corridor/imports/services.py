"""The life of an import batch: stored upload -> run inline or in the background -> report.

Small files run inside the request; larger ones are queued as the ``run_import`` task once
the batch row is committed. :func:`process_batch` is idempotent: a batch already done or
failed is left alone, one running with a recent heartbeat is left to its worker, and one
whose worker died (no progress for :data:`STALE_AFTER`) is taken over — re-running an
import is safe because rows that are already stored come out "unchanged".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
import uuid

from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from corridor.imports.models import BatchSource, BatchStatus, ImportBatch
from corridor.imports.pipeline import RejectedWriter, Report, import_file
from corridor.imports.readers import count_rows_quickly

logger = logging.getLogger(__name__)

#: Files up to this many rows are imported inside the request; larger ones in the background.
INLINE_MAX_ROWS = 2000
#: A running batch without progress for this long is presumed dead and may be taken over.
STALE_AFTER = dt.timedelta(minutes=10)


def sha256_of(handle) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    handle.seek(0)
    while chunk := handle.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return digest.hexdigest(), size


def create_batch(
    user, kind: str, upload, *, dry_run: bool, organization=None, language: str = "en"
) -> ImportBatch:
    """Store an uploaded file as a queued batch (the file's checks were done by the form)."""
    digest, size = sha256_of(upload)
    batch = ImportBatch(
        user=user,
        kind=kind,
        dry_run=dry_run,
        organization=organization,
        language=language,
        file_name=(getattr(upload, "name", "") or "upload")[:255],
        file_size=size,
        sha256=digest,
    )
    batch.file.save(batch.file_name, upload, save=False)
    batch.save()
    return batch


def copy_batch(batch: ImportBatch, *, user, dry_run: bool) -> ImportBatch:
    """A new batch on the same stored file (e.g. "import for real" after a dry run)."""
    return ImportBatch.objects.create(
        user=user,
        kind=batch.kind,
        dry_run=dry_run,
        organization=batch.organization,
        language=batch.language,
        file=batch.file.name,
        file_name=batch.file_name,
        file_size=batch.file_size,
        sha256=batch.sha256,
    )


def start(batch: ImportBatch, inline_max_rows: int | None = None) -> bool:
    """Run a small batch now, queue a large one; True when it ran inline."""
    limit = INLINE_MAX_ROWS if inline_max_rows is None else inline_max_rows
    try:
        with batch.file.open("rb") as handle:
            estimate = count_rows_quickly(handle)
    except Exception:  # an unreadable file fails properly inside the run
        estimate = 0
    if estimate is not None and estimate <= limit:
        process_batch(batch.pk)
        return True
    from corridor.imports.tasks import run_import

    batch_id = batch.pk
    transaction.on_commit(lambda: run_import.enqueue(batch_id))
    return False


def _claim(batch_id: int) -> ImportBatch | None:
    now = timezone.now()
    claimed = ImportBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(
        status=BatchStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    batch = ImportBatch.objects.select_related("user", "organization").filter(pk=batch_id).first()
    if batch is None or claimed:
        return batch
    if batch.status == BatchStatus.RUNNING and (
        batch.heartbeat_at is None or now - batch.heartbeat_at > STALE_AFTER
    ):
        logger.warning("import batch %s: taking over from a worker that stopped", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(heartbeat_at=now)
        return batch
    return None


def process_batch(batch_id: int) -> dict:
    """Run a stored batch and record its report. Returns a small JSON-able summary."""
    batch = _claim(batch_id)
    if batch is None:
        return {"batch": batch_id, "skipped": True}

    def progress(done: int, total: int | None) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(
            processed_rows=done, total_rows=total, heartbeat_at=timezone.now()
        )

    with translation.override(batch.language or "en"):
        if batch.source == BatchSource.WEB and batch.user_id is None:
            return _finish(batch, _failed(batch, _("The account that uploaded the file is gone.")))
        try:
            with (
                tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as sink,
                batch.file.open("rb") as handle,
            ):
                report = import_file(
                    batch.kind,
                    handle,
                    user=batch.user,
                    dry_run=batch.dry_run,
                    default_org=batch.organization,
                    progress=progress,
                    rejected=RejectedWriter(sink),
                )
                if report.rejected:
                    sink.seek(0)
                    batch.rejected_file.save(f"{uuid.uuid4().hex}.csv", File(sink), save=False)
        except Exception as exc:
            logger.exception("import batch %s failed", batch_id)
            message = _(
                "The import stopped because of an error (%(error)s). Every batch of rows "
                "finished before it is stored; importing the same file again is safe and "
                "completes the rest."
            ) % {"error": type(exc).__name__}
            _finish(batch, _failed(batch, message))
            raise
        return _finish(batch, report)


def _failed(batch: ImportBatch, message: str) -> Report:
    report = Report(kind=batch.kind, dry_run=batch.dry_run)
    report.file_error = message
    return report


def _finish(batch: ImportBatch, report: Report) -> dict:
    batch.status = BatchStatus.FAILED if report.file_error else BatchStatus.DONE
    batch.message = report.file_error
    batch.total_rows = report.total if report.ok else batch.total_rows
    batch.processed_rows = report.total
    batch.created_count = report.created
    batch.updated_count = report.updated
    batch.unchanged_count = report.unchanged
    batch.rejected_count = report.rejected
    batch.error_count = report.error_count
    batch.report = report.as_dict()
    batch.finished_at = timezone.now()
    if batch.started_at is None:
        batch.started_at = batch.finished_at
    batch.save()
    _audit_batch(batch)
    return {"batch": batch.pk, "status": batch.status, **batch.report["counts"]}


def _audit_batch(batch: ImportBatch) -> None:
    """One audit entry per finished batch: its bulk writes bypass the audit signals."""
    if batch.dry_run:
        return
    from auditlog.models import LogEntry

    from corridor.core.audit import log_bulk

    log_bulk(
        ImportBatch,
        actor=batch.user,
        action=LogEntry.Action.UPDATE,
        event="import",
        count=batch.created_count + batch.updated_count,
        object_pk=str(batch.pk),
        detail={
            "batch": batch.pk,
            "kind": batch.kind,
            "source": batch.source,
            "status": batch.status,
            "created": batch.created_count,
            "updated": batch.updated_count,
            "sha256": batch.sha256,
        },
    )


def record_command_run(user, kind: str, path, report: Report, *, dry_run: bool, organization):
    """The audit row of an import run from the command line (the file is not kept)."""
    digest, size = "", 0
    with open(path, "rb") as handle:
        digest, size = sha256_of(handle)
    batch = ImportBatch(
        user=user,
        kind=report.kind,
        source=BatchSource.COMMAND,
        dry_run=dry_run,
        organization=organization,
        language=translation.get_language() or "en",
        file_name=str(path)[-255:],
        file_size=size,
        sha256=digest,
        started_at=timezone.now(),
    )
    _finish(batch, report)
    return batch
