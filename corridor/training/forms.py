"""Forms of the training pages; the API's serializers call the same services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.directory.models import INSTITUTION_KINDS, Organization, OrganizationKind
from corridor.jobs.forms import ConceptField, DateInput, RequirementFormSet
from corridor.talent.models import SkillLevel, TalentProfile
from corridor.taxonomy.models import Skill
from corridor.training.models import (
    Cohort,
    Competition,
    CurriculumStandard,
    EnrolmentStatus,
    Programme,
    Result,
    TalentOrder,
)


def _limit(field, allowed_ids, kinds=None):
    """Offer the organisations a user may act for (``None``: any of ``kinds``)."""
    queryset = Organization.objects.order_by("name_en")
    if allowed_ids is None:
        field.queryset = queryset.filter(kind__in=kinds) if kinds else queryset
    else:
        field.queryset = queryset.filter(pk__in=allowed_ids)
        if len(allowed_ids) == 1 and hasattr(field, "empty_label"):
            field.empty_label = None


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "kind",
            "title_en",
            "title_zh",
            "providers",
            "orderer",
            "sector",
            "language",
            "language_scale",
            "language_level",
            "duration_weeks",
            "mode",
            "country",
            "city",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, provider_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(
            self.fields["providers"], provider_ids, INSTITUTION_KINDS | {OrganizationKind.ALLIANCE}
        )
        self.fields["providers"].required = True
        self.fields["orderer"].queryset = Organization.objects.filter(
            kind__in=[OrganizationKind.ENTERPRISE, OrganizationKind.ASSOCIATION]
        ).order_by("name_en")


class TaughtSkillRowForm(forms.Form):
    skill = ConceptField(Skill, required=False, label=_("Skill"))
    level = forms.TypedChoiceField(
        choices=SkillLevel.choices, coerce=int, initial=SkillLevel.INTERMEDIATE, label=_("Level")
    )


class TaughtSkillFormSet(RequirementFormSet):
    key = "skill"

    def duplicate_message(self, form):
        return _("%(skill)s is listed twice.") % {"skill": form.cleaned_data["skill"].label}

    def rows(self) -> list[tuple[Skill, int]]:
        return [(f.cleaned_data["skill"], f.cleaned_data["level"]) for f in self.kept_forms()]


SkillRows = forms.formset_factory(
    TaughtSkillRowForm, formset=TaughtSkillFormSet, extra=3, can_delete=True, max_num=60
)


def skill_rows(data=None, owner=None):
    initial = None
    if isinstance(owner, Competition):
        initial = [{"skill": skill} for skill in owner.skills.order_by("label_en")]
    elif owner is not None:
        rows = owner.skills.select_related("skill")
        initial = [{"skill": row.skill, "level": row.level} for row in rows]
    return SkillRows(data, initial=initial, prefix="skills")


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "start", "end", "capacity", "order"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["order"].queryset = TalentOrder.objects.filter(
            supplier__in=programme.providers.all()
        ).order_by("title_en")


class EnrolForm(forms.Form):
    profile = forms.ModelChoiceField(
        queryset=TalentProfile.objects.none(), label=_("Student"), empty_label=None
    )

    def __init__(self, *args, profiles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = (
            profiles if profiles is not None else TalentProfile.objects.none()
        )
        self.fields["profile"].label_from_instance = lambda p: p.display_name


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    grade = forms.CharField(label=_("Grade"), max_length=40, required=False)


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.WITHDRAWN.label),
            (EnrolmentStatus.FAILED, EnrolmentStatus.FAILED.label),
        ],
        label=_("Outcome"),
    )


class TalentOrderForm(forms.ModelForm):
    class Meta:
        model = TalentOrder
        fields = [
            "orderer",
            "supplier",
            "programme",
            "title_en",
            "title_zh",
            "quantity",
            "due_date",
            "description",
        ]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, orderer_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(
            self.fields["orderer"],
            orderer_ids,
            [OrganizationKind.ENTERPRISE, OrganizationKind.ASSOCIATION],
        )
        self.fields["orderer"].required = True
        self.fields["supplier"].queryset = Organization.objects.filter(
            kind__in=INSTITUTION_KINDS
        ).order_by("name_en")


class StandardForm(forms.ModelForm):
    class Meta:
        model = CurriculumStandard
        fields = [
            "code",
            "title_en",
            "title_zh",
            "origin",
            "origin_country",
            "sector",
            "version",
            "document",
        ]

    def __init__(self, *args, origin_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self.fields["origin"], origin_ids)


class AdoptionForm(forms.Form):
    institution = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Institution")
    )
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DateInput())

    def __init__(self, *args, institution_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self.fields["institution"], institution_ids, INSTITUTION_KINDS)


class CompetitionForm(forms.ModelForm):
    class Meta:
        model = Competition
        fields = ["title_en", "title_zh", "organiser", "event", "start", "end", "description"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organiser_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self.fields["organiser"], organiser_ids)


class ResultForm(forms.Form):
    profile = forms.ModelChoiceField(queryset=TalentProfile.objects.none(), label=_("Entrant"))
    skill = forms.ModelChoiceField(queryset=Skill.objects.none(), label=_("Skill"))
    result = forms.ChoiceField(choices=Result.choices, label=_("Result"))
    score = forms.DecimalField(label=_("Score"), max_digits=6, decimal_places=2, required=False)

    def __init__(self, *args, competition: Competition, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = profiles
        self.fields["profile"].label_from_instance = lambda p: p.display_name
        self.fields["skill"].queryset = competition.skills.order_by("label_en")
