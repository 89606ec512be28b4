"""allauth hooks: where staff without two-factor authentication land after signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from corridor.core.permissions import INSTITUTION_ADMIN, PLATFORM_ADMIN, SECRETARIAT

STAFF_ROLES = {PLATFORM_ADMIN, SECRETARIAT, INSTITUTION_ADMIN}


def needs_mfa_setup(user) -> bool:
    """Whether ``user`` holds a staff role, has no second factor, and the platform
    requires one (``STAFF_REQUIRE_MFA``)."""
    if not getattr(settings, "STAFF_REQUIRE_MFA", False):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    is_staff = user.is_superuser or any(role in STAFF_ROLES for role, _org in user.role_grants())
    if not is_staff:
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        if needs_mfa_setup(request.user):
            return reverse("mfa_activate_totp")
        return super().get_login_redirect_url(request)
