"""Input of the application pages (the API reads the same fields with serializers)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.pipeline.models import Application
from corridor.pipeline.states import Origin, State

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplyForm(forms.Form):
    cover_note = forms.CharField(
        label=_("Cover note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why this position suits you (optional)."),
    )


class TransitionForm(forms.Form):
    """One move of the state machine with its details; which details a move needs is
    checked by the service (the single rule for pages and API)."""

    to = forms.ChoiceField(label=_("New state"), choices=State.choices)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    interview_at = forms.DateTimeField(
        label=_("Interview at"), required=False, widget=DATETIME_WIDGET
    )
    interview_place = forms.CharField(label=_("Interview place"), required=False, max_length=255)
    offer_terms = forms.CharField(
        label=_("Offer terms"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    placement_start = forms.DateField(
        label=_("Placement start"), required=False, widget=DATE_WIDGET
    )
    placement_end = forms.DateField(label=_("Placement end"), required=False, widget=DATE_WIDGET)

    DETAIL_FIELDS = (
        "interview_at",
        "interview_place",
        "offer_terms",
        "placement_start",
        "placement_end",
    )

    def details(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.DETAIL_FIELDS}


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApplicationFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("State"))
    origin = django_filters.ChoiceFilter(choices=Origin.choices, label=_("Origin"))

    class Meta:
        model = Application
        fields = ["state", "origin"]
