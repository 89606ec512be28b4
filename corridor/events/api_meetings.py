"""REST endpoints of one-to-one meetings: /api/meeting-requests/ (request, decide),
/api/meetings/ (own timetable, generate the schedule, move), /api/consultations/ and
/api/event-outcomes/{event id}/. Rows come from ``for_user``; refusals of the rules answer
409 with the same message as the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from corridor.api.views import Conflict, ScopedReadOnlyViewSet, ScopedViewSet
from corridor.core.permissions import Action
from corridor.events import meetings as svc
from corridor.events.models import Consultation, Event, Meeting, MeetingRequest, Registration


class MeetingRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingRequest
        fields = [
            "id",
            "event",
            "booth",
            "registration",
            "direction",
            "status",
            "suitability",
            "message",
            "created_at",
        ]
        read_only_fields = fields


class MeetingRequestCreateSerializer(serializers.Serializer):
    booth = serializers.IntegerField(help_text=_("The booth to meet."))
    message = serializers.CharField(required=False, allow_blank=True, default="")


class DecideSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class MeetingSerializer(serializers.ModelSerializer):
    booth_label = serializers.CharField(source="booth.label", read_only=True)
    enterprise = serializers.CharField(source="booth.enterprise.slug", read_only=True)
    student = serializers.CharField(source="registration.name", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "event",
            "booth",
            "booth_label",
            "enterprise",
            "registration",
            "student",
            "starts_at",
            "ends_at",
            "status",
        ]
        read_only_fields = fields


class MoveSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()


class GenerateSerializer(serializers.Serializer):
    event = serializers.IntegerField()


class UnscheduledSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    reason = serializers.CharField()


class ScheduleReportSerializer(serializers.Serializer):
    scheduled = serializers.IntegerField()
    kept = serializers.IntegerField()
    optimal = serializers.BooleanField()
    unscheduled = UnscheduledSerializer(many=True)


class ConsultationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consultation
        fields = [
            "id",
            "meeting",
            "position",
            "explanation",
            "skills_fit",
            "language_fit",
            "career_plan_fit",
            "comments",
            "next_step",
            "application",
            "updated_at",
        ]
        read_only_fields = fields


class OutcomesSerializer(serializers.Serializer):
    registrations = serializers.IntegerField()
    checked_in = serializers.IntegerField()
    meeting_requests = serializers.IntegerField()
    meetings_scheduled = serializers.IntegerField()
    meetings_held = serializers.IntegerField()
    consultations = serializers.IntegerField()
    applications = serializers.IntegerField()
    offers = serializers.IntegerField()
    placements = serializers.IntegerField()
    agreements_signed = serializers.IntegerField()
    agreements_notes = serializers.CharField()


class MeetingRequestViewSet(ScopedReadOnlyViewSet):
    """Meeting requests: the student's own, the booth enterprise's, the organisers'."""

    model = MeetingRequest
    serializer_class = MeetingRequestSerializer
    filterset_fields = ["event", "booth", "status"]
    ordering = ["-created_at", "pk"]

    @property
    def policy_action(self):
        if self.action == "decide":
            return Action.CHANGE
        return super().policy_action

    @extend_schema(
        summary="Request a meeting with a booth (as the registered student)",
        request=MeetingRequestCreateSerializer,
        responses={201: MeetingRequestSerializer, 409: OpenApiResponse()},
    )
    def create(self, request):
        data = MeetingRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        from corridor.events.models import Booth

        booth = (
            Booth.objects.for_user(request.user, Action.VIEW)
            .filter(pk=data.validated_data["booth"])
            .first()
        )
        if booth is None:
            raise Conflict(_("No such booth."))
        reg = Registration.objects.filter(event=booth.event, user=request.user).active().first()
        if reg is None:
            raise Conflict(_("Register for the event before requesting meetings."))
        try:
            made = svc.request_meeting(
                reg, booth, actor=request.user, message=data.validated_data["message"]
            )
        except svc.MeetingError as exc:
            raise Conflict(str(exc)) from None
        return Response(MeetingRequestSerializer(made).data, status=201)

    @extend_schema(
        summary="Accept or decline a request (recruiters of the booth)",
        request=DecideSerializer,
        responses={200: MeetingRequestSerializer, 409: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def decide(self, request, pk=None):
        req = self.get_object()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            svc.decide_request(req, actor=request.user, accept=data.validated_data["accept"])
        except svc.MeetingError as exc:
            raise Conflict(str(exc)) from None
        return Response(MeetingRequestSerializer(req).data)


class MeetingViewSet(ScopedReadOnlyViewSet):
    """Meetings one may see (one's own timetable); organisers generate and move them."""

    model = Meeting
    serializer_class = MeetingSerializer
    filterset_fields = ["event", "booth", "status"]
    ordering = ["starts_at", "pk"]

    @property
    def policy_action(self):
        if self.action in ("move", "generate"):
            return Action.CHANGE
        return super().policy_action

    def refine_queryset(self, queryset):
        return queryset.select_related("booth__enterprise", "registration")

    @extend_schema(
        summary="Move a meeting (organisers); double bookings are refused",
        request=MoveSerializer,
        responses={200: MeetingSerializer, 409: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def move(self, request, pk=None):
        meeting = self.get_object()
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            svc.move_meeting(
                meeting, actor=request.user, starts_at=data.validated_data["starts_at"]
            )
        except svc.MeetingError as exc:
            raise Conflict(str(exc)) from None
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(
        summary="Generate the event's schedule (organisers)",
        request=GenerateSerializer,
        responses={200: ScheduleReportSerializer, 409: OpenApiResponse()},
    )
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def generate(self, request):
        data = GenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = (
            Event.objects.for_user(request.user, Action.CHANGE)
            .filter(pk=data.validated_data["event"])
            .first()
        )
        if event is None:
            raise PermissionDenied(_("Only the organisers of the event may generate the schedule."))
        try:
            report = svc.generate_schedule(event, actor=request.user)
        except svc.MeetingError as exc:
            raise Conflict(str(exc)) from None
        return Response(
            {
                "scheduled": report.scheduled,
                "kept": report.kept,
                "optimal": report.optimal,
                "unscheduled": [{"request": r.pk, "reason": why} for r, why in report.unscheduled],
            }
        )


class ConsultationViewSet(ScopedReadOnlyViewSet):
    """Consultations: the student reads theirs; the booth and the organisers theirs."""

    model = Consultation
    serializer_class = ConsultationSerializer
    filterset_fields = ["meeting", "next_step"]
    ordering = ["-updated_at", "pk"]


class EventOutcomesViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
    """Outcomes of an event (by event id) for its organisers, computed from live data."""

    model = Event
    policy_label = "events.eventoutcome"
    serializer_class = OutcomesSerializer

    @property
    def policy_action(self):
        return Action.CHANGE

    def scoped_queryset(self, action):
        return Event.objects.for_user(self.request.user, Action.CHANGE)

    def retrieve(self, request, pk=None):
        event = self.get_object()
        return Response(OutcomesSerializer(svc.event_outcomes(event)).data)
