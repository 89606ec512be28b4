"""Background work of the notifications app (``django.tasks``, run by ``corridor db_worker``)."""

from django.tasks import task


@task()
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification; idempotent (see ``email_notification``)."""
    from corridor.notifications.services import email_notification

    return email_notification(notification_id)
