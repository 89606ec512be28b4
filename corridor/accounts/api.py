"""API of the privacy rights and the audit log: /api/me/data/, /api/me/erase/,
/api/consent-records/ and /api/audit/ (platform admins only)."""

import json

from django.contrib.auth import logout
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from corridor.accounts import privacy
from corridor.accounts.filtersets import AuditEntryFilterSet
from corridor.accounts.models import AuditEntry, ConsentChannel, ConsentRecord
from corridor.api.views import ScopedReadOnlyViewSet


class AuditEntrySerializer(serializers.ModelSerializer):
    action = serializers.CharField(source="get_action_display")
    object_type = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()
    changes = serializers.JSONField(allow_null=True)
    additional_data = serializers.JSONField(allow_null=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "timestamp",
            "actor",
            "action",
            "object_type",
            "object_pk",
            "object_repr",
            "changes",
            "additional_data",
            "remote_addr",
        ]

    def get_object_type(self, entry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"

    def get_actor(self, entry) -> str | None:
        return entry.actor.email if entry.actor else entry.actor_email


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """The audit log, newest first; filters: user (e-mail or id), object_type, action
    (0 create, 1 update, 2 delete, 3 access), date_from, date_to."""

    model = AuditEntry
    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilterSet

    def refine_queryset(self, queryset):
        return queryset.select_related("actor", "content_type")


class ConsentRecordSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = ConsentRecord
        fields = [
            "id",
            "created_at",
            "subject",
            "value",
            "organization",
            "change",
            "channel",
            "path",
            "description",
        ]


class ConsentRecordViewSet(ScopedReadOnlyViewSet):
    """My consent history: each visibility level chosen and each contact consent granted
    or withdrawn, newest first."""

    model = ConsentRecord
    serializer_class = ConsentRecordSerializer

    def refine_queryset(self, queryset):
        return queryset.select_related("organization")


class MyDataView(APIView):
    """Everything Corridor holds about the signed-in user (recorded in the audit log)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT}, summary=_("Download my data"), operation_id="me_data"
    )
    def get(self, request):
        body = privacy.export_user_data(
            request.user, actor=request.user, channel=ConsentChannel.API
        )
        return Response(json.loads(body))


class EraseSerializer(serializers.Serializer):
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


class EraseMeView(APIView):
    """Erase the signed-in user's account after checking the password: personal data
    removed or anonymised, sessions and tokens deleted. 204 when done, 400 otherwise."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=EraseSerializer,
        responses={204: None},
        summary=_("Erase my account"),
        operation_id="me_erase",
    )
    def post(self, request):
        serializer = EraseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            privacy.erase_account(request.user, password=serializer.validated_data["password"])
        except privacy.ErasureRefused as error:
            raise serializers.ValidationError({"password": error.messages}) from None
        if hasattr(request, "session"):
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
