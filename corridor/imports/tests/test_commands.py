"""``corridor import`` and ``corridor export``."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corridor.imports.models import BatchSource, ImportBatch
from corridor.imports.tests.conftest import csv_bytes
from corridor.imports.tests.test_pipeline import good_profile_rows, position_rows
from corridor.jobs.models import Position
from corridor.talent.models import TalentProfile

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_prints_counts_and_problems_and_fails_on_rejected_rows(personas, skills, tmp_path):
    path = tmp_path / "students.csv"
    rows = good_profile_rows() + [
        ["university", "B1", "Bad", "", "", "", "Atlantis", "", "", "", "", "", "", ""]
    ]
    path.write_bytes(csv_bytes(rows))
    errors = tmp_path / "rejected.csv"
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import", "profiles", str(path), "--as", personas.institution_admin.email,
            "--errors-csv", str(errors), stdout=out,
        )  # fmt: skip
    assert exc.value.returncode == 1
    text = out.getvalue()
    assert "4 rows: 3 created, 0 updated, 0 unchanged, 1 rejected" in text
    assert "row 5, nationality (G) [Atlantis]: Unknown country" in text
    rejected = list(csv.reader(errors.read_text(encoding="utf-8-sig").splitlines()))
    assert rejected[1][1] == "B1" and "Atlantis" in rejected[1][-1]
    batch = ImportBatch.objects.get()
    assert (batch.source, batch.user, batch.rejected_count) == (
        BatchSource.COMMAND,
        personas.institution_admin,
        1,
    )
    assert TalentProfile.objects.count() == 3


def test_dry_run_and_default_institution(personas, skills, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes([["学号", "姓名", "国籍"], ["1", "李明", "CN"]]))
    out = run("import", "profiles", str(path), "--institution", "university", "--dry-run")
    assert "1 created" in out and "dry run" in out
    assert TalentProfile.objects.count() == 0
    run("import", "profiles", str(path), "--institution", "university")
    assert TalentProfile.objects.get().institution == personas.university
    assert "1 unchanged" in run("import", "profiles", str(path), "--institution", "university")


def test_file_problems_and_wrong_options_exit_with_2(personas, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes([["姓名"], ["李明"]]))
    with pytest.raises(CommandError) as exc:
        run("import", "profiles", str(path))
    assert exc.value.returncode == 2 and "Missing required column" in str(exc.value)
    with pytest.raises(CommandError, match="applies to positions"):
        run("import", "profiles", str(path), "--enterprise", "enterprise-a")
    with pytest.raises(CommandError, match="No user"):
        run("import", "profiles", str(path), "--as", "nobody@example.test")


def test_recruiter_b_cannot_import_into_enterprise_a_from_the_console(personas, skills, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes(position_rows()))
    with pytest.raises(CommandError):
        run("import", "positions", str(path), "--as", personas.recruiter_b.email)
    assert Position.objects.count() == 0


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_command_round_trips(personas, skills, tmp_path, suffix):
    source = tmp_path / "p.csv"
    source.write_bytes(csv_bytes(position_rows()))
    run("import", "positions", str(source))
    target = tmp_path / f"positions.{suffix}"
    assert "2 rows written" in run(
        "export", "positions", str(target), "--as", personas.recruiter_a.email
    )
    assert "2 unchanged" in run(
        "import", "positions", str(target), "--as", personas.recruiter_a.email
    )
