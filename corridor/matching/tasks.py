"""Background tasks of the matching app (``django.tasks``; run by ``corridor db_worker``)."""

from django.tasks import task

from corridor.matching.drives import execute_drive


@task()
def run_drive(drive_id: int) -> dict:
    """Run placement drive ``drive_id``; idempotent (see :func:`execute_drive`)."""
    return execute_drive(drive_id)
