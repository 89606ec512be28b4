"""/api/applications/: the same rules as the pages, through the same services.

Students list their own applications and apply (POST without ``profile``); recruiters list
their enterprise's, invite (POST with ``profile``), move applications and keep notes;
institution admins read their students'. Notes never appear in what a student can reach.
"""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from corridor.api.views import ScopedReadOnlyViewSet
from corridor.core.permissions import Action
from corridor.jobs.models import Position
from corridor.pipeline import services
from corridor.pipeline.models import Application, ApplicationNote, ApplicationTransition
from corridor.pipeline.presenters import label_candidates
from corridor.pipeline.states import Side, State
from corridor.talent.models import TalentProfile

STATE_HELP = lazy(lambda: _("One of: %(states)s.") % {"states": ", ".join(State.values)}, str)()


class TransitionRecordSerializer(serializers.ModelSerializer):
    # Plain strings (the values of ``state``): one enum under several names would make
    # the schema ambiguous.
    from_state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    to_state = serializers.CharField(read_only=True, help_text=STATE_HELP)

    class Meta:
        model = ApplicationTransition
        fields = ["from_state", "to_state", "at", "comment"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    position_title = serializers.CharField(source="position.title", read_only=True)
    enterprise = serializers.SlugRelatedField(
        source="position.enterprise", slug_field="slug", read_only=True
    )
    candidate = serializers.CharField(
        read_only=True, help_text=_("The name, or an anonymous label unless ``identified``.")
    )
    identified = serializers.BooleanField(read_only=True)
    transitions = TransitionRecordSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "position",
            "position_title",
            "enterprise",
            "profile",
            "candidate",
            "identified",
            "state",
            "origin",
            "drive",
            "event",
            "cover_note",
            "interview_at",
            "interview_place",
            "offer_terms",
            "placement_kind",
            "placement_start",
            "placement_end",
            "created_at",
            "updated_at",
            "transitions",
        ]
        read_only_fields = fields


class ApplicationCreateSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text=_("The open position."))
    profile = serializers.IntegerField(
        required=False,
        help_text=_("Recruiters: the candidate to invite. Students leave it out to apply."),
    )
    cover_note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class TransitionSerializer(serializers.Serializer):
    to = serializers.CharField(help_text=STATE_HELP)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    interview_at = serializers.DateTimeField(required=False)
    interview_place = serializers.CharField(required=False, allow_blank=True, max_length=255)
    offer_terms = serializers.CharField(required=False, allow_blank=True)
    placement_start = serializers.DateField(required=False)
    placement_end = serializers.DateField(required=False)


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.EmailField(source="author.email", read_only=True, default="")

    class Meta:
        model = ApplicationNote
        fields = ["id", "text", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


def _refused(error: services.PipelineError) -> ValidationError:
    return ValidationError({error.field or "non_field_errors": [str(error.message)]})


@extend_schema_view(
    create=extend_schema(
        summary=_("Apply, or invite a candidate"),
        description=_(
            "Without ``profile``: the signed-in student applies with their own profile "
            "(sharing it with the enterprise). With ``profile``: a recruiter of the "
            "position's enterprise invites that candidate."
        ),
        request=ApplicationCreateSerializer,
        responses={201: ApplicationSerializer},
    ),
)
class ApplicationViewSet(ScopedReadOnlyViewSet):
    """Applications the user may see: their own, their enterprise's or their students'."""

    model = Application
    serializer_class = ApplicationSerializer
    filterset_fields = ["state", "origin", "position"]
    ordering_fields = ["updated_at", "created_at"]
    ordering = ["-updated_at", "-pk"]

    @property
    def policy_action(self) -> Action:
        if self.action == "transition":
            return Action.CHANGE
        if self.action == "notes":
            return Action.VIEW
        return super().policy_action

    def refine_queryset(self, queryset):
        return queryset.select_related("profile", "position__enterprise").prefetch_related(
            "transitions"
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return label_candidates(self.request.user, page) if page is not None else None

    def get_object(self):
        obj = super().get_object()
        label_candidates(self.request.user, [obj])
        return obj

    def rendered(self, instance):
        fresh = self.refine_queryset(self.scoped_queryset(Action.VIEW)).filter(pk=instance.pk)
        instance = fresh.first() or instance
        label_candidates(self.request.user, [instance])
        return ApplicationSerializer(instance, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        query = ApplicationCreateSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        user = request.user
        position = Position.objects.for_user(user, Action.VIEW).filter(pk=data["position"]).first()
        if position is None:
            raise ValidationError({"position": [_("No position you may see has this id.")]})
        own = TalentProfile.objects.filter(user=user).first()
        try:
            if "profile" not in data or (own is not None and data["profile"] == own.pk):
                if own is None:
                    raise services.PipelineError(
                        _("Create your talent profile first: applying shares it.")
                    )
                application = services.start_application(
                    profile=own,
                    position=position,
                    actor=user,
                    origin="applied",
                    note=data.get("cover_note", ""),
                )
            else:
                profile = (
                    TalentProfile.objects.for_user(user, Action.VIEW)
                    .filter(pk=data["profile"])
                    .first()
                )
                if profile is None:
                    raise services.PipelineError(
                        _("No profile you may see has this id."), field="profile"
                    )
                application = services.start_application(
                    profile=profile, position=position, actor=user, origin="invited"
                )
        except services.PipelineError as error:
            raise _refused(error) from None
        return Response(self.rendered(application), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Move an application"),
        description=_(
            "``to`` is the new state; the move's details (``interview_at`` to schedule an "
            "interview, ``placement_start`` and ``placement_end`` to record a placement, "
            "``offer_terms`` with an offer) go alongside. A move that is not possible from "
            "the current state, or not for this user, is refused with the reason."
        ),
        request=TransitionSerializer,
        responses={200: ApplicationSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def transition(self, request, pk=None):
        application = self.get_object()
        query = TransitionSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = dict(query.validated_data)
        to = data.pop("to")
        if to not in State.values:
            raise ValidationError({"to": [STATE_HELP]})
        comment = data.pop("comment", "")
        try:
            services.transition(application, to, actor=request.user, comment=comment, **data)
        except services.PipelineError as error:
            raise _refused(error) from None
        return Response(self.rendered(application))

    @extend_schema(
        methods=["GET"],
        summary=_("Internal notes (recruiting side)"),
        responses=NoteSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Add an internal note (recruiting side)"),
        request=NoteSerializer,
        responses={201: NoteSerializer, 404: OpenApiResponse()},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def notes(self, request, pk=None):
        application = self.get_object()
        if Side.RECRUITER not in services.sides_of(request.user, application):
            raise NotFound  # the student (and institution) never learn notes exist
        if request.method == "GET":
            notes = (
                ApplicationNote.objects.for_user(request.user, Action.VIEW)
                .filter(application=application)
                .select_related("author")
            )
            return Response(NoteSerializer(notes, many=True).data)
        query = NoteSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            note = services.add_note(
                application, author=request.user, text=query.validated_data["text"]
            )
        except services.PipelineError as error:
            raise _refused(error) from None
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)
