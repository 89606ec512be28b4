"""``{% unread_notifications %}``: the signed-in user's unread count, for the nav."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return 0
    from corridor.notifications.models import Notification

    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
