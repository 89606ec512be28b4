"""Erase my account: confirmed by password; nothing personal remains anywhere in the
database afterwards, while the rows that statistics count stay, anonymised."""

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from rest_framework.authtoken.models import Token

from corridor.accounts.models import User
from corridor.core.testing import PASSWORD
from corridor.talent.models import TalentProfile

pytestmark = pytest.mark.django_db
ERASE = reverse("accounts:erase")

PERSONAL = ["student@example.test", "Zainab", "Qureshi", "زینب", "1234567", "zainab.private"]


def database_text() -> str:
    """Every row of every table, as text (the test database is small)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(f"{table}: {row!r}" for row in cursor.fetchall())
    return "\n".join(chunks)


def test_wrong_password_erases_nothing(client_for, personas, full_profile):
    response = client_for(personas.student).post(
        ERASE, {"password": "not-my-password", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "The password is not correct; nothing was erased." in response.content.decode()
    assert User.objects.get(pk=personas.student.pk).is_active
    full_profile.refresh_from_db()
    assert full_profile.full_name == "زینب قریشی"


def test_unticked_confirmation_erases_nothing(client_for, personas, full_profile):
    response = client_for(personas.student).post(ERASE, {"password": PASSWORD})
    assert response.status_code == 400 and "Tick the box to confirm." in response.content.decode()
    assert User.objects.get(pk=personas.student.pk).is_active


def test_erasure_leaves_nothing_personal_in_the_database(
    client_for, personas, full_profile, django_capture_on_commit_callbacks
):
    client = client_for(personas.student)
    # Leave traces everywhere: an API token, a data download, a CV download, a change.
    Token.objects.create(user=personas.student)
    client.get(reverse("accounts:data_download"))
    client_for(personas.institution_admin).get(reverse("talent:profile_cv", args=[full_profile.pk]))
    cv_name = full_profile.cv.name
    before = database_text()
    assert all(value in before for value in PERSONAL)

    client = client_for(personas.student)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ERASE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:erased")
    after = database_text()
    for value in PERSONAL:
        found = [line[:300] for line in after.splitlines() if value in line]
        assert not found, (value, found)
    assert not default_storage.exists(cv_name)

    user = User.objects.get(pk=personas.student.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.email.endswith(".invalid")
    assert not Token.objects.filter(user=user).exists()
    # Signed out: the next page is anonymous.
    assert client.get(reverse("accounts:privacy")).status_code == 302
    # The profile stays for the statistics, hidden, detached and anonymous.
    profile = TalentProfile.objects.get(pk=full_profile.pk)
    assert profile.user is None and profile.visibility == "nobody"
    assert profile.institution == personas.university and profile.nationality == "PK"
    assert profile.languages.count() == 1
    # Audit entries are kept, masked.
    from auditlog.models import LogEntry

    assert LogEntry.objects.filter(object_pk=str(full_profile.pk)).exists()


def test_erased_account_cannot_sign_in(client, personas, full_profile, client_for):
    client_for(personas.student).post(ERASE, {"password": PASSWORD, "confirm": "on"})
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "student@example.test", "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


def test_confirmation_page_says_what_was_removed_and_kept(client):
    page = client.get(reverse("accounts:erased")).content.decode()
    assert "Your account has been erased" in page and "without your name" in page


def test_api_erasure(client, personas, full_profile):
    token = Token.objects.create(user=personas.student)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    url = reverse("api:me-erase")
    refused = client.post(url, {"password": "wrong"}, content_type="application/json", **auth)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["attr"] == "password"
    done = client.post(url, {"password": PASSWORD}, content_type="application/json", **auth)
    assert done.status_code == 204
    assert client.get(reverse("api:me"), **auth).status_code == 401
    assert not User.objects.get(pk=personas.student.pk).is_active


def test_applications_stay_pointing_at_the_anonymised_profile(client_for, personas, full_profile):
    from corridor.pipeline import services as pipeline
    from corridor.pipeline.models import ApplicationNote
    from corridor.pipeline.tests.conftest import make_position

    position = make_position(personas.enterprise_b, "privacy-welder")
    application = pipeline.start_application(
        profile=full_profile,
        position=position,
        actor=personas.student,
        origin="applied",
        note="Zainab here, reach me at +92 300 1234567",
    )
    pipeline.transition(application, "shortlisted", actor=personas.recruiter_b, comment="Zainab ok")
    pipeline.add_note(application, author=personas.recruiter_b, text="Qureshi seems strong")

    response = client_for(personas.student).post(ERASE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.profile_id == full_profile.pk and application.state == "shortlisted"
    assert application.cover_note == ""
    assert all(t.comment == "" for t in application.transitions.all())
    assert not ApplicationNote.objects.filter(application=application).exists()
    text = database_text()
    for value in PERSONAL:
        assert value not in text, value


def test_download_includes_applications_with_transitions_but_not_notes(
    client_for, personas, full_profile
):
    from corridor.pipeline import services as pipeline
    from corridor.pipeline.tests.conftest import make_position

    position = make_position(personas.enterprise_b, "privacy-fitter")
    application = pipeline.start_application(
        profile=full_profile, position=position, actor=personas.student, origin="applied"
    )
    pipeline.transition(application, "shortlisted", actor=personas.recruiter_b)
    pipeline.add_note(application, author=personas.recruiter_b, text="Private recruiter note")
    body = client_for(personas.student).get(reverse("api:me-data")).json()
    (row,) = body["applications"]
    assert row["state"] == "shortlisted" and row["position_name"]
    assert [t["to_state"] for t in row["transitions"]] == ["applied", "shortlisted"]
    text = str(body)
    assert "Private recruiter note" not in text and "recruiter-b@example.test" not in text
