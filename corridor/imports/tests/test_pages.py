"""The importer's pages: upload, progress and report, rejected rows, exports."""

import csv
import io
import signal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from corridor.imports import forms as import_forms
from corridor.imports import services
from corridor.imports.models import BatchStatus, ImportBatch
from corridor.imports.tests.conftest import POSITION_HEADER, PROFILE_HEADER, csv_bytes, xlsx_bytes
from corridor.imports.tests.test_pipeline import good_profile_rows, position_rows
from corridor.jobs.models import Position
from corridor.talent.models import TalentProfile

pytestmark = pytest.mark.django_db
INDEX = reverse("imports:index")


def upload(client, kind, data, name="data.csv", dry_run=False, **extra):
    payload = {"kind": kind, "file": SimpleUploadedFile(name, data), **extra}
    if dry_run:
        payload["dry_run"] = "on"
    return client.post(INDEX, payload)


def bad_and_good_profiles():
    return good_profile_rows() + [
        ["university", "B1", "Bad", "", "", "", "Atlantis", "", "", "", "", "", "", "weaving"]
    ]


def test_upload_page_offers_only_what_the_user_may_import(client_for, personas):
    page = client_for(personas.institution_admin).get(INDEX).content.decode()
    assert 'value="profiles"' in page
    assert 'value="positions"' not in page and 'value="organisations"' not in page
    admin_page = client_for(personas.platform_admin).get(INDEX).content.decode()
    assert all(f'value="{k}"' in admin_page for k in ("profiles", "positions", "organisations"))
    assert "<summary>Talent profiles</summary>" in page and "学号" in page
    assert client_for(personas.student).get(INDEX).status_code == 403


def test_small_upload_runs_at_once_and_reports_every_problem(client_for, personas, skills):
    client = client_for(personas.institution_admin)
    response = upload(client, "profiles", csv_bytes(bad_and_good_profiles()))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert batch.status == BatchStatus.DONE
    assert (batch.created_count, batch.rejected_count, batch.error_count) == (3, 1, 2)
    assert batch.user == personas.institution_admin and len(batch.sha256) == 64
    assert TalentProfile.objects.count() == 3

    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Atlantis" in page and "weaving" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling
    assert reverse("imports:batch_rejected", args=[batch.pk]) in page

    rejected = client.get(reverse("imports:batch_rejected", args=[batch.pk]))
    assert rejected["Content-Type"].startswith("text/csv")
    text = b"".join(rejected.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [*PROFILE_HEADER, "rejected_reason"]
    assert rows[1][:3] == ["university", "B1", "Bad"]
    assert "nationality" in rows[1][-1] and "skills" in rows[1][-1]

    history = client.get(INDEX).content.decode()
    assert "data.csv" in history


def test_dry_run_then_import_the_same_file_for_real(client_for, personas, skills):
    client = client_for(personas.recruiter_a)
    upload(client, "positions", xlsx_bytes(position_rows()), name="jobs.xlsx", dry_run=True)
    dry = ImportBatch.objects.get()
    assert (dry.dry_run, dry.created_count) == (True, 2)
    assert Position.objects.count() == 0
    page = client.get(dry.get_absolute_url()).content.decode()
    assert "nothing was stored" in page
    run_url = reverse("imports:batch_run", args=[dry.pk])
    assert run_url in page

    assert client.get(run_url).status_code == 200
    response = client.post(run_url)
    real = ImportBatch.objects.exclude(pk=dry.pk).get()
    assert response["Location"] == real.get_absolute_url()
    assert (real.dry_run, real.created_count, real.sha256) == (False, 2, dry.sha256)
    assert Position.objects.count() == 2
    # Someone else's dry run cannot be run (it is not even visible).
    assert client_for(personas.recruiter_b).post(run_url).status_code == 404


def test_recruiter_b_sees_why_rows_for_enterprise_a_were_refused(client_for, personas, skills):
    client = client_for(personas.recruiter_b)
    upload(client, "positions", csv_bytes(position_rows()))
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.rejected_count) == (0, 2)
    assert (
        "may not import into Enterprise A" in client.get(batch.get_absolute_url()).content.decode()
    )


def test_files_are_checked_by_content_and_size(client_for, personas, monkeypatch):
    client = client_for(personas.institution_admin)
    legacy = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    response = upload(client, "profiles", legacy, name="students.xls")
    assert (
        response.status_code == 400 and ".xls files are not supported" in response.content.decode()
    )
    response = upload(client, "profiles", b"%PDF-1.4\n\0\0\0", name="students.csv")
    assert "not a CSV or XLSX file" in response.content.decode()
    response = upload(client, "profiles", b"", name="empty.csv")
    assert response.status_code == 400
    monkeypatch.setattr(import_forms, "MAX_UPLOAD_BYTES", 10)
    response = upload(client, "profiles", csv_bytes(good_profile_rows()))
    assert response.status_code == 400 and "at most" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_that_cannot_be_imported_fails_with_the_reason(client_for, personas):
    client = client_for(personas.institution_admin)
    upload(client, "profiles", csv_bytes([["姓名"], ["李明"]]))
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED
    assert "Missing required column" in client.get(batch.get_absolute_url()).content.decode()


def test_default_organisation_must_be_one_the_user_may_import_into(client_for, personas):
    client = client_for(personas.institution_admin)
    response = upload(
        client, "profiles", csv_bytes(good_profile_rows()), organization=personas.enterprise_a.pk
    )
    assert response.status_code == 400  # not among the choices offered
    assert not ImportBatch.objects.exists()


# The worker calls close_old_connections(), which closes a connection left inside a
# transaction: on PostgreSQL that is pytest-django's per-test transaction, so this test
# runs without one (SQLite's in-memory test database ignores the close). Without a
# wrapping transaction, transaction.on_commit() enqueues at once, as in production.
@pytest.mark.django_db(transaction=True)
def test_large_files_run_in_the_background_with_a_polling_progress_page(
    client_for, personas, skills, monkeypatch
):
    monkeypatch.setattr(services, "INLINE_MAX_ROWS", 1)
    client = client_for(personas.institution_admin)
    upload(client, "profiles", csv_bytes(bad_and_good_profiles()))
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.QUEUED
    assert DBTaskResult.objects.filter(task_path="corridor.imports.tasks.run_import").exists()
    page = client.get(batch.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert (batch.created_count, batch.rejected_count, batch.processed_rows) == (3, 1, 4)
    assert TalentProfile.objects.count() == 3
    partial = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and 'data-status="done"' in body
    assert 'hx-trigger="every 1s"' not in body


def test_the_task_is_idempotent(personas, skills):
    from corridor.imports.tasks import run_import

    batch = services.create_batch(
        personas.institution_admin,
        "profiles",
        SimpleUploadedFile("a.csv", csv_bytes(good_profile_rows())),
        dry_run=False,
    )
    first = run_import.call(batch.pk)
    assert first["created"] == 3
    assert run_import.call(batch.pk) == {"batch": batch.pk, "skipped": True}
    assert TalentProfile.objects.count() == 3


def test_export_pages_round_trip(client_for, personas, skills):
    client = client_for(personas.recruiter_a)
    upload(client, "positions", csv_bytes(position_rows()))
    response = client.get(reverse("imports:export", kwargs={"kind": "positions", "fmt": "xlsx"}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == POSITION_HEADER and len(rows) == 3

    upload(client, "positions", data, name="export.xlsx")
    again = ImportBatch.objects.order_by("-pk").first()
    assert (again.unchanged_count, again.created_count, again.updated_count) == (2, 0, 0)

    response = client.get(reverse("imports:export", kwargs={"kind": "positions", "fmt": "csv"}))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffenterprise,reference")


def test_unknown_export_kind_is_not_a_page(client_for, personas):
    assert client_for(personas.platform_admin).get("/imports/export/users.csv").status_code == 404


def test_pages_in_chinese(client_for, personas, skills):
    client = client_for(personas.institution_admin)
    client.cookies["django_language"] = "zh-hans"
    rows = [PROFILE_HEADER, ["university", "1", "李明", "", "not-an-address", "", "CN"] + [""] * 7]
    upload(client, "profiles", csv_bytes(rows))
    batch = ImportBatch.objects.get()
    assert batch.language == "zh-hans"
    assert "请输入合法的邮件地址。" in client.get(batch.get_absolute_url()).content.decode()


def test_a_stalled_batch_says_so(client_for, personas):
    import datetime as dt

    from django.utils import timezone

    batch = ImportBatch.objects.create(
        user=personas.recruiter_a,
        kind="positions",
        status=BatchStatus.RUNNING,
        file_name="big.csv",
        started_at=timezone.now() - dt.timedelta(hours=1),
        heartbeat_at=timezone.now() - dt.timedelta(hours=1),
    )
    page = client_for(personas.recruiter_a).get(batch.get_absolute_url()).content.decode()
    assert "no progress for a while" in page and 'hx-trigger="every 1s"' in page


def test_uploads_larger_than_memory_go_through_a_temporary_file(client_for, personas, skills):
    # Above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) Django hands over a TemporaryUploadedFile.
    rows = [[*PROFILE_HEADER, "notes"]]
    for i in range(30):
        rows.append(["university", f"T{i}", "李明", "", "", "", "CN"] + [""] * 7 + ["x" * 100_000])
    data = csv_bytes(rows)
    assert len(data) > 2_621_440
    client = client_for(personas.institution_admin)
    upload(client, "profiles", data, dry_run=True)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_count, batch.file_size) == (BatchStatus.DONE, 30, len(data))
    assert "notes" in batch.report["warnings"][0]
