"""Notifying users: :func:`notify` is the one way to send someone a message."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from corridor.notifications.models import Notification


def _render(text, params: dict | None) -> str:
    text = str(text)
    if params:
        text = text % {key: str(value) for key, value in params.items()}
    return text


def notify(recipient, *, subject, body, params=None, url="", kind="") -> Notification:
    """Store a notification for ``recipient`` and e-mail it after the transaction commits.

    ``subject`` and ``body`` are (lazy) translatable strings with ``%(name)s``
    placeholders; they and the ``params`` values are rendered in the recipient's
    preferred language (so a lazy value such as a state label comes out in their words).
    Any service may call it; it never raises for a user without an e-mail address.
    """
    language = getattr(recipient, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        rendered_params = {key: str(value) for key, value in (params or {}).items()}
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            subject=_render(subject, rendered_params)[:255],
            body=_render(body, rendered_params),
            url=url,
        )
    from corridor.notifications.tasks import send_notification_email

    transaction.on_commit(partial(send_notification_email.enqueue, notification.pk))
    return notification


def email_notification(notification_id: int) -> bool:
    """E-mail one notification unless it already went out (or no longer exists, or its
    recipient has no address). Returns whether an e-mail was sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{_absolute(notification.url)}"
        send_mail(
            notification.subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def _absolute(url: str) -> str:
    base = getattr(settings, "SITE_URL", "")
    if url.startswith("/") and base:
        return base.rstrip("/") + url
    return url


def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of ``user`` read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
