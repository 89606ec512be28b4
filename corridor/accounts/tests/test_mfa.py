"""Two-factor authentication: reachable for everyone from the Privacy page; with
STAFF_REQUIRE_MFA on, staff roles without it are sent to set it up after signing in."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from corridor.core.testing import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


@pytest.mark.parametrize("who", ["platform_admin", "secretariat", "institution_admin"])
def test_staff_without_mfa_are_sent_to_set_it_up(client, personas, settings, who):
    settings.STAFF_REQUIRE_MFA = True
    response = sign_in(client, getattr(personas, who))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    # allauth's own set-up page (it may first ask to confirm the password).
    assert client.get(response["Location"], follow=True).status_code == 200


@pytest.mark.parametrize("who", ["student", "recruiter_a", "outsider"])
def test_other_roles_are_not(client, personas, settings, who):
    settings.STAFF_REQUIRE_MFA = True
    response = sign_in(client, getattr(personas, who))
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_nobody_is_sent_when_the_setting_is_off(client, personas, settings):
    settings.STAFF_REQUIRE_MFA = False
    response = sign_in(client, personas.platform_admin)
    assert response["Location"] == reverse("core:home")


def test_staff_with_totp_sign_in_with_their_second_factor(client, personas, settings):
    settings.STAFF_REQUIRE_MFA = True
    Authenticator.objects.create(
        user=personas.institution_admin, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    response = sign_in(client, personas.institution_admin)
    assert response["Location"] == reverse("mfa_authenticate")


def test_everyone_reaches_mfa_from_the_account_menu(client_for, personas, settings):
    settings.STAFF_REQUIRE_MFA = True
    client = client_for(personas.student)
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("accounts:privacy") in home
    privacy = client.get(reverse("accounts:privacy")).content.decode()
    assert reverse("mfa_index") in privacy
    assert client.get(reverse("mfa_index")).status_code == 200
    staff = client_for(personas.secretariat).get(reverse("accounts:privacy")).content.decode()
    assert "Your role requires two-factor authentication." in staff
