"""Authentication: API tokens (obtained with e-mail + password, revoked with DELETE),
sessions with CSRF, the answers to anonymous requests, and /api/me/."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from corridor.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"


def obtain(client, email, password=PASSWORD, **extra):
    return client.post(TOKEN_URL, {"email": email, "password": password, **extra}, format="json")


def error_attrs(response):
    return {error["attr"] for error in response.json()["errors"]}


def test_token_obtained_with_email_and_password_authenticates(api, personas):
    response = obtain(api, "Recruiter-A@Example.test")  # e-mail case does not matter
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=personas.recruiter_a).key == key

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = client.get("/api/me/")
    assert me.status_code == 200
    assert me.json()["email"] == "recruiter-a@example.test"
    assert me.json()["roles"] == [
        {"role": "recruiter", "organization": "enterprise-a", "organization_name": "Enterprise A"}
    ]
    assert me.json()["can_create"] == {
        "organizations": False,
        "people": True,
        "profiles": False,
        "projects": True,
        "positions": True,
    }
    # Asking again gives the same token (one per account).
    assert obtain(api, "recruiter-a@example.test").json()["token"] == key


def test_wrong_password_or_inactive_account_gets_no_token(api, personas):
    response = obtain(api, "recruiter-a@example.test", "not-the-password")
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert not Token.objects.exists()
    personas.outsider.is_active = False
    personas.outsider.save()
    assert obtain(api, "outsider@example.test").status_code == 400
    assert obtain(api, "nobody@example.test").status_code == 400


def test_bad_token_is_401_even_on_public_endpoints(api):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    for url in ("/api/me/", "/api/organisations/", "/api/positions/"):
        response = api.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["errors"][0]["code"] == "authentication_failed"


def test_anonymous_requests_needing_an_account_are_401(api):
    response = api.get("/api/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "type": "client_error",
        "errors": [
            {
                "code": "not_authenticated",
                "detail": "Authentication credentials were not provided.",
                "attr": None,
            }
        ],
    }


def test_token_revoked_with_delete(api, personas, api_for):
    client = api_for(personas.student)
    assert client.get("/api/me/").status_code == 200
    assert client.delete(TOKEN_URL).status_code == 204
    assert not Token.objects.filter(user=personas.student).exists()
    assert client.get("/api/me/").status_code == 401
    assert api.delete(TOKEN_URL).status_code == 401  # nothing to revoke anonymously
    assert api.get(TOKEN_URL).status_code == 405


def test_token_requests_are_throttled(api, personas):
    for attempt in range(10):
        # A made-up X-Forwarded-For does not make a new client (REST_FRAMEWORK NUM_PROXIES).
        api.credentials(HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
        assert obtain(api, "student@example.test").status_code == 200
    response = obtain(api, "student@example.test")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_failed_attempts_count_against_the_sign_in_limit(api, personas):
    # allauth's "5 failures per account in 5 minutes", shared with the sign-in page.
    for _attempt in range(5):
        assert obtain(api, "student@example.test", "wrong").status_code == 400
    response = obtain(api, "student@example.test")
    assert response.status_code == 429
    assert not Token.objects.exists()


def test_two_factor_accounts_also_give_a_code(api, personas):
    secret = "JBSWY3DPEHPK3PXP"
    TOTP.activate(personas.student, secret)
    response = obtain(api, "student@example.test")
    assert response.status_code == 400
    assert error_attrs(response) == {"code"}
    assert obtain(api, "student@example.test", code="000000").status_code == 400
    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    assert obtain(api, "student@example.test", code=code).status_code == 200


def test_session_writes_need_the_csrf_token(personas):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(personas.platform_admin)
    body = {"name_en": "Session Org", "kind": "enterprise", "country": "CN"}
    response = client.post("/api/organisations/", body, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["errors"][0]["detail"]
    client.get("/api/organisations/")  # any page hands out the cookie
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else None
    if token is None:
        from django.middleware.csrf import _get_new_csrf_string

        token = _get_new_csrf_string()
        client.cookies["csrftoken"] = token
    response = client.post("/api/organisations/", body, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.json()
    # Session reads need no token.
    assert client.get("/api/me/").status_code == 200


def test_me_lists_roles_and_own_profile(api_for, personas, world):
    me = api_for(personas.student).get("/api/me/").json()
    assert me["profile"] == world.shared_profile.pk
    assert me["roles"][0]["role"] == "student"
    assert me["can_create"]["profiles"] is True
    admin = api_for(personas.platform_admin).get("/api/me/").json()
    assert admin["roles"] == [
        {"role": "platform_admin", "organization": None, "organization_name": None}
    ]
    assert admin["is_staff"] is True
