"""Filters of the insights pages (shared by the pages, their downloads and the API)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from corridor.insights.models import Comparator, Statistic
from corridor.taxonomy.models import Sector


class StatisticFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    country = django_filters.ChoiceFilter(choices=countries, label=_("Country"))
    comparator = django_filters.ChoiceFilter(choices=Comparator.choices, label=_("Comparator"))
    as_of_year = django_filters.NumberFilter(label=_("Year"), min_value=1900, max_value=2100)
    source = django_filters.CharFilter(field_name="source__slug", label=_("Source"))

    class Meta:
        model = Statistic
        fields = ["q", "country", "comparator", "as_of_year", "source"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class GapFilterForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", "---------"), *countries]
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.all(),
        to_field_name="code",
    )
    alliance = forms.ModelChoiceField(label=_("Alliance"), required=False, queryset=None)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from corridor.insights.dashboards import visible_alliances

        self.fields["alliance"].queryset = visible_alliances(user)
        self.fields["alliance"].to_field_name = "slug"

    def gap_filters(self):
        from corridor.insights.dashboards import member_ids
        from corridor.insights.gaps import GapFilters

        data = self.cleaned_data
        alliance = data.get("alliance")
        return GapFilters(
            country=data.get("country") or "",
            sector=data.get("sector"),
            member_ids=member_ids(alliance) if alliance else None,
        )
