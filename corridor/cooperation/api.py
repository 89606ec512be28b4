"""REST endpoints of the cooperation app: /api/alliances/, /api/targets/ (with live
progress), /api/agreements/, /api/sources/. Read-only; rows come from ``for_user``."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from corridor.api.views import ScopedReadOnlyViewSet
from corridor.cooperation.filtersets import AgreementFilterSet
from corridor.cooperation.models import (
    Agreement,
    AgreementParty,
    AgreementSignatory,
    Alliance,
    Commitment,
    Source,
    Target,
)
from corridor.cooperation.progress import target_progress


class ProgressSerializer(serializers.Serializer):
    value = serializers.IntegerField(help_text=_("The current figure."))
    percent = serializers.FloatField(help_text=_("Percent of the target value (at most 100)."))
    source = serializers.ChoiceField(
        choices=["computed", "entered", "none"],
        help_text=_(
            "computed: counted live from platform data; entered: the latest figure "
            "entered with evidence; none: nothing known yet."
        ),
    )
    as_of = serializers.DateField(allow_null=True)


class TargetSerializer(serializers.ModelSerializer):
    alliance = serializers.SlugRelatedField(
        source="alliance.organization", slug_field="slug", read_only=True
    )
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id",
            "alliance",
            "metric",
            "label_en",
            "label_zh",
            "target_value",
            "comparator",
            "unit_en",
            "unit_zh",
            "deadline",
            "deadline_text",
            "measurement",
            "progress",
        ]

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, obj) -> dict:
        progress = target_progress(obj)
        return ProgressSerializer(
            {
                "value": progress.value,
                "percent": round(progress.percent, 2),
                "source": progress.source,
                "as_of": progress.as_of,
            }
        ).data


class AllianceSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="organization.slug", read_only=True)
    name_en = serializers.CharField(source="organization.name_en", read_only=True)
    name_zh = serializers.CharField(source="organization.name_zh", read_only=True)
    countries = serializers.SerializerMethodField()
    founded = serializers.CharField(read_only=True, help_text=_("The founding date as known."))
    members_recorded = serializers.SerializerMethodField()

    class Meta:
        model = Alliance
        fields = [
            "id",
            "slug",
            "name_en",
            "name_zh",
            "founded",
            "founded_year",
            "founded_month",
            "founded_day",
            "founded_place",
            "countries",
            "description",
            "member_count_reported",
            "member_count_text",
            "members_recorded",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_countries(self, obj) -> list[str]:
        return [country.code for country in obj.countries]

    def get_members_recorded(self, obj) -> int:
        return obj.current_members().count()


class PartySerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["organization", "role"]


class SignatorySerializer(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    party = serializers.SlugRelatedField(
        source="party.organization", slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = AgreementSignatory
        fields = ["person", "capacity", "party"]


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["area", "metric", "number", "comparator", "unit", "text_en", "text_zh"]


class AgreementSerializer(serializers.ModelSerializer):
    alliance = serializers.SlugRelatedField(
        source="alliance.organization", slug_field="slug", read_only=True, allow_null=True
    )
    parties = PartySerializer(many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)
    areas = serializers.SerializerMethodField()
    signed = serializers.CharField(read_only=True, help_text=_("The signing date as known."))

    class Meta:
        model = Agreement
        fields = [
            "id",
            "slug",
            "kind",
            "title_en",
            "title_zh",
            "status",
            "alliance",
            "signed",
            "signed_year",
            "signed_month",
            "signed_day",
            "signed_place",
            "valid_from",
            "valid_until",
            "parties",
            "parties_text",
            "count",
            "signatories",
            "witness_text",
            "areas",
            "commitments",
            "description",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_areas(self, obj) -> list[str]:
        return [row.area for row in obj.areas.all()]


class SourceSerializer(serializers.ModelSerializer):
    date = serializers.CharField(read_only=True, help_text=_("The date as known."))

    class Meta:
        model = Source
        fields = [
            "id",
            "slug",
            "title_en",
            "title_zh",
            "publisher",
            "date",
            "date_year",
            "date_month",
            "date_day",
            "date_text",
            "url",
            "file_path",
            "notes",
        ]


class TargetFilterSet(django_filters.FilterSet):
    alliance = django_filters.CharFilter(
        field_name="alliance__organization__slug", label=_("Alliance (key)")
    )
    metric = django_filters.ChoiceFilter(choices=Target._meta.get_field("metric").choices)

    class Meta:
        model = Target
        fields = ["alliance", "metric"]


class AllianceViewSet(ScopedReadOnlyViewSet):
    """Alliances (public), named by their organisation's key."""

    model = Alliance
    serializer_class = AllianceSerializer
    lookup_field = "organization__slug"
    lookup_url_kwarg = "slug"
    filterset_class = None
    ordering_fields = ["founded_year"]
    ordering = ["organization__name_en"]

    def refine_queryset(self, queryset):
        return queryset.select_related("organization")


class TargetViewSet(ScopedReadOnlyViewSet):
    """Alliance targets with their live progress (computed from platform data where the
    platform counts it, else the latest figure entered with evidence)."""

    model = Target
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    ordering_fields = ["order", "target_value"]
    ordering = ["alliance", "order", "pk"]

    def refine_queryset(self, queryset):
        return queryset.select_related("alliance__organization")


class AgreementViewSet(ScopedReadOnlyViewSet):
    """Agreements: signed ones for everyone, drafts for their parties' staff."""

    model = Agreement
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    lookup_field = "slug"
    ordering_fields = ["signed_year", "title_en", "valid_until"]
    ordering = ["-signed_year", "title_en", "pk"]

    def refine_queryset(self, queryset):
        return queryset.select_related("alliance__organization").prefetch_related(
            "parties__organization",
            "signatories__person",
            "signatories__party__organization",
            "areas",
            "commitments",
        )


class SourceViewSet(ScopedReadOnlyViewSet):
    """The reports and documents the platform's facts come from."""

    model = Source
    serializer_class = SourceSerializer
    lookup_field = "slug"
    filterset_class = None
    ordering_fields = ["slug"]
    ordering = ["slug"]
