"""The importer's rows of the permission matrix (see corridor/core/tests/test_permission_matrix.py).

The batch in ``objects`` was uploaded by recruiter A: only they and platform admins see it.
"""

from django.urls import reverse

from corridor.core.testing import SIGNED_IN, expect

IMPORTERS = ["platform_admin", "secretariat", "institution_admin", "recruiter_a", "recruiter_b"]
BATCH_OWNERS = ["platform_admin", "recruiter_a"]


ROUTES = {
    "imports:index": (lambda o: reverse("imports:index"), expect(IMPORTERS, otherwise=403)),
    "imports:batch_detail": (
        lambda o: reverse("imports:batch_detail", args=[o["import_batch"].pk]),
        expect(BATCH_OWNERS, otherwise=404),
    ),
    "imports:batch_rejected": (
        lambda o: reverse("imports:batch_rejected", args=[o["import_batch"].pk]),
        expect(BATCH_OWNERS, otherwise=404),
    ),
    "imports:batch_run": (
        lambda o: reverse("imports:batch_run", args=[o["import_batch"].pk]),
        expect(BATCH_OWNERS, otherwise=404),
    ),
    "imports:export": (
        lambda o: reverse("imports:export", kwargs={"kind": "positions", "fmt": "csv"}),
        expect(SIGNED_IN, otherwise=404),
    ),
}


def objects(personas):
    from corridor.imports.models import BatchStatus, ImportBatch

    batch = ImportBatch.objects.create(
        user=personas.recruiter_a,
        kind="positions",
        dry_run=True,
        status=BatchStatus.DONE,
        file_name="positions.csv",
        report={"counts": {"total": 0}, "errors": [], "warnings": []},
    )
    return {"import_batch": batch}
