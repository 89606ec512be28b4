"""Running a placement drive, publishing its offers and exporting its allocations.

:func:`execute_drive` is the body of the background task ``run_drive`` (see ``tasks.py``):
it reads the drive's positions and candidates (within its organiser's pools), runs
``corridor_match.run_placement_drive``, and replaces the drive's allocations and report in
one transaction. Running it again gives the same result (the engine is deterministic), so
the task is idempotent; a published drive is never run again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import IO

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.matching.models import Allocation, AllocationStatus, DriveStatus, PlacementDrive
from corridor.matching.pools import drive_candidates, drive_positions, organiser_role
from corridor.matching.world import Vocabulary, similarity_for
from corridor_match import UnplacedReason, run_placement_drive

logger = logging.getLogger(__name__)

#: Progress is written to the database at most every this fraction (5 %).
PROGRESS_STEP = 0.05

UNPLACED_REASONS = {
    UnplacedReason.NO_CANDIDATE_POSITIONS: gettext_lazy(
        "No position in the drive asks for a skill the candidate has (exactly or through a "
        "related skill)."
    ),
    UnplacedReason.HARD_REQUIREMENTS_FAILED: gettext_lazy(
        "Every position sharing a skill with the candidate has a requirement they do not "
        "meet (language level, education or essential skills)."
    ),
    UnplacedReason.BELOW_MIN_SCORE: gettext_lazy(
        "The candidate's suitability is below the drive's minimum for every position they "
        "qualify for."
    ),
    UnplacedReason.PREFERRED_POSITIONS_FULL: gettext_lazy(
        "Every position on the candidate's list was filled by better-suited candidates."
    ),
    UnplacedReason.NOT_SELECTED: gettext_lazy(
        "The allocation with the highest total suitability gave the slots of the "
        "candidate's positions to others."
    ),
}


def reason_text(code: int) -> str:
    try:
        return str(UNPLACED_REASONS[UnplacedReason(code)])
    except (ValueError, KeyError):
        return _("Unknown reason.")


class DriveError(Exception):
    """A drive that cannot run, with a message for its organiser."""


class _Progress:
    """Writes the drive's progress, mapped into [lo, hi], every ``PROGRESS_STEP``."""

    def __init__(self, drive_id: int) -> None:
        self.drive_id = drive_id
        self.saved = -1.0

    def __call__(self, fraction: float) -> None:
        fraction = float(min(max(fraction, 0.0), 1.0))
        if fraction - self.saved >= PROGRESS_STEP or (fraction >= 1.0 > self.saved):
            PlacementDrive.objects.filter(pk=self.drive_id).update(progress=fraction)
            self.saved = fraction

    def stage(self, lo: float, hi: float):
        return lambda f: self(lo + (hi - lo) * f)


def _fail(drive_id: int, message: str) -> None:
    PlacementDrive.objects.filter(pk=drive_id).update(
        status=DriveStatus.FAILED, error=message, finished_at=timezone.now()
    )


def execute_drive(drive_id: int) -> dict:
    """Run drive ``drive_id`` now; returns a short summary (also the task's result)."""
    drive = PlacementDrive.objects.filter(pk=drive_id).first()
    if drive is None:
        return {"drive": drive_id, "status": "missing"}
    if drive.published_at is not None:
        return {"drive": drive_id, "status": "published"}
    PlacementDrive.objects.filter(pk=drive_id).update(
        status=DriveStatus.RUNNING, progress=0.0, error="", started_at=timezone.now()
    )
    progress = _Progress(drive_id)
    try:
        report = _run(drive, progress)
    except DriveError as problem:
        _fail(drive_id, str(problem))
        return {"drive": drive_id, "status": DriveStatus.FAILED, "error": str(problem)}
    except Exception:
        logger.exception("placement drive %s failed", drive_id)
        _fail(drive_id, _("The drive stopped on an unexpected error; the team was notified."))
        raise
    return {
        "drive": drive_id,
        "status": DriveStatus.DONE,
        "filled_slots": report["filled_slots"],
        "total_slots": report["total_slots"],
    }


def _run(drive: PlacementDrive, progress: _Progress) -> dict:
    if drive.organiser is None:
        raise DriveError(_("The drive has no organiser any more."))
    role = organiser_role(drive.organiser, drive.organization_id)
    if role is None:
        raise DriveError(_("The organiser may no longer organise drives for this organisation."))
    vocabulary = Vocabulary.from_db()
    positions, position_ids = vocabulary.position_set(drive_positions(drive, drive.organiser, role))
    profiles, profile_ids = vocabulary.profile_set(drive_candidates(drive, drive.organiser, role))
    if positions is None:
        raise DriveError(_("The drive has no open position (they may have closed)."))
    if profiles is None:
        raise DriveError(_("No candidate matches the drive's selection."))
    progress(0.05)
    result = run_placement_drive(
        profiles,
        positions,
        similarity_for(profiles, vocabulary.similarity),
        rule=drive.rule,
        list_length=int(drive.list_length),
        min_score=float(drive.min_score),
        progress=progress.stage(0.05, 0.9),
    )
    alloc, table = result.allocation, result.table
    placed = np.flatnonzero(alloc.placed)
    rank = alloc.pair[placed] - table.indptr[placed] + 1
    rows = [
        Allocation(
            drive_id=drive.pk,
            profile_id=int(profile_ids[c]),
            position_id=int(position_ids[alloc.position[c]]),
            score=round(float(alloc.score[c]), 3),
            rank=int(r),
        )
        for c, r in zip(placed.tolist(), rank.tolist(), strict=True)
    ]
    engine = result.report.to_dict()
    filled = np.bincount(alloc.position[placed], minlength=positions.n)
    report = {
        key: engine[key]
        for key in (
            "rule",
            "n_candidates",
            "n_positions",
            "total_slots",
            "filled_slots",
            "fill_rate",
            "mean_score",
            "total_score",
            "histogram",
            "deciles",
            "unplaced_counts",
        )
    }
    report["unplaced"] = [
        [int(profile_ids[c]), int(r)]
        for c, r in zip(engine["unplaced"], engine["unplaced_reason"], strict=True)
    ]
    report["positions"] = [
        [int(pk), int(cap), int(n)]
        for pk, cap, n in zip(position_ids, positions.capacity, filled, strict=True)
    ]
    report["stability"] = (
        None
        if result.stability is None
        else {
            "ok": result.stability.ok,
            "blocking_pairs": int(len(result.stability.blocking_candidates)),
            "over_capacity": int(len(result.stability.over_capacity)),
        }
    )
    report["settings"] = {
        "rule": drive.rule,
        "list_length": int(drive.list_length),
        "min_score": float(drive.min_score),
    }
    report["timings"] = {k: round(v, 4) for k, v in result.timings.items()}
    with transaction.atomic():
        Allocation.objects.filter(drive_id=drive.pk).delete()
        Allocation.objects.bulk_create(rows, batch_size=1000)
        PlacementDrive.objects.filter(pk=drive.pk).update(
            status=DriveStatus.DONE, progress=1.0, report=report, finished_at=timezone.now()
        )
    return report


def queue_drive(drive: PlacementDrive) -> None:
    """Mark ``drive`` queued and hand it to the background worker."""
    from corridor.matching.tasks import run_drive

    drive.status = DriveStatus.QUEUED
    drive.progress = 0.0
    drive.error = ""
    drive.finished_at = None
    drive.save(update_fields=["status", "progress", "error", "finished_at", "updated_at"])
    result = run_drive.enqueue(drive.pk)
    PlacementDrive.objects.filter(pk=drive.pk).update(task_id=str(result.id)[:64])


def publish_offers(drive: PlacementDrive) -> int:
    """Publish the allocations of a finished drive as offers; returns how many.

    Marks every allocation offered and turns each into a ``pipeline.Application`` in state
    *offered* with origin *drive* (the student is notified and accepts or declines it).
    A candidate who already has a live application to the position keeps that one; a
    position no longer open gets no offer. Publishing twice does nothing the second time.
    """
    from corridor.pipeline.models import Application
    from corridor.pipeline.services import PipelineError, start_application

    with transaction.atomic():
        locked = PlacementDrive.objects.select_for_update().get(pk=drive.pk)
        if locked.status != DriveStatus.DONE or locked.published_at is not None:
            return 0
        count = Allocation.objects.filter(drive=locked).update(status=AllocationStatus.OFFERED)
        allocations = Allocation.objects.filter(drive=locked).select_related(
            "profile", "position__enterprise"
        )
        existing = set(
            Application.objects.filter(
                position__in=locked.positions.all(),
                profile_id__in=Allocation.objects.filter(drive=locked).values("profile_id"),
            )
            .live()
            .values_list("profile_id", "position_id")
        )
        for allocation in allocations.iterator(chunk_size=2000):
            if (allocation.profile_id, allocation.position_id) in existing:
                continue
            try:
                start_application(
                    profile=allocation.profile,
                    position=allocation.position,
                    actor=locked.organiser,
                    origin="drive",
                    drive=locked,
                )
            except PipelineError as skipped:
                logger.info(
                    "drive %s: no offer for allocation %s: %s", locked.pk, allocation.pk, skipped
                )
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at", "updated_at"])
    drive.published_at = locked.published_at
    return count


# --- XLSX export -----------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str | float | int:
    """A value safe for a spreadsheet cell: text that a spreadsheet could read as a
    formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_allocations_xlsx(
    drive: PlacementDrive, allocations: Iterable[Allocation], visible: set[int], out: IO[bytes]
) -> None:
    """Write the allocations of ``drive`` as an XLSX workbook to ``out`` (streamed rows,
    XlsxWriter's constant-memory mode). Candidates ``user`` may not identify are written
    with their anonymous label."""
    import xlsxwriter

    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(cell(_("Allocations"))[:31])
    headers = [
        _("Candidate"),
        _("Nationality"),
        _("Institution"),
        _("Position reference"),
        _("Position"),
        _("Enterprise"),
        _("Country"),
        _("Suitability"),
        _("Rank in the candidate's list"),
        _("Status"),
    ]
    for col, title in enumerate(headers):
        sheet.write_string(0, col, cell(title), bold)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 6, 18)
    for row, a in enumerate(allocations, start=1):
        p, q = a.profile, a.position
        name = p.display_name if p.pk in visible else str(p.anonymous_label())
        values = [
            name,
            p.nationality.name if p.nationality else "",
            p.institution.display_name if p.institution_id else "",
            q.reference,
            q.title,
            q.enterprise.display_name,
            q.country.name if q.country else "",
            round(a.score, 1),
            a.rank,
            a.get_status_display(),
        ]
        for col, value in enumerate(values):
            safe = cell(value)
            if isinstance(safe, str):
                sheet.write_string(row, col, safe)
            else:
                sheet.write_number(row, col, safe)
    book.close()
