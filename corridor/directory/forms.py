from django import forms

from corridor.directory.models import Organization, Person


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name_en",
            "name_zh",
            "name_local",
            "local_language",
            "abbreviation",
            "kind",
            "country",
            "city",
            "website",
            "parent",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Organization.objects.order_by("name_en")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name_latin", "name_native", "title_en", "title_zh", "organization"]

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
            self.fields["organization"].required = True
