"""Filters of the training lists (shared with the API)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from corridor.core.text import search_terms
from corridor.directory.models import Organization
from corridor.jobs.filtersets import ConceptFilter
from corridor.taxonomy.models import Sector, Skill
from corridor.training.models import (
    Competition,
    CurriculumStandard,
    OrderStatus,
    Programme,
    ProgrammeKind,
    TalentOrder,
)


def _titles(queryset, value, *extra):
    for term in search_terms(value):
        condition = Q(title_en__icontains=term) | Q(title_zh__icontains=term)
        for name in extra:
            condition |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


class ProgrammeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=ProgrammeKind.choices, label=_("Kind"))
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label=_("Sector"))
    skill = ConceptFilter(model=Skill, method="filter_skill", label=_("Skill taught"))
    provider = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.filter(programmes_provided__isnull=False)
        .distinct()
        .order_by("name_en"),
        method="filter_provider",
        label=_("Provider"),
    )

    class Meta:
        model = Programme
        fields = ["q", "kind", "sector", "skill", "provider"]

    def filter_q(self, queryset, name, value):
        return _titles(queryset, value, "description")

    def filter_skill(self, queryset, name, value):
        return queryset.teaching([value.pk]) if value else queryset

    def filter_provider(self, queryset, name, value):
        return queryset.filter(pk__in=Programme.objects.filter(providers=value).values("pk"))


class OrderFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, label=_("Status"))

    class Meta:
        model = TalentOrder
        fields = ["q", "status"]

    def filter_q(self, queryset, name, value):
        return _titles(queryset, value, "orderer__name_en", "supplier__name_en")


class StandardFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    origin_country = django_filters.ChoiceFilter(choices=countries, label=_("Country of origin"))
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label=_("Sector"))

    class Meta:
        model = CurriculumStandard
        fields = ["q", "origin_country", "sector"]

    def filter_q(self, queryset, name, value):
        return _titles(queryset, value, "code")


class CompetitionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = Competition
        fields = ["q"]

    def filter_q(self, queryset, name, value):
        return _titles(queryset, value)
