import django_filters
from django.utils.translation import gettext_lazy as _

from corridor.core.text import search_terms
from corridor.taxonomy.models import Occupation, Sector, Skill, SkillType


def _contains_terms(queryset, name, value):
    for term in search_terms(value):
        queryset = queryset.filter(search_text__contains=f" {term}")
    return queryset


class SkillFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method=_contains_terms, label=_("Search"))
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), field_name="sectors", label=_("Sector")
    )
    skill_type = django_filters.ChoiceFilter(choices=SkillType.choices, label=_("Skill type"))
    curated = django_filters.BooleanFilter(label=_("Curated by Corridor"))

    class Meta:
        model = Skill
        fields = ["q", "sector", "skill_type", "curated"]


class OccupationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method=_contains_terms, label=_("Search"))
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), field_name="sectors", label=_("Sector")
    )
    isco_group = django_filters.CharFilter(
        field_name="isco_group", lookup_expr="startswith", label=_("ISCO-08 group")
    )

    class Meta:
        model = Occupation
        fields = ["q", "sector", "isco_group"]
