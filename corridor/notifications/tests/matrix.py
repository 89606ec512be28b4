"""Notification rows of the permission matrix (corridor/core/tests/test_permission_matrix.py).

The notification belongs to ``student``: nobody else sees it (404), not even platform
admins. The inbox is for everyone signed in. POST-only routes answer GET with 405.
"""

from django.urls import reverse

from corridor.core.testing import SIGNED_IN, expect

EVERYONE_405 = expect([], otherwise=405, anonymous=405)


def _api(name, *args):
    return lambda o: reverse(f"api:{name}", args=[a(o) for a in args])


ROUTES = {
    "notifications:inbox": (lambda o: reverse("notifications:inbox"), expect(SIGNED_IN)),
    "notifications:mark_all_read": (
        lambda o: reverse("notifications:mark_all_read"),
        EVERYONE_405,
    ),
    "notifications:mark_read": (
        lambda o: reverse("notifications:mark_read", args=[o["notification"].pk]),
        EVERYONE_405,
    ),
    "api:notification-list": (
        _api("notification-list"),
        expect(SIGNED_IN, anonymous=401),
    ),
    "api:notification-detail": (
        _api("notification-detail", lambda o: o["notification"].pk),
        expect(["student"], anonymous=401),
    ),
    "api:notification-read": (
        _api("notification-read", lambda o: o["notification"].pk),
        expect([], otherwise=405, anonymous=401),
    ),
    "api:notification-read-all": (
        _api("notification-read-all"),
        expect([], otherwise=405, anonymous=401),
    ),
}


def objects(personas) -> dict:
    from corridor.notifications.models import Notification

    notification = Notification.objects.create(
        recipient=personas.student, subject="Matrix notification", url="/"
    )
    return {"notification": notification}
