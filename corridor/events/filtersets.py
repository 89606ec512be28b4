"""Filters of the event list (shared with the API)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from corridor.events.models import Event, EventKind, EventStatus

UPCOMING, PAST = "upcoming", "past"


class EventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("Kind"))
    country = django_filters.ChoiceFilter(choices=countries, label=_("Country"))
    when = django_filters.ChoiceFilter(
        choices=[(UPCOMING, _("Upcoming")), (PAST, _("Past"))],
        method="filter_when",
        label=_("When"),
        empty_label=_("Any time"),
    )
    status = django_filters.ChoiceFilter(choices=EventStatus.choices, label=_("Status"))

    class Meta:
        model = Event
        fields = ["q", "kind", "country", "when", "status"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_when(self, queryset, name, value):
        return queryset.upcoming() if value == UPCOMING else queryset.past()
