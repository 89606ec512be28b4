from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.core.permissions import creatable_organization_ids
from corridor.directory.models import Organization
from corridor.imports.models import ImportKind
from corridor.imports.pipeline import may_import
from corridor.imports.readers import MAX_UPLOAD_BYTES, FileProblem, detect_encoding, sniff_format
from corridor.imports.schemas import CellError, Context, schema_for


def importable_kinds(user) -> list[tuple[str, str]]:
    return [(k.value, k.label) for k in ImportKind if may_import(user, k.value)]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (UTF-8 or GB18030; comma, semicolon or tab) or Excel .xlsx, up to 50 MB. "
            "The first row names the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt,.tsv"}),
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=gettext_lazy("Default organisation"),
        help_text=gettext_lazy(
            "For rows that name no institution or enterprise (or a file without that column)."
        ),
    )
    dry_run = forms.BooleanField(
        required=False,
        initial=True,
        label=gettext_lazy("Dry run: check the file and show what would change, store nothing"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = importable_kinds(user)
        allowed = set()
        unrestricted = False
        for kind in ("profiles", "positions"):
            ids = creatable_organization_ids(user, schema_for(kind).model)
            if ids is None:
                unrestricted = True
            else:
                allowed |= ids
        orgs = Organization.objects.order_by("name_en")
        self.fields["organization"].queryset = orgs if unrestricted else orgs.filter(pk__in=allowed)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(max)s can be imported at once. Split it.")
                % {
                    "size": f"{upload.size / 1048576:.1f} MB",
                    "max": f"{MAX_UPLOAD_BYTES // 1048576} MB",
                }
            )
        try:
            if sniff_format(upload.file) == "csv":
                detect_encoding(upload.file)
        except FileProblem as exc:
            raise forms.ValidationError(str(exc)) from None
        upload.seek(0)
        return upload

    def clean(self):
        data = super().clean()
        org, kind = data.get("organization"), data.get("kind")
        if org and kind:
            schema = schema_for(kind)
            if schema.org_column is None:
                self.add_error(
                    "organization", _("Organisations are imported without a default organisation.")
                )
            else:
                ids = creatable_organization_ids(self.user, schema.model)
                try:
                    schema(Context(allowed_org_ids=ids)).parse_org(org.slug)
                except CellError as exc:
                    self.add_error("organization", exc.messages[0])
        return data
