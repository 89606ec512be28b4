"""Forms of the privacy pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EraseAccountForm(forms.Form):
    """Erasing an account is confirmed with its password (checked by the service)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
