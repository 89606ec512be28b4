"""Filtering the audit log: by user, object type, action and date."""

import django_filters
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import AuditEntry
from corridor.core.audit import PERSONAL_MODELS


def audited_types(request=None):
    """The content types that have audit entries worth filtering by."""
    labels = [label.split(".") for label in PERSONAL_MODELS]
    condition = Q(pk__in=[])
    for app_label, model in labels:
        condition |= Q(app_label=app_label, model=model)
    condition |= Q(app_label="imports", model="importbatch")
    return ContentType.objects.filter(condition).order_by("app_label", "model")


class AuditEntryFilterSet(django_filters.FilterSet):
    user = django_filters.CharFilter(
        label=_("User"), method="filter_user", help_text=_("E-mail address or part of it")
    )
    object_type = django_filters.ModelChoiceFilter(
        label=_("Object type"), field_name="content_type", queryset=audited_types
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=LogEntry.Action.choices)
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="timestamp", lookup_expr="date__gte"
    )
    date_to = django_filters.DateFilter(
        label=_("Until"), field_name="timestamp", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditEntry
        fields = ["user", "object_type", "action", "date_from", "date_to"]

    def filter_user(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(actor_id=int(value))
        return queryset.filter(Q(actor__email__icontains=value) | Q(actor_email__icontains=value))
