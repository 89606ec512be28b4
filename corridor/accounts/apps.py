from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "corridor.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Every model holding personal data goes into the audit log (corridor.core.audit).
        from corridor.core.audit import register_personal_models

        register_personal_models()
