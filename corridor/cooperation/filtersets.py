"""Filters of the agreement list (search in any script; shared with the API)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from corridor.cooperation.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Alliance,
    Area,
    Source,
)
from corridor.directory.models import Organization


class AgreementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    area = django_filters.ChoiceFilter(choices=Area.choices, method="filter_area", label=_("Area"))
    party = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.filter(agreement_parties__isnull=False)
        .distinct()
        .order_by("name_en"),
        method="filter_party",
        label=_("Party"),
    )
    alliance = django_filters.ModelChoiceFilter(
        queryset=Alliance.objects.select_related("organization"), label=_("Alliance")
    )
    country = django_filters.ChoiceFilter(
        choices=countries, method="filter_country", label=_("Country of a party")
    )

    class Meta:
        model = Agreement
        fields = ["q", "kind", "status", "area", "party", "alliance", "country"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_area(self, queryset, name, value: str):
        return queryset.filter(areas__area=value)

    def filter_party(self, queryset, name, value: int):
        return queryset.filter(
            pk__in=AgreementParty.objects.filter(organization=value).values("agreement_id")
        )

    def filter_country(self, queryset, name, value: str):
        return queryset.filter(
            pk__in=AgreementParty.objects.filter(organization__country=value).values("agreement_id")
        )


class SourceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = Source
        fields = ["q"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class AllianceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    country = django_filters.ChoiceFilter(
        choices=countries, method="filter_country", label=_("Country")
    )

    class Meta:
        model = Alliance
        fields = ["q", "country"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_country(self, queryset, name, value):
        return queryset.filter(countries__contains=value)
