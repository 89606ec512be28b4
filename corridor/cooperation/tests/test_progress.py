import datetime

import pytest
from django.core.management import call_command

from corridor.api.tests import data
from corridor.cooperation.models import Measurement, Metric, TargetProgressEntry, TargetSnapshot
from corridor.cooperation.progress import alliance_progress, target_progress
from corridor.cooperation.tests.helpers import alliance, place, run_worker, target
from corridor.directory.models import AllianceMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    """An alliance whose members are the university and enterprise A, with a computed
    internships-and-jobs target; a profile of the university's student; A's open position."""
    obj = alliance(
        secretariat_of=personas.association, members=[personas.university, personas.enterprise_a]
    )
    jobs = target(obj, Metric.INTERNSHIPS_AND_JOBS, 50000)
    profile = data.profile(personas.student, personas.university, "Ayesha Khan")
    position = data.position(personas.enterprise_a, "welder-a")
    return obj, jobs, profile, position


def test_placing_a_member_institutions_student_raises_internships_and_jobs(personas, world):
    obj, jobs, profile, position = world
    before = target_progress(jobs)
    assert (before.value, before.source) == (0, "computed")

    place(profile, position, student_user=personas.student, recruiter=personas.recruiter_a)

    after = target_progress(jobs)
    assert after.value == 1
    assert after.source == "computed"
    assert after.percent == pytest.approx(100 / 50000)


def test_placements_outside_the_alliance_do_not_count(personas, world):
    obj, jobs, profile, _position = world
    AllianceMember.objects.filter(member=personas.university).delete()
    other_position = data.position(personas.enterprise_b, "welder-b")
    place(profile, other_position, student_user=personas.student, recruiter=personas.recruiter_b)
    assert target_progress(jobs).value == 0


def test_a_member_that_left_no_longer_counts(personas, world):
    obj, jobs, profile, position = world
    place(profile, position, student_user=personas.student, recruiter=personas.recruiter_a)
    AllianceMember.objects.filter(alliance=obj.organization).update(
        left=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert target_progress(jobs).value == 0


def test_entered_targets_show_the_latest_figure_with_its_date(personas, world):
    obj, *_ = world
    centres = target(obj, Metric.TRAINING_CENTRES, 36, label_en="Training centres")
    assert target_progress(centres).source == "none"
    TargetProgressEntry.objects.create(
        target=centres, value=4, as_of=datetime.date(2024, 1, 1), evidence="Annual report"
    )
    TargetProgressEntry.objects.create(
        target=centres, value=9, as_of=datetime.date(2025, 1, 1), evidence="Annual report"
    )
    progress = target_progress(centres)
    assert (progress.value, progress.source, progress.as_of) == (
        9,
        "entered",
        datetime.date(2025, 1, 1),
    )
    assert progress.percent == pytest.approx(25.0)


def test_alliance_progress_lists_every_target_for_dashboards(personas, world):
    obj, jobs, *_ = world
    rows = alliance_progress(obj)
    assert [row.target for row in rows] == [jobs]
    assert rows[0].label == jobs.label and rows[0].target_value == 50000 and rows[0].achieved == 0


def test_teachers_trained_counts_completions_of_member_institutions(personas, world):
    from corridor.training.models import Programme

    obj, *_ = world
    teachers = target(
        obj, Metric.TEACHERS_TRAINED, 30000, label_en="Teachers", measurement=Measurement.COMPUTED
    )
    assert target_progress(teachers).source == "computed"
    assert target_progress(teachers).value == 0
    assert Programme.objects.count() == 0  # nothing trained yet: nothing counted


def test_snapshot_command_writes_one_row_per_target_and_day(personas, world):
    obj, jobs, profile, position = world
    call_command("cooperation", "snapshot-targets")
    call_command("cooperation", "snapshot-targets")  # idempotent
    assert list(TargetSnapshot.objects.values_list("target", "value")) == [(jobs.pk, 0)]
    place(profile, position, student_user=personas.student, recruiter=personas.recruiter_a)
    call_command("cooperation", "snapshot-targets")
    assert list(TargetSnapshot.objects.values_list("value", flat=True)) == [1]


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_daily_task_snapshots_through_the_worker(personas, world):
    from corridor.cooperation.tasks import snapshot_targets_daily

    snapshot_targets_daily.enqueue()
    run_worker()
    assert TargetSnapshot.objects.count() == 1
