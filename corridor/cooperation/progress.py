"""Progress of alliance targets, computed from the platform's own data wherever it exists.

``target_progress(target)`` is the one place a target's current figure comes from: the
alliance pages, the API, the daily snapshots and the insights dashboards all call it.

- internships_and_jobs: placed applications whose student's institution, or whose
  position's enterprise, is a current member of the alliance (pipeline);
- trainees_mandarin_vocational / teachers_trained: completions in programmes run by
  member institutions (training);
- standards_introduced: adoptions of curriculum standards by member institutions (training);
- every other metric, and any target marked "entered": the latest progress entry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from corridor.cooperation.models import Measurement, Metric, Target

COMPUTED = "computed"
ENTERED = "entered"
NONE = "none"


@dataclass(frozen=True)
class Progress:
    value: int
    percent: float  # 0..100 (capped), of the target value
    source: str  # "computed", "entered" or "none" (nothing known yet)
    as_of: datetime.date | None

    @property
    def bar_value(self) -> int:
        """Percent rounded for a <progress> bar."""
        return round(self.percent)


def _percent(value: int, target_value: int) -> float:
    if not target_value:
        return 0.0
    return min(100.0, 100.0 * value / target_value)


# --- the metrics the platform can count ----------------------------------------------------


def _placements(member_ids: list[int]) -> int | None:
    try:
        from corridor.pipeline.services import placed_applications
    except ImportError:
        return None
    return (
        placed_applications()
        .filter(
            Q(profile__institution_id__in=member_ids) | Q(position__enterprise_id__in=member_ids)
        )
        .count()
    )


#: The boolean annotation of training.services.completions() that selects each metric.
COMPLETION_FLAGS = {
    Metric.TRAINEES_MANDARIN_VOCATIONAL: "mandarin_vocational",
    Metric.TEACHERS_TRAINED: "teacher_training",
}


def _completions(metric: str, member_ids: list[int]) -> int | None:
    try:
        from corridor.training.services import completions
    except ImportError:
        return None
    return (
        completions(organization_ids=member_ids).filter(**{COMPLETION_FLAGS[metric]: True}).count()
    )


def _adoptions(member_ids: list[int]) -> int | None:
    try:
        from corridor.training.services import standard_adoptions
    except ImportError:
        return None
    return standard_adoptions(organization_ids=member_ids).count()


COMPUTABLE = {
    Metric.INTERNSHIPS_AND_JOBS: lambda metric, ids: _placements(ids),
    Metric.TRAINEES_MANDARIN_VOCATIONAL: _completions,
    Metric.TEACHERS_TRAINED: _completions,
    Metric.STANDARDS_INTRODUCED: lambda metric, ids: _adoptions(ids),
}


def can_compute(metric: str) -> bool:
    """Whether the platform counts ``metric`` itself (and its source app is installed)."""
    if metric == Metric.INTERNSHIPS_AND_JOBS:
        module, name = "corridor.pipeline.services", "placed_applications"
    elif metric in (Metric.TRAINEES_MANDARIN_VOCATIONAL, Metric.TEACHERS_TRAINED):
        module, name = "corridor.training.services", "completions"
    elif metric == Metric.STANDARDS_INTRODUCED:
        module, name = "corridor.training.services", "standard_adoptions"
    else:
        return False
    try:
        return hasattr(__import__(module, fromlist=[name]), name)
    except ImportError:
        return False


def computed_value(target: Target, member_ids: list[int] | None = None) -> int | None:
    """The platform's own count for ``target``, or None when it cannot count it."""
    compute = COMPUTABLE.get(target.metric)
    if compute is None:
        return None
    if member_ids is None:
        member_ids = target.alliance.member_organization_ids()
    return compute(target.metric, member_ids)


def target_progress(target: Target, member_ids: list[int] | None = None) -> Progress:
    """The live progress of ``target``: computed if it is measured from platform data and the
    data exists, else the latest entered figure, else zero with source "none"."""
    if target.measurement == Measurement.COMPUTED:
        value = computed_value(target, member_ids)
        if value is not None:
            return Progress(
                value, _percent(value, target.target_value), COMPUTED, timezone.localdate()
            )
    entry = target.entries.order_by("-as_of", "-pk").first()
    if entry is None:
        return Progress(0, 0.0, NONE, None)
    return Progress(entry.value, _percent(entry.value, target.target_value), ENTERED, entry.as_of)


@dataclass(frozen=True)
class TargetProgress:
    """One target of an alliance with its live progress (what dashboards list)."""

    target: Target
    value: int
    percent: float
    source: str
    as_of: datetime.date | None

    @property
    def label(self) -> str:
        return self.target.label

    @property
    def target_value(self) -> int:
        return self.target.target_value

    @property
    def achieved(self) -> int:
        return self.value

    @property
    def bar_value(self) -> int:
        return round(self.percent)


def alliance_progress(alliance) -> list[TargetProgress]:
    """Every target of ``alliance`` with its live progress (members looked up once)."""
    member_ids = alliance.member_organization_ids()
    rows = []
    for target in alliance.targets.select_related("stated_by").order_by("order", "pk"):
        progress = target_progress(target, member_ids)
        rows.append(
            TargetProgress(
                target, progress.value, progress.percent, progress.source, progress.as_of
            )
        )
    return rows


def snapshot_targets(date: datetime.date | None = None, targets=None) -> int:
    """Write (or refresh) each target's value for ``date`` (today); returns how many rows.
    Idempotent: one snapshot per target and day."""
    from corridor.cooperation.models import TargetSnapshot

    date = date or timezone.localdate()
    targets = Target.objects.select_related("alliance") if targets is None else targets
    members: dict[int, list[int]] = {}
    written = 0
    for target in targets:
        ids = members.get(target.alliance_id)
        if ids is None:
            ids = members[target.alliance_id] = target.alliance.member_organization_ids()
        progress = target_progress(target, ids)
        if progress.source == NONE:
            continue
        TargetSnapshot.objects.update_or_create(
            target=target,
            date=date,
            defaults={
                "value": progress.value,
                "source": Measurement.COMPUTED
                if progress.source == COMPUTED
                else Measurement.ENTERED,
            },
        )
        written += 1
    return written
