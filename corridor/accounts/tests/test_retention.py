"""Retention: old rejected/withdrawn applications lose their free text; old import files
are deleted while the batch report stays. Run by `corridor privacy purge` or its task."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from corridor.accounts import privacy
from corridor.imports.models import BatchStatus, ImportBatch

pytestmark = pytest.mark.django_db


def old_batch(user, days_ago, status=BatchStatus.DONE):
    batch = ImportBatch.objects.create(
        user=user, kind="profiles", file_name="students.csv", status=status, report={"ok": 1}
    )
    batch.file.save("students.csv", ContentFile(b"a,b\n"))
    batch.rejected_file.save("rejected.csv", ContentFile(b"a,b\n"))
    created = timezone.now() - dt.timedelta(days=days_ago)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=created)
    return batch


def test_old_import_files_go_and_reports_stay(personas, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    old = old_batch(personas.institution_admin, 31)
    recent = old_batch(personas.institution_admin, 5)
    running = old_batch(personas.institution_admin, 40, status=BatchStatus.RUNNING)
    old_path = old.file.path
    assert privacy.purge()["import_files_deleted"] == 1
    old.refresh_from_db()
    assert not old.file and not old.rejected_file and old.report == {"ok": 1}
    assert not ImportBatch.objects.get(pk=old.pk).file
    import os

    assert not os.path.exists(old_path)
    assert ImportBatch.objects.get(pk=recent.pk).file
    assert ImportBatch.objects.get(pk=running.pk).file
    assert privacy.purge()["import_files_deleted"] == 0  # idempotent


def closed_application(personas, state, days_ago):
    from corridor.pipeline import services as pipeline
    from corridor.pipeline.models import Application
    from corridor.pipeline.tests.conftest import make_position, make_profile

    profile = make_profile(None, personas.university, f"Old {state}")
    profile.user = personas.student if state == "withdrawn" else personas.student_b
    profile.save()
    position = make_position(personas.enterprise_a, f"old-{state}")
    application = pipeline.start_application(
        profile=profile, position=position, actor=profile.user, origin="applied",
        note="My story",
    )  # fmt: skip
    pipeline.add_note(application, author=personas.recruiter_a, text="Weak")
    actor = profile.user if state == "withdrawn" else personas.recruiter_a
    pipeline.transition(application, state, actor=actor, comment="Why")
    Application.objects.filter(pk=application.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return application


def test_old_rejected_and_withdrawn_applications_are_anonymised(personas, settings):
    settings.REJECTED_APPLICATION_RETENTION_DAYS = 100
    rejected = closed_application(personas, "rejected", 101)
    withdrawn = closed_application(personas, "withdrawn", 20)
    assert privacy.purge()["applications_anonymised"] == 1
    rejected.refresh_from_db()
    assert rejected.cover_note == "" and rejected.state == "rejected"
    assert not rejected.notes.exists()
    assert all(t.comment == "" for t in rejected.transitions.all())
    withdrawn.refresh_from_db()
    assert withdrawn.cover_note == "My story" and withdrawn.notes.exists()
    assert privacy.purge()["applications_anonymised"] == 0


def test_command_and_task(personas, settings, capsys):
    settings.IMPORT_FILE_RETENTION_DAYS = 1
    old_batch(personas.platform_admin, 2)
    call_command("privacy", "purge")
    out = capsys.readouterr().out
    assert "Import files deleted: 1" in out and "Applications anonymised: 0" in out
    from corridor.accounts.tasks import purge_expired_personal_data

    result = purge_expired_personal_data.enqueue()
    assert result.status == "READY"  # queued for `corridor db_worker`
    assert purge_expired_personal_data.call() == {
        "applications_anonymised": 0,
        "import_files_deleted": 0,  # already done by the command: idempotent
    }
