"""/api/notifications/: the signed-in user's own notifications, and marking them read."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from corridor.api.views import ScopedReadOnlyViewSet
from corridor.core.permissions import Action
from corridor.notifications import services
from corridor.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("How many notifications were unread."))


class NotificationViewSet(ScopedReadOnlyViewSet):
    """The signed-in user's notifications, newest first (nobody sees anyone else's)."""

    model = Notification
    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-pk"]

    @property
    def policy_action(self) -> Action:
        if self.action in {"read", "read_all"}:
            return Action.CHANGE
        return super().policy_action

    @extend_schema(
        summary=_("Mark a notification read"),
        operation_id="notifications_read",
        request=None,
        responses=NotificationSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def read(self, request, pk=None):
        notification = self.get_object()
        services.mark_read(request.user, notification.pk)
        return Response(self.rendered(notification))

    @extend_schema(
        summary=_("Mark every notification read"),
        operation_id="notifications_read_all",
        request=None,
        responses=MarkedReadSerializer,
    )
    @action(
        detail=False, methods=["post"], url_path="read", filter_backends=[], pagination_class=None
    )
    def read_all(self, request):
        count = services.mark_read(request.user)
        return Response(MarkedReadSerializer({"marked": count}).data)
