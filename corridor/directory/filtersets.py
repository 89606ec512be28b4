"""One FilterSet per model, shared by the HTML lists and (later) the API."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from corridor.directory.models import Organization, OrganizationKind, Person


class OrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    country = django_filters.ChoiceFilter(choices=countries, label=_("Country"))
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices, label=_("Kind"))

    class Meta:
        model = Organization
        fields = ["q", "country", "kind"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(), field_name="organization", label=_("Organisation")
    )

    class Meta:
        model = Person
        fields = ["q", "organization"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
