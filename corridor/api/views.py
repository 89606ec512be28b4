"""REST endpoints. Every model endpoint derives from :class:`ScopedViewSet`, which fetches
objects only through ``Model.objects.for_user(request.user, action)`` with the action
named by the HTTP method, and checks after each write that the object is still within
the user's scope (see :mod:`corridor.api.permissions` for the answers it gives)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.http import Http404
from django.middleware.csrf import get_token
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import mixins, routers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import (
    APIException,
    NotFound,
    PermissionDenied,
    Throttled,
    ValidationError,
)
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from corridor.api import filtersets, serializers
from corridor.api.permissions import PolicyPermission, TokenEndpointPermission, action_for_method
from corridor.api.serializers import drf_validation_error
from corridor.core.permissions import POLICY, Action, Scope, grants
from corridor.directory.models import Organization, Person
from corridor.jobs.models import Position, Project
from corridor.matching import drives as drive_service
from corridor.matching import services as matching_services
from corridor.matching.forms import CandidateFilterForm, DriveForm, PositionsForMeForm
from corridor.matching.models import PlacementDrive
from corridor.matching.pools import organiser_roles
from corridor.matching.world import get_world
from corridor.talent import services as talent_services
from corridor.talent.models import TalentProfile
from corridor.taxonomy.models import Occupation, Sector, Skill
from corridor.taxonomy.search import autocomplete

WRITE_ACTIONS = {"create", "update", "partial_update"}
ACTION_VERBS = {
    Action.VIEW: _("view"),
    Action.CREATE: _("create"),
    Action.CHANGE: _("change"),
    Action.DELETE: _("delete"),
}

# --- the generic, permission-scoped base ------------------------------------------------------


class ScopedViewSet(viewsets.GenericViewSet):
    """A ViewSet over ``model`` whose every queryset is
    ``model.objects.for_user(request.user, action)``, ``action`` derived from the HTTP
    method (GET view, POST create, PUT/PATCH change, DELETE delete).

    Subclasses set ``model`` and may narrow or optimise the rows in
    :meth:`refine_queryset`; they cannot set ``queryset`` or override ``get_queryset``
    (enforced when the class is defined), so that no endpoint can skip the chokepoint.
    ``write_serializer_class``, when set, reads create/update input while
    ``serializer_class`` still renders the answer.
    """

    model: type[models.Model] | None = None
    #: The POLICY entry deciding who may do what; the model's own unless borrowed.
    policy_label = ""
    write_serializer_class = None
    permission_classes = [PolicyPermission]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for forbidden in ("queryset", "get_queryset"):
            if forbidden in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__} must not define {forbidden}: rows come from "
                    "for_user() in ScopedViewSet; narrow them in refine_queryset()."
                )
        if cls.model is None:
            return
        own_label = cls.model._meta.label_lower
        scoped = hasattr(cls.model._default_manager, "for_user")
        if not cls.policy_label or ("policy_label" not in cls.__dict__ and scoped):
            cls.policy_label = own_label
        if not scoped and cls.policy_label == own_label:
            raise TypeError(
                f"{cls.model.__name__} has no for_user() queryset: give it one (and a POLICY "
                "entry), or borrow another model's policy_label for read-only reference data."
            )
        if cls.policy_label not in POLICY:
            raise TypeError(f"No POLICY entry {cls.policy_label!r} for {cls.__name__}.")

    # -- which rows ---------------------------------------------------------------------

    @property
    def policy_action(self) -> Action:
        return action_for_method(self.request.method)

    def scoped_queryset(self, action: Action):
        """The rows the user may perform ``action`` on (the only source of rows)."""
        manager = self.model._default_manager
        if hasattr(manager, "for_user"):
            return manager.for_user(self.request.user, action)
        # Reference data without a scoped queryset (sectors): all or nothing, as POLICY
        # says for the borrowed label.
        held = grants(self.request.user, self.policy_label, action)
        return manager.all() if Scope.ALL in held else manager.none()

    def refine_queryset(self, queryset):
        """Hook: select_related / prefetch / annotate (or narrow) the scoped rows."""
        return queryset

    def get_queryset(self):
        return self.refine_queryset(self.scoped_queryset(self.policy_action))

    def get_object(self):
        """The object named in the URL within the user's scope for this method's action.

        Outside the *view* scope: 404, whatever the method. Visible but outside the scope
        of the write: 403.
        """
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        lookup = {self.lookup_field: self.kwargs[lookup_url_kwarg]}
        try:
            obj = self.get_queryset().filter(**lookup).first()
        except (ValueError, TypeError, DjangoValidationError):
            raise Http404 from None  # a malformed key names nothing
        if obj is None:
            action = self.policy_action
            if (
                action != Action.VIEW
                and self.scoped_queryset(Action.VIEW).filter(**lookup).exists()
            ):
                raise PermissionDenied(
                    _("You may see this object but not %(action)s it.")
                    % {"action": ACTION_VERBS[action]}
                )
            raise Http404
        self.check_object_permissions(self.request, obj)
        return obj

    def ensure_in_scope(self, instance, action: Action) -> None:
        """After a write: the object must lie within the user's scope for ``action``
        (e.g. a recruiter cannot move a position to another enterprise)."""
        if not self.scoped_queryset(action).filter(pk=instance.pk).exists():
            raise PermissionDenied(
                _("You may not %(action)s this object here.") % {"action": ACTION_VERBS[action]}
            )

    # -- serializers -----------------------------------------------------------------------

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS and self.write_serializer_class is not None:
            return self.write_serializer_class
        return super().get_serializer_class()

    def rendered(self, instance):
        """The answer to a write: the object re-read as the user may now see it."""
        fresh = self.refine_queryset(self.scoped_queryset(Action.VIEW)).filter(pk=instance.pk)
        instance = fresh.first() or instance
        serializer_class = self.serializer_class
        return serializer_class(instance, context=self.get_serializer_context()).data


class ScopedReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """List and retrieve only."""


class ScopedModelViewSet(ScopedReadOnlyViewSet):
    """List, retrieve, create, update, partial update and delete, each checked against
    POLICY; writes are atomic and re-checked against the scope before they commit."""

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = serializer.save()
            self.ensure_in_scope(instance, Action.CREATE)
        return Response(self.rendered(instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = serializer.save()
            self.ensure_in_scope(instance, Action.CHANGE)
        return Response(self.rendered(instance))

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self.delete_object(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def delete_object(self, instance) -> None:
        instance.delete()


# --- directory -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Organisations (public)")),
    create=extend_schema(summary=_("Create an organisation (platform admins, secretariat)")),
)
class OrganizationViewSet(ScopedModelViewSet):
    """Universities, colleges, enterprises, associations, agencies, embassies, foundations
    and alliances, named by their key (``slug``)."""

    model = Organization
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filtersets.OrganizationFilterSet
    lookup_field = "slug"
    ordering_fields = ["name_en", "country", "kind", "created_at", "updated_at"]
    ordering = ["name_en"]

    def refine_queryset(self, queryset):
        return queryset.select_related("parent")


class PersonViewSet(ScopedModelViewSet):
    """Named people (ambassadors, presidents, deans, contacts), for signed-in users."""

    model = Person
    serializer_class = serializers.PersonSerializer
    filterset_class = filtersets.PersonFilterSet
    lookup_field = "slug"
    ordering_fields = ["name_latin", "created_at", "updated_at"]
    ordering = ["name_latin"]

    def refine_queryset(self, queryset):
        return queryset.select_related("organization")


# --- taxonomy ------------------------------------------------------------------------------


class _ConceptViewSet(ScopedReadOnlyViewSet):
    detail_serializer_class = None
    ordering_fields = ["label_en", "label_zh", "curated"]
    ordering = ["-curated", "label_en", "pk"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class
        return super().get_serializer_class()

    def refine_queryset(self, queryset):
        queryset = queryset.prefetch_related("sectors")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("labels")
        return queryset

    def _autocomplete(self, request):
        query = serializers.AutocompleteQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        hits = autocomplete(self.model, query.validated_data["q"], query.validated_data["limit"])
        visible = set(
            self.get_queryset()
            .filter(pk__in=[hit.concept.pk for hit in hits])
            .values_list("pk", flat=True)
        )
        data = [
            {
                "id": hit.concept.pk,
                "uri": hit.concept.uri,
                "label": hit.concept.label,
                "label_en": hit.concept.label_en,
                "label_zh": hit.concept.label_zh,
                "matched": hit.matched,
                "fuzzy": hit.fuzzy,
            }
            for hit in hits
            if hit.concept.pk in visible
        ]
        return Response(serializers.AutocompleteHitSerializer(data, many=True).data)


def autocomplete_errors(viewset):
    """Documents the errors of the autocomplete's query parameters."""
    viewset = extend_validation_errors(
        ["invalid", "min_value", "max_value", "max_string_length"],
        field_name="limit",
        actions=["autocomplete"],
    )(viewset)
    return extend_validation_errors(
        ["null_characters_not_allowed", "surrogate_characters_not_allowed"],
        field_name="q",
        actions=["autocomplete"],
    )(viewset)


AUTOCOMPLETE_SCHEMA = extend_schema(
    summary=_("Autocomplete"),
    description=_(
        "Concepts for what a user typed, best first: every label and synonym in any "
        "language (Chinese included), then a typo-tolerant match. Not paginated."
    ),
    parameters=[serializers.AutocompleteQuerySerializer],
    responses=serializers.AutocompleteHitSerializer(many=True),
)


@autocomplete_errors
class SkillViewSet(_ConceptViewSet):
    """Skills and knowledge (curated EN/ZH taxonomy and ESCO). ``?q=`` searches every
    label and synonym in any language."""

    model = Skill
    serializer_class = serializers.SkillSerializer
    detail_serializer_class = serializers.SkillDetailSerializer
    filterset_class = filtersets.SkillFilterSet

    @AUTOCOMPLETE_SCHEMA
    @action(detail=False, filter_backends=[], pagination_class=None)
    def autocomplete(self, request):
        return self._autocomplete(request)


@autocomplete_errors
class OccupationViewSet(_ConceptViewSet):
    """Occupations (curated EN/ZH taxonomy and ESCO) with their essential and optional
    skills. ``?q=`` searches every label and synonym in any language."""

    model = Occupation
    serializer_class = serializers.OccupationSerializer
    detail_serializer_class = serializers.OccupationDetailSerializer
    filterset_class = filtersets.OccupationFilterSet

    def refine_queryset(self, queryset):
        queryset = super().refine_queryset(queryset)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("skill_links__skill")
        return queryset

    @AUTOCOMPLETE_SCHEMA
    @action(detail=False, filter_backends=[], pagination_class=None)
    def autocomplete(self, request):
        return self._autocomplete(request)


class SectorViewSet(ScopedReadOnlyViewSet):
    """Economic sectors, named by code (public reference data)."""

    model = Sector
    serializer_class = serializers.SectorSerializer
    lookup_field = "code"
    filterset_class = None
    ordering_fields = ["label_en", "code"]
    ordering = ["label_en"]


# --- talent ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        description=_(
            "Profiles the user may see: their own, their institution's (institution admins), "
            "and those shared with everyone signed in or with the enterprises of the "
            "student's alliances. Name, contacts, student number and CV are left out unless "
            "the user may see the student's identity (``identity_visible``). A name search "
            "(``q``) only matches profiles whose identity the user may see."
        )
    ),
)
class ProfileViewSet(ScopedModelViewSet):
    """Talent profiles: students keep their own, institution admins their institution's."""

    model = TalentProfile
    serializer_class = serializers.ProfileSerializer
    write_serializer_class = serializers.ProfileWriteSerializer
    filterset_class = filtersets.ProfileFilterSet
    # Never by name: sorting anonymised profiles by name would reveal something of it.
    ordering_fields = ["updated_at", "created_at", "expected_graduation", "available_from"]
    ordering = ["-updated_at", "pk"]

    def refine_queryset(self, queryset):
        return (
            queryset.with_identity_shown(self.request.user)
            .select_related("institution")
            .prefetch_related("preferred_sectors", "languages", "skills__skill", "experience")
        )

    def delete_object(self, instance) -> None:
        talent_services.delete_profile(instance)


# --- jobs ----------------------------------------------------------------------------------


class ProjectViewSet(ScopedModelViewSet):
    """Enterprises' projects, readable by everyone signed in, kept by their recruiters."""

    model = Project
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    ordering_fields = ["start_date", "title_en", "created_at", "updated_at"]
    ordering = ["-start_date", "title_en", "pk"]

    def refine_queryset(self, queryset):
        return queryset.select_related("enterprise", "sector")


@extend_schema_view(
    list=extend_schema(
        description=_(
            "Open positions unless ``status`` asks for another one (``status=any``: every "
            "status). Drafts are seen only by their enterprise's recruiters."
        )
    ),
)
class PositionViewSet(ScopedModelViewSet):
    """Positions with their required skills and languages."""

    model = Position
    serializer_class = serializers.PositionSerializer
    filterset_class = filtersets.PositionFilterSet
    ordering_fields = ["created_at", "updated_at", "application_deadline", "start_date", "title_en"]
    ordering = ["-created_at", "pk"]

    def refine_queryset(self, queryset):
        return queryset.select_related(
            "enterprise", "project", "occupation", "sector"
        ).prefetch_related("skills__skill", "languages")

    @extend_schema(
        summary="Candidates for a position",
        description=(
            "The best-suited candidates for a position the user may change (404 otherwise), "
            "among the profiles the user may view, as on the candidates page. Name and "
            "contact details only where ``identified`` (the user may see the identity); "
            "otherwise the name is an anonymous label. Not paginated."
        ),
        parameters=[serializers.CandidateQuerySerializer],
        responses=serializers.MatchedCandidateSerializer(many=True),
    )
    @action(detail=True, filter_backends=[], pagination_class=None)
    def candidates(self, request, pk=None):
        try:
            position = (
                Position.objects.for_user(request.user, Action.CHANGE)
                .select_related("enterprise")
                .filter(pk=pk)
                .first()
            )
        except (ValueError, TypeError, DjangoValidationError):
            position = None
        if position is None:
            raise Http404
        query = serializers.CandidateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        form = CandidateFilterForm(
            {
                "nationality": params.get("nationality", ""),
                "eligible": params.get("eligible", False),
            }
        )
        if not form.is_valid():
            raise ValidationError(form.errors)
        matches = matching_services.candidates_for_position(
            request.user,
            position,
            form.engine_filters(get_world().vocabulary),
            k=params["limit"],
        )
        return Response(serializers.MatchedCandidateSerializer(matches, many=True).data)


# --- matching --------------------------------------------------------------------------------


class RecommendedPositionsView(APIView):
    """The open positions best suited to the signed-in user's own talent profile."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Positions for me",
        description=(
            "The open positions best suited to the signed-in user's own profile, best first, "
            "each with its score and explanation (sentences in the request's language). "
            "404 when the user has no profile. Not paginated."
        ),
        parameters=[serializers.RecommendationQuerySerializer],
        responses=serializers.MatchedPositionSerializer(many=True),
    )
    def get(self, request):
        user = request.user
        profile = TalentProfile.objects.for_user(user, Action.VIEW).filter(user_id=user.pk).first()
        if profile is None:
            raise NotFound
        query = serializers.RecommendationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        sector = ""
        if params.get("sector"):  # by code, as /api/sectors/ names them; -1: no such sector
            found = Sector.objects.filter(code=params["sector"]).values_list("pk", flat=True)
            sector = found.first() or -1
        form = PositionsForMeForm(
            {
                "country": params.get("country", ""),
                "sector": sector,
                "kind": params.get("kind", ""),
                "language": params.get("language", ""),
                "eligible": params.get("eligible", False),
            }
        )
        if not form.is_valid():
            raise ValidationError(form.errors)
        matches = matching_services.positions_for_profile(
            user, profile, form.engine_filters(get_world().vocabulary), k=params["limit"]
        )
        return Response(serializers.MatchedPositionSerializer(matches, many=True).data)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _form_error(form) -> ValidationError:
    return drf_validation_error(DjangoValidationError(form.errors.as_data()))


@extend_schema_view(
    create=extend_schema(
        summary="Create a placement drive",
        description=(
            "Validated by the same rules as the drive form: positions from the organiser's "
            "pool (ticked, or every one matching the position filters), candidates from "
            "their pool. ``organization`` picks the role to organise in (default: the first)."
        ),
        request=serializers.PlacementDriveWriteSerializer,
        responses={201: serializers.PlacementDriveSerializer},
    ),
)
class PlacementDriveViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Placement drives of the organisations the user organises drives for."""

    model = PlacementDrive
    serializer_class = serializers.PlacementDriveSerializer
    write_serializer_class = serializers.PlacementDriveWriteSerializer
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "updated_at", "name"]
    ordering = ["-created_at", "pk"]

    @property
    def policy_action(self) -> Action:
        if self.action in {"run", "publish"}:
            return Action.CHANGE
        return super().policy_action

    def refine_queryset(self, queryset):
        return queryset.select_related("organization", "candidate_institution").prefetch_related(
            "positions"
        )

    def create(self, request, *args, **kwargs):
        options = organiser_roles(request.user)
        if not options:
            raise PermissionDenied
        query = serializers.PlacementDriveWriteSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        params = dict(query.validated_data)
        role = options[0]
        if "organization" in params:
            slug = params.pop("organization")
            org_id = None
            if slug:
                org_id = Organization.objects.filter(slug=slug).values_list("pk", flat=True)
                org_id = org_id.first() if org_id else None
            role = next((o for o in options if o.organization_id == org_id), None)
            if role is None or (slug and org_id is None):
                invalid = forms.ModelChoiceField.default_error_messages["invalid_choice"]
                raise ValidationError({"organization": [invalid]})
        if params.get("position_sector"):
            code = params["position_sector"]
            params["position_sector"] = (
                Sector.objects.filter(code=code).values_list("pk", flat=True).first() or -1
            )
        if params.get("candidate_institution"):
            slug = params["candidate_institution"]
            params["candidate_institution"] = (
                Organization.objects.filter(slug=slug).values_list("pk", flat=True).first() or -1
            )
        form = DriveForm(params, user=request.user, role=role)
        if not form.is_valid():
            raise _form_error(form)
        with transaction.atomic():
            drive = form.save()
            self.ensure_in_scope(drive, Action.CREATE)
        return Response(self.rendered(drive), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Run the drive",
        description=(
            "Queues the drive for the background worker (as the page does); 409 while it "
            "runs or once its offers are published. Follow ``status`` and ``progress``."
        ),
        request=None,
        responses={202: serializers.PlacementDriveSerializer, 409: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def run(self, request, pk=None):
        drive = self.get_object()
        if not drive.may_run:
            raise Conflict(_("This drive cannot run now."))
        drive_service.queue_drive(drive)
        return Response(self.rendered(drive), status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Publish the drive's offers",
        description="Turns the allocations of a finished drive into offers, once (409 else).",
        request=None,
        responses={200: serializers.PublishedSerializer, 409: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def publish(self, request, pk=None):
        drive = self.get_object()
        if not drive.may_publish:
            raise Conflict(_("Only a finished drive can publish its offers, once."))
        count = drive_service.publish_offers(drive)
        return Response(serializers.PublishedSerializer({"published": count}).data)

    @extend_schema(
        summary="The drive's allocations",
        description=(
            "The placed candidates (at most 500), anonymised unless ``identified``, as on "
            "the report page. Not paginated."
        ),
        responses=serializers.AllocationSerializer(many=True),
    )
    @action(detail=True, filter_backends=[], pagination_class=None)
    def allocations(self, request, pk=None):
        drive = self.get_object()
        allocations = list(drive.allocations.select_related("profile")[:500])
        visible = matching_services.visible_identities(
            request.user, [a.profile for a in allocations]
        )
        for a in allocations:
            a.name = matching_services.candidate_name(a.profile, visible)
            a.identified = a.profile_id in visible
        return Response(serializers.AllocationSerializer(allocations, many=True).data)


# --- the signed-in user ----------------------------------------------------------------------

CREATE_RIGHTS = {
    "organizations": Organization,
    "people": Person,
    "profiles": TalentProfile,
    "projects": Project,
    "positions": Position,
}


class MeView(APIView):
    """Who is signed in, with which roles in which organisations."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=serializers.MeSerializer, summary=_("The signed-in user"))
    def get(self, request):
        user = request.user
        memberships = user.memberships.select_related("organization").order_by("role", "pk")
        own_profile = (
            TalentProfile.objects.for_user(user, Action.VIEW).filter(user_id=user.pk).first()
        )
        data = {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "is_staff": user.is_staff,
            "roles": [
                {
                    "role": m.role,
                    "organization": m.organization.slug if m.organization else None,
                    "organization_name": m.organization.display_name if m.organization else None,
                }
                for m in memberships
            ],
            "profile": own_profile.pk if own_profile else None,
            "can_create": {
                name: bool(grants(user, model._meta.label_lower, Action.CREATE))
                for name, model in CREATE_RIGHTS.items()
            },
        }
        return Response(serializers.MeSerializer(data).data)


# --- tokens ----------------------------------------------------------------------------------


class AuthTokenView(APIView):
    """Obtain (POST e-mail + password) or revoke (DELETE) the API token of an account.

    Failed attempts count against the same limits as the sign-in page, and POSTs are
    throttled (``auth_token`` rate). Accounts with two-factor authentication also give a
    ``code``.
    """

    permission_classes = [TokenEndpointPermission]
    throttle_scope = "auth_token"

    def get_throttles(self):
        return [ScopedRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        summary=_("Obtain a token"),
        request=serializers.TokenRequestSerializer,
        responses={200: serializers.TokenSerializer},
    )
    def post(self, request):
        query = serializers.TokenRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        user = self._authenticate(request, **query.validated_data)
        token, _created = Token.objects.get_or_create(user=user)
        return Response(serializers.TokenSerializer({"token": token.key}).data)

    @extend_schema(
        summary=_("Revoke the token"),
        request=None,
        responses={204: OpenApiResponse(description=_("Revoked (or there was none)."))},
    )
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _authenticate(self, request, *, email, password, code=""):
        from allauth.account.adapter import get_adapter
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import is_mfa_enabled
        from django.core.exceptions import ValidationError as FormError
        from rest_framework.exceptions import ValidationError

        http_request = request._request
        try:  # allauth's adapter applies the sign-in page's failed-attempt limits
            user = get_adapter(http_request).authenticate(
                http_request, email=email.strip().lower(), password=password
            )
        except FormError as error:
            raise Throttled(detail=" ".join(error.messages)) from None
        # allauth's backend also returns inactive accounts (its pages explain why they
        # cannot sign in); the API simply refuses them.
        if user is None or not user.is_active:
            raise ValidationError(
                {"non_field_errors": [_("Unable to sign in with this e-mail and password.")]}
            )
        must_verify = getattr(settings, "ACCOUNT_EMAIL_VERIFICATION", "") == "mandatory"
        if must_verify and not EmailAddress.objects.filter(user=user, verified=True).exists():
            raise ValidationError({"email": [_("Verify your e-mail address first.")]})
        if is_mfa_enabled(user):
            authenticators = Authenticator.objects.filter(user=user).exclude(
                type=Authenticator.Type.WEBAUTHN
            )
            if not code:
                raise ValidationError(
                    {"code": [_("This account uses two-factor authentication: give a code.")]}
                )
            if not any(auth.wrap().validate_code(code) for auth in authenticators):
                raise ValidationError({"code": [_("Incorrect code.")]})
        return user


# --- schema documentation pages --------------------------------------------------------------


def _docs_csp(**extra):
    policy = {**settings.SECURE_CSP}
    policy.update(extra)
    return policy


@method_decorator(csp_override(_docs_csp()), name="dispatch")
class SwaggerView(SpectacularSwaggerView):
    """Swagger UI from drf-spectacular-sidecar. Its start-up script is a static file
    reading its settings from a JSON data block, so the site's CSP (script-src 'self'
    + nonce, style-src 'self') holds without exceptions."""

    template_name = "api/swagger_ui.html"
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["config"] = {
            "schemaUrl": response.data["schema_url"],
            "settings": settings.SPECTACULAR_SETTINGS.get("SWAGGER_UI_SETTINGS", {}),
            "csrfHeaderName": self._get_csrf_header_name(),
            "csrfToken": get_token(request),
        }
        return response


# Redoc inserts <style> elements as it starts (allowed by this request's nonce, which
# api/redoc-nonce.js gives them) and runs its search in a worker made from a blob (Redoc
# stops at "Loading..." when that worker is refused).
REDOC_CSP = _docs_csp(
    **{
        "style-src": [CSP.SELF, CSP.NONCE],
        "worker-src": [CSP.SELF, "blob:"],
    }
)


@method_decorator(csp_override(REDOC_CSP), name="dispatch")
class RedocView(SpectacularRedocView):
    """Redoc from drf-spectacular-sidecar, without the CDN fonts of the stock template."""

    template_name = "api/redoc.html"
    permission_classes = [AllowAny]


# --- routes ------------------------------------------------------------------------------------


class NotFoundView(APIView):
    """Any other path under /api/: a 404 in the API's JSON error format (not an HTML page)."""

    permission_classes = [AllowAny]
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # a bad token is still a 401
        raise NotFound


class ApiRootView(routers.APIRootView):
    """The endpoints of the Corridor API (documentation: /api/docs/)."""

    permission_classes = [AllowAny]
    schema = None


class Router(routers.DefaultRouter):
    include_format_suffixes = False
    APIRootView = ApiRootView
