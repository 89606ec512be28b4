"""Filtering talent profiles: by skill or name, nationality, institution, degree, language.

A name search only ever matches profiles whose identity the viewer may see; for everyone
else the words typed match skills only, so a search cannot reveal who is behind an
anonymised profile.
"""

import django_filters
from django import forms
from django.db.models import Case, FloatField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from corridor.core.choices import EducationLevel, language_choices
from corridor.core.text import search_terms
from corridor.talent import services
from corridor.talent.models import ProfileLanguage, ProfileSkill, TalentProfile
from corridor.taxonomy.levels import LEVEL_CHOICES, numeric_level
from corridor_match.levels import CEFR_VALUES, HSK_VALUES, NATIVE_VALUE


def language_level_value():
    """SQL for a ProfileLanguage's level on the engine's one numeric scale (see
    :mod:`corridor_match.levels`), so that "at least B1" also finds HSK 4 and natives."""
    whens = [When(scale="CEFR", level=lvl, then=Value(v)) for lvl, v in CEFR_VALUES.items()]
    whens += [When(scale="HSK", level=lvl, then=Value(v)) for lvl, v in HSK_VALUES.items()]
    whens.append(When(scale="native", then=Value(NATIVE_VALUE)))
    return Case(*whens, default=Value(0.0), output_field=FloatField())


class ProfileFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        text = (data.get("skill_text") or "").strip()
        if data.get("skill") or text:
            skill = services.resolve_skill(data.get("skill"), text)
            if skill is None:
                self.add_error(
                    "skill_text",
                    _("“%(text)s” is not a skill in the taxonomy.") % {"text": text},
                )
                data["skill"] = None
            else:
                data["skill"] = skill
        if data.get("min_level") and not data.get("language"):
            self.add_error("language", _("Choose the language the minimum level is for."))
        return data


class ProfileFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    nationality = django_filters.ChoiceFilter(choices=countries, label=_("Nationality"))
    institution = django_filters.ModelChoiceFilter(
        queryset=services.institutions(), label=_("Institution")
    )
    degree_level = django_filters.ChoiceFilter(
        choices=EducationLevel.choices, label=_("Degree level")
    )
    skill_text = django_filters.CharFilter(method="filter_nothing", label=_("Skill"))
    skill = django_filters.CharFilter(
        method="filter_skill", label=_("Skill"), widget=forms.HiddenInput
    )
    language = django_filters.ChoiceFilter(
        choices=language_choices, method="filter_language", label=_("Language")
    )
    min_level = django_filters.ChoiceFilter(
        choices=LEVEL_CHOICES, method="filter_nothing", label=_("at least")
    )

    class Meta:
        model = TalentProfile
        fields = ["q", "nationality", "institution", "degree_level", "skill", "language"]
        form = ProfileFilterForm

    def filter_nothing(self, queryset, name, value):
        return queryset  # used together with another filter (skill, language)

    def filter_q(self, queryset, name, value):
        terms = search_terms(value)
        if not terms:
            return queryset
        from corridor.taxonomy.models import Skill

        skills = Skill.objects.all()
        for term in terms:
            skills = skills.filter(search_text__contains=f" {term}")
        condition = Q(pk__in=ProfileSkill.objects.filter(skill__in=skills).values("profile_id"))
        text = value.strip()
        by_name = Q(full_name__icontains=text) | Q(name_latin__icontains=text)
        user = self.request.user if self.request else None
        identity = TalentProfile.objects.identity_condition(user)
        condition |= by_name if identity is None else (by_name & identity)
        return queryset.filter(condition)

    def filter_skill(self, queryset, name, skill):
        if not skill:
            return queryset
        return queryset.filter(pk__in=ProfileSkill.objects.filter(skill=skill).values("profile_id"))

    def filter_language(self, queryset, name, language):
        rows = ProfileLanguage.objects.filter(language=language)
        minimum = self.form.cleaned_data.get("min_level")
        if minimum:
            scale, _sep, level = minimum.partition(":")
            rows = rows.annotate(value=language_level_value()).filter(
                value__gte=numeric_level(scale, level)
            )
        return queryset.filter(pk__in=rows.values("profile_id"))
