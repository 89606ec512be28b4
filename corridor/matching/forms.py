"""Filters of the recommendation pages and the placement-drive form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from corridor.core.choices import PositionKind, language_name
from corridor.directory.models import Organization
from corridor.jobs.models import Position, PositionLanguage, PositionStatus
from corridor.matching.models import PlacementDrive
from corridor.matching.pools import OrganiserRole, candidate_pool, position_pool
from corridor.matching.world import KIND_TO_ENGINE, Vocabulary
from corridor.taxonomy.models import Sector
from corridor_match import CandidateFilters, PositionFilters


def _country_choices(codes, blank_label) -> list[tuple[str, str]]:
    names = dict(countries)
    named = sorted(((c, str(names.get(c, c))) for c in set(codes) if c), key=lambda x: x[1])
    return [("", blank_label), *named]


class PositionsForMeForm(forms.Form):
    """Filters of "Positions for me" (all optional)."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.all(), label=_("Sector"), required=False, empty_label=_("All")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *PositionKind.choices]
    )
    language = forms.ChoiceField(label=_("Language required"), required=False)
    eligible = forms.BooleanField(
        label=_("Only positions whose requirements I meet"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_positions = Position.objects.filter(status=PositionStatus.OPEN)
        self.fields["country"].choices = _country_choices(
            open_positions.values_list("country", flat=True).distinct(), _("All")
        )
        codes = (
            PositionLanguage.objects.filter(position__status=PositionStatus.OPEN)
            .values_list("language", flat=True)
            .distinct()
        )
        self.fields["language"].choices = [
            ("", _("Any")),
            *sorted(((c, language_name(c)) for c in set(codes)), key=lambda x: x[1]),
        ]

    def engine_filters(self, vocabulary: Vocabulary) -> PositionFilters:
        data = self.cleaned_data
        sector = data.get("sector")
        return PositionFilters(
            countries={vocabulary.country_id(data["country"])} if data.get("country") else None,
            sectors={vocabulary.sector_id(sector.pk)} if sector else None,
            kinds={int(KIND_TO_ENGINE[data["kind"]])} if data.get("kind") else None,
            languages=(
                {vocabulary.language_index.get(data["language"], -1)}
                if data.get("language")
                else None
            ),
            eligible_only=bool(data.get("eligible")),
        )


class CandidateFilterForm(forms.Form):
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    eligible = forms.BooleanField(
        label=_("Only candidates who meet every requirement"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", _("All")), *countries]

    def engine_filters(self, vocabulary: Vocabulary) -> CandidateFilters:
        data = self.cleaned_data
        code = data.get("nationality")
        return CandidateFilters(
            home_countries={vocabulary.country_id(code)} if code else None,
            eligible_only=bool(data.get("eligible")),
        )


def _position_label(position: Position) -> str:
    return _("%(title)s — %(enterprise)s, %(country)s (%(places)s)") % {
        "title": position.title,
        "enterprise": position.enterprise.display_name,
        "country": position.country.name,
        "places": ngettext("%(n)s place", "%(n)s places", position.headcount)
        % {"n": position.headcount},
    }


#: Above this many positions in the organiser's pool the form offers filters only.
MAX_TICKED_POSITIONS = 300


class DriveForm(forms.ModelForm):
    """A drive's settings, positions (ticked, or every position matching the filters) and
    candidates (everyone in the organiser's pool matching institution / nationality)."""

    positions = forms.ModelMultipleChoiceField(
        queryset=Position.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Positions"),
        help_text=_(
            "Tick positions, or tick none to take every position matching the filters below."
        ),
    )
    position_country = forms.ChoiceField(label=_("Positions in country"), required=False)
    position_sector = forms.ModelChoiceField(
        queryset=Sector.objects.all(),
        label=_("Positions in sector"),
        required=False,
        empty_label=_("All"),
    )
    position_kind = forms.ChoiceField(
        label=_("Kind of position"),
        required=False,
        choices=[("", _("All")), *PositionKind.choices],
    )

    class Meta:
        model = PlacementDrive
        fields = [
            "name",
            "rule",
            "list_length",
            "min_score",
            "positions",
            "candidate_institution",
            "candidate_nationality",
        ]

    def __init__(self, *args, user, role: OrganiserRole, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.role = user, role
        self.position_pool = position_pool(user, role).select_related("enterprise")
        self.candidate_pool = candidate_pool(user, role)
        if self.position_pool.count() > MAX_TICKED_POSITIONS:
            del self.fields["positions"]
        else:
            field = self.fields["positions"]
            field.queryset = self.position_pool.order_by("title_en")
            field.label_from_instance = _position_label
        self.fields["candidate_nationality"].choices = [("", _("All")), *countries]
        self.fields["position_country"].choices = _country_choices(
            self.position_pool.values_list("country", flat=True).distinct(), _("All")
        )
        institutions = Organization.objects.filter(
            pk__in=self.candidate_pool.filter(institution__isnull=False).values("institution_id")
        ).order_by("name_en")
        field = self.fields["candidate_institution"]
        field.queryset = institutions
        field.empty_label = _("All")
        if role.role == "institution_admin":
            field.queryset = Organization.objects.filter(pk=role.organization_id)
            field.initial = role.organization_id
            field.empty_label = None
            field.disabled = True  # always their own institution's students

    def clean(self):
        data = super().clean()
        ticked = data.get("positions")
        if ticked:
            chosen = self.position_pool.filter(pk__in=[p.pk for p in ticked])
        else:
            chosen = self.position_pool
            if data.get("position_country"):
                chosen = chosen.filter(country=data["position_country"])
            if data.get("position_sector"):
                chosen = chosen.filter(sector=data["position_sector"])
            if data.get("position_kind"):
                chosen = chosen.filter(kind=data["position_kind"])
        self.chosen_positions = list(chosen.values_list("pk", flat=True))
        if not self.chosen_positions:
            raise forms.ValidationError(_("No open position matches; tick or filter again."))
        candidates = self.candidate_pool
        if data.get("candidate_institution"):
            candidates = candidates.filter(institution=data["candidate_institution"])
        if data.get("candidate_nationality"):
            candidates = candidates.filter(nationality=data["candidate_nationality"])
        self.candidate_count = candidates.count()
        if not self.candidate_count:
            raise forms.ValidationError(_("No candidate matches the institution and nationality."))
        return data

    def save(self, commit=True):
        drive = super().save(commit=False)
        drive.organiser = self.user
        drive.organization_id = self.role.organization_id
        drive.save()
        drive.positions.set(self.chosen_positions)
        return drive
