"""Filters of the project and position lists (shared with the API)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from corridor.core.choices import PositionKind, language_choices
from corridor.directory.models import Organization
from corridor.jobs.forms import ConceptField
from corridor.jobs.models import Position, PositionStatus, Project
from corridor.taxonomy.models import Sector, Skill

ANY_STATUS = "any"


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    country = django_filters.ChoiceFilter(choices=countries, label=_("Country"))
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label=_("Sector"))
    enterprise = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.filter(projects__isnull=False).distinct().order_by("name_en"),
        label=_("Enterprise"),
    )

    class Meta:
        model = Project
        fields = ["q", "country", "sector", "enterprise"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class ConceptFilter(django_filters.Filter):
    field_class = ConceptField


class PositionFilterSet(django_filters.FilterSet):
    """Open positions unless another status is asked for; what a user may see of the other
    statuses is decided by the queryset the list starts from (``for_user``)."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    country = django_filters.ChoiceFilter(choices=countries, label=_("Country"))
    kind = django_filters.ChoiceFilter(choices=PositionKind.choices, label=_("Kind"))
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label=_("Sector"))
    language = django_filters.ChoiceFilter(
        choices=language_choices, method="filter_language", label=_("Required language")
    )
    skill = ConceptFilter(model=Skill, method="filter_skill", label=_("Skill"))
    status = django_filters.ChoiceFilter(
        choices=[
            (status.value, status.label)
            for status in (
                PositionStatus.OPEN,
                PositionStatus.DRAFT,
                PositionStatus.CLOSED,
                PositionStatus.FILLED,
            )
        ]
        + [(ANY_STATUS, _("Any status"))],
        method="filter_nothing",  # applied in filter_queryset, with its default
        empty_label=None,
        label=_("Status"),
    )

    class Meta:
        model = Position
        fields = ["q", "country", "kind", "sector", "language", "skill", "status"]

    def __init__(self, data=None, *args, **kwargs):
        # Unbound means "no filter chosen": still bind, so that the default status applies.
        super().__init__(data if data is not None else {}, *args, **kwargs)

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_language(self, queryset, name, value):
        return queryset.requiring_language(value)

    def filter_skill(self, queryset, name, value):
        return queryset.requiring_skill(value)

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        status = self.form.cleaned_data.get("status") or PositionStatus.OPEN
        if status != ANY_STATUS:
            queryset = queryset.filter(status=status)
        return queryset
