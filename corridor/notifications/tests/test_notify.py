"""notify(): rendered in the recipient's language, stored, e-mailed once by the task."""

import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from corridor.notifications.models import Notification
from corridor.notifications.services import email_notification, notify
from corridor.notifications.tasks import send_notification_email

pytestmark = pytest.mark.django_db

# A string that is in the Chinese catalogue already, so the test does not depend on the
# catalogues the lead merges at the end.
SUBJECT = _("Notifications")


def test_a_chinese_speaking_student_gets_chinese(personas):
    personas.student.preferred_language = "zh-hans"
    personas.student.save()
    note = notify(personas.student, subject=_("Positions"), body=_("Skills"))
    assert note.subject == "岗位"
    assert note.body == "技能"
    english = notify(personas.student_b, subject=_("Positions"), body=_("Skills"))
    assert english.subject == "Positions"


def test_params_are_rendered_in_the_recipients_language(personas):
    personas.student.preferred_language = "zh-hans"
    personas.student.save()
    note = notify(
        personas.student,
        subject="%(what)s: %(name)s",
        body="",
        params={"what": _("Positions"), "name": "Ali"},
    )
    assert note.subject == "岗位: Ali"


# The worker calls close_old_connections(), which closes a connection left inside a
# transaction (pytest-django's per-test one on PostgreSQL): this test runs without one,
# so transaction.on_commit() enqueues at once, as in production.
@pytest.mark.django_db(transaction=True)
def test_notify_enqueues_the_email_after_commit(personas):
    with transaction.atomic():
        note = notify(personas.student, subject="Hello", body="Body", url="/applications/")
        assert not DBTaskResult.objects.exists()  # only once the transaction commits
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []  # queued, not sent inline
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas.student.email]
    assert message.subject == "Hello"
    assert "/applications/" in message.body
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_the_email_task_is_idempotent(personas):
    note = notify(personas.student, subject="Once", body="")
    send_notification_email.call(note.pk)
    send_notification_email.call(note.pk)
    assert len(mail.outbox) == 1
    assert email_notification(note.pk) is False
    assert email_notification(999999) is False


def test_no_email_without_an_address(personas):
    personas.student.email = ""
    personas.student.save()
    note = notify(personas.student, subject="Silent", body="")
    assert email_notification(note.pk) is False
    assert mail.outbox == []
    assert Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).exists()
