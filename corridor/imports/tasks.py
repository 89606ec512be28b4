"""Background work of the imports app (``django.tasks``, run by ``corridor db_worker``)."""

from django.tasks import task


@task()
def run_import(batch_id: int) -> dict:
    """Run one queued import batch. Takes an id; safe to run twice (see ``process_batch``)."""
    from corridor.imports.services import process_batch

    return process_batch(batch_id)
