"""API: /api/statistics/ and the insights aggregates (/api/insights/...).

The aggregates read everything through the same functions as the pages (so through
``for_user``); who may call them is the POLICY rows ``insights.gaps``,
``insights.countrydashboard`` and ``insights.alliancedashboard``.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from corridor.api.permissions import SignedInWithRole
from corridor.api.serializers import drf_validation_error
from corridor.api.views import ScopedReadOnlyViewSet
from corridor.insights import dashboards, gaps
from corridor.insights.forms import GapFilterForm, StatisticFilterSet
from corridor.insights.models import Comparator, Statistic

# --- statistics --------------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(" + "|".join(Comparator.values) + ")$",
        "description": "One of: " + ", ".join(Comparator.values) + ' ("at_least": more than).',
    }
)
class ComparatorField(serializers.ChoiceField):
    """Documented as a pattern, not an enum: the cooperation app's comparator has the same
    field name and another choice set, and drf-spectacular names every enum by field name
    (a collision warning). The lead may instead add ENUM_NAME_OVERRIDES in settings."""

    def __init__(self, **kwargs):
        super().__init__(Comparator.choices, **kwargs)


class StatisticSerializer(CountryFieldMixin, serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    comparator = ComparatorField(read_only=True)
    value = serializers.DecimalField(max_digits=20, decimal_places=4, coerce_to_string=False)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    stated_by = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    source = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text=_("Source key (/api/sources/)."),
    )

    class Meta:
        model = Statistic
        fields = [
            "id",
            "key",
            "label",
            "label_en",
            "label_zh",
            "value",
            "unit",
            "comparator",
            "country",
            "region",
            "sector",
            "period_text",
            "as_of_year",
            "stated_by",
            "source",
            "notes",
        ]
        read_only_fields = fields


class StatisticViewSet(ScopedReadOnlyViewSet):
    """Figures decision makers watch, as the reports state them (public)."""

    model = Statistic
    serializer_class = StatisticSerializer
    filterset_class = StatisticFilterSet
    ordering_fields = ["label_en", "country", "as_of_year", "value"]
    ordering = ["country", "label_en", "pk"]

    def refine_queryset(self, queryset):
        return queryset.select_related("sector", "stated_by", "source")


# --- aggregates ----------------------------------------------------------------------------------


class GapQuerySerializer(serializers.Serializer):
    country = serializers.ChoiceField(choices=list(countries), required=False, allow_blank=True)
    sector = serializers.CharField(required=False, allow_blank=True, help_text=_("Sector code."))
    alliance = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Alliance (organisation key).")
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=500, default=50)


class ProgrammeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="__str__")


class GapRowSerializer(serializers.Serializer):
    skill_id = serializers.IntegerField()
    label = serializers.CharField()
    label_en = serializers.CharField()
    label_zh = serializers.CharField()
    demand = serializers.IntegerField()
    essential = serializers.IntegerField()
    optional = serializers.IntegerField()
    supply = serializers.IntegerField()
    gap = serializers.IntegerField()
    programmes = ProgrammeRefSerializer(many=True)


class SectorDemandSerializer(serializers.Serializer):
    sector_id = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    positions = serializers.IntegerField()
    headcount = serializers.IntegerField()


class TotalsSerializer(serializers.Serializer):
    positions = serializers.IntegerField()
    headcount = serializers.IntegerField()
    profiles = serializers.IntegerField(
        allow_null=True, help_text=_("Null when fewer than 5 (suppressed).")
    )


class GapsSerializer(serializers.Serializer):
    totals = TotalsSerializer()
    skills = GapRowSerializer(many=True)
    sectors = SectorDemandSerializer(many=True)


class MonthCountSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    count = serializers.IntegerField()


class CountryCountSerializer(serializers.Serializer):
    country = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField(
        allow_null=True, help_text=_("Null when fewer than 5 (suppressed).")
    )


class TargetProgressSerializer(serializers.Serializer):
    label = serializers.CharField()
    target = serializers.FloatField(allow_null=True)
    achieved = serializers.FloatField(allow_null=True)


class AllianceDashboardSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="alliance.pk")
    key = serializers.CharField(source="alliance.slug")
    name = serializers.CharField(source="alliance.display_name")
    member_count = serializers.IntegerField()
    members_by_country = CountryCountSerializer(many=True)
    totals = TotalsSerializer()
    targets = TargetProgressSerializer(many=True)
    placements = MonthCountSerializer(many=True)
    trainees = MonthCountSerializer(many=True)
    gaps = GapRowSerializer(many=True)


class CountryDashboardSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    students_from = serializers.IntegerField(
        allow_null=True, help_text=_("Null when fewer than 5 (suppressed).")
    )
    students_in = serializers.IntegerField(
        allow_null=True, help_text=_("Null when fewer than 5 (suppressed).")
    )
    students_in_by_nationality = CountryCountSerializer(many=True)
    open_positions = serializers.IntegerField()
    open_headcount = serializers.IntegerField()
    positions_by_sector = SectorDemandSerializer(many=True)
    placements = MonthCountSerializer(many=True)
    statistics = StatisticSerializer(many=True)


def _require(request, policy):
    if not dashboards.may_view(request.user, policy):
        raise PermissionDenied(_("Your role does not include this dashboard."))


class GapsApiView(APIView):
    """Talent supply against demand by skill, as on /insights/gaps/."""

    permission_classes = [SignedInWithRole]

    @extend_schema(
        summary=_("Supply and demand by skill"),
        description=_(
            "Demand: headcount of the open positions you may see requiring each skill. "
            "Supply: the talent profiles you may see having it. Largest gap first. "
            "For platform admins, the secretariat, institution admins and recruiters."
        ),
        parameters=[GapQuerySerializer],
        responses=GapsSerializer,
    )
    def get(self, request):
        _require(request, dashboards.GAPS_POLICY)
        query = GapQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        form = GapFilterForm(
            {k: params.get(k, "") for k in ("country", "sector", "alliance")}, user=request.user
        )
        if not form.is_valid():
            raise drf_validation_error(DjangoValidationError(form.errors.as_data()))
        filters = form.gap_filters()
        data = {
            "totals": gaps.totals(request.user, filters),
            "skills": gaps.skill_gaps(request.user, filters, limit=params["limit"]),
            "sectors": gaps.demand_by_sector(request.user, filters),
        }
        return Response(GapsSerializer(data).data)


class AllianceDashboardApiView(APIView):
    """An alliance's dashboard figures (its secretariat, its members' staff, platform admins)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary=_("Alliance dashboard"), responses=AllianceDashboardSerializer)
    def get(self, request, pk):
        alliance = dashboards.visible_alliances(request.user).filter(pk=pk).first()
        if alliance is None:
            raise Http404
        board = dashboards.alliance_dashboard(request.user, alliance)
        return Response(AllianceDashboardSerializer(board).data)


class CountryDashboardApiView(APIView):
    """A country's dashboard figures (signed-in staff); ``code`` is ISO 3166-1 alpha-2."""

    permission_classes = [SignedInWithRole]

    @extend_schema(summary=_("Country dashboard"), responses=CountryDashboardSerializer)
    def get(self, request, code):
        _require(request, dashboards.COUNTRY_POLICY)
        code = code.upper()
        if code not in countries:
            raise Http404
        board = dashboards.country_dashboard(request.user, code)
        return Response(CountryDashboardSerializer(board).data)
