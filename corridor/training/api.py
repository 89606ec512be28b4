"""/api/ endpoints of training: programmes, cohorts (enrol), enrolments (complete), talent
orders (move along), curriculum standards, competitions and the student's career plan.

Rows come from ``for_user`` through :class:`ScopedViewSet`; writes call the services the
pages call, so both give the same refusals.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from corridor.api.permissions import SignedInWithRole
from corridor.api.views import ScopedReadOnlyViewSet
from corridor.core.permissions import Action
from corridor.talent.models import TalentProfile
from corridor.training import career, services
from corridor.training.filtersets import CompetitionFilterSet, OrderFilterSet, StandardFilterSet
from corridor.training.models import (
    Cohort,
    Competition,
    CurriculumStandard,
    Enrolment,
    OrderStatus,
    Programme,
    ProgrammeKind,
    ProgrammeSkill,
    StandardAdoption,
    TalentOrder,
    TalentOrderSkill,
)

KIND_HELP = ", ".join(ProgrammeKind.values)
ORDER_STATUS_HELP = ", ".join(OrderStatus.values)


def _drf_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError({"non_field_errors": error.messages})


class SkillLevelSerializer(serializers.Serializer):
    skill = serializers.IntegerField(source="skill_id", help_text=_("Skill id"))
    skill_label = serializers.CharField(source="skill.label")
    level = serializers.IntegerField(help_text=_("1 basic … 4 expert"))


class ProgrammeSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    providers = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    orderer = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    skills = SkillLevelSerializer(many=True, read_only=True)
    country = serializers.CharField(read_only=True)
    agreements = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    # Plain strings (values listed in the help): enum names of these choice sets would
    # collide with other apps' "kind" and "status" enums in the schema.
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    language = serializers.CharField(read_only=True, help_text=_("ISO 639-1 code"))
    language_scale = serializers.CharField(read_only=True, help_text=_("CEFR, HSK or native"))
    mode = serializers.CharField(read_only=True, help_text=_("in_person, online or blended"))

    class Meta:
        model = Programme
        fields = [
            "id",
            "key",
            "kind",
            "title",
            "title_en",
            "title_zh",
            "providers",
            "orderer",
            "sector",
            "skills",
            "language",
            "language_scale",
            "language_level",
            "duration_weeks",
            "mode",
            "country",
            "city",
            "description",
            "agreements",
        ]
        read_only_fields = fields


class ProgrammeApiFilterSet(django_filters.FilterSet):
    """``kind``, ``sector`` (code), ``provider`` (organisation key), ``skill`` (id)."""

    kind = django_filters.CharFilter(help_text=KIND_HELP)
    sector = django_filters.CharFilter(field_name="sector__code")
    provider = django_filters.CharFilter(method="filter_provider")
    skill = django_filters.NumberFilter(method="filter_skill")

    class Meta:
        model = Programme
        fields = ["kind", "sector", "provider", "skill"]

    def filter_provider(self, queryset, name, value: str):
        return queryset.filter(pk__in=Programme.objects.filter(providers__slug=value).values("pk"))

    def filter_skill(self, queryset, name, value: int):
        return queryset.teaching([int(value)])


class ProgrammeViewSet(ScopedReadOnlyViewSet):
    """Training programmes (public) with the skills they teach and the level reached."""

    model = Programme
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeApiFilterSet
    ordering_fields = ["title_en", "created_at"]
    ordering = ["title_en", "pk"]

    def refine_queryset(self, queryset):
        skills = ProgrammeSkill.objects.select_related("skill")
        return queryset.select_related("orderer", "sector").prefetch_related(
            "providers", "agreements", models.Prefetch("skills", queryset=skills)
        )


class CohortSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(read_only=True)
    order = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Cohort
        fields = ["id", "programme", "name", "start", "end", "capacity", "order", "synthetic"]
        read_only_fields = fields


class EnrolRequestSerializer(serializers.Serializer):
    profile = serializers.IntegerField(help_text=_("Talent profile id of the student"))


class EnrolmentSerializer(serializers.ModelSerializer):
    cohort = serializers.PrimaryKeyRelatedField(read_only=True)
    profile = serializers.PrimaryKeyRelatedField(read_only=True)
    certificate = serializers.SerializerMethodField()
    status = serializers.CharField(
        read_only=True, help_text=_("enrolled, completed, withdrawn or failed")
    )

    class Meta:
        model = Enrolment
        fields = ["id", "cohort", "profile", "status", "completed_on", "grade", "certificate"]
        read_only_fields = fields

    def get_certificate(self, obj) -> str | None:
        """The verification code of the certificate, once completed."""
        certificate = getattr(obj, "certificate", None)
        return certificate.code if certificate is not None else None


class CohortViewSet(ScopedReadOnlyViewSet):
    """Cohorts (intakes) of programmes; the programme's institutions enrol students."""

    model = Cohort
    serializer_class = CohortSerializer
    filterset_fields = ["programme", "order"]
    ordering = ["-start", "pk"]

    @property
    def policy_action(self) -> Action:
        return Action.CHANGE if self.action == "enrol" else super().policy_action

    @extend_schema(
        summary=_("Enrol a student"),
        request=EnrolRequestSerializer,
        responses={201: EnrolmentSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def enrol(self, request, pk=None):
        cohort = self.get_object()
        query = EnrolRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        profile = (
            TalentProfile.objects.for_user(request.user, Action.VIEW)
            .identity_visible(request.user)
            .filter(pk=query.validated_data["profile"])
            .first()
        )
        if profile is None:
            raise ValidationError({"profile": [_("No such student among those you may enrol.")]})
        try:
            enrolment = services.enrol(cohort, profile)
        except DjangoValidationError as error:
            raise _drf_error(error) from None
        return Response(EnrolmentSerializer(enrolment).data, status=201)


class CompleteRequestSerializer(serializers.Serializer):
    completed_on = serializers.DateField()
    grade = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class EnrolmentViewSet(ScopedReadOnlyViewSet):
    """Enrolments: a student's own, and those of the programmes an institution runs."""

    model = Enrolment
    serializer_class = EnrolmentSerializer
    filterset_fields = ["cohort", "status"]
    ordering = ["cohort", "pk"]

    @property
    def policy_action(self) -> Action:
        return Action.CHANGE if self.action == "complete" else super().policy_action

    def refine_queryset(self, queryset):
        return queryset.select_related("certificate")

    @extend_schema(
        summary=_("Record a completion (adds the skills, issues the certificate)"),
        request=CompleteRequestSerializer,
        responses=EnrolmentSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def complete(self, request, pk=None):
        enrolment = self.get_object()
        query = CompleteRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            services.complete_enrolment(
                enrolment,
                on=query.validated_data["completed_on"],
                grade=query.validated_data["grade"],
            )
        except DjangoValidationError as error:
            raise _drf_error(error) from None
        return Response(self.rendered(enrolment))


class OrderSkillSerializer(serializers.ModelSerializer):
    skill_label = serializers.CharField(source="skill.label", read_only=True)

    class Meta:
        model = TalentOrderSkill
        fields = ["skill", "skill_label", "level"]
        read_only_fields = fields


class OrderProgressSerializer(serializers.Serializer):
    ordered = serializers.IntegerField(allow_null=True)
    enrolled = serializers.IntegerField()
    trained = serializers.IntegerField()
    placed = serializers.IntegerField()


class TalentOrderSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    orderer = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    supplier = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    programme = serializers.PrimaryKeyRelatedField(read_only=True)
    skills = OrderSkillSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text=ORDER_STATUS_HELP)

    class Meta:
        model = TalentOrder
        fields = [
            "id",
            "key",
            "title",
            "title_en",
            "title_zh",
            "orderer",
            "supplier",
            "programme",
            "quantity",
            "due_date",
            "status",
            "skills",
            "progress",
        ]
        read_only_fields = fields

    @extend_schema_field(OrderProgressSerializer)
    def get_progress(self, obj) -> dict:
        return services.order_progress(obj)


class TransitionRequestSerializer(serializers.Serializer):
    status = serializers.CharField(help_text=ORDER_STATUS_HELP)

    def validate_status(self, value):
        if value not in OrderStatus.values:
            raise serializers.ValidationError(_("Unknown status."))
        return value


class TalentOrderViewSet(ScopedReadOnlyViewSet):
    """Talent orders, seen by the orderer's and the training institution's staff, with
    ordered vs enrolled vs trained vs placed."""

    model = TalentOrder
    serializer_class = TalentOrderSerializer
    filterset_class = OrderFilterSet
    ordering = ["-created_at", "pk"]

    @property
    def policy_action(self) -> Action:
        return Action.CHANGE if self.action == "transition" else super().policy_action

    def refine_queryset(self, queryset):
        return queryset.select_related("orderer", "supplier").prefetch_related("skills__skill")

    @extend_schema(
        summary=_("Move the order along (accept, start training, fulfil, cancel)"),
        request=TransitionRequestSerializer,
        responses=TalentOrderSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def transition(self, request, pk=None):
        order = self.get_object()
        query = TransitionRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            services.change_order_status(order, query.validated_data["status"], actor=request.user)
        except DjangoValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from None
        return Response(self.rendered(order))


class AdoptionSerializer(serializers.ModelSerializer):
    institution = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(read_only=True)
    cross_border = serializers.BooleanField(read_only=True)

    class Meta:
        model = StandardAdoption
        fields = ["institution", "country", "adopted_on", "cross_border"]
        read_only_fields = fields


class StandardSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    origin = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    origin_country = serializers.CharField(read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    adoptions = AdoptionSerializer(many=True, read_only=True)

    class Meta:
        model = CurriculumStandard
        fields = [
            "id",
            "code",
            "title",
            "title_en",
            "title_zh",
            "origin",
            "origin_country",
            "sector",
            "version",
            "adoptions",
        ]
        read_only_fields = fields


class StandardViewSet(ScopedReadOnlyViewSet):
    """Curriculum standards with their adoptions (public)."""

    model = CurriculumStandard
    serializer_class = StandardSerializer
    filterset_class = StandardFilterSet
    ordering = ["code"]

    def refine_queryset(self, queryset):
        adoptions = StandardAdoption.objects.select_related("institution", "standard")
        return queryset.select_related("origin", "sector").prefetch_related(
            models.Prefetch("adoptions", queryset=adoptions)
        )


class CompetitionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    organiser = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    skills = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Competition
        fields = [
            "id",
            "key",
            "title",
            "title_en",
            "title_zh",
            "organiser",
            "start",
            "end",
            "skills",
        ]
        read_only_fields = fields


class CompetitionViewSet(ScopedReadOnlyViewSet):
    """Skills competitions (public); dates are null where no report gives them."""

    model = Competition
    serializer_class = CompetitionSerializer
    filterset_class = CompetitionFilterSet
    ordering = ["title_en", "pk"]

    def refine_queryset(self, queryset):
        return queryset.select_related("organiser").prefetch_related("skills")


class OptionSerializer(serializers.Serializer):
    programme = serializers.IntegerField(source="programme.pk")
    title = serializers.CharField(source="programme.title")
    teaches = serializers.ListField(child=serializers.CharField())
    score = serializers.FloatField(help_text=_("Suitability after completing it (0-100)"))
    rise = serializers.FloatField(help_text=_("Points gained"))


class MissingSerializer(serializers.Serializer):
    skill = serializers.IntegerField(source="skill_id")
    label = serializers.CharField()


class TargetPlanSerializer(serializers.Serializer):
    target = serializers.IntegerField(source="target.pk")
    position = serializers.IntegerField(source="position.pk")
    position_title = serializers.CharField(source="position.title")
    score = serializers.FloatField()
    missing = MissingSerializer(many=True)
    options = OptionSerializer(many=True)


class CareerPlanView(APIView):
    """The signed-in student's career plan: per target position the suitability now, the
    missing skills, and each programme teaching them with the suitability after it."""

    permission_classes = [SignedInWithRole]

    @extend_schema(responses=TargetPlanSerializer(many=True), summary=_("My career plan"))
    def get(self, request):
        profile = (
            TalentProfile.objects.for_user(request.user, Action.VIEW)
            .filter(user_id=request.user.pk)
            .first()
        )
        if profile is None:
            raise PermissionDenied(_("Start your talent profile first: the plan is built from it."))
        plans = career.plan(request.user, profile)
        return Response(TargetPlanSerializer(plans, many=True).data)
