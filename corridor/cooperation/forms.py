"""Forms of the alliance, target and agreement pages (invalid input: 400, nothing saved)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from corridor.cooperation import services
from corridor.cooperation.dates import validate_partial_date
from corridor.cooperation.models import (
    Agreement,
    AgreementStatus,
    Alliance,
    Area,
    Commitment,
    Source,
    Target,
    TargetProgressEntry,
)
from corridor.directory.models import AllianceMember, Organization, Person


def _partial_date_errors(form, prefix):
    data = form.cleaned_data
    try:
        validate_partial_date(
            data.get(f"{prefix}_year"),
            data.get(f"{prefix}_month"),
            data.get(f"{prefix}_day"),
            prefix,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)


class AllianceForm(forms.ModelForm):
    class Meta:
        model = Alliance
        fields = [
            "founded_year",
            "founded_month",
            "founded_day",
            "founded_place",
            "countries",
            "description",
            "member_count_reported",
            "member_count_text",
        ]
        help_texts = {"founded_year": _("Leave empty when no source gives the year.")}

    def clean(self):
        data = super().clean()
        _partial_date_errors(self, "founded")
        return data


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "metric",
            "label_en",
            "label_zh",
            "target_value",
            "comparator",
            "unit_en",
            "unit_zh",
            "deadline",
            "deadline_text",
            "measurement",
            "order",
        ]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, alliance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.alliance = alliance or getattr(self.instance, "alliance", None)

    def clean(self):
        from corridor.cooperation.models import Measurement
        from corridor.cooperation.progress import can_compute

        data = super().clean()
        metric, measurement = data.get("metric"), data.get("measurement")
        if measurement == Measurement.COMPUTED and metric and not can_compute(metric):
            self.add_error(
                "measurement",
                _(
                    "The platform cannot count “%(metric)s” from its own data: choose "
                    "“Entered with evidence”."
                )
                % {"metric": dict(self.fields["metric"].choices).get(metric, metric)},
            )
        if self.alliance is not None and data.get("label_en") and metric:
            clash = Target.objects.filter(
                alliance=self.alliance, metric=metric, label_en=data["label_en"]
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("label_en", _("This alliance already has this target."))
        return data


class ProgressEntryForm(forms.ModelForm):
    class Meta:
        model = TargetProgressEntry
        fields = ["value", "as_of", "evidence", "evidence_file", "source"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "evidence": _("Where the figure comes from: a report, a count, a decision."),
            "evidence_file": _("PDF, Word (.docx) or an image, at most 10 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.order_by("slug")
        self.fields["evidence_file"].widget.attrs["accept"] = services.DOCUMENT_ACCEPT

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload and hasattr(upload, "content_type"):
            services.detect_document_type(upload)
        return upload

    def clean_as_of(self):
        from django.utils import timezone

        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise ValidationError(_("A figure cannot be as of a day in the future."))
        return as_of


class AgreementForm(forms.ModelForm):
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Organization.objects.order_by("name_en"),
        required=False,
        help_text=_("At least two, unless the sources do not name them (say so below)."),
    )
    signatories = forms.ModelMultipleChoiceField(
        label=_("Signatories"),
        queryset=Person.objects.order_by("name_latin"),
        required=False,
        help_text=_("Each signs for the party they work for."),
    )
    witnesses = forms.ModelMultipleChoiceField(
        label=_("Witnesses"), queryset=Person.objects.order_by("name_latin"), required=False
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas"), choices=Area.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "kind",
            "title_en",
            "title_zh",
            "alliance",
            "parties",
            "parties_text",
            "signatories",
            "witnesses",
            "witness_text",
            "areas",
            "signed_year",
            "signed_month",
            "signed_day",
            "signed_place",
            "valid_from",
            "valid_until",
            "description",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"signed_year": _("Leave empty when no source gives the year.")}

    def __init__(self, *args, organization_ids=None, **kwargs):
        """``organization_ids``: the organisations the user acts for (None: any)."""
        super().__init__(*args, **kwargs)
        self.organization_ids = organization_ids
        self.fields["alliance"].queryset = Alliance.objects.select_related("organization")
        if self.instance.pk:
            self.fields["slug"].disabled = True
            self.initial.setdefault(
                "parties", list(self.instance.parties.values_list("organization_id", flat=True))
            )
            people = self.instance.signatories.values_list("capacity", "person_id")
            self.initial.setdefault("signatories", [p for c, p in people if c == "signatory"])
            self.initial.setdefault("witnesses", [p for c, p in people if c == "witness"])
            self.initial.setdefault("areas", self.instance.area_values)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug == "new":
            raise ValidationError(_("“new” is reserved: choose another key."))
        return slug

    def clean(self):
        data = super().clean()
        _partial_date_errors(self, "signed")
        parties = list(data.get("parties") or [])
        if len(parties) < 2 and not (data.get("parties_text") or "").strip():
            self.add_error(
                "parties",
                _(
                    "An agreement has at least two parties. If the sources do not name them, "
                    "describe them in “parties (in words)”."
                ),
            )
        if self.organization_ids is not None and "parties" not in self.errors:
            from corridor.cooperation.models import Alliance as AllianceModel
            from corridor.cooperation.models import secretariat_alliance_ids

            mine = {org.pk for org in parties} & set(self.organization_ids)
            alliance = data.get("alliance")
            runs_alliance = (
                alliance is not None
                and AllianceModel.objects.filter(secretariat_alliance_ids(self.organization_ids))
                .filter(pk=alliance.pk)
                .exists()
            )
            if not mine and not runs_alliance:
                self.add_error(
                    "parties",
                    _("Your organisation must be one of the parties (or run the alliance)."),
                )
        signatories = set(data.get("signatories") or [])
        witnesses = set(data.get("witnesses") or [])
        if signatories & witnesses:
            self.add_error("witnesses", _("A person cannot both sign and witness."))
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx) or an image (JPEG, PNG, WebP), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": services.DOCUMENT_ACCEPT}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        services.detect_document_type(upload)
        return upload


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AgreementStatus.choices)


class MemberForm(forms.ModelForm):
    """Add an organisation to an alliance (its secretariat does this)."""

    class Meta:
        model = AllianceMember
        fields = ["member", "role", "joined"]
        widgets = {"joined": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, alliance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.fields["member"].queryset = Organization.objects.exclude(
            pk=alliance.organization_id
        ).order_by("name_en")

    def clean_member(self):
        member = self.cleaned_data["member"]
        if AllianceMember.objects.filter(
            alliance_id=self.alliance.organization_id, member=member
        ).exists():
            raise ValidationError(
                _("%(name)s is already recorded in this alliance.") % {"name": member}
            )
        return member

    def save(self, commit=True):
        obj = super().save(commit=False)
        obj.alliance_id = self.alliance.organization_id
        if commit:
            obj.save()
        return obj


CommitmentFormSet = forms.inlineformset_factory(
    Agreement,
    Commitment,
    fields=["area", "metric", "number", "comparator", "unit", "text_en", "text_zh"],
    extra=2,
    can_delete=True,
    widgets={
        "text_en": forms.TextInput(),
        "text_zh": forms.TextInput(),
    },
)
