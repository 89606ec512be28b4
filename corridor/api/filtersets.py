"""The API filters with the FilterSets the pages use (one per model, shared).

Directory, taxonomy, talent and jobs keep their FilterSets in their own apps; only what
the OpenAPI schema cannot infer from them (filters with a method, choices computed per
language) is declared again here, with the same meaning.
"""

import django_filters
from django.core.exceptions import ValidationError as FormError
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ErrorDetail, ValidationError

from corridor.core.choices import LANGUAGE_CODES, language_choices
from corridor.directory.filtersets import OrganizationFilterSet, PersonFilterSet
from corridor.jobs import filtersets as jobs_filtersets
from corridor.jobs.filtersets import ProjectFilterSet
from corridor.jobs.forms import ConceptField
from corridor.talent import filtersets as talent_filtersets
from corridor.taxonomy.filtersets import OccupationFilterSet, SkillFilterSet
from corridor.taxonomy.models import Skill

__all__ = [
    "OccupationFilterSet",
    "OrganizationFilterSet",
    "PersonFilterSet",
    "PositionFilterSet",
    "ProfileFilterSet",
    "ProjectFilterSet",
    "SkillFilterSet",
]


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, giving a code to the errors the pages' filter forms raise
    without one (``invalid``, as DRF does), so that every error body has a code."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(
                {
                    name: [
                        ErrorDetail(
                            str(error.message % (error.params or ())), code=error.code or "invalid"
                        )
                        for error in errors
                    ]
                    for name, errors in filterset.errors.as_data().items()
                }
            )
        return filterset.qs


def _looks_numeric_but_is_not(value) -> bool:
    """``"³"`` or ``"²"``: ``str.isdigit()`` says yes, ``int()`` says no (and the pages'
    concept lookups, which trust ``isdigit()``, fail with a server error)."""
    text = str(value or "").strip()
    return text.isdigit() and not text.isdecimal()


class SkillIdField(ConceptField):
    """The pages' concept field, refusing what is not a plain number before looking up."""

    def to_python(self, value):
        pk = value[1] if isinstance(value, list | tuple) and len(value) > 1 else value
        text = pk.strip() if isinstance(pk, str) else ""
        if text and not (text.isascii() and text.isdigit()):
            raise FormError(_("A skill id is a whole number."), code="invalid")
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.INT)
class SkillFilter(jobs_filtersets.ConceptFilter):
    """A skill given by id (the pages' picker also sends a typed label; the API does not)."""

    field_class = SkillIdField


@extend_schema_field({"type": "string", "enum": LANGUAGE_CODES})
class LanguageFilter(django_filters.ChoiceFilter):
    """An ISO 639-1 language code (names are localised, codes are not)."""


class PositionFilterSet(jobs_filtersets.PositionFilterSet):
    """The pages' position filters. Without ``status`` only open positions are listed;
    ``status=any`` lists every status the user may see (drafts only of their enterprise)."""

    skill = SkillFilter(
        model=Skill,
        method="filter_skill",
        label=_("Skill"),
        help_text=_("A skill id (see /api/skills/autocomplete/)."),
    )
    language = LanguageFilter(
        choices=language_choices, method="filter_language", label=_("Required language")
    )


class ProfileFilterForm(talent_filtersets.ProfileFilterForm):
    """Refuses skill ids that only look like numbers before the pages' lookup sees them."""

    def clean_skill(self):
        value = self.cleaned_data.get("skill")
        if value and not (value.isascii() and value.strip().isdigit()):
            raise FormError(_("A skill id is a whole number."), code="invalid")
        return value

    def clean_skill_text(self):
        value = self.cleaned_data.get("skill_text")
        if _looks_numeric_but_is_not(value):
            raise FormError(_("Not a skill in the taxonomy."), code="invalid")
        return value


class ProfileFilterSet(talent_filtersets.ProfileFilterSet):
    """The pages' profile filters; ``q`` matches names only of profiles whose identity
    the user may see; ``skill`` is a skill id, ``skill_text`` a skill's label."""

    language = LanguageFilter(
        choices=language_choices, method="filter_language", label=_("Language")
    )

    class Meta(talent_filtersets.ProfileFilterSet.Meta):
        form = ProfileFilterForm
