"""Forms for projects and positions, with the taxonomy's concept picker for skills."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from corridor.core.choices import language_choices
from corridor.directory.models import Organization, OrganizationKind
from corridor.jobs import services
from corridor.jobs.models import Importance, Position, Project
from corridor.taxonomy.levels import LanguageScale, numeric_level
from corridor.taxonomy.models import Occupation, Skill


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# --- concept picker -----------------------------------------------------------------------


class ConceptPickerWidget(forms.MultiWidget):
    """A text box the user types into (``<name>_label``, wired to autocomplete.js) and the
    hidden concept id it fills in (``<name>``)."""

    def __init__(self, kind: str, attrs=None):
        self.kind = kind
        widgets = {
            "label": forms.TextInput(attrs={"autocomplete": "off"}),
            "": forms.HiddenInput(),
        }
        super().__init__(widgets, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        text, hidden = context["widget"]["subwidgets"]
        hidden_id = hidden["attrs"].get("id", "")
        text["attrs"].update(
            {
                "data-autocomplete": str(reverse_lazy("taxonomy:autocomplete", args=[self.kind])),
                "data-target": hidden_id,
                "data-empty-text": str(_("No match")),
                "placeholder": str(
                    _("Type in any language, e.g. welding, 焊接")
                    if self.kind == "skills"
                    else _("Type in any language, e.g. electrician, 电工")
                ),
            }
        )
        hidden["attrs"].pop("required", None)
        return context

    def decompress(self, value):
        if value in (None, ""):
            return ["", ""]
        concept = value if hasattr(value, "label") else self._model.objects.filter(pk=value).first()
        if concept is None:
            return ["", value]
        return [concept.label, concept.pk]

    @property
    def _model(self):
        return Skill if self.kind == "skills" else Occupation

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_


class ConceptField(forms.Field):
    """A skill or occupation given by id (picked from the suggestions) or by its exact
    label in any language (typed without JavaScript)."""

    default_error_messages = {
        "unknown": _("Unknown %(kind)s “%(text)s”: pick one of the suggestions."),
    }

    def __init__(self, model: type[Skill] | type[Occupation], **kwargs):
        self.model = model
        kwargs.setdefault("widget", ConceptPickerWidget(self.kind))
        super().__init__(**kwargs)

    @property
    def kind(self) -> str:
        return "skills" if self.model is Skill else "occupations"

    def _parts(self, value) -> tuple[str, str]:
        if isinstance(value, (list, tuple)):
            label, pk = (list(value) + ["", ""])[:2]
        else:
            label, pk = "", value
        return str(label or "").strip(), str(pk if pk is not None else "").strip()

    def to_python(self, value):
        if isinstance(value, self.model):
            return value
        label, pk = self._parts(value)
        if not label and not pk:
            return None
        concept = None
        if pk:
            concept = (
                self.model.objects.filter(pk=int(pk)).first()
                if pk.isascii() and pk.isdigit()
                else None
            )
        elif label:
            concept = services.resolve_concept(self.model, label)
        if concept is None:
            raise ValidationError(
                self.error_messages["unknown"],
                code="unknown",
                params={"kind": self.model._meta.verbose_name, "text": label or pk},
            )
        return concept

    def prepare_value(self, value):
        if isinstance(value, self.model):
            return value.pk
        return value

    def has_changed(self, initial, data):
        label, pk = self._parts(data)
        initial_pk = initial.pk if isinstance(initial, self.model) else initial
        initial_pk = "" if initial_pk is None else str(initial_pk)
        if pk:
            return pk != initial_pk
        return bool(label) or bool(initial_pk)


# --- projects -----------------------------------------------------------------------------


def enterprise_choices(allowed_ids: set[int] | None, instance_enterprise_id: int | None = None):
    """Organisations a user may create objects for: theirs, or every enterprise (``None``).

    An object being edited keeps its own enterprise among the choices."""
    if allowed_ids is None:
        condition = Q(kind=OrganizationKind.ENTERPRISE)
        if instance_enterprise_id:
            condition |= Q(pk=instance_enterprise_id)
        return Organization.objects.filter(condition).order_by("name_en")
    return Organization.objects.filter(pk__in=allowed_ids).order_by("name_en")


def limit_enterprises(form, enterprise_ids: set[int] | None) -> None:
    """Offer only the enterprises the user may work for; a recruiter of one has it chosen."""
    field = form.fields["enterprise"]
    field.queryset = enterprise_choices(enterprise_ids, form.instance.enterprise_id)
    if enterprise_ids is not None and len(enterprise_ids) == 1:
        field.empty_label = None
        form.initial.setdefault("enterprise", next(iter(enterprise_ids)))


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "enterprise",
            "title_en",
            "title_zh",
            "reference",
            "country",
            "city",
            "sector",
            "start_date",
            "end_date",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, enterprise_ids: set[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_enterprises(self, enterprise_ids)
        self.fields["reference"].required = False
        self.fields["reference"].help_text = _(
            "Your own code for the project; made from the English title when left empty."
        )


# --- positions ----------------------------------------------------------------------------


class PositionForm(forms.ModelForm):
    occupation = ConceptField(Occupation, required=False, label=_("Occupation"))

    class Meta:
        model = Position
        fields = [
            "enterprise",
            "project",
            "title_en",
            "title_zh",
            "reference",
            "kind",
            "occupation",
            "sector",
            "headcount",
            "country",
            "city",
            "min_education",
            "start_date",
            "application_deadline",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
            "application_deadline": DateInput(),
        }

    def __init__(self, *args, enterprise_ids: set[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_enterprises(self, enterprise_ids)
        projects = Project.objects.select_related("enterprise").order_by("title_en")
        if enterprise_ids is not None:
            projects = projects.filter(enterprise_id__in=enterprise_ids)
        self.fields["project"].queryset = projects
        self.fields["reference"].required = False
        self.fields["reference"].help_text = _(
            "Your own code for the position; made from the English title when left empty."
        )
        headcount = self.fields["headcount"]
        headcount.validators = [
            v for v in headcount.validators if not isinstance(v, MinValueValidator)
        ] + [MinValueValidator(1)]
        headcount.widget.attrs["min"] = 1


class SkillRowForm(forms.Form):
    skill = ConceptField(Skill, required=False, label=_("Skill"))
    importance = forms.ChoiceField(
        choices=Importance.choices, initial=Importance.ESSENTIAL, label=_("Importance")
    )


class LanguageRowForm(forms.Form):
    language = forms.ChoiceField(
        choices=lambda: [("", "---------"), *language_choices()],
        required=False,
        label=_("Language"),
    )
    scale = forms.ChoiceField(
        choices=[("", "---------"), *LanguageScale.choices], required=False, label=_("Scale")
    )
    level = forms.CharField(
        max_length=8,
        required=False,
        label=_("Minimum level"),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 4, B2")}),
    )

    def clean(self):
        cleaned = super().clean()
        language, scale = cleaned.get("language"), cleaned.get("scale")
        level = cleaned.get("level", "")
        if not language:
            if scale or level:
                self.add_error("language", _("Choose the language this level is for."))
            return cleaned
        if not scale:
            self.add_error("scale", _("Choose a scale (CEFR, HSK or native)."))
            return cleaned
        level = services.normalise_level(scale, level)
        try:
            numeric_level(scale, level)
        except ValueError:
            self.add_error(
                "level",
                _("“%(level)s” is not a level of the %(scale)s scale (CEFR A1–C2, HSK 1–9).")
                % {"level": cleaned.get("level") or "", "scale": scale},
            )
            return cleaned
        cleaned["level"] = level
        return cleaned


class RequirementFormSet(forms.BaseFormSet):
    """Rows left empty (or ticked for removal) are dropped; a row twice is an error."""

    key = ""

    def kept_forms(self):
        # Untouched extra rows have empty cleaned_data; rows cleared or ticked are dropped.
        return [
            form
            for form in self.forms
            if form.cleaned_data.get(self.key) and not self._should_delete_form(form)
        ]

    def duplicate_message(self, form) -> str:
        raise NotImplementedError

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        duplicates = []
        for form in self.kept_forms():
            value = form.cleaned_data[self.key]
            key = getattr(value, "pk", value)
            if key in seen:
                message = self.duplicate_message(form)
                form.add_error(self.key, message)
                duplicates.append(message)
            seen.add(key)
        if duplicates:
            raise ValidationError(duplicates)


class BaseSkillFormSet(RequirementFormSet):
    key = "skill"

    def duplicate_message(self, form):
        return _("%(skill)s is listed twice.") % {"skill": form.cleaned_data["skill"].label}

    def requirements(self) -> list[services.SkillRequirement]:
        return [
            services.SkillRequirement(form.cleaned_data["skill"], form.cleaned_data["importance"])
            for form in self.kept_forms()
        ]


class BaseLanguageFormSet(RequirementFormSet):
    key = "language"

    def duplicate_message(self, form):
        name = dict(language_choices()).get(form.cleaned_data["language"], "")
        return _("%(language)s is listed twice.") % {"language": name}

    def requirements(self) -> list[services.LanguageRequirement]:
        return [
            services.LanguageRequirement(
                form.cleaned_data["language"],
                form.cleaned_data["scale"],
                form.cleaned_data["level"],
            )
            for form in self.kept_forms()
        ]


SkillFormSet = forms.formset_factory(
    SkillRowForm, formset=BaseSkillFormSet, extra=3, can_delete=True, max_num=60
)
LanguageFormSet = forms.formset_factory(
    LanguageRowForm, formset=BaseLanguageFormSet, extra=2, can_delete=True, max_num=20
)


def requirement_formsets(data=None, position: Position | None = None):
    """The skill and language formsets of a position form, filled from ``position``."""
    skills_initial, languages_initial = [], []
    if position is not None and position.pk:
        skills_initial = [
            {"skill": row.skill, "importance": row.importance}
            for row in position.skills.select_related("skill").order_by("importance", "pk")
        ]
        languages_initial = [
            {"language": row.language, "scale": row.scale, "level": row.level}
            for row in position.languages.order_by("pk")
        ]
    return (
        SkillFormSet(data, initial=skills_initial, prefix="skills"),
        LanguageFormSet(data, initial=languages_initial, prefix="languages"),
    )


# --- requirements from a job description ---------------------------------------------------


class JobDescriptionForm(forms.Form):
    text = forms.CharField(
        label=_("Job description"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Paste the advertisement in English or Chinese; nothing is saved yet."),
    )


class AcceptSuggestionsForm(forms.Form):
    """Which of the suggested skills to add, each as essential or optional, and maybe the
    suggested occupation."""

    skills = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    occupation = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, widget=forms.RadioSelect
    )

    def __init__(self, *args, skill_suggestions=(), occupation_suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.skill_suggestions = list(skill_suggestions)
        self.occupation_suggestions = list(occupation_suggestions)
        self.fields["skills"].choices = [
            (s.concept.pk, s.concept.label) for s in self.skill_suggestions
        ]
        self.fields["occupation"].choices = [("", _("Keep the occupation as it is"))] + [
            (s.concept.pk, s.concept.label) for s in self.occupation_suggestions
        ]
        for suggestion in self.skill_suggestions:
            self.fields[f"importance-{suggestion.concept.pk}"] = forms.ChoiceField(
                choices=Importance.choices,
                initial=suggestion.current or Importance.ESSENTIAL,
                label=_("Importance of %(skill)s") % {"skill": suggestion.concept.label},
            )

    def rows(self):
        """``(suggestion, ticked, importance field)`` for each suggested skill."""
        if self.is_bound:
            ticked = set(self.data.getlist("skills"))
        else:
            # The extractor already left out weak matches: tick every skill not yet required.
            ticked = {str(s.concept.pk) for s in self.skill_suggestions if not s.current}
        return [
            (s, str(s.concept.pk) in ticked, self[f"importance-{s.concept.pk}"])
            for s in self.skill_suggestions
        ]

    def occupation_rows(self):
        chosen = str(self.data.get("occupation", "")) if self.is_bound else ""
        return [(s, str(s.concept.pk) == chosen) for s in self.occupation_suggestions]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("skills") and not cleaned.get("occupation"):
            raise ValidationError(_("Tick at least one suggestion to add."))
        return cleaned

    def requirements(self) -> list[services.SkillRequirement]:
        by_id = {s.concept.pk: s.concept for s in self.skill_suggestions}
        return [
            services.SkillRequirement(by_id[pk], self.cleaned_data[f"importance-{pk}"])
            for pk in self.cleaned_data["skills"]
        ]

    def chosen_occupation(self):
        pk = self.cleaned_data.get("occupation")
        return next((s.concept for s in self.occupation_suggestions if s.concept.pk == pk), None)
