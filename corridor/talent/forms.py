"""Forms for talent profiles: the profile itself, its inline rows, consent, suggestions."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Role, User
from corridor.core.choices import PositionKind
from corridor.directory.models import Organization, OrganizationKind
from corridor.talent import services
from corridor.talent.models import (
    ContactConsent,
    Experience,
    ProfileLanguage,
    ProfileSkill,
    TalentProfile,
    Visibility,
)
from corridor.taxonomy.levels import CEFR_LEVELS, HSK_LEVELS, LanguageScale
from corridor.taxonomy.models import Sector, Skill

VISIBILITY_HELP = {
    Visibility.SIGNED_IN: _(
        "Everyone signed in to Corridor can find your profile: enterprises, institutions "
        "and other students. Organisations see it anonymised (“Candidate #…”, without your "
        "name, e-mail, phone or CV) until you share your contact details with them."
    ),
    Visibility.ALLIANCES: _(
        "Only enterprises that belong to the same alliance as your institution can find "
        "your profile, anonymised the same way. Everyone else gets “not found”."
    ),
    Visibility.NOBODY: _(
        "Your profile is hidden from searches, lists and recommendations. Only you, the "
        "administrators of your institution and the platform administrators can open it."
    ),
}

LEVEL_HELP = _(
    "CEFR: A1, A2, B1, B2, C1, C2 · HSK (3.0): 1–9, where HSK 4 ≈ B1, HSK 6 ≈ B2 and "
    "HSK 9 ≈ C2 · Native speaker: leave empty."
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProfileForm(forms.ModelForm):
    """The profile's own fields. ``staff`` forms (institution and platform admins) also
    link the student's account and set the student number; ``institutions`` limits the
    institutions offered."""

    preferred_kinds = forms.MultipleChoiceField(
        label=_("Kinds of position"),
        choices=PositionKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    cv_remove = forms.BooleanField(label=_("Remove my CV"), required=False)

    class Meta:
        model = TalentProfile
        fields = [
            "full_name",
            "name_latin",
            "email",
            "phone",
            "nationality",
            "user",
            "institution",
            "student_number",
            "programme",
            "degree_level",
            "field_of_study",
            "expected_graduation",
            "available_from",
            "preferred_countries",
            "preferred_sectors",
            "preferred_kinds",
            "headline",
            "summary",
            "cv",
            "visibility",
        ]
        widgets = {
            "expected_graduation": DATE,
            "available_from": DATE,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "preferred_countries": forms.SelectMultiple(attrs={"size": 8}),
            "preferred_sectors": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
            "cv": forms.FileInput(attrs={"accept": services.CV_ACCEPT}),
        }
        help_texts = {
            "full_name": _("As written in your own script, e.g. 王小明, Нурлан Ахметов."),
            "name_latin": _("As in your passport, e.g. Wang Xiaoming."),
            "preferred_countries": _("Hold Ctrl (⌘ on a Mac) to choose several."),
            "headline": _("One line recruiters see first, e.g. “Welding technician, HSK 4”."),
            "cv": _("PDF, Word (.docx) or plain text, at most 5 MB."),
        }
        labels = {"user": _("Student's account")}

    SECTIONS = [
        (
            "identity",
            _("Identity"),
            ["full_name", "name_latin", "email", "phone", "nationality", "user"],
        ),
        (
            "study",
            _("Study"),
            [
                "institution",
                "student_number",
                "programme",
                "degree_level",
                "field_of_study",
                "expected_graduation",
            ],
        ),
        (
            "preferences",
            _("Availability and preferences"),
            ["available_from", "preferred_countries", "preferred_sectors", "preferred_kinds"],
        ),
        ("about", _("About me"), ["headline", "summary"]),
        ("cv", _("CV"), ["cv", "cv_remove"]),
    ]

    def __init__(self, *args, staff=False, institutions=None, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        if staff:
            # Only the student decides who sees their profile; a profile without an account
            # stays hidden ("nobody", the default) until its student claims it.
            del self.fields["visibility"]
        self.fields["institution"].queryset = (
            institutions if institutions is not None else services.institutions()
        )
        self.fields["preferred_sectors"].queryset = Sector.objects.order_by("label_en")
        if staff:
            self.fields["user"].queryset = accounts if accounts is not None else User.objects.none()
            self.fields["user"].help_text = _(
                "Link the profile to the student's sign-in so that they can keep it up to date."
            )
            if institutions is not None:
                self.fields["institution"].required = True
        else:
            del self.fields["user"]
            del self.fields["student_number"]
        if not self.instance.cv:
            del self.fields["cv_remove"]

    def sections(self):
        """(key, title, bound fields) for each part of the form, in order."""
        return [
            (key, title, [self[name] for name in names if name in self.fields])
            for key, title, names in self.SECTIONS
        ]

    @property
    def visibility_editable(self) -> bool:
        return "visibility" in self.fields

    def visibility_options(self):
        return [(radio, VISIBILITY_HELP[radio.data["value"]]) for radio in self["visibility"]]

    def clean_cv(self):
        cv = self.cleaned_data.get("cv")
        if isinstance(cv, UploadedFile):
            services.detect_cv_type(cv)
        return cv

    def clean(self):
        data = super().clean()
        if data.get("cv_remove") and not isinstance(data.get("cv"), UploadedFile):
            data["cv"] = False  # FileField: False clears the stored file
        account, institution = data.get("user"), data.get("institution")
        if self.staff and account and institution:
            is_student = account.memberships.filter(
                role=Role.STUDENT, organization=institution
            ).exists()
            if not is_student:
                self.add_error(
                    "user",
                    _("This account is not a student of %(institution)s.")
                    % {"institution": institution},
                )
        return data


def student_accounts(institution_ids=None, profile=None):
    """Accounts with a student role (in ``institution_ids`` if given) that have no
    profile yet, plus the one already linked to ``profile``."""
    accounts = User.objects.filter(memberships__role=Role.STUDENT)
    if institution_ids is not None:
        accounts = accounts.filter(memberships__organization_id__in=institution_ids)
    free = Q(profile__isnull=True)
    if profile is not None and profile.user_id:
        free |= Q(pk=profile.user_id)
    return accounts.filter(free).distinct().order_by("email")


# --- Inline rows -------------------------------------------------------------------------


class LanguageForm(forms.ModelForm):
    # Longer than the stored level: "HSK 4" or "cefr b2" is accepted and normalised.
    level = forms.CharField(
        label=_("Level"),
        required=False,
        max_length=12,
        widget=forms.TextInput(
            attrs={"list": "language-levels", "size": 5, "placeholder": "B2 / 4"}
        ),
    )

    class Meta:
        model = ProfileLanguage
        fields = ["language", "scale", "level", "certificate"]

    def clean_level(self):
        level = (self.cleaned_data.get("level") or "").strip().upper()
        for prefix in ("HSK", "CEFR"):
            level = level.removeprefix(prefix).strip()
        return level

    def clean(self):
        data = super().clean()
        if data.get("scale") == LanguageScale.NATIVE:
            data["level"] = ""
        return data  # the model's clean() checks the level against the scale


class SkillForm(forms.ModelForm):
    """A skill row: the concept picker writes the taxonomy id into the hidden ``skill``
    field; without JavaScript an exact label (or an id) typed into ``skill_text`` works."""

    skill_text = forms.CharField(label=_("Skill"), required=False, max_length=255)
    skill = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ProfileSkill
        fields = ["skill", "level", "evidence", "evidence_note"]

    field_order = ["skill_text", "skill", "level", "evidence", "evidence_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.skill_id:
            self.fields["skill_text"].initial = self.instance.skill.label
        self.fields["skill_text"].widget.attrs.update(
            {
                "data-autocomplete": reverse("taxonomy:autocomplete", args=["skills"]),
                "data-target": self["skill"].auto_id,
                "data-empty-text": _("No match. Try a synonym or the other language."),
                "placeholder": _("Type a skill in English or Chinese"),
            }
        )

    def has_changed(self):
        # A new row counts as filled in only when a skill or a note is given: the level
        # and evidence menus always carry a value, even on an untouched spare row.
        if self.instance.pk is None:
            return any(
                (self.data.get(self.add_prefix(name)) or "").strip()
                for name in ("skill", "skill_text", "evidence_note")
            )
        return super().has_changed()

    def clean(self):
        data = super().clean()
        text = (data.get("skill_text") or "").strip()
        picked = (data.get("skill") or "").strip()
        skill = services.resolve_skill(picked, text)
        if skill is None:
            data.pop("skill", None)
            if text:
                message = _(
                    "“%(text)s” is not a skill in the taxonomy. Choose one of the "
                    "suggestions shown while typing, or try a synonym or the other language."
                ) % {"text": text}
            elif picked:
                message = _(
                    "That skill is not in the taxonomy. Choose one of the suggestions shown "
                    "while typing."
                )
            else:
                message = _("Choose a skill.")
            self.add_error("skill", message)
        else:
            data["skill"] = skill
        return data


class ExperienceForm(forms.ModelForm):
    class Meta:
        model = Experience
        fields = ["title", "organization_name", "country", "start", "end", "description"]
        widgets = {"start": DATE, "end": DATE, "description": forms.Textarea(attrs={"rows": 2})}


class UniqueRowsFormSet(forms.BaseInlineFormSet):
    """Rejects two rows naming the same ``unique_field`` (a language, a skill), pointing
    at the repeated row; works for a profile not saved yet too."""

    unique_field = ""
    duplicate_message = ""

    def clean(self):
        # Not BaseModelFormSet.clean(): its unique check would say the same thing again,
        # in words about database fields, and skips profiles not saved yet.
        seen = set()
        for form in self.forms:
            if self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            value = getattr(form, "cleaned_data", {}).get(self.unique_field)
            if value in (None, ""):
                continue
            key = getattr(value, "pk", value)
            if key in seen:
                form.add_error(self.unique_field, self.duplicate_message)
            seen.add(key)


class LanguageRows(UniqueRowsFormSet):
    unique_field = "language"
    duplicate_message = _("This language is already listed above.")


class SkillRows(UniqueRowsFormSet):
    unique_field = "skill"
    duplicate_message = _("This skill is already listed above.")


LanguageFormSet = inlineformset_factory(
    TalentProfile,
    ProfileLanguage,
    form=LanguageForm,
    formset=LanguageRows,
    extra=1,
    can_delete=True,
)
SkillFormSet = inlineformset_factory(
    TalentProfile, ProfileSkill, form=SkillForm, formset=SkillRows, extra=2, can_delete=True
)
ExperienceFormSet = inlineformset_factory(
    TalentProfile, Experience, form=ExperienceForm, extra=1, can_delete=True
)

ROWS = {
    "languages": (LanguageFormSet, _("Languages"), _("Add another language")),
    "skills": (SkillFormSet, _("Skills"), _("Add another skill")),
    "experience": (ExperienceFormSet, _("Work experience"), _("Add another job")),
}


class ProfileEditor:
    """The profile form and its three row sets, validated and saved together."""

    ROW_PREFIXES = tuple(ROWS)

    def __init__(self, data=None, files=None, *, instance, **form_kwargs):
        self.form = ProfileForm(data, files, instance=instance, **form_kwargs)
        profile = self.form.instance
        self.formsets = {}
        for prefix, (formset_class, title, add_label) in ROWS.items():
            model = formset_class.model
            queryset = model.objects.order_by("pk")
            if model is ProfileSkill:
                queryset = queryset.select_related("skill")
            formset = formset_class(data, instance=profile, prefix=prefix, queryset=queryset)
            formset.title, formset.add_label = title, add_label
            self.formsets[prefix] = formset

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [fs.is_valid() for fs in self.formsets.values()]
        return all(results)

    @property
    def rows(self):
        return list(self.formsets.items())

    @staticmethod
    def with_another_row(data, prefix: str):
        """``data`` with one more (empty) row in the ``prefix`` set: "add another" without
        JavaScript is a round trip to the server."""
        data = data.copy()
        key = f"{prefix}-TOTAL_FORMS"
        try:
            total = int(data.get(key, 0))
        except ValueError:
            total = 0
        data[key] = str(min(total + 1, 200))
        return data

    @property
    def level_choices(self):
        """What the level field's suggestion list offers."""
        return CEFR_LEVELS + HSK_LEVELS


# --- Consent and suggestions -------------------------------------------------------------


class ConsentForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Share my name and contact details with"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose an organisation"),
    )

    def __init__(self, *args, profile, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        already = ContactConsent.objects.filter(profile=profile, revoked_at__isnull=True).values(
            "organization_id"
        )
        self.fields["organization"].queryset = (
            organizations.exclude(kind=OrganizationKind.ALLIANCE)
            .exclude(pk__in=already)
            .order_by("name_en")
        )


class SuggestSourceForm(forms.Form):
    text = forms.CharField(
        label=_("Paste your CV or a description of what you did"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    document = forms.FileField(
        label=_("…or upload a document"),
        required=False,
        help_text=_("PDF, Word (.docx) or plain text, at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": services.CV_ACCEPT}),
    )
    use_saved_cv = forms.BooleanField(
        label=_("…or read the CV saved on my profile"), required=False
    )

    def __init__(self, *args, has_saved_cv=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_saved_cv:
            del self.fields["use_saved_cv"]

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            services.detect_cv_type(document)
        return document

    def clean(self):
        data = super().clean()
        given = [
            (data.get("text") or "").strip(),
            data.get("document"),
            data.get("use_saved_cv"),
        ]
        if not self.errors and not any(given):
            raise ValidationError(_("Paste some text, upload a document or use your saved CV."))
        return data


class AddSuggestedSkillsForm(forms.Form):
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills to add"),
        queryset=Skill.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one skill to add.")},
    )
