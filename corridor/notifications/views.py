"""The inbox: a user's own notifications, newest first, and marking them read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from corridor.core.permissions import Action
from corridor.core.views import refuse
from corridor.notifications import services
from corridor.notifications.models import Notification


class InboxView(View):
    def get(self, request):
        if not request.user.is_authenticated:
            return refuse(request)
        notifications = Notification.objects.for_user(request.user, Action.VIEW)
        page = Paginator(notifications, 25).get_page(request.GET.get("page"))
        return render(
            request,
            "notifications/inbox.html",
            {"page": page, "unread": notifications.unread().count()},
        )


class MarkReadView(View):
    """POST: mark one notification (``pk``) or all of them read, then go back or follow
    the notification's link (``open=1``)."""

    def post(self, request, pk=None):
        if not request.user.is_authenticated:
            return refuse(request)
        if pk is None:
            count = services.mark_read(request.user)
            messages.success(request, _("Marked %(count)s notifications read.") % {"count": count})
            return HttpResponseRedirect(reverse("notifications:inbox"))
        notification = get_object_or_404(
            Notification.objects.for_user(request.user, Action.CHANGE), pk=pk
        )
        services.mark_read(request.user, notification.pk)
        target = notification.url if request.POST.get("open") else ""
        if not target or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("notifications:inbox")
        return HttpResponseRedirect(target)
