"""REST endpoints of events: /api/events/ (with registration, the organisers' registration
list and check-in), /api/registrations/ (with cancel) and /api/booths/. Rows come from
``for_user``; refusals of the rules answer 409 with the same message as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response

from corridor.api.serializers import ScopedPrimaryKeyRelatedField
from corridor.api.views import Conflict, ScopedModelViewSet, ScopedReadOnlyViewSet
from corridor.core.permissions import Action
from corridor.directory.models import Organization
from corridor.events import services
from corridor.events.filtersets import EventFilterSet
from corridor.events.models import Booth, Event, EventOrganiser, Registration, Speaker
from corridor.events.views import _self_registration_details
from corridor.jobs.models import Position, Project


class OrganiserSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = EventOrganiser
        fields = ["organization", "role"]


class SpeakerSerializer(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Speaker
        fields = ["person", "role", "topic_en", "topic_zh", "session"]


class EventSerializer(serializers.ModelSerializer):
    organisers = OrganiserSerializer(many=True, read_only=True)
    speakers = SpeakerSerializer(many=True, read_only=True)
    date = serializers.CharField(
        source="date_display",
        read_only=True,
        help_text=_("The date as the source gives it; a missing year is said, never invented."),
    )
    country = serializers.CharField(source="country.code", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "kind",
            "title_en",
            "title_zh",
            "description",
            "status",
            "date",
            "start_year",
            "start_month",
            "start_day",
            "end_year",
            "end_month",
            "end_day",
            "starts_at",
            "ends_at",
            "timezone",
            "venue",
            "city",
            "country",
            "parent",
            "capacity",
            "waitlist_enabled",
            "requires_approval",
            "registration_opens",
            "registration_closes",
            "attendance_text",
            "attendance_number",
            "organisers",
            "speakers",
        ]


class RegistrationSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    waitlist_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "name",
            "email",
            "kind",
            "organization",
            "status",
            "waitlist_position",
            "ticket_code",
            "checked_in_at",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_waitlist_position(self, obj) -> int | None:
        return obj.waitlist_position


class CheckInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=300, help_text=_("The ticket code the QR holds."))


class BoothSerializer(serializers.ModelSerializer):
    enterprise = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    positions = serializers.SerializerMethodField()

    class Meta:
        model = Booth
        fields = [
            "id",
            "event",
            "enterprise",
            "label",
            "description",
            "positions",
            "projects",
            "meeting_start",
            "meeting_end",
            "slot_minutes",
            "breaks",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_positions(self, obj) -> list[int]:
        """Only the positions the reader may see (drafts stay with their enterprise)."""
        visible = Position.objects.for_user(self.context["request"].user, Action.VIEW)
        return list(visible.filter(booths=obj).values_list("pk", flat=True))


class BoothWriteSerializer(serializers.ModelSerializer):
    """What a booth presents and when it takes meetings (its enterprise's own positions and
    projects only)."""

    positions = ScopedPrimaryKeyRelatedField(
        many=True, queryset=Position.objects.all(), required=False
    )
    projects = ScopedPrimaryKeyRelatedField(
        many=True, queryset=Project.objects.all(), required=False
    )

    class Meta:
        model = Booth
        fields = [
            "label",
            "description",
            "positions",
            "projects",
            "meeting_start",
            "meeting_end",
            "slot_minutes",
            "breaks",
        ]

    def validate(self, attrs):
        booth = self.instance
        messages = {
            "positions": _("Only positions of the booth's own enterprise."),
            "projects": _("Only projects of the booth's own enterprise."),
        }
        for name, message in messages.items():
            if any(item.enterprise_id != booth.enterprise_id for item in attrs.get(name, [])):
                raise serializers.ValidationError({name: [message]})
        probe = Booth(
            pk=booth.pk,
            event_id=booth.event_id,
            enterprise_id=booth.enterprise_id,
            **{k: v for k, v in attrs.items() if k not in ("positions", "projects")},
        )
        for field in ("label", "meeting_start", "meeting_end", "slot_minutes", "breaks"):
            if field not in attrs:
                setattr(probe, field, getattr(booth, field))
        try:
            probe.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs


def _refused(refusal: services.Refused):
    return Conflict(str(refusal.message))


class EventViewSet(ScopedReadOnlyViewSet):
    """Events: published (and past or cancelled) ones for everyone, drafts for their
    organisers' staff."""

    model = Event
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    ordering_fields = ["start_date", "title_en", "created_at"]
    ordering = ["-start_date", "title_en", "pk"]

    @property
    def policy_action(self):
        if self.action in {"registrations", "check_in"}:
            return Action.CHANGE
        if self.action == "register":
            return Action.VIEW
        return super().policy_action

    def refine_queryset(self, queryset):
        return queryset.prefetch_related("organisers__organization", "speakers__person")

    @extend_schema(
        summary="Register for the event",
        description=(
            "Registers the signed-in user: confirmed while seats last, else on the waiting "
            "list (409 when the event is full and keeps none), pending when the organisers "
            "approve registrations. 409 also for a second active registration."
        ),
        request=None,
        responses={201: RegistrationSerializer, 409: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def register(self, request, pk=None):
        if not request.user.is_authenticated:
            raise NotAuthenticated
        event = self.get_object()
        kind, org_id = _self_registration_details(request.user)
        try:
            registration = services.register(
                event,
                user=request.user,
                registered_by=request.user,
                kind=kind,
                organization=Organization.objects.filter(pk=org_id).first() if org_id else None,
            )
        except services.Refused as refusal:
            raise _refused(refusal) from None
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The event's registrations (organisers)",
        responses=RegistrationSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def registrations(self, request, pk=None):
        event = self.get_object()
        rows = event.registrations.select_related("organization").order_by("created_at", "pk")
        return Response(RegistrationSerializer(rows, many=True).data)

    @extend_schema(
        summary="Check a ticket in (organisers)",
        description=(
            "Lets the holder of ``code`` in. 409 with the reason for an unknown ticket, a "
            "ticket of another event, a cancelled or unconfirmed registration, or a used "
            "ticket; nothing changes then."
        ),
        request=CheckInSerializer,
        responses={200: RegistrationSerializer, 409: OpenApiResponse()},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="check-in",
        filter_backends=[],
        pagination_class=None,
    )
    def check_in(self, request, pk=None):
        event = self.get_object()
        data = CheckInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            registration = services.check_in(event, data.validated_data["code"], by=request.user)
        except services.Refused as refusal:
            raise _refused(refusal) from None
        return Response(RegistrationSerializer(registration).data)


class RegistrationViewSet(ScopedReadOnlyViewSet):
    """Registrations: one's own (and those one made for others); organisers' staff see
    their events' registrations, institutions and enterprises those of their people."""

    model = Registration
    serializer_class = RegistrationSerializer
    filterset_fields = ["event", "status"]
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "pk"]

    @property
    def policy_action(self):
        if self.action == "cancel":
            return Action.CHANGE
        return super().policy_action

    def refine_queryset(self, queryset):
        return queryset.select_related("organization")

    @extend_schema(
        summary="Cancel the registration",
        description="The freed seat goes to the first person on the waiting list.",
        request=None,
        responses={200: RegistrationSerializer, 409: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def cancel(self, request, pk=None):
        registration = self.get_object()
        try:
            services.cancel(registration, by=request.user)
        except services.Refused as refusal:
            raise _refused(refusal) from None
        registration.refresh_from_db()
        return Response(RegistrationSerializer(registration).data)


class BoothViewSet(ScopedModelViewSet):
    """Enterprises' booths at fairs, with the positions they present. The event's
    organisers and the booth's enterprise change what it presents (PUT/PATCH); booths are
    added and removed on the event's pages."""

    model = Booth
    serializer_class = BoothSerializer
    write_serializer_class = BoothWriteSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]
    filterset_fields = ["event"]
    ordering_fields = ["label"]
    ordering = ["event", "label", "pk"]

    def refine_queryset(self, queryset):
        return queryset.select_related("enterprise").prefetch_related("projects")
