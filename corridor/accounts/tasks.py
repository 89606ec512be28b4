"""Background tasks of the accounts app (``django.tasks``; run by ``corridor db_worker``)."""

from django.tasks import task

from corridor.accounts import privacy


@task()
def purge_expired_personal_data() -> dict:
    """Apply the retention rules (idempotent): see :func:`corridor.accounts.privacy.purge`."""
    return privacy.purge()
