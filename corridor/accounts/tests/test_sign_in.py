"""Signing in, out and resetting a password through allauth, by e-mail."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from corridor.accounts.models import Membership, Role
from corridor.core.testing import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_in_by_email_and_password_then_sign_out(client):
    user = UserFactory(email="amna@example.test", first_name="Amna")
    response = sign_in(client, "AMNA@example.test", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert "Amna" in client.get("/").content.decode()

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_wrong_password_says_so_and_signs_nobody_in(client):
    UserFactory(email="amna@example.test")
    response = sign_in(client, "amna@example.test", "not-the-password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_for_a_while(client):
    UserFactory(email="target@example.test")
    for _ in range(5):
        sign_in(client, "target@example.test", "guess")
    response = sign_in(client, "target@example.test", PASSWORD)  # even the right one
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_password_reset_by_email(client):
    UserFactory(email="forgetful@example.test")
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.test"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["forgetful@example.test"]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "a-new-long-passphrase-42", "password2": "a-new-long-passphrase-42"},
    )
    assert response.status_code == 302
    client.logout()
    sign_in(client, "forgetful@example.test", "a-new-long-passphrase-42")
    assert "_auth_user_id" in client.session


def test_roles_other_than_admin_and_student_need_an_organisation():
    user = UserFactory()
    # In a savepoint: the test's transaction stays usable (the cache lives in the database).
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.RECRUITER, organization=None)
